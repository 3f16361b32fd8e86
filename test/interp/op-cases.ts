/**
 * Hand-computed single-instruction cases for every op (SPEC §2.2).
 *
 * Every expected value here was worked out by hand (or is a closed form of the
 * input pattern, e.g. the sum of an arithmetic series), never read back from
 * the implementation. The driver (ops.test.ts) fills the whole memory with a
 * distinct background value per cell, writes `given`, runs the one
 * instruction through the Interpreter and then checks the WHOLE memory: the
 * `want` cells must hold the expected values and every other cell must be
 * untouched.
 *
 * Default addresses: scalar ops in1=s2, in2=s3, out=s5; vector/matrix ops
 * in1=1, in2=2, out=4 of their kinds (scalar outputs go to s5, scalar inputs
 * come from s2). (Helper module, not a test file.)
 */
import type { Rng } from '../../src/util/rng';
import { type Fields, mat, vec } from './harness';

export interface Values {
  s?: Record<number, number>;
  v?: Record<number, number[]>;
  m?: Record<number, number[][]>;
}

export interface OpCase {
  op: string;
  F: number;
  title: string;
  given: Values;
  ins: Fields;
  /** Expected cells; a function receives a twin Rng seeded like the interpreter's. */
  want: Values | ((twin: Rng) => Values);
  /** Relative tolerance for the `want` cells (transcendental functions); exact if absent. */
  tol?: number;
  /** Seed of the interpreter's Rng; absent = the op must not draw at all. */
  seed?: number;
}

const cases: OpCase[] = [];
const add = (c: OpCase) => { cases.push(c); };

const PI = Math.PI;
const INF = Infinity;

// ---------------------------------------------------------------------------
// Scalar ops (F = 4)
// ---------------------------------------------------------------------------

/** Binary scalar op: s5 = op(s2, s3). */
function sb(op: string, a: number, b: number, want: number, title = `(${a}, ${b}) -> ${want}`): void {
  add({ op, F: 4, title, given: { s: { 2: a, 3: b } }, ins: { in1: 2, in2: 3, out: 5 }, want: { s: { 5: want } } });
}
/** Unary scalar op: s5 = op(s2). */
function su(op: string, a: number, want: number, tol?: number, title = `${a} -> ${want}`): void {
  add({ op, F: 4, title, given: { s: { 2: a } }, ins: { in1: 2, out: 5 }, want: { s: { 5: want } }, ...(tol ? { tol } : {}) });
}

add({ op: 'NO_OP', F: 4, title: 'changes nothing', given: { s: { 1: 7 }, v: { 1: [1, 2, 3, 4] } }, ins: { in1: 1, in2: 2, out: 1 }, want: {} });
add({ op: 'NO_OP', F: 2, title: 'changes nothing (F=2)', given: {}, ins: {}, want: {} });

sb('SCALAR_SUM_OP', 1.5, 2.25, 3.75);
sb('SCALAR_SUM_OP', 0.1, 0.2, 0.30000000000000004, 'double rounding 0.1 + 0.2');
sb('SCALAR_SUM_OP', INF, -INF, NaN);
sb('SCALAR_DIFF_OP', 1.5, 2.25, -0.75);
sb('SCALAR_DIFF_OP', 10, -4, 14);
sb('SCALAR_PRODUCT_OP', -1.5, 2.25, -3.375);
sb('SCALAR_PRODUCT_OP', 0, -3, -0);
sb('SCALAR_PRODUCT_OP', 0, INF, NaN);
sb('SCALAR_DIVISION_OP', 7, 2, 3.5);
sb('SCALAR_DIVISION_OP', 1, 0, INF);
sb('SCALAR_DIVISION_OP', -1, 0, -INF);
sb('SCALAR_DIVISION_OP', 1, -0, -INF);
sb('SCALAR_DIVISION_OP', 0, 0, NaN);
su('SCALAR_ABS_OP', -3.25, 3.25);
su('SCALAR_ABS_OP', 2, 2);
su('SCALAR_ABS_OP', -0, 0);
su('SCALAR_ABS_OP', -INF, INF);
su('SCALAR_RECIPROCAL_OP', 4, 0.25);
su('SCALAR_RECIPROCAL_OP', -0.5, -2);
su('SCALAR_RECIPROCAL_OP', 0, INF);
su('SCALAR_RECIPROCAL_OP', -0, -INF);
su('SCALAR_SIN_OP', 0, 0);
su('SCALAR_SIN_OP', PI / 6, 0.5, 1e-14);
su('SCALAR_SIN_OP', PI / 2, 1);
su('SCALAR_SIN_OP', -PI / 2, -1);
su('SCALAR_COS_OP', 0, 1);
su('SCALAR_COS_OP', PI / 3, 0.5, 1e-14);
su('SCALAR_COS_OP', PI, -1);
su('SCALAR_TAN_OP', 0, 0);
su('SCALAR_TAN_OP', PI / 4, 1, 1e-14);
su('SCALAR_TAN_OP', -PI / 4, -1, 1e-14);
su('SCALAR_ARCSIN_OP', 0.5, PI / 6, 1e-14);
su('SCALAR_ARCSIN_OP', 1, PI / 2, 1e-15);
su('SCALAR_ARCSIN_OP', 2, NaN);
su('SCALAR_ARCSIN_OP', -1.0000001, NaN);
su('SCALAR_ARCCOS_OP', 0.5, PI / 3, 1e-14);
su('SCALAR_ARCCOS_OP', 1, 0);
su('SCALAR_ARCCOS_OP', -1, PI, 1e-15);
su('SCALAR_ARCCOS_OP', 1.5, NaN);
su('SCALAR_ARCTAN_OP', 1, PI / 4, 1e-15);
su('SCALAR_ARCTAN_OP', -INF, -PI / 2, 1e-15);
su('SCALAR_ARCTAN_OP', 0, 0);
su('SCALAR_EXP_OP', 0, 1);
su('SCALAR_EXP_OP', 1, Math.E, 1e-15);
su('SCALAR_EXP_OP', Math.LN2 * 3, 8, 1e-14);
su('SCALAR_EXP_OP', -INF, 0);
su('SCALAR_EXP_OP', 1000, INF);
su('SCALAR_LOG_OP', 1, 0);
su('SCALAR_LOG_OP', Math.E, 1, 1e-15);
su('SCALAR_LOG_OP', 8, 3 * Math.LN2, 1e-15);
su('SCALAR_LOG_OP', 0, -INF);
su('SCALAR_LOG_OP', -0, -INF);
su('SCALAR_LOG_OP', -1, NaN);
su('SCALAR_LOG_OP', INF, INF);
// Scalar heaviside is >= 0: 0 -> 1 (also -0), NaN -> 0.
su('SCALAR_HEAVYSIDE_OP', 0.5, 1);
su('SCALAR_HEAVYSIDE_OP', -0.5, 0);
su('SCALAR_HEAVYSIDE_OP', 0, 1);
su('SCALAR_HEAVYSIDE_OP', -0, 1);
su('SCALAR_HEAVYSIDE_OP', NaN, 0);
su('SCALAR_HEAVYSIDE_OP', 5e-324, 1);
su('SCALAR_HEAVYSIDE_OP', -5e-324, 0);
su('SCALAR_HEAVYSIDE_OP', INF, 1);
su('SCALAR_HEAVYSIDE_OP', -INF, 0);
// min = b < a ? b : a ; max = a < b ? b : a.
sb('SCALAR_MIN_OP', 3, -2, -2);
sb('SCALAR_MIN_OP', -2, 3, -2);
sb('SCALAR_MIN_OP', NaN, 0, NaN, 'NaN in a propagates');
sb('SCALAR_MIN_OP', 0, NaN, 0, 'NaN in b is dropped');
sb('SCALAR_MIN_OP', 0, -0, 0, '(0, -0) -> a = 0');
sb('SCALAR_MIN_OP', -0, 0, -0, '(-0, 0) -> a = -0');
sb('SCALAR_MAX_OP', 3, -2, 3);
sb('SCALAR_MAX_OP', -2, 3, 3);
sb('SCALAR_MAX_OP', NaN, 0, NaN, 'NaN in a propagates');
sb('SCALAR_MAX_OP', 0, NaN, 0, 'NaN in b is dropped');
sb('SCALAR_MAX_OP', 0, -0, 0, '(0, -0) -> a = 0');
sb('SCALAR_MAX_OP', -0, 0, -0, '(-0, 0) -> a = -0');
// The scalar constant is a double, not float32.
add({ op: 'SCALAR_CONST_SET_OP', F: 4, title: 'c = 0.1 (double)', given: { s: { 6: 9 } }, ins: { out: 6, activation: 0.1 }, want: { s: { 6: 0.1 } } });
add({ op: 'SCALAR_CONST_SET_OP', F: 4, title: 'c = -2.5 into s1', given: {}, ins: { out: 1, activation: -2.5 }, want: { s: { 1: -2.5 } } });
add({ op: 'SCALAR_CONST_SET_OP', F: 2, title: 'c = 1e-300', given: {}, ins: { out: 7, activation: 1e-300 }, want: { s: { 7: 1e-300 } } });

// ---------------------------------------------------------------------------
// Vector / matrix ops, literal F = 4 and F = 2
// ---------------------------------------------------------------------------

type M = number[][];
/** vo4 = op(v1) */
function vu(op: string, a: number[], want: number[], title = `${JSON.stringify(a)}`): void {
  add({ op, F: a.length, title, given: { v: { 1: a } }, ins: { in1: 1, out: 4 }, want: { v: { 4: want } } });
}
/** vo4 = op(v1, v2) */
function vb(op: string, a: number[], b: number[], want: number[], title = `${JSON.stringify(a)}, ${JSON.stringify(b)}`): void {
  add({ op, F: a.length, title, given: { v: { 1: a, 2: b } }, ins: { in1: 1, in2: 2, out: 4 }, want: { v: { 4: want } } });
}
/** mo4 = op(m1) */
function mu(op: string, a: M, want: M, title = `${JSON.stringify(a)}`): void {
  add({ op, F: a.length, title, given: { m: { 1: a } }, ins: { in1: 1, out: 4 }, want: { m: { 4: want } } });
}
/** mo4 = op(m1, m2) */
function mb(op: string, a: M, b: M, want: M, title = `${JSON.stringify(a)}, ${JSON.stringify(b)}`): void {
  add({ op, F: a.length, title, given: { m: { 1: a, 2: b } }, ins: { in1: 1, in2: 2, out: 4 }, want: { m: { 4: want } } });
}
/** s5 = op(v1) */
function vs(op: string, a: number[], want: number, title = `${JSON.stringify(a)}`): void {
  add({ op, F: a.length, title, given: { v: { 1: a } }, ins: { in1: 1, out: 5 }, want: { s: { 5: want } } });
}
/** s5 = op(m1) */
function ms(op: string, a: M, want: number, title = `${JSON.stringify(a)}`): void {
  add({ op, F: a.length, title, given: { m: { 1: a } }, ins: { in1: 1, out: 5 }, want: { s: { 5: want } } });
}
/** vo4 = op(m1) */
function mv(op: string, a: M, want: number[], title = `${JSON.stringify(a)}`): void {
  add({ op, F: a.length, title, given: { m: { 1: a } }, ins: { in1: 1, out: 4 }, want: { v: { 4: want } } });
}
/** mo4 = op(v1) */
function vm(op: string, a: number[], want: M, title = `${JSON.stringify(a)}`): void {
  add({ op, F: a.length, title, given: { v: { 1: a } }, ins: { in1: 1, out: 4 }, want: { m: { 4: want } } });
}

const M4 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
const M4T = [[1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15], [4, 8, 12, 16]];

// 16 VECTOR_HEAVYSIDE_OP: > 0 (0 -> 0, -0 -> 0, NaN -> 0)
vu('VECTOR_HEAVYSIDE_OP', [0.5, -0.5, 0, -0], [1, 0, 0, 0]);
vu('VECTOR_HEAVYSIDE_OP', [NaN, INF, -INF, 1e-300], [0, 1, 0, 1]);
vu('VECTOR_HEAVYSIDE_OP', [0, 2], [0, 1]);
// 17 MATRIX_HEAVYSIDE_OP
mu('MATRIX_HEAVYSIDE_OP', [[0, 1, -1, 2], [NaN, -0, 3, -3], [1e-9, -1e-9, INF, -INF], [0, 0, 0, 7]],
  [[0, 1, 0, 1], [0, 0, 1, 0], [1, 0, 1, 0], [0, 0, 0, 1]]);
mu('MATRIX_HEAVYSIDE_OP', [[0, 1], [-2, NaN]], [[0, 1], [0, 0]]);
// 18 SCALAR_VECTOR_PRODUCT_OP: vo = sa * vb (in1 scalar s2, in2 vector v2)
add({ op: 'SCALAR_VECTOR_PRODUCT_OP', F: 4, title: '2 * [1,-2,3.5,0]', given: { s: { 2: 2 }, v: { 2: [1, -2, 3.5, 0] } }, ins: { in1: 2, in2: 2, out: 4 }, want: { v: { 4: [2, -4, 7, 0] } } });
add({ op: 'SCALAR_VECTOR_PRODUCT_OP', F: 4, title: '-1 * [1,-2,3.5,0]', given: { s: { 3: -1 }, v: { 1: [1, -2, 3.5, 0] } }, ins: { in1: 3, in2: 1, out: 5 }, want: { v: { 5: [-1, 2, -3.5, -0] } } });
add({ op: 'SCALAR_VECTOR_PRODUCT_OP', F: 2, title: '0.5 * [3,-4]', given: { s: { 2: 0.5 }, v: { 2: [3, -4] } }, ins: { in1: 2, in2: 2, out: 4 }, want: { v: { 4: [1.5, -2] } } });
// 19 SCALAR_BROADCAST_OP
add({ op: 'SCALAR_BROADCAST_OP', F: 4, title: '-1.25', given: { s: { 2: -1.25 } }, ins: { in1: 2, out: 4 }, want: { v: { 4: [-1.25, -1.25, -1.25, -1.25] } } });
add({ op: 'SCALAR_BROADCAST_OP', F: 2, title: '6 into v0', given: { s: { 7: 6 } }, ins: { in1: 7, out: 0 }, want: { v: { 0: [6, 6] } } });
// 20 VECTOR_RECIPROCAL_OP
vu('VECTOR_RECIPROCAL_OP', [2, -4, 0, -0], [0.5, -0.25, INF, -INF]);
vu('VECTOR_RECIPROCAL_OP', [0.125, -8, INF, NaN], [8, -0.125, 0, NaN]);
vu('VECTOR_RECIPROCAL_OP', [0.125, 10], [8, 0.1]);
// 21 VECTOR_NORM_OP: sqrt(sum x^2)
vs('VECTOR_NORM_OP', [1, 2, 2, 4], 5);
vs('VECTOR_NORM_OP', [-3, 0, 0, -4], 5);
vs('VECTOR_NORM_OP', [0, 0, 0, 0], 0);
vs('VECTOR_NORM_OP', [3, 4], 5);
vs('VECTOR_NORM_OP', [1e200, 1e200, 1e200, 1e200], INF, 'four 1e200 -> +Inf (no rescaling)');
vs('VECTOR_NORM_OP', [1e-200, 1e-200, 1e-200, 1e-200], 0, 'four 1e-200 -> 0 (no rescaling)');
// 22 VECTOR_ABS_OP
vu('VECTOR_ABS_OP', [-1, 2, -0, -INF], [1, 2, 0, INF]);
vu('VECTOR_ABS_OP', [-0.5, NaN], [0.5, NaN]);
// 23..26 elementwise vector arithmetic
vb('VECTOR_SUM_OP', [1, 2, 3, 4], [10, 20, 30, 40], [11, 22, 33, 44]);
vb('VECTOR_SUM_OP', [0.5, -1], [0.25, 1], [0.75, 0]);
vb('VECTOR_DIFF_OP', [1, 2, 3, 4], [10, 20, 30, 40], [-9, -18, -27, -36]);
vb('VECTOR_DIFF_OP', [5, -1], [2, -3], [3, 2]);
vb('VECTOR_PRODUCT_OP', [1, 2, 3, 4], [0.5, -1, 2, 0], [0.5, -2, 6, 0]);
vb('VECTOR_PRODUCT_OP', [-3, 7], [-2, 0.5], [6, 3.5]);
vb('VECTOR_DIVISION_OP', [1, -1, 0, 6], [0, 0, 0, 4], [INF, -INF, NaN, 1.5]);
vb('VECTOR_DIVISION_OP', [1, 9], [-0, -3], [-INF, -3]);
// 27 VECTOR_INNER_PRODUCT_OP
add({ op: 'VECTOR_INNER_PRODUCT_OP', F: 4, title: '[1,2,3,4].[5,6,7,8] = 70', given: { v: { 1: [1, 2, 3, 4], 2: [5, 6, 7, 8] } }, ins: { in1: 1, in2: 2, out: 5 }, want: { s: { 5: 70 } } });
add({ op: 'VECTOR_INNER_PRODUCT_OP', F: 2, title: '[1,2].[3,4] = 11', given: { v: { 1: [1, 2], 2: [3, 4] } }, ins: { in1: 1, in2: 2, out: 5 }, want: { s: { 5: 11 } } });
// 28 VECTOR_OUTER_PRODUCT_OP: M[i][j] = a_i b_j
add({ op: 'VECTOR_OUTER_PRODUCT_OP', F: 4, title: '[1,2,3,4] x [1,0,-1,2]', given: { v: { 1: [1, 2, 3, 4], 2: [1, 0, -1, 2] } }, ins: { in1: 1, in2: 2, out: 4 },
  want: { m: { 4: [[1, 0, -1, 2], [2, 0, -2, 4], [3, 0, -3, 6], [4, 0, -4, 8]] } } });
add({ op: 'VECTOR_OUTER_PRODUCT_OP', F: 2, title: '[1,2] x [3,4]', given: { v: { 1: [1, 2], 2: [3, 4] } }, ins: { in1: 1, in2: 2, out: 4 }, want: { m: { 4: [[3, 4], [6, 8]] } } });
// 29 SCALAR_MATRIX_PRODUCT_OP: mo = sa * mb
add({ op: 'SCALAR_MATRIX_PRODUCT_OP', F: 4, title: '3 * M4', given: { s: { 2: 3 }, m: { 2: M4 } }, ins: { in1: 2, in2: 2, out: 4 },
  want: { m: { 4: [[3, 6, 9, 12], [15, 18, 21, 24], [27, 30, 33, 36], [39, 42, 45, 48]] } } });
add({ op: 'SCALAR_MATRIX_PRODUCT_OP', F: 2, title: '-0.5 * [[2,-4],[0,1]]', given: { s: { 3: -0.5 }, m: { 1: [[2, -4], [0, 1]] } }, ins: { in1: 3, in2: 1, out: 0 },
  want: { m: { 0: [[-1, 2], [-0, -0.5]] } } });
// 30 MATRIX_RECIPROCAL_OP
mu('MATRIX_RECIPROCAL_OP', [[1, 2, 4, 8], [-1, -2, -4, -8], [0, -0, 0.5, 0.25], [INF, -INF, NaN, 16]],
  [[1, 0.5, 0.25, 0.125], [-1, -0.5, -0.25, -0.125], [INF, -INF, 2, 4], [0, -0, NaN, 0.0625]]);
mu('MATRIX_RECIPROCAL_OP', [[4, 0], [-0.5, 10]], [[0.25, INF], [-2, 0.1]]);
// 31 MATRIX_VECTOR_PRODUCT_OP: v_i = sum_j M[i][j] b_j (M^T b would be different)
add({ op: 'MATRIX_VECTOR_PRODUCT_OP', F: 4, title: 'M4 . [1,0,-1,2]', given: { m: { 1: M4 }, v: { 2: [1, 0, -1, 2] } }, ins: { in1: 1, in2: 2, out: 4 },
  want: { v: { 4: [6, 14, 22, 30] } } });
add({ op: 'MATRIX_VECTOR_PRODUCT_OP', F: 2, title: '[[1,2],[3,4]] . [5,6]', given: { m: { 1: [[1, 2], [3, 4]] }, v: { 2: [5, 6] } }, ins: { in1: 1, in2: 2, out: 4 },
  want: { v: { 4: [17, 39] } } });
// 32/33 broadcasts
vm('VECTOR_COLUMN_BROADCAST_OP', [1, 2, 3, 4], [[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3], [4, 4, 4, 4]]);
vm('VECTOR_COLUMN_BROADCAST_OP', [-1, 5], [[-1, -1], [5, 5]]);
vm('VECTOR_ROW_BROADCAST_OP', [1, 2, 3, 4], [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
vm('VECTOR_ROW_BROADCAST_OP', [-1, 5], [[-1, 5], [-1, 5]]);
// 34 MATRIX_NORM_OP (Frobenius)
ms('MATRIX_NORM_OP', [[1, 0, 0, 0], [0, 0, 2, 0], [0, 4, 0, 0], [0, 0, 0, -2]], 5);
ms('MATRIX_NORM_OP', [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]], 2);
ms('MATRIX_NORM_OP', [[1, 2], [2, -4]], 5);
ms('MATRIX_NORM_OP', [[1e200, 1e200], [1e200, 1e200]], INF, 'four 1e200 -> +Inf');
ms('MATRIX_NORM_OP', [[1e-200, 1e-200], [1e-200, 1e-200]], 0, 'four 1e-200 -> 0');
// 35 MATRIX_COLUMN_NORM_OP (v_j = norm of column j); the same matrix's row norms would be [sqrt 10, 4, 5, 12]
mv('MATRIX_COLUMN_NORM_OP', [[3, 0, 1, 0], [4, 0, 0, 0], [0, 5, 0, 0], [0, 12, 0, 0]], [5, 13, 1, 0]);
mv('MATRIX_COLUMN_NORM_OP', [[3, 5], [-4, 12]], [5, 13]);
mv('MATRIX_COLUMN_NORM_OP', [[1e200, 1e-200], [1e200, 1e-200]], [INF, 0], 'no rescaling');
// 36 MATRIX_ROW_NORM_OP (v_i = norm of row i)
mv('MATRIX_ROW_NORM_OP', [[3, 4, 0, 0], [0, 0, 5, 12], [1, 0, 0, 0], [0, 0, 0, 0]], [5, 13, 1, 0]);
mv('MATRIX_ROW_NORM_OP', [[3, -4], [5, 12]], [5, 13]);
mv('MATRIX_ROW_NORM_OP', [[1e200, 1e200], [1e-200, 1e-200]], [INF, 0], 'no rescaling');
// 37 MATRIX_TRANSPOSE_OP
mu('MATRIX_TRANSPOSE_OP', M4, M4T);
mu('MATRIX_TRANSPOSE_OP', [[1, 2], [3, 4]], [[1, 3], [2, 4]]);
// 38 MATRIX_ABS_OP
mu('MATRIX_ABS_OP', [[-1, 2, -3, 4], [-0, 0, -INF, INF], [NaN, -5, 6, -7], [8, -9, 10, -11]],
  [[1, 2, 3, 4], [0, 0, INF, INF], [NaN, 5, 6, 7], [8, 9, 10, 11]]);
mu('MATRIX_ABS_OP', [[-1.5, 2], [-0, -3]], [[1.5, 2], [0, 3]]);
// 39..42 elementwise matrix arithmetic
mb('MATRIX_SUM_OP', M4, M4T, [[2, 7, 12, 17], [7, 12, 17, 22], [12, 17, 22, 27], [17, 22, 27, 32]]);
mb('MATRIX_SUM_OP', [[1, 2], [3, 4]], [[0.5, -2], [INF, -INF]], [[1.5, 0], [INF, -INF]]);
mb('MATRIX_DIFF_OP', M4, M4T, [[0, -3, -6, -9], [3, 0, -3, -6], [6, 3, 0, -3], [9, 6, 3, 0]]);
mb('MATRIX_DIFF_OP', [[1, 2], [3, 4]], [[4, 3], [2, 1]], [[-3, -1], [1, 3]]);
mb('MATRIX_PRODUCT_OP', M4, M4T, [[1, 10, 27, 52], [10, 36, 70, 112], [27, 70, 121, 180], [52, 112, 180, 256]]);
mb('MATRIX_PRODUCT_OP', [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[5, 12], [21, 32]], 'elementwise, not matmul');
mb('MATRIX_DIVISION_OP', [[1, -1, 0, 6], [8, 9, 10, 12], [1, 1, 1, 1], [0, 3, 5, 7]], [[0, 0, 0, 4], [2, 3, 4, 3], [-0, 4, 8, 16], [2, -3, 0.5, 0.25]],
  [[INF, -INF, NaN, 1.5], [4, 3, 2.5, 4], [-INF, 0.25, 0.125, 0.0625], [0, -1, 10, 28]]);
mb('MATRIX_DIVISION_OP', [[1, 2], [3, 4]], [[2, 4], [6, 0]], [[0.5, 0.5], [0.5, INF]]);
// 43 MATRIX_MATRIX_PRODUCT_OP: rows of A combine rows of B.
mb('MATRIX_MATRIX_PRODUCT_OP', [[1, 2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]], M4,
  [[11, 14, 17, 20], [5, 6, 7, 8], [9, 10, 11, 12], [14, 16, 18, 20]]);
// A * B with B = diag-ish permutation: scales column 1 by 2 and swaps columns 2 and 3.
mb('MATRIX_MATRIX_PRODUCT_OP', M4, [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]],
  [[1, 4, 4, 3], [5, 12, 8, 7], [9, 20, 12, 11], [13, 28, 16, 15]]);
mb('MATRIX_MATRIX_PRODUCT_OP', [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[19, 22], [43, 50]]);
mb('MATRIX_MATRIX_PRODUCT_OP', [[5, 6], [7, 8]], [[1, 2], [3, 4]], [[23, 34], [31, 46]], 'B*A differs from A*B');
// 45 VECTOR_MIN_OP: b < a ? b : a
vb('VECTOR_MIN_OP', [1, 5, -2, 0], [3, 2, -2, -1], [1, 2, -2, -1]);
vb('VECTOR_MIN_OP', [NaN, 1, 0, -0], [0, NaN, -0, 0], [NaN, 1, 0, -0], 'NaN/zero order');
vb('VECTOR_MIN_OP', [NaN, 1], [0, NaN], [NaN, 1], 'minimum((NaN,1),(0,NaN)) = (NaN,1)');
// 46 MATRIX_MIN_OP: a < b ? a : b
mb('MATRIX_MIN_OP', [[1, 5, -2, 0], [4, 4, -INF, INF], [7, 8, 9, 10], [-1, -2, -3, -4]], [[3, 2, -2, -1], [4, 5, 0, 0], [10, 9, 8, 7], [-4, -3, -2, -1]],
  [[1, 2, -2, -1], [4, 4, -INF, 0], [7, 8, 8, 7], [-4, -3, -3, -4]]);
mb('MATRIX_MIN_OP', [[NaN, 1], [0, -0]], [[0, NaN], [-0, 0]], [[0, NaN], [-0, 0]], 'NaN/zero order (matrix rule)');
// 48 VECTOR_MAX_OP: a < b ? b : a
vb('VECTOR_MAX_OP', [1, 5, -2, 0], [3, 2, -2, -1], [3, 5, -2, 0]);
vb('VECTOR_MAX_OP', [NaN, 1, 0, -0], [0, NaN, -0, 0], [NaN, 1, 0, -0], 'NaN/zero order');
vb('VECTOR_MAX_OP', [NaN, 1], [0, NaN], [NaN, 1], 'maximum((NaN,1),(0,NaN)) = (NaN,1)');
// 49 MATRIX_MAX_OP: a > b ? a : b
mb('MATRIX_MAX_OP', [[1, 5, -2, 0], [4, 4, -INF, INF], [7, 8, 9, 10], [-1, -2, -3, -4]], [[3, 2, -2, -1], [4, 5, 0, 0], [10, 9, 8, 7], [-4, -3, -2, -1]],
  [[3, 5, -2, 0], [4, 5, 0, INF], [10, 9, 9, 10], [-1, -2, -2, -1]]);
mb('MATRIX_MAX_OP', [[NaN, 1], [0, -0]], [[0, NaN], [-0, 0]], [[0, NaN], [-0, 0]], 'NaN/zero order (matrix rule)');
mb('MATRIX_MAX_OP', [[1, 5], [-2, 3]], [[2, 4], [-3, 3]], [[2, 5], [-2, 3]]);
// 50/51 means
vs('VECTOR_MEAN_OP', [1, 2, 3, 6], 3);
vs('VECTOR_MEAN_OP', [-1, 0.5, INF, 2], INF);
vs('VECTOR_MEAN_OP', [1, 4], 2.5);
ms('MATRIX_MEAN_OP', M4, 8.5);
ms('MATRIX_MEAN_OP', [[1, 2], [3, 6]], 3);
// 52 MATRIX_ROW_MEAN_OP
mv('MATRIX_ROW_MEAN_OP', M4, [2.5, 6.5, 10.5, 14.5]);
mv('MATRIX_ROW_MEAN_OP', [[1, 2], [3, 6]], [1.5, 4.5]);
// 53 MATRIX_ROW_ST_DEV_OP: population std per row.
//   [2,4,4,6]: mean 4, E[x^2] = 72/4 = 18 -> sqrt(2); [1,1,1,1] -> 0; [0,0,4,4]: 8 - 4 -> 2; [-3,3,-3,3]: 9 - 0 -> 3
mv('MATRIX_ROW_ST_DEV_OP', [[2, 4, 4, 6], [1, 1, 1, 1], [0, 0, 4, 4], [-3, 3, -3, 3]], [Math.SQRT2, 0, 2, 3]);
mv('MATRIX_ROW_ST_DEV_OP', [[1, 3], [5, 5]], [1, 0]);
// 54 VECTOR_ST_DEV_OP: [1,3,1,3]: 5 - 4 -> 1; [0,0,4,4] -> 2; [1,5]: 13 - 9 -> 2
vs('VECTOR_ST_DEV_OP', [1, 3, 1, 3], 1);
vs('VECTOR_ST_DEV_OP', [0, 4, 0, 4], 2);
vs('VECTOR_ST_DEV_OP', [1, 5], 2);
vs('VECTOR_ST_DEV_OP', [-7, -7], 0);
// 55 MATRIX_ST_DEV_OP: checkerboard 8/2 -> mean 5, E[x^2] = 34 -> 3
ms('MATRIX_ST_DEV_OP', [[8, 2, 8, 2], [2, 8, 2, 8], [8, 2, 8, 2], [2, 8, 2, 8]], 3);
ms('MATRIX_ST_DEV_OP', [[0, 4], [0, 4]], 2);
ms('MATRIX_ST_DEV_OP', [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], 0);
// 57 VECTOR_CONST_SET_OP: vo[trunc(F f0)] = f1, rest untouched (background values stay).
add({ op: 'VECTOR_CONST_SET_OP', F: 4, title: 'f0=0.625 -> element 2', given: {}, ins: { out: 3, f0: 0.625, f1: -0.5 }, want: { v: { 3: [-1000 - (8 + 12) - 0.5, -1000 - (8 + 13) - 0.5, -0.5, -1000 - (8 + 15) - 0.5] } } });
add({ op: 'VECTOR_CONST_SET_OP', F: 4, title: 'f0=0 -> element 0, float32 value 0.1', given: { v: { 2: [1, 2, 3, 4] } }, ins: { out: 2, f0: 0, f1: 0.1 }, want: { v: { 2: [0.10000000149011612, 2, 3, 4] } } });
add({ op: 'VECTOR_CONST_SET_OP', F: 2, title: 'f0=0.75 -> element 1', given: { v: { 1: [5, 6] } }, ins: { out: 1, f0: 0.75, f1: 2.5 }, want: { v: { 1: [5, 2.5] } } });
add({ op: 'VECTOR_CONST_SET_OP', F: 2, title: 'f0=0.49 -> element 0', given: { v: { 1: [5, 6] } }, ins: { out: 1, f0: 0.49, f1: -3 }, want: { v: { 1: [-3, 6] } } });
// 58 MATRIX_CONST_SET_OP: mo[trunc(F f0)][trunc(F f1)] = f2 (f0 = row, f1 = column)
add({ op: 'MATRIX_CONST_SET_OP', F: 4, title: '(0.375, 0.875) -> M[1][3]', given: { m: { 3: M4 } }, ins: { out: 3, f0: 0.375, f1: 0.875, f2: 0.25 },
  want: { m: { 3: [[1, 2, 3, 4], [5, 6, 7, 0.25], [9, 10, 11, 12], [13, 14, 15, 16]] } } });
add({ op: 'MATRIX_CONST_SET_OP', F: 4, title: '(0.99, 0) -> M[3][0]', given: { m: { 0: M4 } }, ins: { out: 0, f0: 0.99, f1: 0, f2: -2 },
  want: { m: { 0: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [-2, 14, 15, 16]] } } });
add({ op: 'MATRIX_CONST_SET_OP', F: 2, title: '(0.25, 0.75) -> M[0][1]', given: { m: { 1: [[1, 2], [3, 4]] } }, ins: { out: 1, f0: 0.25, f1: 0.75, f2: 9 },
  want: { m: { 1: [[1, 9], [3, 4]] } } });

// ---------------------------------------------------------------------------
// Random set ops: values must be exactly the next draws of the interpreter's
// RNG, in element order (row-major for matrices), with (f0, f1) as float32.
// The twin Rng has the same seed and draws directly.
// ---------------------------------------------------------------------------
const draws = (n: number, draw: () => number) => Array.from({ length: n }, draw);
const rows = (F: number, xs: number[]) => Array.from({ length: F }, (_, i) => xs.slice(i * F, (i + 1) * F));

for (const F of [2, 4, 32]) {
  const lo = Math.fround(-0.3); const hi = Math.fround(0.7);
  if (F === 4) {
    add({ op: 'SCALAR_UNIFORM_SET_OP', F, title: 'U(-0.3, 0.7) from the Rng', seed: 11, given: {}, ins: { out: 3, f0: -0.3, f1: 0.7 }, want: (r) => ({ s: { 3: r.uniformOpen(lo, hi) } }) });
    add({ op: 'SCALAR_GAUSSIAN_SET_OP', F, title: 'N(-0.3, 0.7) from the Rng', seed: 12, given: {}, ins: { out: 3, f0: -0.3, f1: 0.7 }, want: (r) => ({ s: { 3: r.gaussian(lo, hi) } }) });
    add({ op: 'SCALAR_UNIFORM_SET_OP', F, title: 'f0 >= f1 -> f0', seed: 13, given: {}, ins: { out: 3, f0: 0.5, f1: -0.5 }, want: { s: { 3: 0.5 } } });
    add({ op: 'SCALAR_UNIFORM_SET_OP', F, title: 'f0 == f1 -> f0', seed: 13, given: {}, ins: { out: 3, f0: 0.25, f1: 0.25 }, want: { s: { 3: 0.25 } } });
    add({ op: 'SCALAR_GAUSSIAN_SET_OP', F, title: 'sd 0 -> mean', seed: 14, given: {}, ins: { out: 3, f0: -0.75, f1: 0 }, want: { s: { 3: -0.75 } } });
  }
  add({ op: 'VECTOR_UNIFORM_SET_OP', F, title: 'U(-0.3, 0.7) in element order', seed: 21 + F, given: {}, ins: { out: 2, f0: -0.3, f1: 0.7 },
    want: (r) => ({ v: { 2: draws(F, () => r.uniformOpen(lo, hi)) } }) });
  add({ op: 'MATRIX_UNIFORM_SET_OP', F, title: 'U(-0.3, 0.7) row-major', seed: 31 + F, given: {}, ins: { out: 2, f0: -0.3, f1: 0.7 },
    want: (r) => ({ m: { 2: rows(F, draws(F * F, () => r.uniformOpen(lo, hi))) } }) });
  add({ op: 'VECTOR_GAUSSIAN_SET_OP', F, title: 'N(-0.3, 0.7) in element order', seed: 41 + F, given: {}, ins: { out: 2, f0: -0.3, f1: 0.7 },
    want: (r) => ({ v: { 2: draws(F, () => r.gaussian(lo, hi)) } }) });
  add({ op: 'MATRIX_GAUSSIAN_SET_OP', F, title: 'N(-0.3, 0.7) row-major', seed: 51 + F, given: {}, ins: { out: 2, f0: -0.3, f1: 0.7 },
    want: (r) => ({ m: { 2: rows(F, draws(F * F, () => r.gaussian(lo, hi))) } }) });
  add({ op: 'VECTOR_UNIFORM_SET_OP', F, title: 'f0 >= f1 -> f0 everywhere', seed: 5, given: {}, ins: { out: 3, f0: 0.5, f1: 0.25 }, want: { v: { 3: vec(F, () => 0.5) } } });
  add({ op: 'MATRIX_UNIFORM_SET_OP', F, title: 'f0 == f1 -> f0 everywhere', seed: 5, given: {}, ins: { out: 3, f0: -0.125, f1: -0.125 }, want: { m: { 3: mat(F, () => -0.125) } } });
  add({ op: 'VECTOR_GAUSSIAN_SET_OP', F, title: 'sd 0 -> mean everywhere', seed: 6, given: {}, ins: { out: 3, f0: 0.375, f1: 0 }, want: { v: { 3: vec(F, () => 0.375) } } });
  add({ op: 'MATRIX_GAUSSIAN_SET_OP', F, title: 'sd 0 -> mean everywhere', seed: 6, given: {}, ins: { out: 3, f0: -1.5, f1: 0 }, want: { m: { 3: mat(F, () => -1.5) } } });
}

// ---------------------------------------------------------------------------
// Patterned inputs with closed-form results, F = 2, 4, 8, 16, 32
// ---------------------------------------------------------------------------
const sumSquares = (F: number) => (F * (F + 1) * (2 * F + 1)) / 6; // 1^2 + ... + F^2
const pow2 = (k: number) => 2 ** k;
const sign = (k: number) => (k % 2 === 0 ? 1 : -1);

for (const F of [2, 4, 8, 16, 32]) {
  const h = F / 2;
  const P = (op: string, title: string, given: Values, ins: Fields, want: Values) => add({ op, F, title: `pattern: ${title}`, given, ins, want });
  const V = { in1: 1, in2: 2, out: 4 };

  P('VECTOR_HEAVYSIDE_OP', 'x_i = i - F/2 -> [i > F/2]', { v: { 1: vec(F, (i) => i - h) } }, V, { v: { 4: vec(F, (i) => (i > h ? 1 : 0)) } });
  P('MATRIX_HEAVYSIDE_OP', 'M_ij = i - j -> strict lower triangle', { m: { 1: mat(F, (i, j) => i - j) } }, V, { m: { 4: mat(F, (i, j) => (i > j ? 1 : 0)) } });
  P('SCALAR_VECTOR_PRODUCT_OP', '3 * (i+1)', { s: { 2: 3 }, v: { 2: vec(F, (i) => i + 1) } }, { in1: 2, in2: 2, out: 4 }, { v: { 4: vec(F, (i) => 3 * (i + 1)) } });
  P('SCALAR_BROADCAST_OP', '-2.5 everywhere', { s: { 2: -2.5 } }, { in1: 2, out: 4 }, { v: { 4: vec(F, () => -2.5) } });
  P('VECTOR_RECIPROCAL_OP', '1/2^(i-F/2) = 2^(F/2-i)', { v: { 1: vec(F, (i) => pow2(i - h)) } }, V, { v: { 4: vec(F, (i) => pow2(h - i)) } });
  P('VECTOR_NORM_OP', 'norm(1..F) = sqrt(F(F+1)(2F+1)/6)', { v: { 1: vec(F, (i) => i + 1) } }, { in1: 1, out: 5 }, { s: { 5: Math.sqrt(sumSquares(F)) } });
  P('VECTOR_ABS_OP', '|(-1)^i (i+1)| = i+1', { v: { 1: vec(F, (i) => sign(i) * (i + 1)) } }, V, { v: { 4: vec(F, (i) => i + 1) } });
  P('VECTOR_SUM_OP', '(i+1) + (F-i) = F+1', { v: { 1: vec(F, (i) => i + 1), 2: vec(F, (i) => F - i) } }, V, { v: { 4: vec(F, () => F + 1) } });
  P('VECTOR_DIFF_OP', '(i+1) - (F-i) = 2i+1-F', { v: { 1: vec(F, (i) => i + 1), 2: vec(F, (i) => F - i) } }, V, { v: { 4: vec(F, (i) => 2 * i + 1 - F) } });
  P('VECTOR_PRODUCT_OP', '(i+1)(i-1) = i^2-1', { v: { 1: vec(F, (i) => i + 1), 2: vec(F, (i) => i - 1) } }, V, { v: { 4: vec(F, (i) => i * i - 1) } });
  P('VECTOR_DIVISION_OP', '(i+1)(i+2)/(i+1) = i+2', { v: { 1: vec(F, (i) => (i + 1) * (i + 2)), 2: vec(F, (i) => i + 1) } }, V, { v: { 4: vec(F, (i) => i + 2) } });
  P('VECTOR_INNER_PRODUCT_OP', 'sum (-1)^i (i+1) = -F/2', { v: { 1: vec(F, (i) => i + 1), 2: vec(F, sign) } }, { in1: 1, in2: 2, out: 5 }, { s: { 5: -h } });
  P('VECTOR_INNER_PRODUCT_OP', 'sum (i+1)^2', { v: { 1: vec(F, (i) => i + 1), 2: vec(F, (i) => i + 1) } }, { in1: 1, in2: 2, out: 5 }, { s: { 5: sumSquares(F) } });
  P('VECTOR_OUTER_PRODUCT_OP', '(i+1)(j-1)', { v: { 1: vec(F, (i) => i + 1), 2: vec(F, (j) => j - 1) } }, V, { m: { 4: mat(F, (i, j) => (i + 1) * (j - 1)) } });
  P('SCALAR_MATRIX_PRODUCT_OP', '0.5 (iF+j)', { s: { 2: 0.5 }, m: { 2: mat(F, (i, j) => i * F + j) } }, { in1: 2, in2: 2, out: 4 }, { m: { 4: mat(F, (i, j) => (i * F + j) / 2) } });
  P('MATRIX_RECIPROCAL_OP', '1/2^(i-j) = 2^(j-i)', { m: { 1: mat(F, (i, j) => pow2(i - j)) } }, V, { m: { 4: mat(F, (i, j) => pow2(j - i)) } });
  P('MATRIX_VECTOR_PRODUCT_OP', 'sum_j (i+j) j = i F(F-1)/2 + (F-1)F(2F-1)/6', { m: { 1: mat(F, (i, j) => i + j) }, v: { 2: vec(F, (j) => j) } }, V,
    { v: { 4: vec(F, (i) => (i * F * (F - 1)) / 2 + ((F - 1) * F * (2 * F - 1)) / 6) } });
  P('MATRIX_VECTOR_PRODUCT_OP', 'M_ij = j+1 (rows equal), b = 1 -> F(F+1)/2', { m: { 1: mat(F, (_i, j) => j + 1) }, v: { 2: vec(F, () => 1) } }, V,
    { v: { 4: vec(F, () => (F * (F + 1)) / 2) } });
  P('VECTOR_COLUMN_BROADCAST_OP', 'M_ij = i+1', { v: { 1: vec(F, (i) => i + 1) } }, V, { m: { 4: mat(F, (i) => i + 1) } });
  P('VECTOR_ROW_BROADCAST_OP', 'M_ij = j+1', { v: { 1: vec(F, (i) => i + 1) } }, V, { m: { 4: mat(F, (_i, j) => j + 1) } });
  P('MATRIX_NORM_OP', 'M_ij = j+1 -> sqrt(F sum (j+1)^2)', { m: { 1: mat(F, (_i, j) => j + 1) } }, { in1: 1, out: 5 }, { s: { 5: Math.sqrt(F * sumSquares(F)) } });
  P('MATRIX_COLUMN_NORM_OP', 'M_ij = j+1 -> sqrt(F (j+1)^2)', { m: { 1: mat(F, (_i, j) => j + 1) } }, V, { v: { 4: vec(F, (j) => Math.sqrt(F * (j + 1) ** 2)) } });
  P('MATRIX_COLUMN_NORM_OP', 'M_ij = i+1 -> every column sqrt(sum (i+1)^2)', { m: { 1: mat(F, (i) => i + 1) } }, V, { v: { 4: vec(F, () => Math.sqrt(sumSquares(F))) } });
  P('MATRIX_ROW_NORM_OP', 'M_ij = i+1 -> sqrt(F (i+1)^2)', { m: { 1: mat(F, (i) => i + 1) } }, V, { v: { 4: vec(F, (i) => Math.sqrt(F * (i + 1) ** 2)) } });
  P('MATRIX_ROW_NORM_OP', 'M_ij = j+1 -> every row sqrt(sum (j+1)^2)', { m: { 1: mat(F, (_i, j) => j + 1) } }, V, { v: { 4: vec(F, () => Math.sqrt(sumSquares(F))) } });
  P('MATRIX_TRANSPOSE_OP', 'iF+j -> jF+i', { m: { 1: mat(F, (i, j) => i * F + j) } }, V, { m: { 4: mat(F, (i, j) => j * F + i) } });
  P('MATRIX_ABS_OP', '|(-1)^(i+j)(iF+j+1)| = iF+j+1', { m: { 1: mat(F, (i, j) => sign(i + j) * (i * F + j + 1)) } }, V, { m: { 4: mat(F, (i, j) => i * F + j + 1) } });
  P('MATRIX_SUM_OP', '(iF+j) + (F^2-iF-j) = F^2', { m: { 1: mat(F, (i, j) => i * F + j), 2: mat(F, (i, j) => F * F - i * F - j) } }, V, { m: { 4: mat(F, () => F * F) } });
  P('MATRIX_DIFF_OP', '(iF+j) - (i-j)', { m: { 1: mat(F, (i, j) => i * F + j), 2: mat(F, (i, j) => i - j) } }, V, { m: { 4: mat(F, (i, j) => i * F - i + 2 * j) } });
  P('MATRIX_PRODUCT_OP', '(i+1)(j+1)', { m: { 1: mat(F, (i) => i + 1), 2: mat(F, (_i, j) => j + 1) } }, V, { m: { 4: mat(F, (i, j) => (i + 1) * (j + 1)) } });
  P('MATRIX_DIVISION_OP', '(i+1)(j+1)/(j+1) = i+1', { m: { 1: mat(F, (i, j) => (i + 1) * (j + 1)), 2: mat(F, (_i, j) => j + 1) } }, V, { m: { 4: mat(F, (i) => i + 1) } });
  // A * S where S is the cyclic shift S[k][j] = [j == k+1 mod F]: (AS)[i][j] = A[i][j-1 mod F].
  P('MATRIX_MATRIX_PRODUCT_OP', 'A * cyclic shift', { m: { 1: mat(F, (i, j) => i * F + j), 2: mat(F, (k, j) => (j === (k + 1) % F ? 1 : 0)) } }, V,
    { m: { 4: mat(F, (i, j) => i * F + ((j - 1 + F) % F)) } });
  // A_ik = i+1, B_kj = k+j: C_ij = (i+1) sum_k (k+j) = (i+1)(F(F-1)/2 + F j).
  P('MATRIX_MATRIX_PRODUCT_OP', '(i+1)(F(F-1)/2 + Fj)', { m: { 1: mat(F, (i) => i + 1), 2: mat(F, (k, j) => k + j) } }, V,
    { m: { 4: mat(F, (i, j) => (i + 1) * ((F * (F - 1)) / 2 + F * j)) } });
  P('VECTOR_MIN_OP', 'min(i, F-1-i)', { v: { 1: vec(F, (i) => i), 2: vec(F, (i) => F - 1 - i) } }, V, { v: { 4: vec(F, (i) => Math.min(i, F - 1 - i)) } });
  P('VECTOR_MAX_OP', 'max(i, F-1-i)', { v: { 1: vec(F, (i) => i), 2: vec(F, (i) => F - 1 - i) } }, V, { v: { 4: vec(F, (i) => Math.max(i, F - 1 - i)) } });
  const k = (i: number, j: number) => i * F + j;
  P('MATRIX_MIN_OP', 'min(k, F^2-1-k)', { m: { 1: mat(F, k), 2: mat(F, (i, j) => F * F - 1 - k(i, j)) } }, V, { m: { 4: mat(F, (i, j) => Math.min(k(i, j), F * F - 1 - k(i, j))) } });
  P('MATRIX_MAX_OP', 'max(k, F^2-1-k)', { m: { 1: mat(F, k), 2: mat(F, (i, j) => F * F - 1 - k(i, j)) } }, V, { m: { 4: mat(F, (i, j) => Math.max(k(i, j), F * F - 1 - k(i, j))) } });
  P('VECTOR_MEAN_OP', 'mean(1..F) = (F+1)/2', { v: { 1: vec(F, (i) => i + 1) } }, { in1: 1, out: 5 }, { s: { 5: (F + 1) / 2 } });
  P('MATRIX_MEAN_OP', 'mean(1..F^2) = (F^2+1)/2', { m: { 1: mat(F, (i, j) => k(i, j) + 1) } }, { in1: 1, out: 5 }, { s: { 5: (F * F + 1) / 2 } });
  P('MATRIX_ROW_MEAN_OP', 'row mean of iF+j = iF + (F-1)/2', { m: { 1: mat(F, k) } }, V, { v: { 4: vec(F, (i) => i * F + (F - 1) / 2) } });
  // Row i alternates 2i+1, -1: mean i, E[x^2] = 2i^2+2i+1, std = i+1.
  P('MATRIX_ROW_ST_DEV_OP', 'rows 2i+1/-1 alternating -> std i+1', { m: { 1: mat(F, (i, j) => (j % 2 === 0 ? 2 * i + 1 : -1)) } }, V, { v: { 4: vec(F, (i) => i + 1) } });
  P('VECTOR_ST_DEV_OP', '8/2 alternating -> 3', { v: { 1: vec(F, (i) => (i % 2 === 0 ? 8 : 2)) } }, { in1: 1, out: 5 }, { s: { 5: 3 } });
  P('MATRIX_ST_DEV_OP', '8/2 checkerboard -> 3', { m: { 1: mat(F, (i, j) => ((i + j) % 2 === 0 ? 8 : 2)) } }, { in1: 1, out: 5 }, { s: { 5: 3 } });
  P('VECTOR_CONST_SET_OP', 'f0 = (F-0.5)/F -> last element', { v: { 3: vec(F, (i) => i) } }, { out: 3, f0: (F - 0.5) / F, f1: 0.75 },
    { v: { 3: vec(F, (i) => (i === F - 1 ? 0.75 : i)) } });
  P('MATRIX_CONST_SET_OP', 'f0 = (F-0.5)/F, f1 = (F/2+0.5)/F -> M[F-1][F/2]', { m: { 3: mat(F, k) } }, { out: 3, f0: (F - 0.5) / F, f1: (h + 0.5) / F, f2: -3.5 },
    { m: { 3: mat(F, (i, j) => (i === F - 1 && j === h ? -3.5 : k(i, j))) } });
}

export const OP_CASES: readonly OpCase[] = cases;
