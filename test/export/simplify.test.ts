/**
 * Simplification for people (codegen/explain.ts, codegen/fold.ts): the
 * simplified program (constants folded, dead code dropped) and its canonical
 * form behave exactly like the original on random tasks, with the reference
 * interpreter as the oracle, for hand-designed, random and mutated programs;
 * folding is exact and conservative; every dropped instruction gets the right reason.
 */
import { describe, expect, it } from 'vitest';
import { explainSimplification, memoryAccess, cellName } from '../../codegen/explain';
import { foldConstants } from '../../codegen/fold';
import { interpreterRunner } from '../../src/eval/runner';
import type { Algorithm } from '../../src/ir/algorithm';
import { linearModel, neuralNet } from '../../src/ir/hand-designed';
import { NO_OP_INSTRUCTION } from '../../src/ir/instruction';
import { type MemorySizes, MemoryLayout } from '../../src/ir/memory';
import { OPS } from '../../src/ir/ops';
import { Generator } from '../../src/search/generator';
import { buildTasks } from '../../src/tasks/build';
import type { Task } from '../../src/tasks/task';
import { Rng } from '../../src/util/rng';
import {
  ALL_OPS, DEMO_OPS, DEMO_SIZES, I, LINEAR, NN, NN_SIZES, alg, increment, listing, opId, sAdd, sConst, sDiv, sExp, sMul, sSub,
  type Outcome, mutatorFor, outcomeDifferences, outcomeOf, taskSpec,
} from '../eval/helpers';

function runOn(a: Algorithm, layout: MemoryLayout, task: Task, seed: number, fec: boolean): Outcome {
  const fingerprint = { train: Math.min(10, task.trainOrder.length), valid: Math.min(10, task.numValidExamples) };
  return outcomeOf(interpreterRunner(a, layout), layout, task, seed, fec ? fingerprint : null);
}

/** Checks the simplified and canonical programs against the original; returns how many runs scored > 0. */
function expectEquivalent(a: Algorithm, sizes: MemorySizes, tasks: readonly Task[], seed: number): number {
  const report = explainSimplification(a);
  let nonzero = 0;
  for (const task of tasks) {
    const layout = new MemoryLayout(task.F, sizes);
    for (const fec of [true, false]) {
      const x = runOn(a, layout, task, seed, fec);
      for (const [what, b] of [['simplified', report.simplified], ['canonical', report.canonical]] as const) {
        const y = runOn(b, layout, task, seed, fec);
        const problems = outcomeDifferences(y, x);
        if (problems.length > 0) {
          throw new Error(`${what} program behaves differently on task ${task.index} (${task.kind} ${task.evalType}, ${fec ? 'FEC' : 'full'}): `
            + `${problems.join('; ')}\noriginal:\n${listing(a)}\n${what}:\n${listing(b)}`);
        }
      }
      if (x.fitness > 0) nonzero++;
    }
  }
  return nonzero;
}

function tasksFor(F: number): Task[] {
  const rng = new Rng(31 * F);
  const row = () => Array.from({ length: F }, () => rng.gaussian(0, 1));
  const specs = [
    taskSpec(LINEAR, { featuresSize: F, numTrainExamples: 12, numValidExamples: 8, numTrainEpochs: 2, dataSeeds: [3], paramSeeds: [4] }),
    taskSpec(increment(0.1), { featuresSize: F, numTrainExamples: 10, numValidExamples: 5, numTrainEpochs: 2 }),
    taskSpec({
      kind: 'unit_test_fixed_task',
      trainFeatures: Array.from({ length: 10 }, row), trainLabels: Array.from({ length: 10 }, () => rng.uniformInt(0, 2)),
      validFeatures: Array.from({ length: 6 }, row), validLabels: Array.from({ length: 6 }, () => rng.uniformInt(0, 2)),
    }, { featuresSize: F, numTrainExamples: 10, numValidExamples: 6, numTrainEpochs: 2, evalType: 'ACCURACY' }),
  ];
  if (F >= 4) specs.push(taskSpec(NN, { featuresSize: F, numTrainExamples: 10, numValidExamples: 5, numTrainEpochs: 2 }));
  return buildTasks({ tasks: specs });
}

const SCALAR_HEAVY = [
  'SCALAR_CONST_SET_OP', 'SCALAR_CONST_SET_OP', 'SCALAR_CONST_SET_OP', 'SCALAR_SUM_OP', 'SCALAR_DIFF_OP', 'SCALAR_PRODUCT_OP',
  'SCALAR_DIVISION_OP', 'SCALAR_ABS_OP', 'SCALAR_RECIPROCAL_OP', 'SCALAR_HEAVYSIDE_OP', 'SCALAR_MIN_OP', 'SCALAR_MAX_OP',
  'SCALAR_EXP_OP', 'SCALAR_SIN_OP', 'VECTOR_INNER_PRODUCT_OP', 'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_SUM_OP', 'VECTOR_MEAN_OP',
  'SCALAR_BROADCAST_OP', 'SCALAR_GAUSSIAN_SET_OP',
].map(opId);

describe('the simplified program behaves exactly like the original (interpreter oracle)', () => {
  it('hand-designed models, as written and padded, with dead code and with mutations', () => {
    const rng = new Rng(11);
    const mutator = mutatorFor(DEMO_OPS, NN_SIZES, rng);
    const tasks = tasksFor(4);
    let learned = 0;
    for (const base of [linearModel(0.01), neuralNet(0.01, 0.1, 0.1)]) {
      expect(explainSimplification(base).simplified).toEqual(base);
      learned += expectEquivalent(base, NN_SIZES, tasks, 1);
      for (let p = 0; p < 12; p++) {
        let a = base;
        for (let k = 0; k < 3; k++) a = mutator.mutate(a, 1);
        learned += expectEquivalent(a, NN_SIZES, tasks, p);
      }
    }
    expect(learned).toBeGreaterThan(20);
  });

  it('random programs on the demo op set, and their mutants', () => {
    const rng = new Rng(2024);
    const mutator = mutatorFor(DEMO_OPS, DEMO_SIZES, rng);
    const gen = new Generator('RANDOM_ALGORITHM', { setup: 8, predict: 3, learn: 8 }, mutator);
    const tasks = tasksFor(4);
    let dropped = 0;
    let folded = 0;
    for (let p = 0; p < 60; p++) {
      let a = gen.initModel();
      for (let k = rng.uniformInt(0, 4); k > 0; k--) a = mutator.mutate(a, 1);
      expectEquivalent(a, DEMO_SIZES, tasks, p);
      const c = explainSimplification(a).counts;
      dropped += c.dropped;
      folded += c.folded;
    }
    expect(dropped).toBeGreaterThan(100);
    expect(folded).toBeGreaterThan(0);
  });

  it('scalar-heavy random programs: many folds, still exact', () => {
    const rng = new Rng(77);
    const tasks = tasksFor(2);
    let folded = 0;
    for (let p = 0; p < 120; p++) {
      const sizes: MemorySizes = { scalars: rng.uniformInt(3, 7), vectors: rng.uniformInt(2, 4), matrices: 0 };
      const mutator = mutatorFor(SCALAR_HEAVY, sizes, rng);
      const list = (n: number) => Array.from({ length: n }, () => mutator.randomInstruction('setup'));
      let a: Algorithm = { setup: list(rng.uniformInt(0, 7)), predict: list(rng.uniformInt(1, 7)), learn: list(rng.uniformInt(0, 6)) };
      if (p % 2 === 0) a = mutator.mutate(a, 2);
      expectEquivalent(a, sizes, tasks, p);
      folded += explainSimplification(a).counts.folded;
    }
    expect(folded).toBeGreaterThan(25);
  });

  for (const F of [2, 8]) {
    it(`programs over all 65 ops (random ops included), F = ${F}`, () => {
      const rng = new Rng(500 + F);
      const tasks = tasksFor(F);
      for (let p = 0; p < 50; p++) {
        const sizes: MemorySizes = { scalars: rng.uniformInt(3, 7), vectors: rng.uniformInt(2, 5), matrices: rng.uniformInt(1, 3) };
        const mutator = mutatorFor(ALL_OPS, sizes, rng);
        const list = (n: number) => Array.from({ length: n }, () => mutator.randomInstruction('predict'));
        const a: Algorithm = { setup: list(rng.uniformInt(0, 7)), predict: list(rng.uniformInt(1, 7)), learn: list(rng.uniformInt(0, 8)) };
        expectEquivalent(a, sizes, tasks, p);
      }
    });
  }
});

describe('constant folding', () => {
  const dot = I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 });
  const folds = (a: Algorithm) => foldConstants(a).folded;

  it('folds exact scalar ops on constants set in Setup, bit for bit', () => {
    const a = alg([sConst(2, 0.1), sConst(3, 0.2)], [sAdd(4, 2, 3), sMul(1, 4, 4)], []);
    const f = folds(a);
    expect(f.predict[0]?.activation).toBe(0.1 + 0.2);
    expect(f.predict[1]?.activation).toBe((0.1 + 0.2) * (0.1 + 0.2));
    const r = explainSimplification(a);
    // s4 is then read by nothing that is kept, and Setup's constants only by dropped or folded instructions.
    expect(r.simplified).toEqual(alg([], [sConst(1, (0.1 + 0.2) * (0.1 + 0.2))], []));
    expect(r.instructions.predict.map((x) => x.reason ?? x.fate)).toEqual(['no-path', 'folded']);
    expect(r.instructions.predict[0]!.detail).toBe('s4 is read only by instructions folded into constants (Predict 2): no path to the prediction');
    expect(r.instructions.setup.map((x) => x.reason)).toEqual(['no-path', 'no-path']);
    expect(r.instructions.setup[0]!.detail).toMatch(/read only by dropped instructions \(Predict 1\)/);
  });

  it('keeps -0, NaN and Infinity exact', () => {
    const a = alg([sConst(2, -0), sConst(3, 0)], [sMul(4, 2, 3), sDiv(5, 3, 3), sDiv(6, 2, 4), sAdd(1, 4, 5)], []);
    const f = folds(a);
    expect(Object.is(f.predict[0]?.activation, -0)).toBe(true);
    expect(f.predict[1]?.activation).toBeNaN();
    expect(f.predict[2]?.activation).toBeNaN();
    expect(f.predict[3]?.activation).toBeNaN();
    const inf = folds(alg([sConst(2, 1), sConst(3, 0)], [sDiv(1, 2, 3)], []));
    expect(inf.predict[0]?.activation).toBe(Infinity);
  });

  it('knows the executor sets s0 = 0 before Predict, and memory starts at 0', () => {
    const f = folds(alg([], [sAdd(2, 0, 0), sSub(3, 4, 0), sMul(1, 2, 3)], [sAdd(2, 0, 0)]));
    expect(f.predict.map((x) => x?.activation)).toEqual([0, 0, 0]);
    expect(f.learn).toEqual([null]); // s0 is the label in Learn
  });

  it('does not fold what differs between runs: the label, a prediction Learn sees, values changed by Learn', () => {
    // s1 may be replaced by its sigmoid before Learn (ACCURACY): unknown in Learn.
    expect(folds(alg([], [sConst(1, 2)], [sAdd(2, 1, 1)])).learn).toEqual([null]);
    // s2 is 1 after Setup but Learn doubles it: unknown in Predict.
    const a = alg([sConst(2, 1)], [sAdd(3, 2, 2), dot], [sAdd(2, 2, 2)]);
    expect(folds(a).predict).toEqual([null, null]);
    // Setup and Learn both set s2 to the same constant: known.
    const b = alg([sConst(2, 1)], [sAdd(3, 2, 2), dot], [sConst(2, 1)]);
    expect(folds(b).predict[0]?.activation).toBe(2);
    // ... to different constants: unknown.
    expect(folds(alg([sConst(2, 1)], [sAdd(3, 2, 2), dot], [sConst(2, 1.5)])).predict[0]).toBeNull();
    // A validation Predict after another Predict: s2 accumulates, unknown.
    expect(folds(alg([], [sAdd(2, 2, 3), sConst(3, 1), sAdd(1, 2, 2)], [])).predict).toEqual([null, null, null]);
  });

  it('never folds transcendental, vector, or random ops', () => {
    const f = folds(alg([sConst(2, 1)], [sExp(3, 2), I('SCALAR_SIN_OP', { in1: 2, out: 4 }), I('SCALAR_BROADCAST_OP', { in1: 2, out: 1 }),
      I('VECTOR_MEAN_OP', { in1: 1, out: 5 }), I('SCALAR_GAUSSIAN_SET_OP', { out: 6, f0: 0, f1: 0 }), sAdd(1, 3, 6)], []));
    expect(f.predict.every((x) => x === null)).toBe(true);
  });
});

describe('reasons for dropping', () => {
  const dot = I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 });
  const reasons = (a: Algorithm) => {
    const r = explainSimplification(a).instructions;
    return { setup: r.setup.map((x) => x.reason ?? x.fate), predict: r.predict.map((x) => x.reason ?? x.fate), learn: r.learn.map((x) => x.reason ?? x.fate) };
  };

  it('no-op, never read, overwritten before read, no path to the prediction', () => {
    const a = alg(
      [NO_OP_INSTRUCTION, sConst(5, 3), sConst(3, 1), I('SCALAR_BROADCAST_OP', { in1: 4, out: 0 })],
      [sConst(3, 2), dot, sAdd(4, 3, 0)],
      [sAdd(2, 2, 0), sMul(6, 2, 2)],
    );
    expect(reasons(a)).toEqual({
      // s3 = 1 in Setup is overwritten by Predict before any read; v0 by the executor.
      setup: ['no-op', 'never-read', 'overwritten', 'overwritten'],
      // s3 = 2 is read only by the dropped s4 = s3 + s0; s4 is never read.
      predict: ['no-path', 'kept', 'never-read'],
      // s2 accumulates in Learn but only feeds itself and s6 (never read).
      learn: ['no-path', 'never-read'],
    });
    const r = explainSimplification(a).instructions;
    expect(r.setup[2]!.detail).toBe('s3 is overwritten by Predict 1 before any read');
    expect(r.setup[3]!.detail).toMatch(/executor \(v0 = features/);
    expect(r.learn[0]!.detail).toMatch(/read only by dropped instructions \(Learn 1, Learn 2\)/);
  });

  it('a write to the prediction overwritten by the next Predict', () => {
    const a = alg([], [dot], [sConst(1, 5)]);
    const r = explainSimplification(a).instructions.learn[0]!;
    expect(r.reason).toBe('overwritten');
    expect(r.detail).toBe('s1 is overwritten by Predict 1 before any read');
  });

  it('counts add up, and reasons come with every dropped instruction of random programs', () => {
    const rng = new Rng(3);
    const mutator = mutatorFor(ALL_OPS, { scalars: 5, vectors: 4, matrices: 2 }, rng);
    for (let p = 0; p < 100; p++) {
      const list = (n: number) => Array.from({ length: n }, () => mutator.randomInstruction('learn'));
      const a: Algorithm = { setup: list(5), predict: list(5), learn: list(5) };
      const r = explainSimplification(a);
      const all = [...r.instructions.setup, ...r.instructions.predict, ...r.instructions.learn];
      expect(all.length).toBe(15);
      expect(r.counts.kept + r.counts.folded + r.counts.dropped).toBe(15);
      for (const x of all) {
        if (x.fate === 'dropped') {
          expect(['no-op', 'never-read', 'overwritten', 'no-path']).toContain(x.reason);
          expect(x.detail).toBeTruthy();
          expect(OPS[x.instruction.op]!.random).toBe(false);
        }
      }
    }
  });
});

describe('memoryAccess', () => {
  it('lists what each component function of LinearModel reads and writes', () => {
    const a = memoryAccess(linearModel(0.01));
    const names = (cells: readonly { kind: 's' | 'v' | 'm'; addr: number }[]) => cells.map(cellName);
    expect(names(a.setup.reads)).toEqual([]);
    expect(names(a.setup.writes)).toEqual(['s2']);
    expect(names(a.predict.reads)).toEqual(['v0', 'v1']);
    expect(names(a.predict.writes)).toEqual(['s1']);
    expect(names(a.learn.reads)).toEqual(['s0', 's1', 's2', 's3', 'v0', 'v1', 'v2']);
    expect(names(a.learn.writes)).toEqual(['s3', 'v1', 'v2']);
    expect(names(a.learn.inputs)).toEqual(['s0', 's1', 's2', 'v0', 'v1']);
  });
});
