/** The Interpreter itself: construction checks, op dispatch, sequencing, components. */
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../../src/interp/interpreter';
import type { Algorithm } from '../../src/ir/algorithm';
import { makeInstruction } from '../../src/ir/instruction';
import { MemoryLayout } from '../../src/ir/memory';
import { Rng } from '../../src/util/rng';
import { Bench, NO_RANDOM, ins } from './harness';

describe('Interpreter', () => {
  it('rejects a memory that does not match the layout', () => {
    const L = new MemoryLayout(4, { scalars: 5, vectors: 9, matrices: 2 });
    expect(() => new Interpreter(L, new Float64Array(L.size - 1), NO_RANDOM)).toThrow();
    expect(() => new Interpreter(L, new Float64Array(L.size + 1), NO_RANDOM)).toThrow();
    expect(() => new Interpreter(L, L.allocate(), NO_RANDOM)).not.toThrow();
  });

  it('unsupported op ids (65..127) are fatal', () => {
    const b = new Bench(4);
    for (const op of [65, 100, 127]) expect(() => b.interp.run([makeInstruction({ op })])).toThrow();
  });

  it('an empty instruction list changes nothing', () => {
    const b = new Bench(4).background();
    const before = b.snapshot();
    b.interp.run([]);
    expect(Array.from(b.mem)).toEqual(Array.from(before));
  });

  it('addresses go through the layout: v1 at F=4 with 5 scalars is mem[9..13)', () => {
    const L = new MemoryLayout(4, { scalars: 5, vectors: 9, matrices: 2 });
    const mem = L.allocate();
    const interp = new Interpreter(L, mem, NO_RANDOM);
    mem[3] = 2.5;
    interp.run([makeInstruction({ op: 19, in1: 3, out: 1 })]); // SCALAR_BROADCAST_OP v1 = bcast(s3)
    expect(Array.from(mem.slice(5, 17))).toEqual([0, 0, 0, 0, 2.5, 2.5, 2.5, 2.5, 0, 0, 0, 0]);
    interp.run([makeInstruction({ op: 32, in1: 1, out: 1 })]); // VECTOR_COLUMN_BROADCAST_OP m1 = bcast(v1, axis=0)
    expect(Array.from(mem.slice(41 + 16, 41 + 32))).toEqual(new Array(16).fill(2.5));
    expect(Array.from(mem.slice(41, 57))).toEqual(new Array(16).fill(0));
  });

  it('runs instructions in order, each seeing the previous results', () => {
    const b = new Bench(4);
    b.interp.run([
      ins('SCALAR_CONST_SET_OP', { out: 2, activation: 3 }),
      ins('SCALAR_PRODUCT_OP', { in1: 2, in2: 2, out: 3 }), // 9
      ins('SCALAR_DIFF_OP', { in1: 3, in2: 2, out: 2 }), // 6
      ins('SCALAR_DIVISION_OP', { in1: 3, in2: 2, out: 4 }), // 9 / 6 = 1.5
    ]);
    expect([b.s(2), b.s(3), b.s(4)]).toEqual([6, 9, 1.5]);
  });

  it('setup / predict / learn run their own component', () => {
    const L = new MemoryLayout(2, { scalars: 4, vectors: 2, matrices: 1 });
    const mem = L.allocate();
    const interp = new Interpreter(L, mem, new Rng(1));
    const alg: Algorithm = {
      setup: [makeInstruction({ op: 56, out: 2, activation: 0.5 })], // s2 = 0.5
      predict: [makeInstruction({ op: 3, in1: 2, in2: 0, out: 1 })], // s1 = s2 * s0
      learn: [makeInstruction({ op: 1, in1: 2, in2: 2, out: 2 })], // s2 = s2 + s2
    };
    interp.setup(alg);
    expect(mem[2]).toBe(0.5);
    expect(mem[1]).toBe(0);
    mem[0] = 4;
    interp.predict(alg);
    expect(mem[1]).toBe(2);
    interp.learn(alg);
    expect(mem[2]).toBe(1);
    interp.predict(alg);
    expect(mem[1]).toBe(4);
  });

  it('a realistic sequence: linear-model prediction s1 = dot(v1, v0)', () => {
    const b = new Bench(4).setV(0, [1, 2, 3, 4]).setV(1, [0.5, -1, 2, 0.25]);
    b.run('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 });
    expect(b.s(1)).toBe(0.5 - 2 + 6 + 1);
  });
});
