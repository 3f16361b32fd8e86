/**
 * The executor (SPEC §4.2) on unit-test tasks with tiny hand-written
 * algorithms whose fitness, steps and recorded errors are computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { ErrorLog, execute, type ExecuteOptions } from '../../src/eval/executor';
import { makeRunner, type EngineName } from '../../src/eval/engine';
import { flipAndSquash } from '../../src/eval/fitness';
import { type Runner, interpreterRunner } from '../../src/eval/runner';
import type { Algorithm } from '../../src/ir/algorithm';
import { MemoryLayout } from '../../src/ir/memory';
import type { Task } from '../../src/tasks/task';
import { Rng } from '../../src/util/rng';
import {
  I, alg, buildOne, fixedSpec, increment, sAdd, sConst, sDiv, sExp, sLog, sMul, sSub, sigmoid, squash, taskSpec,
} from './helpers';

const SIZES = { scalars: 8, vectors: 4, matrices: 2 };
const ENGINES: EngineName[] = ['interpreter', 'dispatch', 'wasm', 'jit'];

interface Outcome {
  fitness: number;
  steps: number;
  trainErrors: number[];
  validErrors: number[];
}

/** Runs on every engine, checks they agree, returns the interpreter's outcome. */
function run(a: Algorithm, task: Task, opts: Partial<ExecuteOptions> = {}, record = true): Outcome {
  const layout = new MemoryLayout(task.F, SIZES);
  const outcomes = ENGINES.map((engine) => {
    const errors = new ErrorLog();
    const r = execute(makeRunner(engine, a, layout, 0), layout, task, new Rng(1), {
      numAllTrain: task.numTrainExamples * task.epochs.length,
      numValid: task.numValidExamples,
      maxAbsError: 100,
      ...(record ? { errors } : {}),
      ...opts,
    });
    return { fitness: r.fitness, steps: r.steps, trainErrors: errors.trainErrors(), validErrors: errors.validErrors() };
  });
  for (const o of outcomes.slice(1)) expect(o).toEqual(outcomes[0]);
  return outcomes[0]!;
}

describe('fitness helpers', () => {
  it('flipAndSquash is 1 − (2/π)·atan(r) and 0 for NaN/±Inf', () => {
    for (const r of [0, 1e-9, 0.5, 1, 3, 1e6, 1e300]) expect(flipAndSquash(r)).toBeCloseTo(squash(r), 15);
    expect(flipAndSquash(0)).toBe(1);
    expect(flipAndSquash(NaN)).toBe(0);
    expect(flipAndSquash(Infinity)).toBe(0);
    expect(flipAndSquash(-Infinity)).toBe(0);
  });
});

describe('executor: RMS tasks', () => {
  // Predict: s1 = s2 + s5 (s5 is always 0), Learn: s2 = s0 * s3 with s3 = 0.5 from Setup.
  // So each prediction is half the previous training label.
  const halfLast = alg([sConst(3, 0.5)], [sAdd(1, 2, 5)], [sMul(2, 0, 3)]);

  it('fitness = FlipAndSquash(RMS) on a hand-computed case, with recorded errors and steps', () => {
    const task = buildOne(fixedSpec({ train: [1, 2, 3], trainLabels: [2, 4, 6], valid: [0, 0, 0], validLabels: [1, 3, 4] }));
    const o = run(halfLast, task);
    // Train predictions 0, 1, 2 → errors 2, 3, 4; after training s2 = 3; valid errors 2, 0, 1.
    expect(o.trainErrors).toEqual([2, 3, 4]);
    expect(o.validErrors).toEqual([2, 0, 1]);
    expect(o.steps).toBe(3);
    expect(o.fitness).toBeCloseTo(squash(Math.sqrt(5 / 3)), 14);
    expect(o.fitness).toBe(flipAndSquash(Math.sqrt(5 / 3)));
  });

  it('afterSetup: memory as Setup left it is copied instead of running Setup, with the same outcome', () => {
    const task = buildOne(fixedSpec({ train: [1, 2, 3], trainLabels: [2, 4, 6], valid: [0, 0, 0], validLabels: [1, 3, 4] }));
    const layout = new MemoryLayout(task.F, SIZES);
    for (const engine of ENGINES) {
      const errors = new ErrorLog();
      const real = makeRunner(engine, halfLast, layout, 0);
      const afterSetup = layout.allocate();
      real.setup(afterSetup, new Rng(1));
      const kept = Float64Array.from(afterSetup);
      // A runner whose Setup would fail proves that Setup is not run.
      const runner: Runner = {
        setup: () => { throw new Error('Setup ran'); },
        train: (...args) => real.train(...args),
        validate: (...args) => real.validate(...args),
      };
      const r = execute(runner, layout, task, new Rng(1), {
        numAllTrain: 3, numValid: 3, maxAbsError: 100, errors, afterSetup,
      });
      expect(errors.trainErrors()).toEqual([2, 3, 4]);
      expect(errors.validErrors()).toEqual([2, 0, 1]);
      expect(r.fitness).toBe(flipAndSquash(Math.sqrt(5 / 3)));
      expect(afterSetup).toEqual(kept); // the given memory itself is left alone
    }
  });

  it('a perfect predictor scores exactly 1; a constant-zero predictor gets 1 − (2/π)atan(RMS of labels)', () => {
    const task = buildOne(taskSpec(increment(0.5), { featuresSize: 4, numTrainExamples: 10, numValidExamples: 6 }));
    // Predict s1 = mean(v0) = k·0.5 = label.
    const perfect = alg([], [I('VECTOR_MEAN_OP', { in1: 0, out: 1 })], []);
    expect(run(perfect, task).fitness).toBe(1);
    const zero = run(alg([], [], []), task);
    const labels = [0, 0.5, 1, 1.5, 2, 2.5];
    const rms = Math.sqrt(labels.reduce((s, y) => s + y * y, 0) / labels.length);
    expect(zero.fitness).toBeCloseTo(squash(rms), 14);
    expect(zero.validErrors).toEqual(labels);
  });

  it('early stop on NaN in the first epoch gives 0 and counts the failing step', () => {
    // Setup s2 = 1; Predict s1 = log(s2); Learn s2 = s0 + s4 (= label).
    // Labels 1, 2, -1, 5: predictions log 1, log 1, log 2, log(-1) = NaN at step 4.
    const a = alg([sConst(2, 1)], [sLog(1, 2)], [sAdd(2, 0, 4)]);
    const task = buildOne(fixedSpec({ train: [0, 0, 0, 0, 0, 0], trainLabels: [1, 2, -1, 5, 1, 1], valid: [0], validLabels: [0] }));
    const o = run(a, task, { maxAbsError: 1e300 });
    expect(o.fitness).toBe(0);
    expect(o.steps).toBe(4);
    expect(o.trainErrors).toEqual([1, 2, Math.abs(-1 - Math.log(2))]);
    expect(o.validErrors).toEqual([]); // no validation after a failed first epoch
  });

  it('early stop when |error| > max_abs_error in the first epoch; |error| == max is allowed', () => {
    const zero = alg([], [], []);
    const task = buildOne(fixedSpec({ train: [0, 0, 0, 0, 0], trainLabels: [1, 2, 100, 100.5, 3], valid: [0], validLabels: [0] }));
    const o = run(zero, task, { maxAbsError: 100 });
    expect(o.fitness).toBe(0);
    expect(o.steps).toBe(4);
    expect(o.trainErrors).toEqual([1, 2, 100]);
    // A larger bound lets it through: all 5 steps, then a perfect validation.
    const ok = run(zero, task, { maxAbsError: 1000 });
    expect(ok.steps).toBe(5);
    expect(ok.fitness).toBe(1);
    // An infinite prediction fails even with a huge bound.
    const inf = run(alg([sConst(2, 1)], [sDiv(1, 2, 3)], []), task, { maxAbsError: Number.MAX_VALUE });
    expect(inf).toMatchObject({ fitness: 0, steps: 1, trainErrors: [] });
  });

  it('a validation error above max_abs_error makes that epoch 0 (training itself is fine)', () => {
    const task = buildOne(fixedSpec({ train: [0, 0], trainLabels: [1, 1], valid: [0, 0, 0], validLabels: [1, 200, 1] }));
    const o = run(alg([], [], []), task);
    expect(o.fitness).toBe(0);
    expect(o.steps).toBe(2);
    expect(o.validErrors).toEqual([1]); // stopped at the second validation example
  });

  // Setup s3 = 1; Learn s2 = s2 + s3 (counts training steps); Predict s1 = exp(s2).
  const expCounter = alg([sConst(3, 1)], [sExp(1, 2)], [sAdd(2, 2, 3)]);

  it('failure in a later epoch keeps the best validation so far; in the first epoch it gives 0', () => {
    const task = buildOne(fixedSpec({ train: [0, 0, 0], trainLabels: [0, 0, 0], valid: [0, 0], validLabels: [20, 21] },
      { numTrainEpochs: 3 }));
    // Epoch 1 predictions e^0, e^1, e^2 (fine); validation predicts e^3.
    // Epoch 2 predictions e^3, e^4, e^5 = 148 > 100: stops on its third step.
    const e3 = Math.exp(3);
    const epoch1 = squash(Math.sqrt(((20 - e3) ** 2 + (21 - e3) ** 2) / 2));
    const o = run(expCounter, task);
    expect(o.steps).toBe(6);
    expect(o.fitness).toBeCloseTo(epoch1, 14);
    expect(o.fitness).toBeGreaterThan(0.5);
    expect(o.trainErrors).toEqual([1, Math.exp(1), Math.exp(2)]); // first epoch only
    expect(o.validErrors).toEqual([Math.abs(20 - e3), Math.abs(21 - e3)]);
    // With a bound of 5, e^2 fails already in the first epoch.
    expect(run(expCounter, task, { maxAbsError: 5 })).toMatchObject({ fitness: 0, steps: 3 });
  });

  // Setup s3 = 1; Learn s2 = s2 + s3; Predict s1 = s2 + s4 (the count of training steps so far).
  const counter = alg([sConst(3, 1)], [sAdd(1, 2, 4)], [sAdd(2, 2, 3)]);

  it('multi-epoch keeps the maximum validation fitness', () => {
    const make = (validLabel: number) => buildOne(fixedSpec(
      { train: [0, 0, 0], trainLabels: [0, 0, 0], valid: [0], validLabels: [validLabel] }, { numTrainEpochs: 3 }));
    // Validation after epochs 1, 2, 3 predicts 3, 6, 9.
    for (const label of [3, 6, 9]) {
      const o = run(counter, make(label));
      expect(o.fitness).toBe(1);
      expect(o.steps).toBe(9);
      expect(o.validErrors).toEqual([Math.abs(label - 3)]); // first epoch's validation only
    }
    // Best is the epoch closest to the label: 5 is 1 away from 6.
    expect(run(counter, make(5)).fitness).toBeCloseTo(squash(1), 14);
    expect(run(counter, make(100)).fitness).toBeCloseTo(squash(91), 14);
  });

  it('partial last epoch: numAllTrain = 5 with 3 examples per epoch trains 3 + 2 and validates twice', () => {
    const task = buildOne(fixedSpec({ train: [0, 0, 0], trainLabels: [0, 0, 0], valid: [0], validLabels: [5] }, { numTrainEpochs: 4 }));
    const o = run(counter, task, { numAllTrain: 5 });
    expect(o.steps).toBe(5);
    expect(o.fitness).toBe(1); // the partial epoch's validation predicts 5
    expect(run(counter, task, { numAllTrain: 4 }).fitness).toBeCloseTo(squash(1), 14);
  });

  it('validation-time Predict side effects persist into the next training epoch', () => {
    // Predict increments s2 and predicts it; no Learn. 2 train + 3 valid per epoch.
    const a = alg([sConst(3, 1)], [sAdd(2, 2, 3), sAdd(1, 2, 4)], []);
    const task = buildOne(fixedSpec({ train: [0, 0], trainLabels: [0, 0], valid: [0, 0, 0], validLabels: [8, 9, 10] }, { numTrainEpochs: 2 }));
    // Epoch 1: train 1, 2; valid 3, 4, 5. Epoch 2: train 6, 7; valid 8, 9, 10 (perfect).
    const o = run(a, task);
    expect(o.fitness).toBe(1);
    expect(o.trainErrors).toEqual([1, 2]);
    expect(o.validErrors).toEqual([5, 5, 5]);
  });

  it('numAllTrain = 0 gives 0 with no training and no validation', () => {
    const task = buildOne(fixedSpec({ train: [0, 0], trainLabels: [0, 0], valid: [0], validLabels: [0] }));
    const perfect = alg([], [], []);
    expect(run(perfect, task).fitness).toBe(1);
    const layout = new MemoryLayout(task.F, SIZES);
    const inner = interpreterRunner(perfect, layout);
    const calls = { setup: 0, train: 0, validate: 0 };
    const spy: Runner = {
      setup: (m, r) => { calls.setup++; inner.setup(m, r); },
      train: (...args) => { calls.train++; return inner.train(...args); },
      validate: (...args) => { calls.validate++; return inner.validate(...args); },
    };
    const errors = new ErrorLog();
    const r = execute(spy, layout, task, new Rng(1), { numAllTrain: 0, numValid: 1, maxAbsError: 100, errors });
    expect(r).toEqual({ fitness: 0, steps: 0 });
    expect(calls.train).toBe(0);
    expect(calls.validate).toBe(0);
    expect(errors.validErrors()).toEqual([]);
  });

  it('validation divides by the full validation size even when fewer examples are run', () => {
    const task = buildOne(fixedSpec({ train: [0, 0], trainLabels: [0, 0], valid: [0, 0, 0, 0], validLabels: [1, 2, 1000, 1000] }));
    const o = run(alg([], [], []), task, { numValid: 2, maxAbsError: 100 });
    expect(o.validErrors).toEqual([1, 2]);
    expect(o.fitness).toBeCloseTo(squash(Math.sqrt(5 / 4)), 14);
    expect(o.fitness).not.toBeCloseTo(squash(Math.sqrt(5 / 2)), 6);
    // numValid above the set size is clamped.
    const task2 = buildOne(fixedSpec({ train: [0, 0], trainLabels: [0, 0], valid: [0, 0], validLabels: [1, 2] }));
    expect(run(alg([], [], []), task2, { numValid: 50 }).validErrors).toEqual([1, 2]);
  });

  it('training only records errors for the requested prefix; numAllTrain below one epoch trains that many', () => {
    const task = buildOne(fixedSpec({ train: [1, 2, 3, 4], trainLabels: [2, 4, 6, 8], valid: [0], validLabels: [2] }));
    const o = run(halfLast, task, { numAllTrain: 2 });
    expect(o.steps).toBe(2);
    expect(o.trainErrors).toEqual([2, 3]);
    expect(o.fitness).toBe(1); // s2 = 0.5·4 = 2
  });
});

describe('executor: ACCURACY tasks', () => {
  it('writes sigmoid(s1) back into memory before Learn; validation uses 0/1 errors', () => {
    // Predict s1 = s2 + s5 (= s2); Learn s2 = s1 + s5 (copies what Learn sees in s1).
    const a = alg([], [sAdd(1, 2, 5)], [sAdd(2, 1, 5)]);
    const task = buildOne(fixedSpec({ train: [0, 0, 0], trainLabels: [1, 0, 1], valid: [0, 0, 0, 0], validLabels: [1, 1, 0, 1] },
      { evalType: 'ACCURACY' }));
    const o = run(a, task);
    const p1 = sigmoid(0);
    const p2 = sigmoid(p1);
    const p3 = sigmoid(p2);
    expect(o.trainErrors).toEqual([Math.abs(1 - p1), Math.abs(0 - p2), Math.abs(1 - p3)]);
    // s2 = p3 > 0, so validation predicts positive every time: one mistake in four.
    expect(o.validErrors).toEqual([0, 0, 1, 0]);
    expect(o.fitness).toBe(0.75);
    // Without the write-back s2 would stay 0, p = 0.5 (negative): fitness 0.25. The same program on RMS:
    const rms = run(a, buildOne(fixedSpec({ train: [0, 0, 0], trainLabels: [1, 0, 1], valid: [0], validLabels: [0] })));
    expect(rms.fitness).toBe(1);
  });

  it('validation does not write the sigmoid back; NaN logits count as negative without stopping', () => {
    // Setup s3 = 1, s4 = 3.5; Predict s2 += 1; s5 = s4 - s2; s1 = log(s5).
    // Training (3 steps) sees logs of 2.5, 1.5, 0.5; validation logs of negatives = NaN.
    const a = alg([sConst(3, 1), sConst(4, 3.5)], [sAdd(2, 2, 3), sSub(5, 4, 2), sLog(1, 5)], []);
    const task = buildOne(fixedSpec({ train: [0, 0, 0], trainLabels: [1, 1, 0], valid: [0, 0, 0], validLabels: [0, 1, 0] },
      { evalType: 'ACCURACY' }));
    const o = run(a, task);
    expect(o.steps).toBe(3);
    expect(o.trainErrors).toEqual([1 - sigmoid(Math.log(2.5)), 1 - sigmoid(Math.log(1.5)), sigmoid(Math.log(0.5))]);
    expect(o.validErrors).toEqual([0, 1, 0]);
    expect(o.fitness).toBeCloseTo(2 / 3, 15);
  });

  it('a prediction of exactly 0 (p = 0.5) counts as negative; labels above 0.5 are positive', () => {
    const task = buildOne(fixedSpec({ train: [0, 0], trainLabels: [0, 0], valid: [0, 0, 0, 0], validLabels: [0, 1, 0, 1] },
      { evalType: 'ACCURACY' }));
    expect(run(alg([], [], []), task).fitness).toBe(0.5);
    // s1 = +1e-9 logit: all positive.
    const pos = alg([sConst(2, 1e-9)], [sAdd(1, 2, 3)], []);
    expect(run(pos, task).validErrors).toEqual([1, 0, 1, 0]);
  });

  it('ACCURACY training cannot early-stop on a huge logit (the error is at most 1); RMS training does', () => {
    const a = alg([sConst(2, 1e6)], [sAdd(1, 2, 3)], []);
    const data = { train: [0, 0], trainLabels: [0, 0], valid: [0, 0], validLabels: [1, 1] };
    const o = run(a, buildOne(fixedSpec(data, { evalType: 'ACCURACY' })));
    expect(o.steps).toBe(2);
    expect(o.trainErrors).toEqual([1, 1]);
    expect(o.fitness).toBe(1);
    expect(run(a, buildOne(fixedSpec(data)))).toMatchObject({ fitness: 0, steps: 1, trainErrors: [] });
  });
});
