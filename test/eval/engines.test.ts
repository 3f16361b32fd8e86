/**
 * Every engine gives exactly the same executions: for several hundred random
 * programs (all 65 ops, random memory sizes) on linear, 2-layer-NN, increment
 * and ACCURACY tasks, the interpreter, the generated dispatcher and the JIT
 * (both storage modes) return identical fitness (Object.is), identical steps,
 * identical FEC error lists, and leave the shared random generator in the same state.
 */
import { describe, expect, it } from 'vitest';
import { compileTaskKernel } from '../../codegen/jit';
import { canonicalize, simplify } from '../../codegen/analysis';
import { makeRunner } from '../../src/eval/engine';
import { execute } from '../../src/eval/executor';
import { MIN_FITNESS, fitnessFromLoss } from '../../src/eval/fitness';
import { COMPILE_AT_ONCE, KernelCache } from '../../src/eval/kernels';
import { type Runner, dispatchRunner, interpreterRunner, wasmRunner } from '../../src/eval/runner';
import { encodeCanonical } from '../../codegen/dispatch';
import { type WasmMachine, buildWasmMachine, forgetTaskData, wasmMachineFor } from '../../codegen/wasm/interpreter';
import { TASK_ENTRY_BYTES } from '../../codegen/wasm/loops';
import type { Algorithm } from '../../src/ir/algorithm';
import { type MemorySizes, MemoryLayout } from '../../src/ir/memory';
import { OPS, operandsOf } from '../../src/ir/ops';
import { Randomizer } from '../../src/search/randomizer';
import { buildTasks } from '../../src/tasks/build';
import type { Task } from '../../src/tasks/task';
import { Rng } from '../../src/util/rng';
import { linearModel } from '../../src/ir/hand-designed';
import { padAlgorithm } from '../../src/search/generator';
import { DEMO_OPS, I, LINEAR, NN, type Outcome, increment, listing, outcomeDifferences, outcomeOf, taskSpec } from './helpers';

/** Predict overwrites the features (v0 = v0 + v0, then reads it); Learn must still see them as loaded. */
const OVERWRITING_FEATURES: Algorithm = {
  setup: [],
  predict: [I('VECTOR_SUM_OP', { in1: 0, in2: 0, out: 0 }), I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })],
  learn: [
    I('SCALAR_DIFF_OP', { in1: 0, in2: 1, out: 2 }), I('SCALAR_CONST_SET_OP', { out: 3, activation: 0.01 }),
    I('SCALAR_PRODUCT_OP', { in1: 3, in2: 2, out: 2 }), I('SCALAR_VECTOR_PRODUCT_OP', { in1: 2, in2: 0, out: 2 }),
    I('VECTOR_SUM_OP', { in1: 1, in2: 2, out: 1 }),
  ],
};
const linearModelPadded = (): Algorithm => padAlgorithm(linearModel(0.01), { setup: 10, predict: 2, learn: 8 });

type Maker = (alg: Algorithm, layout: MemoryLayout) => Runner;
const SHARED_KERNELS = new KernelCache(COMPILE_AT_ONCE);
const fallbackMachines = new Map<string, WasmMachine>();
function fallbackMachine(layout: MemoryLayout): WasmMachine {
  const key = layout.placement;
  let machine = fallbackMachines.get(key);
  if (!machine) {
    machine = buildWasmMachine(layout, { translate: false });
    fallbackMachines.set(key, machine);
  }
  return machine;
}

const ENGINES: ReadonlyArray<readonly [string, Maker]> = [
  ['interpreter', (a, l) => makeRunner('interpreter', a, l, 0)],
  ['dispatch', (a, l) => makeRunner('dispatch', a, l, 0)],
  ['wasm', (a, l) => makeRunner('wasm', a, l, 0)],
  // The WebAssembly interpreter calling back into the JavaScript dispatcher for every op (ops outside the template language).
  ['wasm/fallback', (a, l) => wasmRunner(encodeCanonical(canonicalize(simplify(a)), l), l, fallbackMachine(l))],
  ['jit', (a, l) => makeRunner('jit', a, l, 0)],
  ['interpreterRunner', interpreterRunner],
  ['dispatchRunner', dispatchRunner],
  // The JIT in the storage mode it does not choose by default for F ≤ 8 (F = 16 fully
  // unrolled is slow to compile, and covered by test/codegen).
  ['kernel/array', (a, l) => compileTaskKernel(a, l, { mode: 'array' })],
  // A kernel shared by its shape, reading constants from a pool, compiled at once.
  ['shape kernel', (a, l) => new KernelCache(COMPILE_AT_ONCE).runner(canonicalize(simplify(a)), l)],
  ['shape kernel/js', (a, l) => new KernelCache({ ...COMPILE_AT_ONCE, wasm: false }).runner(canonicalize(simplify(a)), l)],
  // One cache for all programs: kernels are reused across programs of one shape.
  ['shared shape kernels', (a, l) => SHARED_KERNELS.runner(canonicalize(simplify(a)), l)],
];

/** Tasks for one feature size: linear (2 epochs), NN (F ≥ 4), increment, and an ACCURACY fixed task. */
function tasksFor(F: number): Task[] {
  const rng = new Rng(F * 7919);
  const row = () => Array.from({ length: F }, () => rng.gaussian(0, 1));
  const nTrain = 12;
  const nValid = 8;
  const fixed = taskSpec({
    kind: 'unit_test_fixed_task',
    trainFeatures: Array.from({ length: nTrain }, row),
    trainLabels: Array.from({ length: nTrain }, () => rng.uniformInt(0, 2)),
    validFeatures: Array.from({ length: nValid }, row),
    validLabels: Array.from({ length: nValid }, () => rng.uniformInt(0, 2)),
  }, { featuresSize: F, numTrainExamples: nTrain, numValidExamples: nValid, evalType: 'ACCURACY', numTrainEpochs: 2 });
  const specs = [
    taskSpec(LINEAR, { featuresSize: F, numTrainExamples: 12, numValidExamples: 8, numTrainEpochs: 2, dataSeeds: [F], paramSeeds: [F + 1] }),
    taskSpec(increment(0.25), { featuresSize: F, numTrainExamples: 10, numValidExamples: 6 }),
    fixed,
  ];
  if (F >= 4) specs.push(taskSpec(NN, { featuresSize: F, numTrainExamples: 12, numValidExamples: 8, dataSeeds: [F + 2], paramSeeds: [F + 3] }));
  return buildTasks({ tasks: specs });
}

const countOf = (s: MemorySizes, k: 's' | 'v' | 'm') => (k === 's' ? s.scalars : k === 'v' ? s.vectors : s.matrices);

/** A random program for these sizes: ops drawn from `ops` (those whose operands exist). */
function randomProgram(rng: Rng, sizes: MemorySizes, ops: readonly number[], maxLen: number): Algorithm {
  const usable = ops.filter((id) => operandsOf(OPS[id]!).every(([, k]) => countOf(sizes, k) > 0)
    // a random op's output address must also be writable (first-out rule)
    && (OPS[id]!.out === null || countOf(sizes, OPS[id]!.out!) > (OPS[id]!.out === 'm' ? 0 : 1)));
  const r = new Randomizer(sizes, rng);
  const list = (n: number) => Array.from({ length: n }, () => r.instruction(usable[rng.uniformInt(0, usable.length)]!));
  return { setup: list(rng.uniformInt(0, maxLen + 1)), predict: list(rng.uniformInt(1, maxLen + 1)), learn: list(rng.uniformInt(0, maxLen + 1)) };
}

function runAll(runners: readonly Runner[], layout: MemoryLayout, task: Task, seed: number, fec: boolean): Outcome[] {
  return runners.map((runner) => outcomeOf(runner, layout, task, seed, fec ? { train: 10, valid: 6 } : null));
}

function compare(records: Outcome[], a: Algorithm, what: string): void {
  const ref = records[0]!;
  records.forEach((r, i) => {
    const problems = outcomeDifferences(r, ref);
    if (problems.length > 0) throw new Error(`${ENGINES[i]![0]} differs from interpreter on ${what}: ${problems.join('; ')}\n${listing(a)}`);
  });
}

describe('engines agree exactly', () => {
  const FS = [2, 4, 8, 16] as const;
  const PROGRAMS = new Map<number, number>([[2, 100], [4, 100], [8, 60], [16, 40]]);
  const MAXLEN = new Map<number, number>([[2, 10], [4, 10], [8, 8], [16, 5]]);
  const totals = { programs: 0, executions: 0, nonzero: 0, early: 0, full: 0 };

  for (const F of FS) {
    it(`random programs over all 65 ops, F = ${F}`, () => {
      const tasks = tasksFor(F);
      const rng = new Rng(1000 + F);
      const allOps = OPS.map((op) => op.id);
      const n = PROGRAMS.get(F)!;
      for (let p = 0; p < n; p++) {
        const sizes: MemorySizes = { scalars: rng.uniformInt(2, 9), vectors: rng.uniformInt(2, 6), matrices: rng.uniformInt(0, 4) };
        // Mostly all ops; every fourth program from the demo set (which learns, so runs last long).
        const a = p % 4 === 3 ? randomProgram(rng, sizes, DEMO_OPS, 8) : randomProgram(rng, sizes, allOps, MAXLEN.get(F)!);
        const layout = new MemoryLayout(F, sizes);
        totals.programs++;
        const runners = ENGINES.map(([, make]) => make(a, layout));
        for (const task of tasks) {
          for (const fec of [true, false]) {
            const records = runAll(runners, layout, task, p * 31 + task.index, fec);
            compare(records, a, `task ${task.index} (${task.kind}, ${task.evalType}, F=${F}, ${fec ? 'FEC run' : 'full run'})`);
            totals.executions++;
            if (records[0]!.fitness > 0) totals.nonzero++;
            const full = fec ? 10 : task.numTrainExamples * task.epochs.length;
            if (records[0]!.steps < full) totals.early++; else totals.full++;
          }
        }
      }
    });
  }

  it('the hand-designed linear model agrees on every engine and learns', () => {
    const layout = new MemoryLayout(4, { scalars: 4, vectors: 3, matrices: 1 });
    const [task] = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 200, numValidExamples: 20 })] });
    const records = runAll(ENGINES.map(([, make]) => make(linearModelPadded(), layout)), layout, task!, 1, false);
    compare(records, linearModelPadded(), 'linear task');
    expect(records[0]!.fitness).toBeGreaterThan(0.9);
  });

  it('Learn sees the features even where Predict overwrote them (and where it did not)', () => {
    const layout = new MemoryLayout(4, { scalars: 4, vectors: 3, matrices: 1 });
    const [task] = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 50, numValidExamples: 20 })] });
    const overwriting = OVERWRITING_FEATURES;
    const keeping: Algorithm = { ...overwriting, predict: [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })] };
    for (const program of [overwriting, keeping]) {
      const records = runAll(ENGINES.map(([, make]) => make(program, layout)), layout, task!, 1, false);
      compare(records, program, 'linear task');
      expect(records[0]!.fitness).toBeGreaterThan(0.5);
    }
  });

  it('the random corpus was meaningful (several hundred programs, both outcomes common)', () => {
    expect(totals.programs).toBeGreaterThanOrEqual(300);
    expect(totals.nonzero).toBeGreaterThan(totals.executions / 10);
    expect(totals.early).toBeGreaterThan(totals.executions / 20);
    expect(totals.full).toBeGreaterThan(totals.executions / 5);
  });
});

describe('full runs of all tasks in one call (Runner.fullRuns)', () => {
  // The evaluator asks for them for programs without random ops, at most one epoch of training each.
  const deterministicOps = OPS.filter((op) => !op.random).map((op) => op.id);

  for (const F of [2, 4, 16] as const) {
    it(`give each task's execute() fitness and steps, F = ${F}`, () => {
      const tasks = tasksFor(F);
      const rng = new Rng(2000 + F);
      const into = new Float64Array(2 * tasks.length);
      let failed = 0;
      let learned = 0;
      let skipped = 0;
      for (let p = 0; p < 60; p++) {
        const sizes: MemorySizes = p === 0 ? { scalars: 4, vectors: 3, matrices: 1 }
          : { scalars: rng.uniformInt(2, 9), vectors: rng.uniformInt(2, 6), matrices: rng.uniformInt(0, 4) };
        const a = p === 0 ? OVERWRITING_FEATURES
          : p % 3 === 2 ? randomProgram(rng, sizes, DEMO_OPS, 8) : randomProgram(rng, sizes, deterministicOps, 8);
        const layout = new MemoryLayout(F, sizes);
        const canonical = canonicalize(simplify(a));
        const batched = [
          wasmRunner(encodeCanonical(canonical, layout), layout),
          new KernelCache(COMPILE_AT_ONCE).runner(canonical, layout),
          wasmRunner(encodeCanonical(canonical, layout), layout, fallbackMachine(layout)),
        ];
        const reference = interpreterRunner(a, layout);
        // Some tasks skipped (0), some with all of an epoch's examples, some fewer; a small error bound makes runs fail.
        const fullTrain = tasks.map((t) => [0, t.numTrainExamples, rng.uniformInt(1, t.numTrainExamples + 1)][rng.uniformInt(0, 3)]!);
        const maxAbsError = p % 2 === 0 ? 100 : 1.5;
        for (const runner of batched) {
          // The memory as the runner's Setup leaves it (it runs the canonical form, in other addresses).
          const afterSetup = layout.allocate();
          runner.setup(afterSetup, new Rng(0));
          into.fill(NaN);
          expect(runner.fullRuns?.(afterSetup, tasks, 10, 6, fullTrain, maxAbsError, into, 0, tasks.length)).toBe(true);
          tasks.forEach((task, k) => {
            if (fullTrain[k] === 0) {
              skipped++;
              expect(into[k]).toBeNaN();
              return;
            }
            const run = execute(reference, layout, task, new Rng(0), { numAllTrain: fullTrain[k]!, numValid: task.numValidExamples, maxAbsError });
            const loss = into[k]!;
            const fitness = loss < 0 ? MIN_FITNESS : fitnessFromLoss(loss, task.numValidExamples, task.evalType);
            if (!Object.is(fitness, run.fitness) || into[tasks.length + k] !== run.steps) {
              throw new Error(`task ${task.index}: fitness ${fitness} vs ${run.fitness}, steps ${into[tasks.length + k]} vs ${run.steps}\n${listing(a)}`);
            }
            if (loss < 0) failed++;
            else if (fitness > 0) learned++;
          });
        }
      }
      expect(failed).toBeGreaterThan(20);
      expect(learned).toBeGreaterThan(20);
      expect(skipped).toBeGreaterThan(20);
    });
  }
});

describe('auto engine for long evaluations', () => {
  const sizes = { scalars: 4, vectors: 3, matrices: 1 };
  const steps = 10 * 8000;
  it('goes to the shape kernels where the layout has a WebAssembly interpreter, and agrees with the reference', () => {
    const layout = new MemoryLayout(4, sizes);
    const auto = makeRunner('auto', linearModel(0.01), layout, steps);
    expect('source' in auto).toBe(false);
    const task = tasksFor(4)[0]!;
    const reference = makeRunner('interpreter', linearModel(0.01), layout, 0);
    expect(outcomeDifferences(outcomeOf(auto, layout, task, 3, null), outcomeOf(reference, layout, task, 3, null))).toEqual([]);
  });

  it('compiles a JavaScript kernel per program where there is none (F above 32)', () => {
    const runner = makeRunner('auto', linearModel(0.01), new MemoryLayout(64, sizes), steps);
    expect(typeof (runner as { source?: unknown }).source).toBe('string');
    expect('source' in makeRunner('auto', linearModel(0.01), new MemoryLayout(64, sizes), 100)).toBe(false);
  });
});

describe('a WebAssembly machine whose data region fills up', () => {
  it('forgets what it holds and goes on in WebAssembly, with the reference results', () => {
    const layout = new MemoryLayout(4, { scalars: 4, vectors: 3, matrices: 1 });
    const tasks = tasksFor(4);
    const dataBytes = (t: Task) => [t.trainFeatures, t.trainLabels, t.trainOrder, t.validFeatures, t.validLabels]
      .reduce((sum, a) => sum + Math.ceil(a.byteLength / 8) * 8, 0);
    // Room for one task's data and table at a time.
    const machine = buildWasmMachine(layout, { maxDataBytes: Math.max(...tasks.map(dataBytes)) + TASK_ENTRY_BYTES });
    const alg = linearModel(0.01);
    const encoded = encodeCanonical(canonicalize(simplify(alg)), layout);
    const runner = wasmRunner(encoded, layout, machine);
    const roomy = wasmRunner(encoded, layout);
    const reference = interpreterRunner(alg, layout);
    const fingerprints = (r: Runner, task: Task): number[] => {
      const into = new Float64Array(2);
      const afterSetup = layout.allocate();
      r.setup(afterSetup, new Rng(0));
      expect(r.fingerprints?.(afterSetup, [task], 10, 6, [task.numTrainExamples], 100, into, 0, 1)).toBe(true);
      return Array.from(into);
    };
    for (let round = 0; round < 2; round++) {
      for (const task of tasks) {
        expect(outcomeDifferences(outcomeOf(runner, layout, task, 5, null), outcomeOf(reference, layout, task, 5, null))).toEqual([]);
        // The run left the task's data in the machine: the same run again needs no room.
        const resets = machine.dataResets;
        outcomeOf(runner, layout, task, 5, null);
        expect(machine.dataResets).toBe(resets);
        expect(fingerprints(runner, task)).toEqual(fingerprints(roomy, task));
      }
    }
    expect(machine.dataResets).toBeGreaterThanOrEqual(2 * tasks.length - 1);
  });
});

describe('forgetTaskData (as each experiment of a search starts)', () => {
  it('empties the shared machines, whose runs then place their data again, with the same results', () => {
    const layout = new MemoryLayout(4, { scalars: 4, vectors: 3, matrices: 1 });
    const machine = wasmMachineFor(layout)!;
    const runner = wasmRunner(encodeCanonical(canonicalize(simplify(linearModel(0.01))), layout), layout);
    const [task] = tasksFor(4);
    const before = outcomeOf(runner, layout, task!, 5, null);
    const resets = machine.dataResets;
    forgetTaskData();
    expect(machine.dataResets).toBe(resets + 1);
    // Nothing placed since: nothing to forget.
    forgetTaskData();
    expect(machine.dataResets).toBe(resets + 1);
    expect(outcomeOf(runner, layout, task!, 5, null)).toEqual(before);
    forgetTaskData();
    expect(machine.dataResets).toBe(resets + 2);
  });
});
