/**
 * Differential tests: compiled code against the reference interpreter.
 *
 * Random programs over all 65 ops, random memory sizes, addresses, constants
 * (NaN, ±Inf, -0, float32 extremes) and initial memory; both storage modes;
 * F in {1, 2, 4, 8, 16, 32}. Memory must be bit-identical (NaN equal to NaN,
 * -0 distinct from 0) after Setup, after Predict and after Learn, and both
 * runs must have consumed the random generator equally.
 *
 * Task kernels are checked against a reference Train/Validate loop, also as
 * shape kernels (constants read from a pool, code compiled from a program
 * with other constants).
 *
 * DIFF_RUNS sets the number of programs for the component-function property
 * (default 10,000); the task-kernel property runs a fifth of that. DIFF_SEED
 * replays a run.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { constantPoolOf } from '../../codegen/dispatch';
import { type TrainFn, type ValidateFn, compileAlgorithm, compileTaskKernel } from '../../codegen/jit';
import type { Algorithm } from '../../src/ir/algorithm';
import type { Instruction } from '../../src/ir/instruction';
import { OPS } from '../../src/ir/ops';
import { FEATURES_VECTOR, LABEL_SCALAR, MemoryLayout, PREDICTION_SCALAR } from '../../src/ir/memory';
import { Interpreter } from '../../src/interp/interpreter';
import { Rng } from '../../src/util/rng';
import {
  type Case, anyDouble, describeAlgorithm, describeOffset, fillMemory, firstDifference, testCase,
} from './arbitraries';

const RUNS = Number(process.env.DIFF_RUNS ?? 10_000);
const KERNEL_RUNS = Math.max(1, Math.round(RUNS / 5));
const SEED = process.env.DIFF_SEED === undefined ? undefined : Number(process.env.DIFF_SEED);
/** Generous per-test time limit for long local runs (about 1 ms per program here). */
const TIMEOUT = Math.max(120_000, RUNS * 20);
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });

const counts = { programs: 0, kernels: 0, byF: new Map<string, number>() };

function tally(c: Case): void {
  const key = `F=${c.F} ${c.mode}`;
  counts.byF.set(key, (counts.byF.get(key) ?? 0) + 1);
}

function expectSameMemory(layout: MemoryLayout, c: Case, when: string, interpreted: Float64Array, compiled: Float64Array): void {
  const at = firstDifference(interpreted, compiled);
  if (at >= 0) {
    throw new Error(
      `memory differs after ${when} at ${describeOffset(layout, at)} (offset ${at}): `
      + `interpreter ${interpreted[at]}, compiled ${compiled[at]}; F=${c.F} mode=${c.mode} `
      + `sizes=${JSON.stringify(c.sizes)}\n${describeAlgorithm(c.alg)}`,
    );
  }
}

function checkComponents(c: Case): void {
  const layout = new MemoryLayout(c.F, c.sizes);
  const compiled = compileAlgorithm(c.alg, layout, { mode: c.mode });
  const mi = fillMemory(layout, c.fill);
  const mc = mi.slice();
  const ri = new Rng(c.seed);
  const rc = new Rng(c.seed);
  const interp = new Interpreter(layout, mi, ri);

  interp.setup(c.alg);
  compiled.setup(mc, rc);
  expectSameMemory(layout, c, 'setup', mi, mc);
  interp.predict(c.alg);
  compiled.predict(mc, rc);
  expectSameMemory(layout, c, 'predict', mi, mc);
  interp.learn(c.alg);
  compiled.learn(mc, rc);
  expectSameMemory(layout, c, 'learn', mi, mc);
  // A second step: memory persists across examples.
  interp.predict(c.alg);
  compiled.predict(mc, rc);
  expectSameMemory(layout, c, 'second predict', mi, mc);
  expect(rc.nextUint32(), 'random draws consumed').toBe(ri.nextUint32());
  counts.programs++;
  tally(c);
}

afterAll(() => {
  const byF = [...counts.byF.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(`differential: ${counts.programs} programs, ${counts.kernels} task kernels (programs by F and mode: ${byF})`);
});

describe('compiled components match the interpreter', () => {
  it(`after Setup, Predict and Learn (${RUNS} programs, both modes)`, () => {
    fc.assert(fc.property(testCase(), checkComponents), params(RUNS));
    expect(counts.programs).toBe(RUNS);
   }, TIMEOUT);

  it('handles every op alone at every F in both modes', () => {
    // A deterministic sweep so that no op/F/mode pair is left to chance.
    const rng = new Rng(12345);
    for (const F of [1, 2, 4, 8, 16, 32]) {
      for (const mode of ['locals', 'array'] as const) {
        for (let op = 0; op < 65; op++) {
          const sizes = { scalars: 3, vectors: 3, matrices: 3 };
          const f = (x: number) => Math.fround(x);
          const ins = (out: number, in1: number, in2: number) => ({
            op, out, in1, in2, activation: -0.75, f0: f(0.7), f1: f(op >= 59 ? 1.5 : 0.2), f2: f(-2.5),
          });
          // Aliased (out = in1 = in2) and distinct operands.
          const alg: Algorithm = { setup: [ins(1, 1, 1)], predict: [ins(2, 1, 0)], learn: [ins(0, 2, 1)] };
          checkComponents({ F, sizes, mode, alg, fill: { kind: 'mixed', seed: rng.nextUint32() }, seed: rng.nextUint32() });
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Task kernels: a whole training / validation pass against a reference loop.
// ---------------------------------------------------------------------------

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** SPEC §4.2 Train over order[begin..end), with the TrainFn return convention. */
function referenceTrain(
  interp: Interpreter, alg: Algorithm, layout: MemoryLayout, X: Float64Array, Y: Float64Array, order: Int32Array,
  begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
): number {
  const m = interp.memory;
  const F = layout.F;
  const v0 = layout.offset('v', FEATURES_VECTOR);
  for (let t = begin; t < end; t++) {
    const row = order[t]!;
    const x = X.subarray(row * F, row * F + F);
    const y = Y[row]!;
    m.set(x, v0);
    m[LABEL_SCALAR] = 0;
    interp.predict(alg);
    if (accuracy) m[PREDICTION_SCALAR] = sigmoid(m[PREDICTION_SCALAR]!);
    const e = Math.abs(y - m[PREDICTION_SCALAR]!);
    if (Number.isNaN(e) || e > maxAbsError) return -(t - begin + 1);
    if (errors) errors[t - begin] = e;
    m.set(x, v0);
    m[LABEL_SCALAR] = y;
    interp.learn(alg);
  }
  return end - begin;
}

/** SPEC §4.2 Validate over the first n examples: summed loss, or -1 - t on an early stop at example t. */
function referenceValidate(
  interp: Interpreter, alg: Algorithm, layout: MemoryLayout, X: Float64Array, Y: Float64Array, n: number,
  maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
): number {
  const m = interp.memory;
  const F = layout.F;
  let loss = 0;
  for (let t = 0; t < n; t++) {
    m.set(X.subarray(t * F, t * F + F), layout.offset('v', FEATURES_VECTOR));
    m[LABEL_SCALAR] = 0;
    interp.predict(alg);
    const y = Y[t]!;
    let err: number;
    if (accuracy) {
      const p = sigmoid(m[PREDICTION_SCALAR]!);
      err = p > 1 || p < 0 ? Infinity : (y > 0.5) === (p > 0.5) ? 0 : 1;
      loss += err;
    } else {
      err = y - m[PREDICTION_SCALAR]!;
      loss += err * err;
    }
    if (Number.isNaN(Math.abs(err)) || Math.abs(err) > maxAbsError) return -1 - t;
    if (errors) errors[t] = Math.abs(err);
  }
  return loss;
}

interface KernelCase extends Case {
  readonly examples: number;
  readonly features: readonly number[];
  readonly labels: readonly number[];
  readonly permutation: readonly number[];
  readonly split: number;
  readonly maxAbsError: number;
  readonly accuracy: boolean;
  readonly recordErrors: boolean;
  /** Compile as a shape kernel: constants read from a pool, code compiled from a sibling program. */
  readonly pool: boolean;
}

/**
 * The same program with other constants: what a shape kernel may be compiled
 * from. Index fractions of ops 57/58 are part of the shape and stay.
 */
function sibling(alg: Algorithm): Algorithm {
  const swap = (ins: Instruction): Instruction => {
    const data = OPS[ins.op]!.data;
    return {
      ...ins,
      activation: 0.125,
      f0: data === 'vectorConst' || data === 'matrixConst' ? ins.f0 : 0.25,
      f1: data === 'matrixConst' ? ins.f1 : -0.5,
      f2: 0.75,
    };
  };
  return { setup: alg.setup.map(swap), predict: alg.predict.map(swap), learn: alg.learn.map(swap) };
}

const kernelCase: fc.Arbitrary<KernelCase> = testCase().chain((c) =>
  fc.integer({ min: 0, max: 6 }).chain((examples) => {
    const value = fc.oneof({ weight: 6, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) }, { weight: 1, arbitrary: anyDouble });
    return fc.record({
      examples: fc.constant(examples),
      features: fc.array(value, { minLength: examples * c.F, maxLength: examples * c.F }),
      labels: fc.array(fc.oneof(value, fc.constantFrom(0, 1)), { minLength: examples, maxLength: examples }),
      permutation: fc.shuffledSubarray([...Array(examples).keys()], { minLength: examples, maxLength: examples }),
      split: fc.nat({ max: examples }),
      maxAbsError: fc.constantFrom(100, 1, 1e-3, 1e300, Infinity, 0),
      accuracy: fc.boolean(),
      recordErrors: fc.boolean(),
      pool: fc.boolean(),
    }).map((k) => ({ ...c, ...k }));
  }));

function checkKernel(c: KernelCase): void {
  const layout = new MemoryLayout(c.F, c.sizes);
  const compiled = c.pool ? compileTaskKernel(sibling(c.alg), layout, { mode: c.mode, constantPool: true }) : compileTaskKernel(c.alg, layout, { mode: c.mode });
  const C = c.pool ? constantPoolOf(c.alg) : undefined;
  const kernel: { setup: (m: Float64Array, rng: Rng) => void; train: TrainFn; validate: ValidateFn } = {
    setup: (m, rng) => compiled.setup(m, rng, C),
    train: (m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors) =>
      compiled.train(m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors, C),
    validate: (m, rng, X, Y, n, maxAbsError, accuracy, errors) =>
      compiled.validate(m, rng, X, Y, n, maxAbsError, accuracy, errors, C),
  };
  const mi = fillMemory(layout, c.fill);
  const mc = mi.slice();
  const ri = new Rng(c.seed);
  const rc = new Rng(c.seed);
  const interp = new Interpreter(layout, mi, ri);
  const X = Float64Array.from(c.features);
  const Y = Float64Array.from(c.labels);
  const order = Int32Array.from(c.permutation);
  // Slots a run does not write keep the filler, which must then agree too.
  const errs = () => (c.recordErrors ? new Float64Array(c.examples).fill(-7) : null);

  interp.setup(c.alg);
  kernel.setup(mc, rc);
  expectSameMemory(layout, c, 'setup', mi, mc);

  // Two training segments (a split epoch), validation, then a second epoch: memory persists throughout.
  const segments: Array<[number, number]> = [[0, c.split], [c.split, c.examples], [0, c.examples]];
  for (const [pass, [begin, end]] of segments.entries()) {
    const ei = errs(); const ec = errs();
    const expected = referenceTrain(interp, c.alg, layout, X, Y, order, begin, end, c.maxAbsError, c.accuracy, ei);
    const got = kernel.train(mc, rc, X, Y, order, begin, end, c.maxAbsError, c.accuracy, ec);
    expectSameMemory(layout, c, `train pass ${pass} [${begin}, ${end})`, mi, mc);
    expect(got, `train pass ${pass} return`).toBe(expected);
    expect(ec, `train pass ${pass} errors`).toEqual(ei);
    if (pass === 1) {
      const vi = errs(); const vc = errs();
      const lossI = referenceValidate(interp, c.alg, layout, X, Y, c.examples, c.maxAbsError, c.accuracy, vi);
      const lossC = kernel.validate(mc, rc, X, Y, c.examples, c.maxAbsError, c.accuracy, vc);
      expectSameMemory(layout, c, 'validate', mi, mc);
      expect(Object.is(lossC, lossI), `validation loss ${lossC} vs ${lossI}`).toBe(true);
      expect(vc, 'validation errors').toEqual(vi);
    }
  }
  expect(rc.nextUint32(), 'random draws consumed').toBe(ri.nextUint32());
  counts.kernels++;
  tally(c);
}

describe('compiled task kernels match a reference Train/Validate loop', () => {
  it(`train, validate, train again (${KERNEL_RUNS} programs, both modes, with and without a constant pool)`, () => {
    fc.assert(fc.property(kernelCase, checkKernel), params(KERNEL_RUNS));
    expect(counts.kernels).toBe(KERNEL_RUNS);
   }, TIMEOUT);

  it('stops early with -(steps done) and keeps memory of the failed step', () => {
    // Predict: s1 = s0 / s0 → 0/0 = NaN on the first example.
    const layout = new MemoryLayout(2, { scalars: 3, vectors: 1, matrices: 0 });
    const nan = { op: 4, out: 1, in1: 0, in2: 0, activation: 0, f0: 0, f1: 0, f2: 0 };
    const alg: Algorithm = { setup: [], predict: [nan], learn: [] };
    for (const mode of ['locals', 'array'] as const) {
      const kernel = compileTaskKernel(alg, layout, { mode });
      const m = layout.allocate();
      const X = Float64Array.from([1, 2, 3, 4, 5, 6]);
      const Y = Float64Array.from([1, 0, 1]);
      const errors = new Float64Array(3).fill(-7);
      expect(kernel.train(m, new Rng(1), X, Y, Int32Array.from([2, 0, 1]), 1, 3, 100, false, errors)).toBe(-1);
      expect([...errors]).toEqual([-7, -7, -7]);
      expect([...m.subarray(layout.offset('v', 0), layout.offset('v', 0) + 2)]).toEqual([1, 2]);
      expect(m[1]).toBeNaN();
      expect(kernel.train(m, new Rng(1), X, Y, Int32Array.from([2, 0, 1]), 1, 1, 100, false, errors)).toBe(0);
    }
  });
});
