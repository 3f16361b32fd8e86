/** SPEC §2.2 edge cases, op by op, through the Interpreter. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng';
import { Bench, expectSame, mat, vec } from './harness';

const F_ALL = [2, 4, 8, 16, 32];
const INF = Infinity;

describe('heaviside: scalar is >= 0, vector/matrix is > 0', () => {
  it('scalar: 0 -> 1, -0 -> 1, NaN -> 0', () => {
    const b = new Bench(4);
    const run = (x: number) => b.setS(2, x).run('SCALAR_HEAVYSIDE_OP', { in1: 2, out: 3 }).s(3);
    expect([run(0), run(-0), run(NaN), run(1e-320), run(-1e-320)]).toEqual([1, 1, 0, 1, 0]);
  });

  it('vector: 0 -> 0, -0 -> 0, NaN -> 0', () => {
    const b = new Bench(4).setV(1, [0, -0, NaN, 2]).run('VECTOR_HEAVYSIDE_OP', { in1: 1, out: 2 });
    expectSame(b.v(2), [0, 0, 0, 1]);
  });

  it('matrix: 0 -> 0, NaN -> 0', () => {
    const b = new Bench(2).setM(1, [[0, -0], [NaN, 3]]).run('MATRIX_HEAVYSIDE_OP', { in1: 1, out: 1 });
    expectSame(b.m(1).flat(), [0, 0, 0, 1]);
  });
});

describe('division by zero (IEEE)', () => {
  it('scalar: x/0 = ±Inf, 0/0 = NaN, x/-0 flips the sign', () => {
    const b = new Bench(4);
    const div = (x: number, y: number) => b.setS(2, x).setS(3, y).run('SCALAR_DIVISION_OP', { in1: 2, in2: 3, out: 4 }).s(4);
    expectSame([div(2, 0), div(-2, 0), div(0, 0), div(2, -0), div(-0, 0), div(INF, INF)], [INF, -INF, NaN, -INF, NaN, NaN]);
  });

  it('reciprocals of ±0 are ±Inf at every kind', () => {
    const b = new Bench(2).setS(2, -0).setV(1, [0, -0]).setM(1, [[0, -0], [-0, 0]]);
    b.run('SCALAR_RECIPROCAL_OP', { in1: 2, out: 3 }).run('VECTOR_RECIPROCAL_OP', { in1: 1, out: 2 }).run('MATRIX_RECIPROCAL_OP', { in1: 1, out: 2 });
    expect(b.s(3)).toBe(-INF);
    expectSame(b.v(2), [INF, -INF]);
    expectSame(b.m(2).flat(), [INF, -INF, -INF, INF]);
  });

  it('vector and matrix division: ±Inf and NaN per element', () => {
    const b = new Bench(2).setV(1, [3, 0]).setV(2, [0, 0]).setM(1, [[-3, 0], [1, 1]]).setM(2, [[0, 0], [-0, 2]]);
    b.run('VECTOR_DIVISION_OP', { in1: 1, in2: 2, out: 3 }).run('MATRIX_DIVISION_OP', { in1: 1, in2: 2, out: 3 });
    expectSame(b.v(3), [INF, NaN]);
    expectSame(b.m(3).flat(), [-INF, NaN, -INF, 0.5]);
  });
});

describe('log / arcsin / arccos domain', () => {
  it('log(0) = -Inf, log(-1) = NaN, arcsin(2) = NaN, arccos(-2) = NaN', () => {
    const b = new Bench(4);
    const un = (op: string, x: number) => b.setS(2, x).run(op, { in1: 2, out: 3 }).s(3);
    expectSame([un('SCALAR_LOG_OP', 0), un('SCALAR_LOG_OP', -1), un('SCALAR_ARCSIN_OP', 2), un('SCALAR_ARCCOS_OP', -2), un('SCALAR_LOG_OP', NaN)],
      [-INF, NaN, NaN, NaN, NaN]);
  });
});

describe('min/max NaN order rules', () => {
  it('vector maximum((NaN,1),(0,NaN)) = (NaN,1), minimum too', () => {
    const b = new Bench(2).setV(1, [NaN, 1]).setV(2, [0, NaN]);
    b.run('VECTOR_MAX_OP', { in1: 1, in2: 2, out: 3 }).run('VECTOR_MIN_OP', { in1: 1, in2: 2, out: 4 });
    expectSame(b.v(3), [NaN, 1]);
    expectSame(b.v(4), [NaN, 1]);
  });

  it('swapping operands of the vector ops: maximum((0,NaN),(NaN,1)) = (0,NaN)', () => {
    const b = new Bench(2).setV(1, [0, NaN]).setV(2, [NaN, 1]);
    b.run('VECTOR_MAX_OP', { in1: 1, in2: 2, out: 3 }).run('VECTOR_MIN_OP', { in1: 1, in2: 2, out: 4 });
    expectSame(b.v(3), [0, NaN]);
    expectSame(b.v(4), [0, NaN]);
  });

  it('matrix rules: min = a<b?a:b, max = a>b?a:b (NaN in a is dropped, NaN in b propagates)', () => {
    const b = new Bench(2).setM(1, [[NaN, 1], [NaN, 2]]).setM(2, [[0, NaN], [NaN, 3]]);
    b.run('MATRIX_MAX_OP', { in1: 1, in2: 2, out: 3 }).run('MATRIX_MIN_OP', { in1: 1, in2: 2, out: 4 });
    expectSame(b.m(3).flat(), [0, NaN, NaN, 3]);
    expectSame(b.m(4).flat(), [0, NaN, NaN, 2]);
  });

  it('scalar rules match the vector ones', () => {
    const b = new Bench(4);
    const op = (name: string, x: number, y: number) => b.setS(2, x).setS(3, y).run(name, { in1: 2, in2: 3, out: 4 }).s(4);
    expectSame([op('SCALAR_MAX_OP', NaN, 0), op('SCALAR_MAX_OP', 0, NaN), op('SCALAR_MIN_OP', NaN, 0), op('SCALAR_MIN_OP', 0, NaN)], [NaN, 0, NaN, 0]);
  });

  it('ReLU written as maximum(v, zeros) lets a NaN pre-activation through', () => {
    const b = new Bench(4).setV(1, [NaN, -1, 2, -0]).setV(2, [0, 0, 0, 0]).run('VECTOR_MAX_OP', { in1: 1, in2: 2, out: 3 });
    expectSame(b.v(3), [NaN, 0, 2, -0]);
  });
});

describe('norms are plain sqrt(sum x^2), not Math.hypot', () => {
  it('vector: four 1e200 -> +Inf, four 1e-200 -> 0', () => {
    const b = new Bench(4).setV(1, [1e200, 1e200, 1e200, 1e200]).setV(2, [1e-200, 1e-200, 1e-200, 1e-200]);
    b.run('VECTOR_NORM_OP', { in1: 1, out: 2 }).run('VECTOR_NORM_OP', { in1: 2, out: 3 });
    expect(b.s(2)).toBe(INF);
    expect(b.s(3)).toBe(0);
  });

  it('matrix / column / row norms overflow and underflow the same way', () => {
    const b = new Bench(4).setM(1, mat(4, () => 1e200)).setM(2, mat(4, () => 1e-200));
    b.run('MATRIX_NORM_OP', { in1: 1, out: 2 }).run('MATRIX_NORM_OP', { in1: 2, out: 3 });
    b.run('MATRIX_COLUMN_NORM_OP', { in1: 1, out: 1 }).run('MATRIX_ROW_NORM_OP', { in1: 2, out: 2 });
    expect([b.s(2), b.s(3)]).toEqual([INF, 0]);
    expectSame(b.v(1), [INF, INF, INF, INF]);
    expectSame(b.v(2), [0, 0, 0, 0]);
  });

  it('1e150 squares without overflow: norm of four 1e150 = 2e150 (to rounding)', () => {
    const b = new Bench(4).setV(1, [1e150, 1e150, 1e150, 1e150]).run('VECTOR_NORM_OP', { in1: 1, out: 2 });
    expect(b.s(2) / 2e150).toBeCloseTo(1, 14);
  });

  it('NaN and Inf inputs', () => {
    const b = new Bench(2).setV(1, [NaN, 0]).setV(2, [-INF, 1]);
    b.run('VECTOR_NORM_OP', { in1: 1, out: 2 }).run('VECTOR_NORM_OP', { in1: 2, out: 3 });
    expectSame([b.s(2), b.s(3)], [NaN, INF]);
  });
});

describe('population std: one pass sqrt(E[x^2] - mean^2), unclamped', () => {
  it('population (divide by n), not sample (n-1): std(1, 5) = 2', () => {
    const b = new Bench(2).setV(1, [1, 5]).run('VECTOR_ST_DEV_OP', { in1: 1, out: 2 });
    expect(b.s(2)).toBe(2); // sample std would be 2*sqrt(2)
  });

  // [0.3, 0.3, 0.3, 0.30000000000000004]:
  //   sum = (0.3+0.3) + (0.3+0.30000000000000004) = 0.6 + 0.6000000000000001 = 1.2000000000000002
  //   mean = 0.30000000000000004, mean^2 = 0.09000000000000002
  //   sum of squares / 4 = 0.09  ->  radicand < 0  ->  sqrt = NaN (a clamped version would give 0).
  it('near-constant vector gives NaN (radicand rounds negative)', () => {
    const x = [0.3, 0.3, 0.3, 0.30000000000000004];
    const b = new Bench(4).setV(1, x).setM(1, [x, x, x, x]);
    b.run('VECTOR_ST_DEV_OP', { in1: 1, out: 2 }).run('MATRIX_ROW_ST_DEV_OP', { in1: 1, out: 2 });
    expect(b.s(2)).toBeNaN();
    expectSame(b.v(2), [NaN, NaN, NaN, NaN]);
  });

  it('exactly constant inputs give exactly 0 at every F (pairwise sums of equal terms are exact)', () => {
    for (const F of F_ALL) {
      for (const c of [0.1, 0.3, 1 / 3, Math.PI, -2.7, 1e-3]) {
        const b = new Bench(F).setV(1, vec(F, () => c)).setM(1, mat(F, () => c));
        b.run('VECTOR_ST_DEV_OP', { in1: 1, out: 2 }).run('MATRIX_ROW_ST_DEV_OP', { in1: 1, out: 2 }).run('MATRIX_ST_DEV_OP', { in1: 1, out: 3 });
        expect([F, c, b.s(2)]).toEqual([F, c, 0]);
        expect([F, c, b.s(3)]).toEqual([F, c, 0]);
        expectSame(b.v(2), vec(F, () => 0), `F=${F} c=${c} row std`);
      }
    }
  });
});

describe('const-set index mapping trunc(F f) in float32', () => {
  it('(i + 0.5)/F addresses element i at every F; other elements untouched', () => {
    for (const F of F_ALL) {
      for (let i = 0; i < F; i++) {
        const before = vec(F, (k) => 100 + k);
        const b = new Bench(F).setV(2, before).run('VECTOR_CONST_SET_OP', { out: 2, f0: (i + 0.5) / F, f1: -0.25 });
        expectSame(b.v(2), before.map((x, k) => (k === i ? -0.25 : x)), `F=${F} i=${i}`);
      }
    }
  });

  it('interval ends: i/F -> i, largest float32 below (i+1)/F -> i, largest float32 below 1 -> F-1', () => {
    const below = (x: number) => { // largest float32 < x (x a positive float32)
      const buf = new Float32Array([x]); new Uint32Array(buf.buffer)[0]! -= 1; return buf[0]!;
    };
    expect(below(1)).toBe(0.9999999403953552);
    for (const F of F_ALL) {
      for (const [f, i] of [[0, 0], [1 / F, 1], [below(1), F - 1], [below(1 / F), 0], [(F - 1) / F, F - 1]] as const) {
        if (i >= F) continue;
        const b = new Bench(F).setV(1, vec(F, () => 0)).run('VECTOR_CONST_SET_OP', { out: 1, f0: f, f1: 1 });
        expectSame(b.v(1), vec(F, (k) => (k === i ? 1 : 0)), `F=${F} f=${f}`);
      }
    }
  });

  it('the value is stored as float32: f1 = 0.1 -> 0.10000000149011612', () => {
    const b = new Bench(4).run('VECTOR_CONST_SET_OP', { out: 1, f0: 0.3, f1: 0.1 }).run('MATRIX_CONST_SET_OP', { out: 1, f0: 0.3, f1: 0.6, f2: -0.1 });
    expect(b.v(1)[1]).toBe(0.10000000149011612);
    expect(b.m(1)[1]![2]).toBe(-0.10000000149011612);
  });

  it('matrix: ((i+0.5)/F, (j+0.5)/F) addresses M[i][j] (f0 row, f1 column), every cell, F = 2, 4, 8', () => {
    for (const F of [2, 4, 8]) {
      for (let i = 0; i < F; i++) {
        for (let j = 0; j < F; j++) {
          const before = mat(F, (r, c) => r * F + c);
          const b = new Bench(F).setM(3, before).run('MATRIX_CONST_SET_OP', { out: 3, f0: (i + 0.5) / F, f1: (j + 0.5) / F, f2: -1 });
          expectSame(b.m(3).flat(), mat(F, (r, c) => (r === i && c === j ? -1 : r * F + c)).flat(), `F=${F} (${i},${j})`);
        }
      }
    }
  });

  it('matrix: the same instruction hits proportionally the same cell at F = 16 and 32', () => {
    // f0 = 0.40625 = 13/32, f1 = 0.78125 = 25/32 -> F=32: (13, 25); F=16: (6, 12) (6.5 -> 6, 12.5 -> 12)
    for (const [F, i, j] of [[16, 6, 12], [32, 13, 25]] as const) {
      const b = new Bench(F).run('MATRIX_CONST_SET_OP', { out: 0, f0: 0.40625, f1: 0.78125, f2: 5 });
      expectSame(b.m(0).flat(), mat(F, (r, c) => (r === i && c === j ? 5 : 0)).flat(), `F=${F}`);
    }
  });
});

describe('random set ops: ranges', () => {
  it('uniform draws lie strictly inside (f0, f1), also for a 1-ulp float32 interval', () => {
    const lo = 0.25; const hi = 0.25 + 2 ** -22; // float32-exact, but many doubles in between
    const b = new Bench(32, new Rng(99));
    b.run('MATRIX_UNIFORM_SET_OP', { out: 0, f0: lo, f1: hi }).run('VECTOR_UNIFORM_SET_OP', { out: 1, f0: lo, f1: hi }).run('SCALAR_UNIFORM_SET_OP', { out: 2, f0: lo, f1: hi });
    const xs = [...b.m(0).flat(), ...b.v(1), b.s(2)];
    expect(xs.length).toBe(1024 + 32 + 1);
    expect(xs.filter((x) => !(x > lo && x < hi))).toEqual([]);
  });

  it('uniform(-1, 1) over 1024 draws: strictly inside and spread over the interval', () => {
    const b = new Bench(32, new Rng(7)).run('MATRIX_UNIFORM_SET_OP', { out: 0, f0: -1, f1: 1 });
    const xs = b.m(0).flat();
    expect(xs.every((x) => x > -1 && x < 1)).toBe(true);
    expect(Math.min(...xs)).toBeLessThan(-0.95);
    expect(Math.max(...xs)).toBeGreaterThan(0.95);
    expect(new Set(xs).size).toBe(1024);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });

  it('uniform with f0 >= f1 gives f0 at every kind', () => {
    const b = new Bench(4, new Rng(3));
    b.run('SCALAR_UNIFORM_SET_OP', { out: 2, f0: 0.75, f1: -0.75 })
      .run('VECTOR_UNIFORM_SET_OP', { out: 2, f0: 0.5, f1: 0.5 })
      .run('MATRIX_UNIFORM_SET_OP', { out: 2, f0: -0.25, f1: -0.5 });
    expect(b.s(2)).toBe(0.75);
    expectSame(b.v(2), [0.5, 0.5, 0.5, 0.5]);
    expectSame(b.m(2).flat(), vec(16, () => -0.25));
  });

  it('gaussian with sd 0 gives the mean at every kind', () => {
    const b = new Bench(8, new Rng(4));
    b.run('SCALAR_GAUSSIAN_SET_OP', { out: 2, f0: 0.625, f1: 0 })
      .run('VECTOR_GAUSSIAN_SET_OP', { out: 2, f0: -0.125, f1: 0 })
      .run('MATRIX_GAUSSIAN_SET_OP', { out: 2, f0: 0.0625, f1: 0 });
    expect(b.s(2)).toBe(0.625);
    expectSame(b.v(2), vec(8, () => -0.125));
    expectSame(b.m(2).flat(), vec(64, () => 0.0625));
  });

  it('gaussian(0.5, 0.25) over 1024 draws has about that mean and sd', () => {
    const b = new Bench(32, new Rng(8)).run('MATRIX_GAUSSIAN_SET_OP', { out: 0, f0: 0.5, f1: 0.25 });
    const xs = b.m(0).flat();
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03); // standard error 0.25/32 ~ 0.008
    expect(Math.abs(sd - 0.25)).toBeLessThan(0.03);
    expect(new Set(xs).size).toBe(1024);
  });
});
