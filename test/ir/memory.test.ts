/** MemoryLayout and the reserved addresses (SPEC §1). */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MEMORY_SIZES, FEATURES_VECTOR, FIRST_OUT, LABEL_SCALAR, MemoryLayout, PREDICTION_SCALAR,
  checkFeatureSize, checkMemorySizes,
} from '../../src/ir/memory';

describe('reserved addresses', () => {
  it('s0 = label, s1 = prediction, v0 = features', () => {
    expect(LABEL_SCALAR).toBe(0);
    expect(PREDICTION_SCALAR).toBe(1);
    expect(FEATURES_VECTOR).toBe(0);
  });

  it('first writable addresses for random code: s1, v1, m0', () => {
    expect(FIRST_OUT).toEqual({ s: 1, v: 1, m: 0 });
  });

  it('default address counts are 20/20/20', () => {
    expect(DEFAULT_MEMORY_SIZES).toEqual({ scalars: 20, vectors: 20, matrices: 20 });
  });
});

describe('MemoryLayout', () => {
  it('baseline sizes 5/9/2 at F=4: [s0..s4 | v0..v8 | m0..m1]', () => {
    const L = new MemoryLayout(4, { scalars: 5, vectors: 9, matrices: 2 });
    expect(L.F).toBe(4);
    expect(L.matrixSize).toBe(16);
    expect(L.vectorBase).toBe(5);
    expect(L.matrixBase).toBe(5 + 9 * 4); // 41
    expect(L.size).toBe(41 + 2 * 16); // 73
    expect(L.offset('s', 0)).toBe(0);
    expect(L.offset('s', 4)).toBe(4);
    expect(L.offset('v', 0)).toBe(5);
    expect(L.offset('v', 1)).toBe(9);
    expect(L.offset('v', 8)).toBe(37);
    expect(L.offset('m', 0)).toBe(41);
    expect(L.offset('m', 1)).toBe(57);
  });

  it('demo sizes 4/3/1 at F=32', () => {
    const L = new MemoryLayout(32, { scalars: 4, vectors: 3, matrices: 1 });
    expect(L.vectorBase).toBe(4);
    expect(L.matrixBase).toBe(4 + 96);
    expect(L.size).toBe(100 + 1024);
    expect(L.offset('v', 2)).toBe(4 + 64);
    expect(L.offset('m', 0)).toBe(100);
  });

  it('default sizes at F=2, 8, 16', () => {
    for (const F of [2, 8, 16]) {
      const L = new MemoryLayout(F, DEFAULT_MEMORY_SIZES);
      expect(L.vectorBase).toBe(20);
      expect(L.matrixBase).toBe(20 + 20 * F);
      expect(L.size).toBe(20 + 20 * F + 20 * F * F);
      expect(L.offset('m', 19)).toBe(20 + 20 * F + 19 * F * F);
      expect(L.offset('m', 19) + L.matrixSize).toBe(L.size);
    }
  });

  it('width and count per kind', () => {
    const L = new MemoryLayout(8, { scalars: 3, vectors: 6, matrices: 7 });
    expect([L.width('s'), L.width('v'), L.width('m')]).toEqual([1, 8, 64]);
    expect([L.count('s'), L.count('v'), L.count('m')]).toEqual([3, 6, 7]);
  });

  it('address regions tile the buffer without overlap or gaps', () => {
    const F = 4;
    const L = new MemoryLayout(F, { scalars: 3, vectors: 4, matrices: 2 });
    const owner = new Array<string | undefined>(L.size);
    for (const kind of ['s', 'v', 'm'] as const) {
      for (let addr = 0; addr < L.count(kind); addr++) {
        for (let k = 0; k < L.width(kind); k++) {
          const cell = L.offset(kind, addr) + k;
          expect(owner[cell]).toBeUndefined();
          owner[cell] = `${kind}${addr}`;
        }
      }
    }
    expect(owner.every((o) => o !== undefined)).toBe(true);
  });

  it('allocate() gives a zeroed Float64Array of the layout size', () => {
    const L = new MemoryLayout(4, { scalars: 5, vectors: 9, matrices: 2 });
    const mem = L.allocate();
    expect(mem).toBeInstanceOf(Float64Array);
    expect(mem.length).toBe(73);
    expect(mem.every((x) => Object.is(x, 0))).toBe(true);
    expect(L.allocate()).not.toBe(mem);
  });

  it('matrices with zero addresses are allowed', () => {
    const L = new MemoryLayout(4, { scalars: 2, vectors: 1, matrices: 0 });
    expect(L.size).toBe(2 + 4);
  });

  it('rejects unsupported feature sizes', () => {
    for (const F of [0, 3, 5, 6, 12, 33, -4, 2.5]) {
      expect(() => new MemoryLayout(F, DEFAULT_MEMORY_SIZES)).toThrow();
      expect(() => checkFeatureSize(F)).toThrow();
    }
    for (const F of [2, 4, 8, 16, 32]) expect(() => checkFeatureSize(F)).not.toThrow();
  });

  it('rejects memory sizes without room for the reserved addresses', () => {
    expect(() => checkMemorySizes({ scalars: 1, vectors: 1, matrices: 0 })).toThrow(); // needs s0 and s1
    expect(() => checkMemorySizes({ scalars: 2, vectors: 0, matrices: 0 })).toThrow(); // needs v0
    expect(() => checkMemorySizes({ scalars: 2, vectors: 1, matrices: -1 })).toThrow();
    expect(() => checkMemorySizes({ scalars: 2.5, vectors: 1, matrices: 0 })).toThrow();
    expect(() => checkMemorySizes({ scalars: 2, vectors: 1, matrices: 0 })).not.toThrow();
  });
});
