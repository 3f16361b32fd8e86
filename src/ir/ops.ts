/**
 * The op table: the single source of truth for all 65 ops (SPEC §2.2).
 *
 * Each entry says what the op reads and writes, how it prints, what it costs,
 * and what it means twice over: `exec` is the reference interpreter's
 * implementation, `emit` is the code template the JIT compiler instantiates.
 * The two are written independently on purpose: the differential tests compare
 * them, so a slip in one shows up against the other.
 *
 * Reductions (sums, means, dot products, sums of squares) always use pairwise
 * summation in a balanced tree (F is a power of two), in both halves, so that
 * every engine rounds the same way (SPEC §2.2 "std").
 */
import type { Instruction } from './instruction';
import type { Kind } from './memory';
import type { RandomSource } from '../util/rng';

export type OpClass = 'Z' | 'U' | 'B' | 'D';
/** Which constants an op uses, and how mutation alters them (SPEC §2.4/2.5). */
export type DataKind = 'none' | 'scalarConst' | 'vectorConst' | 'matrixConst' | 'uniform' | 'gaussian';
export type Operand = 'out' | 'in1' | 'in2';
export type Idx = number | string;

/** Scratch state the interpreter hands to `exec`. */
export interface ExecContext {
  readonly m: Float64Array;
  readonly F: number;
  readonly rng: RandomSource;
  /** Output staging for ops whose output may alias an input (F² doubles). */
  readonly tmp: Float64Array;
  /** Reduction buffer (F² doubles). */
  readonly red: Float64Array;
}

/**
 * What an op template can ask of the code generator. Indices are either
 * numbers (unrolled code) or loop-variable names (looped code for large F).
 */
export interface Emitter {
  readonly F: number;
  /** Expression for element `idx` (flat, row-major for matrices) of an operand. */
  cell(which: Operand, idx: Idx): string;
  /** Flat index of element (i, j) of an F×F matrix. */
  flat(i: Idx, j: Idx): Idx;
  /** Statements of `body` for every i in [0, n), unrolled or as a loop. */
  each(n: number, body: (i: Idx) => string[]): string[];
  /** Pairwise sum of n terms (always unrolled into one expression). */
  sum(n: number, term: (k: number) => string): string;
  /** A fresh staging area; element accessor. */
  temp(): (idx: Idx) => string;
  /** An instruction constant: a literal in compiled code, a constant-pool read in the generated interpreter. */
  data(field: 'activation' | 'f0' | 'f1' | 'f2'): string;
  /** The element index that an index fraction (ops 57/58) maps to: trunc(F·f) in float32. */
  index(field: 'f0' | 'f1'): Idx;
  /** Name of the random source parameter. */
  readonly rng: string;
}

export interface OpSpec {
  readonly id: number;
  readonly name: string;
  readonly cls: OpClass;
  readonly out: Kind | null;
  readonly in1: Kind | null;
  readonly in2: Kind | null;
  /** Printed form: $o $a $b are typed addresses, $c the activation, $f0..$f2 float data. */
  readonly text: string;
  readonly data: DataKind;
  /** Compute-cost units for the train budget (SPEC §7.6). */
  readonly cost: number;
  /** True if the op draws from the random source. */
  readonly random: boolean;
  exec(c: ExecContext, o: number, a: number, b: number, ins: Instruction): void;
  emit(e: Emitter): string[];
}

type Exec = OpSpec['exec'];
type Emit = OpSpec['emit'];
interface Partial {
  cls: OpClass; out: Kind | null; in1: Kind | null; in2: Kind | null;
  text: string; data?: DataKind; random?: boolean; exec: Exec; emit: Emit;
}

const widthOf = (k: Kind, F: number): number => (k === 's' ? 1 : k === 'v' ? F : F * F);

/** Pairwise (balanced-tree) reduction of buf[0..n), n a power of two. Destroys buf. */
export function pairwiseReduce(buf: Float64Array, n: number): number {
  for (let len = n; len > 1; len >>= 1) {
    const half = len >> 1;
    for (let i = 0; i < half; i++) buf[i] = buf[2 * i]! + buf[2 * i + 1]!;
  }
  return buf[0]!;
}

/** The same tree as source text: level by level, left to right. */
export function pairwiseExpression(terms: readonly string[]): string {
  let level = terms.slice();
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(`(${level[i]} + ${level[i + 1]})`);
    level = next;
  }
  return level[0]!;
}

// ---------------------------------------------------------------------------
// Families of ops
// ---------------------------------------------------------------------------

/** out[i] = f(in1[i]) over every element of kind k. */
function unary(k: Kind, outKind: Kind, text: string, fn: (x: number) => number, js: (x: string) => string): Partial {
  return {
    cls: 'U', out: outKind, in1: k, in2: null, text,
    exec(c, o, a) {
      const m = c.m;
      for (let i = 0, n = widthOf(k, c.F); i < n; i++) m[o + i] = fn(m[a + i]!);
    },
    emit: (e) => e.each(widthOf(k, e.F), (i) => [`${e.cell('out', i)} = ${js(e.cell('in1', i))};`]),
  };
}

/** out[i] = f(in1[i], in2[i]) over every element of kind k. */
function binary(k: Kind, text: string, fn: (x: number, y: number) => number, js: (x: string, y: string) => string): Partial {
  return {
    cls: 'B', out: k, in1: k, in2: k, text,
    exec(c, o, a, b) {
      const m = c.m;
      for (let i = 0, n = widthOf(k, c.F); i < n; i++) m[o + i] = fn(m[a + i]!, m[b + i]!);
    },
    emit: (e) => e.each(widthOf(k, e.F), (i) => [`${e.cell('out', i)} = ${js(e.cell('in1', i), e.cell('in2', i))};`]),
  };
}

/** out[i] = in1 (a scalar) * in2[i]. */
function scalarTimes(k: Kind): Partial {
  return {
    cls: 'B', out: k, in1: 's', in2: k, text: '$o = $a * $b',
    exec(c, o, a, b) {
      const m = c.m;
      const s = m[a]!;
      for (let i = 0, n = widthOf(k, c.F); i < n; i++) m[o + i] = s * m[b + i]!;
    },
    emit: (e) => e.each(widthOf(k, e.F), (i) => [`${e.cell('out', i)} = ${e.cell('in1', 0)} * ${e.cell('in2', i)};`]),
  };
}

/** Scalar output: sqrt of the pairwise sum of squares of every element. */
function norm(k: Kind, text: string): Partial {
  return {
    cls: 'U', out: 's', in1: k, in2: null, text,
    exec(c, o, a) {
      const m = c.m; const n = widthOf(k, c.F);
      for (let i = 0; i < n; i++) c.red[i] = m[a + i]! * m[a + i]!;
      m[o] = Math.sqrt(pairwiseReduce(c.red, n));
    },
    emit: (e) => [`${e.cell('out', 0)} = Math.sqrt(${e.sum(widthOf(k, e.F), (i) => `${e.cell('in1', i)} * ${e.cell('in1', i)}`)});`],
  };
}

function mean(k: Kind, text: string): Partial {
  return {
    cls: 'U', out: 's', in1: k, in2: null, text,
    exec(c, o, a) {
      const m = c.m; const n = widthOf(k, c.F);
      for (let i = 0; i < n; i++) c.red[i] = m[a + i]!;
      m[o] = pairwiseReduce(c.red, n) / n;
    },
    emit: (e) => {
      const n = widthOf(k, e.F);
      return [`${e.cell('out', 0)} = ${e.sum(n, (i) => e.cell('in1', i))} / ${n};`];
    },
  };
}

/** Population std, one pass, unclamped: sqrt(Σx²/n − mean²). */
function stdev(k: Kind, text: string): Partial {
  return {
    cls: 'U', out: 's', in1: k, in2: null, text,
    exec(c, o, a) {
      const m = c.m; const n = widthOf(k, c.F);
      for (let i = 0; i < n; i++) c.red[i] = m[a + i]!;
      const mu = pairwiseReduce(c.red, n) / n;
      for (let i = 0; i < n; i++) c.red[i] = m[a + i]! * m[a + i]!;
      m[o] = Math.sqrt(pairwiseReduce(c.red, n) / n - mu * mu);
    },
    emit: (e) => {
      const n = widthOf(k, e.F);
      const mu = e.temp()(0);
      return [
        `${mu} = ${e.sum(n, (i) => e.cell('in1', i))} / ${n};`,
        `${e.cell('out', 0)} = Math.sqrt(${e.sum(n, (i) => `${e.cell('in1', i)} * ${e.cell('in1', i)}`)} / ${n} - ${mu} * ${mu});`,
      ];
    },
  };
}

/** Per-row (axis=1) or per-column (axis=0) reduction of a matrix into a vector. */
function matrixAxis(text: string, axis: 0 | 1, kind: 'norm' | 'mean' | 'std'): Partial {
  // Element k of line i: row i (axis=1) or column i (axis=0).
  const at = (F: number, i: number, k: number) => (axis === 1 ? i * F + k : k * F + i);
  return {
    cls: 'U', out: 'v', in1: 'm', in2: null, text,
    exec(c, o, a) {
      const m = c.m; const F = c.F; const red = c.red;
      for (let i = 0; i < F; i++) {
        let value: number;
        if (kind === 'norm') {
          for (let k = 0; k < F; k++) { const x = m[a + at(F, i, k)]!; red[k] = x * x; }
          value = Math.sqrt(pairwiseReduce(red, F));
        } else {
          for (let k = 0; k < F; k++) red[k] = m[a + at(F, i, k)]!;
          const mu = pairwiseReduce(red, F) / F;
          if (kind === 'mean') value = mu;
          else {
            for (let k = 0; k < F; k++) { const x = m[a + at(F, i, k)]!; red[k] = x * x; }
            value = Math.sqrt(pairwiseReduce(red, F) / F - mu * mu);
          }
        }
        m[o + i] = value;
      }
    },
    emit: (e) => {
      const F = e.F;
      const el = (i: Idx, k: number) => e.cell('in1', axis === 1 ? e.flat(i, k) : e.flat(k, i));
      const squares = (i: Idx) => e.sum(F, (k) => `${el(i, k)} * ${el(i, k)}`);
      if (kind === 'norm') return e.each(F, (i) => [`${e.cell('out', i)} = Math.sqrt(${squares(i)});`]);
      if (kind === 'mean') return e.each(F, (i) => [`${e.cell('out', i)} = ${e.sum(F, (k) => el(i, k))} / ${F};`]);
      const mu = e.temp()(0);
      return e.each(F, (i) => [
        `${mu} = ${e.sum(F, (k) => el(i, k))} / ${F};`,
        `${e.cell('out', i)} = Math.sqrt(${squares(i)} / ${F} - ${mu} * ${mu});`,
      ]);
    },
  };
}

/** Vector-to-matrix broadcast: M[i][j] = a_i (axis=0) or a_j (axis=1). */
function broadcastToMatrix(text: string, axis: 0 | 1): Partial {
  return {
    cls: 'U', out: 'm', in1: 'v', in2: null, text,
    exec(c, o, a) {
      const m = c.m; const F = c.F;
      for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) m[o + i * F + j] = m[a + (axis === 0 ? i : j)]!;
    },
    emit: (e) => e.each(e.F, (i) => e.each(e.F, (j) => [`${e.cell('out', e.flat(i, j))} = ${e.cell('in1', axis === 0 ? i : j)};`])),
  };
}

/** Index mapping of ops 57/58: trunc(F·f) in float32. */
export function constIndex(F: number, f: number): number {
  return Math.trunc(Math.fround(F * f));
}

/** Fills every element of the output with a random draw. */
function randomFill(k: Kind, text: string, draw: 'uniformOpen' | 'gaussian'): Partial {
  return {
    cls: 'D', out: k, in1: null, in2: null, text, random: true,
    data: draw === 'uniformOpen' ? 'uniform' : 'gaussian',
    exec(c, o, _a, _b, ins) {
      const m = c.m; const rng = c.rng;
      for (let i = 0, n = widthOf(k, c.F); i < n; i++) m[o + i] = rng[draw](ins.f0, ins.f1);
    },
    emit: (e) => e.each(widthOf(k, e.F), (i) => [`${e.cell('out', i)} = ${e.rng}.${draw}(${e.data('f0')}, ${e.data('f1')});`]),
  };
}

const scalarFn = (text: string, fn: (x: number) => number, js: string): Partial =>
  unary('s', 's', `$o = ${text}($a)`, fn, (x) => `${js}(${x})`);

const minOf = (x: number, y: number) => (y < x ? y : x);
const maxOf = (x: number, y: number) => (x < y ? y : x);
const jsMin = (x: string, y: string) => `(${y} < ${x} ? ${y} : ${x})`;
const jsMax = (x: string, y: string) => `(${x} < ${y} ? ${y} : ${x})`;
const heavisideGe = (x: number) => (x >= 0 ? 1 : 0);
const heavisideGt = (x: number) => (x > 0 ? 1 : 0);

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const DEFINITIONS: ReadonlyArray<readonly [string, number, Partial]> = [
  ['NO_OP', 3013921, {
    cls: 'Z', out: null, in1: null, in2: null, text: 'NoOp()', exec() {}, emit: () => [],
  }],
  ['SCALAR_SUM_OP', 4703759, binary('s', '$o = $a + $b', (x, y) => x + y, (x, y) => `${x} + ${y}`)],
  ['SCALAR_DIFF_OP', 5102027, binary('s', '$o = $a - $b', (x, y) => x - y, (x, y) => `${x} - ${y}`)],
  ['SCALAR_PRODUCT_OP', 4418347, binary('s', '$o = $a * $b', (x, y) => x * y, (x, y) => `${x} * ${y}`)],
  ['SCALAR_DIVISION_OP', 3963916, binary('s', '$o = $a / $b', (x, y) => x / y, (x, y) => `${x} / ${y}`)],
  ['SCALAR_ABS_OP', 3684352, scalarFn('abs', Math.abs, 'Math.abs')],
  ['SCALAR_RECIPROCAL_OP', 4212086, unary('s', 's', '$o = 1 / $a', (x) => 1 / x, (x) => `1 / ${x}`)],
  ['SCALAR_SIN_OP', 7538523, scalarFn('sin', Math.sin, 'Math.sin')],
  ['SCALAR_COS_OP', 7452807, scalarFn('cos', Math.cos, 'Math.cos')],
  ['SCALAR_TAN_OP', 7583203, scalarFn('tan', Math.tan, 'Math.tan')],
  ['SCALAR_ARCSIN_OP', 9145616, scalarFn('arcsin', Math.asin, 'Math.asin')],
  ['SCALAR_ARCCOS_OP', 7673039, scalarFn('arccos', Math.acos, 'Math.acos')],
  ['SCALAR_ARCTAN_OP', 9273978, scalarFn('arctan', Math.atan, 'Math.atan')],
  ['SCALAR_EXP_OP', 11755929, scalarFn('exp', Math.exp, 'Math.exp')],
  ['SCALAR_LOG_OP', 11627725, scalarFn('log', Math.log, 'Math.log')],
  ['SCALAR_HEAVYSIDE_OP', 4057075, unary('s', 's', '$o = heaviside($a, 1.0)', heavisideGe, (x) => `(${x} >= 0 ? 1 : 0)`)],
  ['VECTOR_HEAVYSIDE_OP', 3965743, unary('v', 'v', '$o = heaviside($a, 1.0)', heavisideGt, (x) => `(${x} > 0 ? 1 : 0)`)],
  ['MATRIX_HEAVYSIDE_OP', 6728311, unary('m', 'm', '$o = heaviside($a, 1.0)', heavisideGt, (x) => `(${x} > 0 ? 1 : 0)`)],
  ['SCALAR_VECTOR_PRODUCT_OP', 3705015, scalarTimes('v')],
  ['SCALAR_BROADCAST_OP', 4165814, {
    cls: 'U', out: 'v', in1: 's', in2: null, text: '$o = bcast($a)',
    exec(c, o, a) { const m = c.m; const x = m[a]!; for (let i = 0; i < c.F; i++) m[o + i] = x; },
    emit: (e) => e.each(e.F, (i) => [`${e.cell('out', i)} = ${e.cell('in1', 0)};`]),
  }],
  ['VECTOR_RECIPROCAL_OP', 6311851, unary('v', 'v', '$o = 1 / $a', (x) => 1 / x, (x) => `1 / ${x}`)],
  ['VECTOR_NORM_OP', 4810562, norm('v', '$o = norm($a)')],
  ['VECTOR_ABS_OP', 3713533, unary('v', 'v', '$o = abs($a)', Math.abs, (x) => `Math.abs(${x})`)],
  ['VECTOR_SUM_OP', 4701519, binary('v', '$o = $a + $b', (x, y) => x + y, (x, y) => `${x} + ${y}`)],
  ['VECTOR_DIFF_OP', 4165747, binary('v', '$o = $a - $b', (x, y) => x - y, (x, y) => `${x} - ${y}`)],
  ['VECTOR_PRODUCT_OP', 4504555, binary('v', '$o = $a * $b', (x, y) => x * y, (x, y) => `${x} * ${y}`)],
  ['VECTOR_DIVISION_OP', 4556237, binary('v', '$o = $a / $b', (x, y) => x / y, (x, y) => `${x} / ${y}`)],
  ['VECTOR_INNER_PRODUCT_OP', 4294617, {
    cls: 'B', out: 's', in1: 'v', in2: 'v', text: '$o = dot($a, $b)',
    exec(c, o, a, b) {
      const m = c.m;
      for (let i = 0; i < c.F; i++) c.red[i] = m[a + i]! * m[b + i]!;
      m[o] = pairwiseReduce(c.red, c.F);
    },
    emit: (e) => [`${e.cell('out', 0)} = ${e.sum(e.F, (i) => `${e.cell('in1', i)} * ${e.cell('in2', i)}`)};`],
  }],
  ['VECTOR_OUTER_PRODUCT_OP', 9833707, {
    cls: 'B', out: 'm', in1: 'v', in2: 'v', text: '$o = outer($a, $b)',
    exec(c, o, a, b) {
      const m = c.m; const F = c.F;
      for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) m[o + i * F + j] = m[a + i]! * m[b + j]!;
    },
    emit: (e) => e.each(e.F, (i) => e.each(e.F, (j) => [`${e.cell('out', e.flat(i, j))} = ${e.cell('in1', i)} * ${e.cell('in2', j)};`])),
  }],
  ['SCALAR_MATRIX_PRODUCT_OP', 5986302, scalarTimes('m')],
  ['MATRIX_RECIPROCAL_OP', 24336141, unary('m', 'm', '$o = 1 / $a', (x) => 1 / x, (x) => `1 / ${x}`)],
  ['MATRIX_VECTOR_PRODUCT_OP', 9310002, {
    cls: 'B', out: 'v', in1: 'm', in2: 'v', text: '$o = dot($a, $b)',
    exec(c, o, a, b) {
      const m = c.m; const F = c.F;
      for (let i = 0; i < F; i++) {
        for (let j = 0; j < F; j++) c.red[j] = m[a + i * F + j]! * m[b + j]!;
        c.tmp[i] = pairwiseReduce(c.red, F);
      }
      for (let i = 0; i < F; i++) m[o + i] = c.tmp[i]!;
    },
    emit: (e) => {
      const t = e.temp();
      return [
        ...e.each(e.F, (i) => [`${t(i)} = ${e.sum(e.F, (j) => `${e.cell('in1', e.flat(i, j))} * ${e.cell('in2', j)}`)};`]),
        ...e.each(e.F, (i) => [`${e.cell('out', i)} = ${t(i)};`]),
      ];
    },
  }],
  ['VECTOR_COLUMN_BROADCAST_OP', 10993088, broadcastToMatrix('$o = bcast($a, axis=0)', 0)],
  ['VECTOR_ROW_BROADCAST_OP', 11087322, broadcastToMatrix('$o = bcast($a, axis=1)', 1)],
  ['MATRIX_NORM_OP', 6422746, norm('m', '$o = norm($a)')],
  ['MATRIX_COLUMN_NORM_OP', 6682187, matrixAxis('$o = norm($a, axis=0)', 0, 'norm')],
  ['MATRIX_ROW_NORM_OP', 13351123, matrixAxis('$o = norm($a, axis=1)', 1, 'norm')],
  ['MATRIX_TRANSPOSE_OP', 9394756, {
    cls: 'U', out: 'm', in1: 'm', in2: null, text: '$o = transpose($a)',
    exec(c, o, a) {
      const m = c.m; const F = c.F;
      for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) c.tmp[i * F + j] = m[a + j * F + i]!;
      for (let i = 0; i < F * F; i++) m[o + i] = c.tmp[i]!;
    },
    emit: (e) => {
      const t = e.temp();
      return [
        ...e.each(e.F, (i) => e.each(e.F, (j) => [`${t(e.flat(i, j))} = ${e.cell('in1', e.flat(j, i))};`])),
        ...e.each(e.F * e.F, (i) => [`${e.cell('out', i)} = ${t(i)};`]),
      ];
    },
  }],
  ['MATRIX_ABS_OP', 4630926, unary('m', 'm', '$o = abs($a)', Math.abs, (x) => `Math.abs(${x})`)],
  ['MATRIX_SUM_OP', 5579381, binary('m', '$o = $a + $b', (x, y) => x + y, (x, y) => `${x} + ${y}`)],
  ['MATRIX_DIFF_OP', 5429452, binary('m', '$o = $a - $b', (x, y) => x - y, (x, y) => `${x} - ${y}`)],
  ['MATRIX_PRODUCT_OP', 5475227, binary('m', '$o = $a * $b', (x, y) => x * y, (x, y) => `${x} * ${y}`)],
  ['MATRIX_DIVISION_OP', 18234378, binary('m', '$o = $a / $b', (x, y) => x / y, (x, y) => `${x} / ${y}`)],
  ['MATRIX_MATRIX_PRODUCT_OP', 14516296, {
    cls: 'B', out: 'm', in1: 'm', in2: 'm', text: '$o = matmul($a, $b)',
    exec(c, o, a, b) {
      const m = c.m; const F = c.F;
      for (let i = 0; i < F; i++) {
        for (let j = 0; j < F; j++) {
          for (let k = 0; k < F; k++) c.red[k] = m[a + i * F + k]! * m[b + k * F + j]!;
          c.tmp[i * F + j] = pairwiseReduce(c.red, F);
        }
      }
      for (let i = 0; i < F * F; i++) m[o + i] = c.tmp[i]!;
    },
    emit: (e) => {
      const t = e.temp();
      return [
        ...e.each(e.F, (i) => e.each(e.F, (j) => [
          `${t(e.flat(i, j))} = ${e.sum(e.F, (k) => `${e.cell('in1', e.flat(i, k))} * ${e.cell('in2', e.flat(k, j))}`)};`,
        ])),
        ...e.each(e.F * e.F, (i) => [`${e.cell('out', i)} = ${t(i)};`]),
      ];
    },
  }],
  ['SCALAR_MIN_OP', 3677265, binary('s', '$o = minimum($a, $b)', minOf, jsMin)],
  ['VECTOR_MIN_OP', 3989956, binary('v', '$o = minimum($a, $b)', minOf, jsMin)],
  ['MATRIX_MIN_OP', 5457728, binary('m', '$o = minimum($a, $b)', (x, y) => (x < y ? x : y), (x, y) => `(${x} < ${y} ? ${x} : ${y})`)],
  ['SCALAR_MAX_OP', 4573695, binary('s', '$o = maximum($a, $b)', maxOf, jsMax)],
  ['VECTOR_MAX_OP', 3974229, binary('v', '$o = maximum($a, $b)', maxOf, jsMax)],
  ['MATRIX_MAX_OP', 5840952, binary('m', '$o = maximum($a, $b)', (x, y) => (x > y ? x : y), (x, y) => `(${x} > ${y} ? ${x} : ${y})`)],
  ['VECTOR_MEAN_OP', 4280443, mean('v', '$o = mean($a)')],
  ['MATRIX_MEAN_OP', 4595196, mean('m', '$o = mean($a)')],
  ['MATRIX_ROW_MEAN_OP', 9763956, matrixAxis('$o = mean($a, axis=1)', 1, 'mean')],
  ['MATRIX_ROW_ST_DEV_OP', 16766477, matrixAxis('$o = std($a, axis=1)', 1, 'std')],
  ['VECTOR_ST_DEV_OP', 5585730, stdev('v', '$o = std($a)')],
  ['MATRIX_ST_DEV_OP', 10640216, stdev('m', '$o = std($a)')],
  ['SCALAR_CONST_SET_OP', 3691108, {
    cls: 'D', out: 's', in1: null, in2: null, text: '$o = $c', data: 'scalarConst',
    exec(c, o, _a, _b, ins) { c.m[o] = ins.activation; },
    emit: (e) => [`${e.cell('out', 0)} = ${e.data('activation')};`],
  }],
  ['VECTOR_CONST_SET_OP', 3991421, {
    cls: 'D', out: 'v', in1: null, in2: null, text: '$o[$f0] = $f1', data: 'vectorConst',
    exec(c, o, _a, _b, ins) { c.m[o + constIndex(c.F, ins.f0)] = ins.f1; },
    emit: (e) => [`${e.cell('out', e.index('f0'))} = ${e.data('f1')};`],
  }],
  ['MATRIX_CONST_SET_OP', 3693035, {
    cls: 'D', out: 'm', in1: null, in2: null, text: '$o[$f0, $f1] = $f2', data: 'matrixConst',
    exec(c, o, _a, _b, ins) { c.m[o + constIndex(c.F, ins.f0) * c.F + constIndex(c.F, ins.f1)] = ins.f2; },
    emit: (e) => [`${e.cell('out', e.flat(e.index('f0'), e.index('f1')))} = ${e.data('f2')};`],
  }],
  ['SCALAR_UNIFORM_SET_OP', 26610704, randomFill('s', '$o = uniform($f0, $f1)', 'uniformOpen')],
  ['VECTOR_UNIFORM_SET_OP', 57817372, randomFill('v', '$o = uniform($f0, $f1, n_features)', 'uniformOpen')],
  ['MATRIX_UNIFORM_SET_OP', 208339446, randomFill('m', '$o = uniform($f0, $f1, (n_features, n_features))', 'uniformOpen')],
  ['SCALAR_GAUSSIAN_SET_OP', 20775635, randomFill('s', '$o = gaussian($f0, $f1)', 'gaussian')],
  ['VECTOR_GAUSSIAN_SET_OP', 77483018, randomFill('v', '$o = gaussian($f0, $f1, n_features)', 'gaussian')],
  ['MATRIX_GAUSSIAN_SET_OP', 277690384, randomFill('m', '$o = gaussian($f0, $f1, (n_features, n_features))', 'gaussian')],
];

export const OPS: readonly OpSpec[] = DEFINITIONS.map(([name, cost, p], id) => Object.freeze({
  id, name, cost,
  cls: p.cls, out: p.out, in1: p.in1, in2: p.in2, text: p.text,
  data: p.data ?? 'none', random: p.random ?? false,
  exec: p.exec, emit: p.emit,
}));

export const NUM_OPS = OPS.length;
const BY_NAME = new Map(OPS.map((op) => [op.name, op]));

export function opByName(name: string): OpSpec | undefined {
  return BY_NAME.get(name);
}

export function opById(id: number): OpSpec {
  const op = OPS[id];
  if (op === undefined) throw new RangeError(`unsupported op id ${id}`);
  return op;
}

/** The operands an op reads and writes, with their kinds. */
export function operandsOf(op: OpSpec): Array<[Operand, Kind]> {
  const list: Array<[Operand, Kind]> = [];
  if (op.in1) list.push(['in1', op.in1]);
  if (op.in2) list.push(['in2', op.in2]);
  if (op.out) list.push(['out', op.out]);
  return list;
}
