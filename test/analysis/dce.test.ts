/**
 * Whole-life liveness and dead-code removal (codegen/analysis.ts): the
 * simplified program must behave exactly like the original on every task
 * (fitness, steps, recorded FEC errors, random stream), with the reference
 * interpreter as the oracle; specific dead instructions must go; the
 * canonical key must ignore address names but not constants.
 */
import { describe, expect, it } from 'vitest';
import { Canonicalizer, canonicalKey, canonicalize, hasRandomOps, liveness, simplify } from '../../codegen/analysis';
import { interpreterRunner } from '../../src/eval/runner';
import type { Algorithm } from '../../src/ir/algorithm';
import { linearModel, neuralNet } from '../../src/ir/hand-designed';
import { type Instruction, NO_OP_INSTRUCTION } from '../../src/ir/instruction';
import { type MemorySizes, MemoryLayout } from '../../src/ir/memory';
import { OPS } from '../../src/ir/ops';
import { Generator } from '../../src/search/generator';
import { buildTasks } from '../../src/tasks/build';
import type { Task } from '../../src/tasks/task';
import { Rng } from '../../src/util/rng';
import {
  ALL_OPS, DEMO_OPS, DEMO_SIZES, I, LINEAR, NN, NN_SIZES, alg, fixedSpec, increment, listing, sAdd, sConst, sMul, sSub,
  type Outcome, mutatorFor, outcomeDifferences, outcomeOf, taskSpec,
} from '../eval/helpers';

/** The FEC-sized run these tests compare: 10 examples or as many as the task has. */
const fingerprintOf = (task: Task) => ({ train: Math.min(10, task.trainOrder.length), valid: Math.min(10, task.numValidExamples) });

function runOn(a: Algorithm, layout: MemoryLayout, task: Task, seed: number, fec: boolean): Outcome {
  return outcomeOf(interpreterRunner(a, layout), layout, task, seed, fec ? fingerprintOf(task) : null);
}

function expectEquivalent(a: Algorithm, sizes: MemorySizes, tasks: readonly Task[], seed: number): { nonzero: number } {
  const s = simplify(a);
  let nonzero = 0;
  for (const task of tasks) {
    const layout = new MemoryLayout(task.F, sizes);
    for (const fec of [true, false]) {
      const x = runOn(a, layout, task, seed, fec);
      const y = runOn(s, layout, task, seed, fec);
      const problems = outcomeDifferences(y, x);
      if (problems.length > 0) {
        throw new Error(`simplify changed behaviour on task ${task.index} (${task.kind} ${task.evalType}, ${fec ? 'FEC' : 'full'}): `
          + `${problems.join('; ')}\noriginal:\n${listing(a)}\nsimplified:\n${listing(s)}`);
      }
      if (x.fitness > 0) nonzero++;
    }
  }
  return { nonzero };
}

function tasksFor(F: number): Task[] {
  const rng = new Rng(17 * F);
  const row = () => Array.from({ length: F }, () => rng.gaussian(0, 1));
  const specs = [
    taskSpec(LINEAR, { featuresSize: F, numTrainExamples: 15, numValidExamples: 10, numTrainEpochs: 3, dataSeeds: [5], paramSeeds: [6] }),
    taskSpec(increment(0.1), { featuresSize: F, numTrainExamples: 10, numValidExamples: 5, numTrainEpochs: 2 }),
    taskSpec({
      kind: 'unit_test_fixed_task',
      trainFeatures: Array.from({ length: 12 }, row), trainLabels: Array.from({ length: 12 }, () => rng.uniformInt(0, 2)),
      validFeatures: Array.from({ length: 8 }, row), validLabels: Array.from({ length: 8 }, () => rng.uniformInt(0, 2)),
    }, { featuresSize: F, numTrainExamples: 12, numValidExamples: 8, numTrainEpochs: 2, evalType: 'ACCURACY' }),
  ];
  if (F >= 4) specs.push(taskSpec(NN, { featuresSize: F, numTrainExamples: 12, numValidExamples: 6, numTrainEpochs: 2 }));
  return buildTasks({ tasks: specs });
}

describe('simplify preserves behaviour (interpreter oracle)', () => {
  it('RANDOM-style programs on the demo op set, plus mutants (linear, increment, ACCURACY, multi-epoch)', () => {
    const rng = new Rng(4242);
    const mutator = mutatorFor(DEMO_OPS, DEMO_SIZES, rng);
    const gen = new Generator('RANDOM_ALGORITHM', { setup: 10, predict: 2, learn: 8 }, mutator);
    const tasks = tasksFor(4);
    let removed = 0;
    let nonzero = 0;
    for (let p = 0; p < 150; p++) {
      let a = gen.initModel();
      for (let k = rng.uniformInt(0, 4); k > 0; k--) a = mutator.mutate(a, 1);
      nonzero += expectEquivalent(a, DEMO_SIZES, tasks, p).nonzero;
      const s = simplify(a);
      removed += a.setup.length + a.predict.length + a.learn.length - (s.setup.length + s.predict.length + s.learn.length);
    }
    expect(removed).toBeGreaterThan(150); // most random programs have dead code
    expect(nonzero).toBeGreaterThan(50);
  });

  it('the hand-designed models with random dead code inserted keep their behaviour', () => {
    const rng = new Rng(77);
    const mutator = mutatorFor(DEMO_OPS, DEMO_SIZES, rng);
    const tasks = tasksFor(4);
    let learned = 0;
    for (let p = 0; p < 40; p++) {
      let a: Algorithm = linearModel(0.05);
      for (let k = 0; k < 3; k++) a = mutator.mutate(a, 1);
      const r = expectEquivalent(a, DEMO_SIZES, tasks, p);
      if (r.nonzero > 0) learned++;
    }
    expect(learned).toBeGreaterThan(10);
  });

  for (const F of [2, 4, 8]) {
    it(`programs over all 65 ops (random ops included), F = ${F}`, () => {
      const rng = new Rng(900 + F);
      const tasks = tasksFor(F);
      let nonzero = 0;
      let removed = 0;
      let kept = 0;
      for (let p = 0; p < 150; p++) {
        const sizes: MemorySizes = { scalars: rng.uniformInt(3, 8), vectors: rng.uniformInt(2, 5), matrices: rng.uniformInt(1, 3) };
        const mutator = mutatorFor(ALL_OPS, sizes, rng);
        const r = mutator.randomizer;
        const list = (n: number) => Array.from({ length: n }, () => mutator.randomInstruction('predict'));
        let a: Algorithm = { setup: list(rng.uniformInt(0, 8)), predict: list(rng.uniformInt(1, 8)), learn: list(rng.uniformInt(0, 9)) };
        if (p % 3 === 0) a = { ...a, setup: [...a.setup, r.instruction(OPS.findIndex((o) => o.name === 'SCALAR_GAUSSIAN_SET_OP'))] };
        nonzero += expectEquivalent(a, sizes, tasks, p).nonzero;
        const n = simplify(a);
        const size = (x: Algorithm) => x.setup.length + x.predict.length + x.learn.length;
        removed += size(a) - size(n);
        kept += size(n);
      }
      expect(nonzero).toBeGreaterThan(30);
      expect(removed).toBeGreaterThan(100);
      expect(kept).toBeGreaterThan(100);
    });
  }

  it('dense aliasing: tiny memories, long programs of well-behaved ops', () => {
    const names = ['SCALAR_SUM_OP', 'SCALAR_DIFF_OP', 'SCALAR_PRODUCT_OP', 'SCALAR_CONST_SET_OP', 'SCALAR_ABS_OP', 'SCALAR_MIN_OP',
      'SCALAR_MAX_OP', 'SCALAR_HEAVYSIDE_OP', 'VECTOR_SUM_OP', 'VECTOR_DIFF_OP', 'VECTOR_CONST_SET_OP', 'VECTOR_INNER_PRODUCT_OP',
      'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_MEAN_OP', 'VECTOR_MAX_OP', 'MATRIX_VECTOR_PRODUCT_OP', 'VECTOR_OUTER_PRODUCT_OP',
      'MATRIX_CONST_SET_OP', 'MATRIX_SUM_OP', 'MATRIX_TRANSPOSE_OP', 'MATRIX_MEAN_OP', 'SCALAR_BROADCAST_OP'];
    const ops = names.filter((n) => OPS.some((o) => o.name === n)).map((n) => OPS.findIndex((o) => o.name === n));
    const rng = new Rng(31337);
    const tasks = tasksFor(2);
    let nonzero = 0;
    for (let p = 0; p < 250; p++) {
      const sizes: MemorySizes = { scalars: rng.uniformInt(3, 5), vectors: rng.uniformInt(2, 4), matrices: 1 };
      const mutator = mutatorFor(ops, sizes, rng);
      const list = (n: number) => Array.from({ length: n }, () => mutator.randomInstruction('learn'));
      const a: Algorithm = { setup: list(rng.uniformInt(0, 6)), predict: list(rng.uniformInt(1, 10)), learn: list(rng.uniformInt(0, 12)) };
      nonzero += expectEquivalent(a, sizes, tasks, p).nonzero;
    }
    expect(nonzero).toBeGreaterThan(200);
  });

  it('NeuralNet with dead code keeps its behaviour on the NN task', () => {
    const rng = new Rng(5);
    const mutator = mutatorFor(ALL_OPS.filter((id) => !OPS[id]!.random), NN_SIZES, rng);
    const tasks = buildTasks({ tasks: [taskSpec(NN, { numTrainExamples: 40, numValidExamples: 10, numTrainEpochs: 2 })] });
    for (let p = 0; p < 20; p++) {
      let a: Algorithm = neuralNet(0.01, 0.1, 0.1);
      for (let k = 0; k < 2; k++) a = mutator.mutate(a, 1);
      expectEquivalent(a, NN_SIZES, tasks, p);
    }
  });
});

describe('liveness on hand-written cases', () => {
  const count = (a: Algorithm) => a.setup.length + a.predict.length + a.learn.length;

  it('LinearModel and NeuralNet are fully live; their NO_OP padding is not', () => {
    for (const a of [linearModel(0.01), neuralNet(0.01, 0.1, 0.1)]) {
      const live = liveness(a);
      expect(live.setup.every(Boolean)).toBe(true);
      expect(live.predict.every(Boolean)).toBe(true);
      expect(live.learn.every(Boolean)).toBe(true);
      expect(simplify(a)).toEqual(a);
      const padded: Algorithm = { setup: [...a.setup, NO_OP_INSTRUCTION], predict: [NO_OP_INSTRUCTION, ...a.predict], learn: [...a.learn, NO_OP_INSTRUCTION] };
      expect(simplify(padded)).toEqual(a);
    }
  });

  const dot = I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 });

  it('a write to s3 that is never read is dropped', () => {
    const a = alg([], [sAdd(3, 2, 2), dot], []);
    expect(liveness(a).predict).toEqual([false, true]);
    expect(simplify(a)).toEqual(alg([], [dot], []));
  });

  it('a write overwritten before any read is dropped', () => {
    const a = alg([sConst(2, 1)], [sAdd(1, 2, 2), dot], []);
    expect(liveness(a).predict).toEqual([false, true]);
    expect(liveness(a).setup).toEqual([false]); // s2 is then read by nothing live
    expect(count(simplify(a))).toBe(1);
    // Setup write overwritten in Predict before it is read.
    const b = alg([sConst(2, 0.5)], [sConst(2, 3), sAdd(1, 2, 2)], []);
    expect(liveness(b).setup).toEqual([false]);
    expect(liveness(b).predict).toEqual([true, true]);
  });

  it('a Learn write read only by a dead instruction is dropped, transitively', () => {
    // s3 = s0 - s1 (read only by the next line); s2 = s3 * s3 (never read by Predict).
    const a = alg([], [dot], [sSub(3, 0, 1), sMul(2, 3, 3)]);
    expect(liveness(a).learn).toEqual([false, false]);
    // A Learn accumulator never read by Predict is dead even though it is read by Learn itself.
    const b = alg([], [dot], [sAdd(3, 3, 0)]);
    expect(liveness(b).learn).toEqual([false]);
  });

  it('writes reaching the prediction through Learn → next Predict, or through Predict → Learn, are live', () => {
    const lm = linearModel(0.01);
    // Remove the weight update: the whole Learn and Setup become dead.
    const noUpdate = alg(lm.setup.slice(), lm.predict.slice(), lm.learn.slice(0, 3));
    expect(liveness(noUpdate).learn).toEqual([false, false, false]);
    expect(liveness(noUpdate).setup).toEqual([false]);
    // Predict writes s3 that only Learn reads, and Learn feeds v1 back to Predict.
    const viaLearn = alg([], [sAdd(3, 1, 1), dot], [I('SCALAR_VECTOR_PRODUCT_OP', { in1: 3, in2: 0, out: 1 })]);
    expect(liveness(viaLearn).predict).toEqual([true, true]);
    expect(liveness(viaLearn).learn).toEqual([true]);
  });

  it('inputs written by the executor (v0, s0) make earlier writes to them dead', () => {
    const a = alg([I('SCALAR_BROADCAST_OP', { in1: 2, out: 0 }), sConst(0, 5)], [dot], [sConst(0, 1), I('SCALAR_BROADCAST_OP', { in1: 2, out: 0 })]);
    const live = liveness(a);
    expect(live.setup).toEqual([false, false]);
    expect(live.learn).toEqual([false, false]);
  });

  it('a validation-time Predict side effect feeding the next Predict is live', () => {
    // Predict: s2 = s2 + s3; s1 = s2 + s4. Setup: s3 = 1.
    const a = alg([sConst(3, 1)], [sAdd(2, 2, 3), sAdd(1, 2, 4)], []);
    expect(liveness(a)).toEqual({ setup: [true], predict: [true, true], learn: [] });
  });

  it('a partial write (ops 57/58) does not kill the earlier full write', () => {
    const a = alg(
      [sConst(2, 3), I('SCALAR_BROADCAST_OP', { in1: 2, out: 1 }), I('VECTOR_CONST_SET_OP', { out: 1, f0: 0, f1: 5 })],
      [dot], []);
    expect(liveness(a).setup).toEqual([true, true, true]);
    const m = alg(
      [sConst(2, 3), I('VECTOR_COLUMN_BROADCAST_OP', { in1: 1, out: 0 }), I('MATRIX_CONST_SET_OP', { out: 0, f0: 0.5, f1: 0.5, f2: 2 })],
      [I('MATRIX_VECTOR_PRODUCT_OP', { in1: 0, in2: 0, out: 2 }), I('VECTOR_MEAN_OP', { in1: 2, out: 1 })], []);
    expect(liveness(m).setup).toEqual([false, true, true]); // v1 is never written: s2 is dead
  });

  it('random ops are always kept, even when their output is never read', () => {
    const a = alg(
      [I('SCALAR_GAUSSIAN_SET_OP', { out: 4, f0: 0, f1: 1 }), I('MATRIX_UNIFORM_SET_OP', { out: 1, f0: -1, f1: 1 })],
      [dot, I('VECTOR_UNIFORM_SET_OP', { out: 2, f0: 0, f1: 1 })],
      [I('SCALAR_UNIFORM_SET_OP', { out: 3, f0: 1, f1: 0 }), sAdd(5, 3, 3)]);
    const live = liveness(a);
    expect(live).toEqual({ setup: [true, true], predict: [true, true], learn: [true, false] });
    expect(hasRandomOps(simplify(a))).toBe(true);
    expect(hasRandomOps(simplify(alg([], [dot], [sAdd(5, 3, 3)])))).toBe(false);
  });

  it('an empty algorithm and an all-NO_OP algorithm simplify to empty', () => {
    expect(simplify(alg([], [], []))).toEqual(alg([], [], []));
    expect(simplify(alg([NO_OP_INSTRUCTION], [NO_OP_INSTRUCTION, NO_OP_INSTRUCTION], [NO_OP_INSTRUCTION]))).toEqual(alg([], [], []));
  });

  it('a predict that reads s1 before writing it keeps the Learn write to s1', () => {
    // Predict s1 = s1 + s2 (accumulates), Learn s1 = s0 * s3: Learn's s1 reaches the next prediction.
    const a = alg([sConst(2, 1), sConst(3, 0.5)], [sAdd(1, 1, 2)], [sMul(1, 0, 3)]);
    expect(liveness(a)).toEqual({ setup: [true, true], predict: [true], learn: [true] });
    const tasks = buildTasks({ tasks: [fixedSpec({ train: [0, 0, 0], trainLabels: [1, 2, 3], valid: [0], validLabels: [2.5] })] });
    expectEquivalent(a, { scalars: 4, vectors: 2, matrices: 0 }, tasks, 1);
  });
});

describe('canonicalKey', () => {
  const lm = linearModel(0.01);
  const rename = (ins: Instruction, map: { s?: Record<number, number>; v?: Record<number, number> }): Instruction => {
    const op = OPS[ins.op]!;
    const f = (kind: 's' | 'v' | 'm' | null, x: number) => (kind && kind !== 'm' && map[kind]?.[x] !== undefined ? map[kind]![x]! : x);
    return { ...ins, in1: f(op.in1, ins.in1), in2: f(op.in2, ins.in2), out: f(op.out, ins.out) };
  };
  const renamed = (a: Algorithm, map: { s?: Record<number, number>; v?: Record<number, number> }): Algorithm => ({
    setup: a.setup.map((i) => rename(i, map)), predict: a.predict.map((i) => rename(i, map)), learn: a.learn.map((i) => rename(i, map)),
  });

  it('is equal under renaming of non-reserved addresses', () => {
    const b = renamed(lm, { s: { 2: 3, 3: 2 }, v: { 1: 2, 2: 1 } });
    expect(b).not.toEqual(lm);
    expect(canonicalKey(simplify(b))).toBe(canonicalKey(simplify(lm)));
    const c = renamed(lm, { s: { 2: 7, 3: 9 }, v: { 1: 5, 2: 4 } });
    expect(canonicalKey(simplify(c))).toBe(canonicalKey(simplify(lm)));
  });

  it('is equal when only dead code differs', () => {
    // Predict: s3 = 9 (overwritten in Learn before any read); Learn: s3 = s3 + s3 (likewise), v2 = s2 * v1 at the end.
    const withDead: Algorithm = {
      setup: [...lm.setup, NO_OP_INSTRUCTION],
      predict: [sConst(3, 9), ...lm.predict],
      learn: [sAdd(3, 3, 3), ...lm.learn, I('SCALAR_VECTOR_PRODUCT_OP', { in1: 2, in2: 1, out: 2 })],
    };
    expect(simplify(withDead)).toEqual(lm);
    expect(canonicalKey(simplify(withDead))).toBe(canonicalKey(simplify(lm)));
  });

  it('differs when a constant changes, even slightly, or in sign of zero', () => {
    expect(canonicalKey(simplify(linearModel(0.02)))).not.toBe(canonicalKey(simplify(lm)));
    expect(canonicalKey(simplify(linearModel(0.01 + 1e-15)))).not.toBe(canonicalKey(simplify(lm)));
    expect(canonicalKey(simplify(linearModel(0)))).not.toBe(canonicalKey(simplify(linearModel(-0))));
  });

  it('differs when a reserved address is renamed, operands swap, or instructions move between components', () => {
    const key = canonicalKey(simplify(lm));
    // s1 (prediction) renamed to s3 in Predict only.
    expect(canonicalKey(alg(lm.setup.slice(), [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 3 })], lm.learn.slice()))).not.toBe(key);
    // s0 - s1 → s1 - s0
    const swapped = alg(lm.setup.slice(), lm.predict.slice(), [sSub(3, 1, 0), ...lm.learn.slice(1)]);
    expect(canonicalKey(swapped)).not.toBe(key);
    // Setup moved to the start of Predict.
    expect(canonicalKey(alg([], [...lm.setup, ...lm.predict], lm.learn.slice()))).not.toBe(key);
  });

  it('distinguishes index fractions and random-op parameters', () => {
    const v = (f0: number) => canonicalKey(alg([I('VECTOR_CONST_SET_OP', { out: 1, f0, f1: 1 })], [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })], []));
    expect(v(0.1)).not.toBe(v(0.6));
    const g = (sd: number) => canonicalKey(alg([I('VECTOR_GAUSSIAN_SET_OP', { out: 1, f0: 0, f1: sd })], [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })], []));
    expect(g(0.1)).not.toBe(g(0.2));
    expect(g(0.1)).toBe(g(0.1));
  });
});

describe('canonical form', () => {
  it('is the simplified program renamed: same ops and constants in order, as a program and as code', () => {
    const rng = new Rng(99);
    const mutator = mutatorFor(ALL_OPS, DEMO_SIZES, rng);
    const gen = new Generator('RANDOM_ALGORITHM', { setup: 6, predict: 4, learn: 8 }, mutator);
    for (let p = 0; p < 300; p++) {
      const a = mutator.mutate(gen.initModel(), 1);
      const s = simplify(a);
      const c = canonicalize(a);
      expect(c.program.setup.map((i) => [i.op, i.activation, i.f0, i.f1, i.f2])).toEqual(s.setup.map((i) => [i.op, i.activation, i.f0, i.f1, i.f2]));
      expect(c.program.predict.map((i) => i.op)).toEqual(s.predict.map((i) => i.op));
      expect(c.program.learn.map((i) => i.op)).toEqual(s.learn.map((i) => i.op));
      expect(c.random).toBe(hasRandomOps(s));
      expect(c.code.length).toBe(4 * (s.setup.length + s.predict.length + s.learn.length));
      // Canonicalizing the canonical program changes nothing.
      expect(canonicalize(c.program).key).toEqual(c.key);
      expect(canonicalize(c.program).program).toEqual(c.program);
    }
  });

  it('a reused canonicalizer, told the memory sizes or not, gives the same results as fresh arrays', () => {
    const rng = new Rng(5);
    const mutator = mutatorFor(ALL_OPS, DEMO_SIZES, rng);
    const gen = new Generator('RANDOM_ALGORITHM', { setup: 3, predict: 30, learn: 40 }, mutator);
    // Too small for the programs below: the canonicalizer must notice and size its bit sets by the addresses used.
    const tooSmall = { scalars: 2, vectors: 1, matrices: 0 };
    const reused = [new Canonicalizer(), new Canonicalizer(DEMO_SIZES), new Canonicalizer(tooSmall)];
    for (let p = 0; p < 600; p++) {
      const a = p % 7 === 0 ? linearModel(0.01) : mutator.mutate(gen.initModel(), 1);
      const fresh = canonicalize(a);
      const view = reused[p % 3]!.run(a);
      expect(view.key).toEqual(fresh.key);
      expect(view.shapeKey).toEqual(fresh.shapeKey);
      expect(view.program).toEqual(fresh.program);
      expect(Array.from(view.code.subarray(0, fresh.code.length))).toEqual(Array.from(fresh.code));
    }
  });

  it('shape keys ignore constants but not element indexes; full keys see both', () => {
    const withRate = (lr: number) => canonicalize(linearModel(lr));
    expect(withRate(0.01).shapeKey).toEqual(withRate(0.5).shapeKey);
    expect(withRate(0.01).key).not.toEqual(withRate(0.5).key);
    const element = (f0: number) => canonicalize(alg([], [I('VECTOR_CONST_SET_OP', { out: 1, f0, f1: 1 }), I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })], []));
    expect(element(0.1).shapeKey).not.toEqual(element(0.6).shapeKey);
  });
});


describe('live sets carried across an edit (Canonicalizer.liveSetsAfter)', () => {
  it('an edit it accepts keeps the canonical form, and the sets it carries are those of the edited program', () => {
    // Small programs, and programs longer than the analysis' first buffers (256 instructions).
    const cases = [
      { ops: DEMO_OPS, seed: 31, sizes: { setup: 6, predict: 3, learn: 6 }, programs: 3000 },
      { ops: ALL_OPS, seed: 32, sizes: { setup: 6, predict: 3, learn: 6 }, programs: 3000 },
      { ops: DEMO_OPS, seed: 33, sizes: { setup: 90, predict: 80, learn: 90 }, programs: 600 },
    ];
    for (const { ops, seed, sizes, programs } of cases) {
      const rng = new Rng(seed);
      const mutator = mutatorFor(ops, DEMO_SIZES, rng);
      const gen = new Generator('RANDOM_ALGORITHM', sizes, mutator);
      const canonicalizer = new Canonicalizer(DEMO_SIZES);
      const accepted = new Map<string, number>();
      let rejected = 0;
      for (let p = 0; p < programs; p++) {
        let parent = gen.initModel();
        for (let k = rng.uniformInt(0, 3); k > 0; k--) parent = mutator.mutate(parent, 1);
        const parentKey = canonicalizer.run(parent).key;
        const sets = canonicalizer.liveSets()!;
        const child = mutator.mutate(parent, 1);
        const carried = canonicalizer.liveSetsAfter(sets, mutator.edit);
        if (carried === null) {
          rejected++;
          continue;
        }
        accepted.set(mutator.edit.kind, (accepted.get(mutator.edit.kind) ?? 0) + 1);
        expect(canonicalizer.run(child).key).toEqual(parentKey);
        expect(canonicalizer.liveSets()).toEqual(carried);
      }
      for (const kind of ['replace', 'insert', 'remove']) expect(accepted.get(kind) ?? 0).toBeGreaterThan(programs / 60);
      expect(rejected).toBeGreaterThan(programs / 60);
    }
  });

  it('the same code keeps its sets; other edits, unknown or too many cells, or another analysis since give none', () => {
    const a = linearModel(0.01);
    const canonicalizer = new Canonicalizer(DEMO_SIZES);
    canonicalizer.run(a);
    const sets = canonicalizer.liveSets()!;
    expect(sets.bits.length).toBe(a.setup.length + a.predict.length + a.learn.length + 3);
    const edit = { component: 'learn', index: 0, removed: null, added: null } as const;
    expect(canonicalizer.liveSetsAfter(sets, { ...edit, kind: 'same' })).toBe(sets);
    expect(canonicalizer.liveSetsAfter(sets, { ...edit, kind: 'other' })).toBeNull();
    canonicalize(neuralNet(0.01, 0.1, 0.1));
    expect(canonicalizer.liveSets()).toBeNull();
    const wide = new Canonicalizer({ scalars: 20, vectors: 10, matrices: 5 });
    wide.run(a);
    expect(wide.liveSets()).toBeNull();
    const unsized = new Canonicalizer();
    unsized.run(a);
    expect(unsized.liveSets()).toBeNull();
  });
});
