/**
 * Reductions use pairwise summation in a balanced tree (SPEC §2.2 "std"):
 * for 4 terms ((x0 + x1) + (x2 + x3)), for 8 terms
 * (((x0+x1) + (x2+x3)) + ((x4+x5) + (x6+x7))), and so on.
 *
 * The inputs below are chosen so that the pairwise result differs from a
 * left-to-right sum (and from the exact sum). Worked by hand with
 * ulp(1e16) = 2 (ties to even: 1e16 + 1 -> 1e16, -1e16 + 1 -> -1e16):
 *   X4 = [1, 1e16, -1e16, 1]
 *     pairwise: (1 + 1e16) + (-1e16 + 1) = 1e16 + -1e16 = 0
 *     left-to-right: ((1 + 1e16) - 1e16) + 1 = 1;  right-to-left: 1;  exact: 2
 *   X8 = [1e16, 1, 1, 1, -1e16, 1, 1, 1]
 *     pairwise: ((1e16 + 1) + (1 + 1)) + ((-1e16 + 1) + (1 + 1)) = (1e16 + 2) + (-1e16 + 2) = 4
 *     left-to-right: 1e16 absorbs the three 1s, cancels, then + 1 + 1 + 1 = 3;  exact: 6
 */
import { describe, expect, it } from 'vitest';
import { Bench, expectSame, mat, vec } from './harness';

const X4 = [1, 1e16, -1e16, 1];
const X8 = [1e16, 1, 1, 1, -1e16, 1, 1, 1];
const ZERO4 = [0, 0, 0, 0];

describe('pairwise summation', () => {
  it('the inputs really distinguish the orders (sanity of the test data)', () => {
    const seq = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(seq(X4)).toBe(1);
    expect(seq(X8)).toBe(3);
  });

  it('VECTOR_MEAN_OP: mean(X4) = 0/4 = 0, mean(X8) = 4/8 = 0.5', () => {
    expect(new Bench(4).setV(1, X4).run('VECTOR_MEAN_OP', { in1: 1, out: 2 }).s(2)).toBe(0);
    expect(new Bench(8).setV(1, X8).run('VECTOR_MEAN_OP', { in1: 1, out: 2 }).s(2)).toBe(0.5);
  });

  it('VECTOR_INNER_PRODUCT_OP: X4.1 = 0, 1.X8 = 4', () => {
    expect(new Bench(4).setV(1, X4).setV(2, [1, 1, 1, 1]).run('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 2, out: 3 }).s(3)).toBe(0);
    expect(new Bench(8).setV(1, vec(8, () => 1)).setV(2, X8).run('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 2, out: 3 }).s(3)).toBe(4);
  });

  it('MATRIX_MEAN_OP (16 terms): rows X8[0..3], X8[4..7], 0, 0 -> tree of 16 = 4 + 0 -> 4/16 = 0.25', () => {
    const b = new Bench(4).setM(1, [X8.slice(0, 4), X8.slice(4, 8), ZERO4, ZERO4]).run('MATRIX_MEAN_OP', { in1: 1, out: 2 });
    expect(b.s(2)).toBe(0.25); // left-to-right: 3/16
  });

  it('MATRIX_ROW_MEAN_OP: a row X4 -> 0', () => {
    const b = new Bench(4).setM(1, [X4, [1, 2, 3, 6], X4.slice().reverse(), ZERO4]).run('MATRIX_ROW_MEAN_OP', { in1: 1, out: 2 });
    // reversed X4 = [1, -1e16, 1e16, 1]: (1 - 1e16) + (1e16 + 1) = -1e16 + 1e16 = 0
    expectSame(b.v(2), [0, 3, 0, 0]);
  });

  it('MATRIX_VECTOR_PRODUCT_OP: each row dotted with ones, row X4 -> 0', () => {
    const b = new Bench(4).setM(1, [X4, [1, 2, 3, 4], [1e16, 1, 1, -1e16], ZERO4]).setV(2, [1, 1, 1, 1]);
    b.run('MATRIX_VECTOR_PRODUCT_OP', { in1: 1, in2: 2, out: 3 });
    // [1e16, 1, 1, -1e16]: (1e16 + 1) + (1 - 1e16) = 1e16 - 1e16 = 0 (exact sum 2, left-to-right 0)
    expectSame(b.v(3), [0, 10, 0, 0]);
  });

  it('MATRIX_MATRIX_PRODUCT_OP: sums over k pairwise, for the rows of A and the columns of B', () => {
    // C = A * ones: every C[0][j] is the pairwise sum of row 0 of A = X4 -> 0
    const a = new Bench(4).setM(1, [X4, [1, 1, 1, 1], ZERO4, ZERO4]).setM(2, mat(4, () => 1)).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 2, out: 3 });
    expectSame(a.m(3).flat(), [0, 0, 0, 0, 4, 4, 4, 4, ...vec(8, () => 0)]);
    // C = ones * B with column 2 of B = X4 -> C[i][2] = 0 for all i
    const B = mat(4, (k, j) => (j === 2 ? X4[k]! : 1));
    const b = new Bench(4).setM(1, mat(4, () => 1)).setM(2, B).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 2, out: 3 });
    expectSame(b.m(3).flat(), mat(4, (_i, j) => (j === 2 ? 0 : 4)).flat());
  });

  // Sums of squares. With x = 2^27 (x^2 = 2^54, ulp 4) and sixteen 1s:
  //   pairwise over [2^27, 0 x15, 1 x16] (F = 32): 2^54 + 16 -> sqrt = 2^27 + 2^-24 (2 ulps above 2^27)
  //   left-to-right: 2^54 + 1 rounds back to 2^54 every time -> sqrt = 2^27
  const SQ32 = [2 ** 27, ...vec(15, () => 0), ...vec(16, () => 1)];
  const NORM32 = 2 ** 27 + 2 ** -24;

  it('VECTOR_NORM_OP: norm([2^27, 0 x15, 1 x16]) = 2^27 + 2^-24', () => {
    expect(NORM32).toBe(134217728.00000006);
    expect(new Bench(32).setV(1, SQ32).run('VECTOR_NORM_OP', { in1: 1, out: 2 }).s(2)).toBe(NORM32);
  });

  it('MATRIX_NORM_OP (16 terms): [2^27, 0 x7, 1 x8] -> sqrt(2^54 + 8) = 2^27 + 2^-25', () => {
    const b = new Bench(4).setM(1, [[2 ** 27, 0, 0, 0], ZERO4, [1, 1, 1, 1], [1, 1, 1, 1]]).run('MATRIX_NORM_OP', { in1: 1, out: 2 });
    expect(b.s(2)).toBe(2 ** 27 + 2 ** -25);
  });

  it('MATRIX_ROW_NORM_OP and MATRIX_COLUMN_NORM_OP at F = 32', () => {
    const rows = mat(32, (i, j) => (i === 5 ? SQ32[j]! : 1));
    const r = new Bench(32).setM(1, rows).run('MATRIX_ROW_NORM_OP', { in1: 1, out: 2 });
    expectSame(r.v(2), vec(32, (i) => (i === 5 ? NORM32 : Math.sqrt(32))));
    const cols = mat(32, (i, j) => (j === 9 ? SQ32[i]! : 2));
    const c = new Bench(32).setM(1, cols).run('MATRIX_COLUMN_NORM_OP', { in1: 1, out: 2 });
    expectSame(c.v(2), vec(32, (j) => (j === 9 ? NORM32 : 2 * Math.sqrt(32))));
  });

  it('std of constant vectors is exactly 0 where a left-to-right sum gives NaN (0.3 at F=8, 0.1 at F=32)', () => {
    // left-to-right: 8 x 0.3 sums to 2.4000000000000004 -> mean^2 > E[x^2] -> NaN
    const seqStd = (xs: number[]) => {
      const n = xs.length; const mu = xs.reduce((s, x) => s + x, 0) / n;
      return Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / n - mu * mu);
    };
    expect(seqStd(vec(8, () => 0.3))).toBeNaN();
    expect(seqStd(vec(32, () => 0.1))).toBeNaN();
    for (const [F, c] of [[8, 0.3], [32, 0.1]] as const) {
      const b = new Bench(F).setV(1, vec(F, () => c)).setM(1, mat(F, () => c));
      b.run('VECTOR_ST_DEV_OP', { in1: 1, out: 2 }).run('MATRIX_ROW_ST_DEV_OP', { in1: 1, out: 2 }).run('MATRIX_ST_DEV_OP', { in1: 1, out: 3 });
      expect(b.s(2)).toBe(0);
      expect(b.s(3)).toBe(0);
      expectSame(b.v(2), vec(F, () => 0));
    }
  });

  it('std uses the pairwise mean: std(X8) = sqrt(E[x^2] - 0.5^2) with E[x^2] = 2e32/8', () => {
    // squares: pairwise ((1e32+1)+(1+1)) + ((1e32+1)+(1+1)) = 1e32 + 1e32 = 2e32 (1s absorbed), / 8 = 2.5e31;
    // mean = 0.5 (see X8), 2.5e31 - 0.25 = 2.5e31 -> sqrt(2.5e31)
    const b = new Bench(8).setV(1, X8).run('VECTOR_ST_DEV_OP', { in1: 1, out: 2 });
    expect(b.s(2)).toBe(Math.sqrt(2.5e31));
  });
});
