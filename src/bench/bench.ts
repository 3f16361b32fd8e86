/**
 * `npm run bench`: throughput and memory figures, plain and repeatable (fixed
 * seeds), each next to a stated baseline.
 */
import { canonicalize } from '../../codegen/analysis';
import { encodeCanonical } from '../../codegen/dispatch';
import { compileTaskKernel } from '../../codegen/jit';
import { wasmMachineFor } from '../../codegen/wasm/interpreter';
import { compileWasmKernel } from '../../codegen/wasm/kernel';
import type { RunSpec } from '../config/types';
import { type EngineName, makeRunner } from '../eval/engine';
import { execute } from '../eval/executor';
import { type Runner, wasmKernelRunner } from '../eval/runner';
import { runSearch } from '../experiment/search';
import { createIsland } from '../search/island';
import { IslandSearch, IslandWorkers } from '../search/islands';
import { randomizeTaskSeeds } from '../tasks/seeds';
import type { Algorithm } from '../ir/algorithm';
import { linearModel, neuralNet } from '../ir/hand-designed';
import { MemoryLayout } from '../ir/memory';
import { buildTasks } from '../tasks/build';
import type { Task } from '../tasks/task';
import { Rng } from '../util/rng';

/** The original C++ on this kind of machine (issue #4): demo individuals per second on one core. */
export const CPP_DEMO_INDIVIDUALS_PER_SECOND = 45_900;

export interface DemoThroughput {
  workers: number;
  individuals: number;
  seconds: number;
  individualsPerSecond: number;
  fecHitRate: number | null;
  memoHitRate: number;
  /** Children whose memo key came from their parent (no live instruction changed: only dead code, or nothing); 1 worker only. */
  inheritedKeyRate: number | null;
  /** Resident memory as the run goes on (1 worker only; the run may go on past `individuals` for it). */
  rss: Array<{ individuals: number; rssMiB: number }>;
  /**
   * Individuals per second in each tenth of the run (1 worker only; fewer parts
   * when the run has fewer generations): the first parts find fewer programs in the caches, and the machine's speed drifts within a run.
   */
  tenths: number[];
}

const TENTHS = 10;

/** Rates between the (individuals, milliseconds) points that first reach each tenth of the way from the first point to the last. */
function rateByTenth(points: ReadonlyArray<readonly [number, number]>): number[] {
  const [first, last] = [points[0]!, points.at(-1)!];
  const rates: number[] = [];
  let from = first;
  for (let k = 1; k <= TENTHS; k++) {
    const goal = first[0] + (k * (last[0] - first[0])) / TENTHS;
    const to = points.find((p) => p[0] >= goal)!;
    if (to[0] === from[0]) continue;
    rates.push(((to[0] - from[0]) * 1000) / (to[1] - from[1]));
    from = to;
  }
  return rates;
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/** Individuals after which the 1-worker run records its resident memory. */
const RSS_POINTS = [100_000, 300_000, 1_000_000, 2_000_000, 3_000_000];

/**
 * The demo's search (its T_search tasks with seeds drawn from `seed`, its
 * population, mutations and FEC) for a fixed number of individuals: the search
 * engine alone, without the T_select and final evaluations, timed from the
 * initial population on (starting worker threads, about half a second, is
 * left out so that runs of one and of N workers compare their searches). With one worker
 * the run continues to `memoryIndividuals` for the memory figures; the
 * throughput is taken at `individuals`.
 */
export function demoThroughput(
  run: RunSpec, individuals: number, seed: number, engine: EngineName, workers: number, memoryIndividuals = individuals,
  copies = false, threads?: IslandWorkers,
): DemoThroughput {
  const spec = run.searchExperimentSpec;
  const sizes = spec.memorySizes!;
  const tasks = randomizeTaskSeeds(spec.searchTasks, seed);
  if (workers === 1) {
    const island = createIsland(spec, tasks, sizes, engine, seed);
    const { evolution, evaluator } = island;
    const rss: DemoThroughput['rss'] = [];
    let result: DemoThroughput | null = null;
    evolution.init();
    const started = performance.now();
    const initial = evolution.individuals;
    const end = Math.max(individuals, memoryIndividuals);
    const points: Array<[number, number]> = [[initial, started]];
    while (evolution.individuals < end) {
      evolution.generation();
      if (result === null) points.push([evolution.individuals, performance.now()]);
      const point = RSS_POINTS.find((p) => p > (rss.at(-1)?.individuals ?? 0) && evolution.individuals >= p);
      if (point !== undefined) rss.push({ individuals: evolution.individuals, rssMiB: rssMiB() });
      if (result === null && evolution.individuals >= individuals) {
        const seconds = (performance.now() - started) / 1000;
        result = {
          workers, individuals: evolution.individuals, seconds, individualsPerSecond: (evolution.individuals - initial) / seconds,
          fecHitRate: evaluator.cache ? evaluator.cache.hits / evaluator.cache.lookups : null,
          memoHitRate: evaluator.memoHits / Math.max(1, evaluator.memoLookups),
          inheritedKeyRate: evaluator.keysInherited / (evolution.individuals - initial),
          rss, tenths: rateByTenth(points),
        };
      }
    }
    if (rss.at(-1)?.individuals !== evolution.individuals) rss.push({ individuals: evolution.individuals, rssMiB: rssMiB() });
    return result!;
  }
  // Copies: every island the 1-worker search (same seed), none ever migrating.
  const islands = new IslandSearch({
    workers, spec, tasks, sizes, engine,
    ...(copies ? { migrationInterval: Number.POSITIVE_INFINITY, seeds: new Array<number>(workers).fill(seed) } : {}),
  }, new Rng(seed), threads);
  try {
    islands.init();
    const started = performance.now();
    const initial = islands.individuals;
    while (islands.individuals < individuals) {
      islands.generationsUpTo(Math.ceil((individuals - islands.individuals) / (workers * spec.populationSize)));
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      workers, individuals: islands.individuals, seconds, individualsPerSecond: (islands.individuals - initial) / seconds,
      fecHitRate: islands.fecHitRate, memoHitRate: islands.memoHitRate, inheritedKeyRate: null, rss: [], tenths: [],
    };
  } finally {
    islands.close();
  }
}

/** One round of the scaling figure: the demo with one worker, with N, and N copies of the 1-worker search side by side. */
export interface ScalingRound {
  oneWorker: number;
  workers: number;
  /** workers / oneWorker, in individuals per second. */
  ratio: number;
  /** N workers each running a copy of the 1-worker search (no migration): what the machine gives N threads at that moment. */
  copies: number;
  /** copies / oneWorker. */
  copiesRatio: number;
  /** workers / copies: how much of what the machine gave N threads the N-worker search used (the code's share of the scaling). */
  ofCopies: number;
}

export interface DemoScaling {
  workers: number;
  individualsPerWorker: number;
  rounds: ScalingRound[];
  medianRatio: number;
  medianCopiesRatio: number;
  medianOfCopies: number;
}

/**
 * The scaling figure: rounds of a 1-worker run, an N-worker run with as many
 * individuals per worker, and N copies of the 1-worker search side by side,
 * back to back, so that the runs of a round see the same load on a shared
 * machine (whose speed drifts by ±20–30% from one minute to the next: two
 * runs minutes apart compare that drift as much as the workers); the median
 * of the rounds' ratios is the figure. The copies do exactly the 1-worker
 * run's work each, without migrations: their ratio is what this machine
 * gives N busy threads at that time, the most N workers could reach. Every
 * run is warm: the N runs share worker threads that ran an untimed search
 * first (as a search's workers are from its second experiment on), and the
 * 1-worker runs are in the main thread, which ran the figures before.
 */
export function demoScaling(
  run: RunSpec, individualsPerWorker: number, seed: number, engine: EngineName, workers: number, rounds: number,
): DemoScaling {
  const done: ScalingRound[] = [];
  const threads = new IslandWorkers(workers);
  try {
    // Untimed: the worker threads compile the search's code as the main thread did in the figures before.
    demoThroughput(run, individualsPerWorker * workers, seed, engine, workers, undefined, false, threads);
    for (let r = 0; r < rounds; r++) {
      const one = demoThroughput(run, individualsPerWorker, seed, engine, 1).individualsPerSecond;
      const many = demoThroughput(run, individualsPerWorker * workers, seed, engine, workers, undefined, false, threads).individualsPerSecond;
      const copies = demoThroughput(run, individualsPerWorker * workers, seed, engine, workers, undefined, true, threads).individualsPerSecond;
      done.push({ oneWorker: one, workers: many, ratio: many / one, copies, copiesRatio: copies / one, ofCopies: many / copies });
    }
  } finally {
    threads.close();
  }
  return {
    workers, individualsPerWorker, rounds: done,
    medianRatio: median(done.map((r) => r.ratio)), medianCopiesRatio: median(done.map((r) => r.copiesRatio)),
    medianOfCopies: median(done.map((r) => r.ofCopies)),
  };
}

/** Shares of a 1-worker demo run's time (fractions of its wall time). */
export interface TimeShares {
  individuals: number;
  /** Evaluations: running programs (fingerprints, full runs, Setup), FEC and memo lookups. */
  execute: number;
  /** Dead-code elimination and canonical forms. */
  canonical: number;
  /** Compiling kernels. */
  compile: number;
  /** Making children (copies and mutations). */
  mutate: number;
  /** Tournaments and the rest. */
  other: number;
}

/**
 * Where a 1-worker demo run spends its time, from a separate run timed part
 * by part (the timers cost a little, so the throughput is measured without them).
 */
export function demoTimeShares(run: RunSpec, individuals: number, seed: number, engine: EngineName): TimeShares {
  const spec = run.searchExperimentSpec;
  const { evolution, evaluator } = createIsland(spec, randomizeTaskSeeds(spec.searchTasks, seed), spec.memorySizes!, engine, seed);
  let mutateMillis = 0;
  let evaluateMillis = 0;
  const { mutator } = evolution;
  const mutate = mutator.mutate.bind(mutator);
  mutator.mutate = (...args) => {
    const start = performance.now();
    const child = mutate(...args);
    mutateMillis += performance.now() - start;
    return child;
  };
  const evaluate = evaluator.evaluate.bind(evaluator);
  evaluator.evaluate = (alg) => {
    const start = performance.now();
    const fitness = evaluate(alg);
    evaluateMillis += performance.now() - start;
    return fitness;
  };
  evaluator.timeCanonical = true;
  const started = performance.now();
  evolution.init();
  while (evolution.individuals < individuals) evolution.generation();
  const total = performance.now() - started;
  const compile = evaluator.kernels.stats.compileMillis;
  const canonical = evaluator.canonicalMillis;
  return {
    individuals: evolution.individuals,
    execute: (evaluateMillis - canonical - compile) / total,
    canonical: canonical / total,
    compile: compile / total,
    mutate: mutateMillis / total,
    other: (total - evaluateMillis - mutateMillis) / total,
  };
}

export interface SolveTiming {
  seed: number;
  experiments: number;
  individuals: number;
  seconds: number;
  selectFitness: number;
  finalFitness: number | null;
}

/** The original C++ built on this kind of machine (issue #4): median seconds to solve the demo over seeds 1-10. */
export const CPP_DEMO_MEDIAN_SECONDS_TO_SOLVE = 59.7;

/** The whole demo (experiments until one solves, then the final evaluation), one worker, with `seed`. */
export function timeToSolve(run: RunSpec, seed: number, engine: EngineName): SolveTiming {
  const result = runSearch({ ...run, randomSeed: seed }, { engine, workers: 1 });
  return {
    seed, experiments: result.experiments.length, individuals: result.individuals, seconds: result.elapsedSeconds,
    selectFitness: result.selectFitness, finalFitness: result.finalFitness,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface StepTiming {
  model: string;
  F: number;
  examples: number;
  nsPerStep: Record<string, number>;
}

function linearTask(F: number, n: number, kind: 'scalar_linear_regression_task' | 'scalar_2layer_nn_regression_task'): Task {
  return buildTasks({ tasks: [{
    featuresSize: F, numTrainExamples: n, numTrainEpochs: 1, numValidExamples: 100, numTasks: 1,
    dataSeeds: [1000], paramSeeds: [100], evalType: 'RMS_ERROR', task: { kind },
  }] })[0]!;
}

/** The linear regressor written by hand in plain JS: the practical speed limit for that program. */
function handWrittenLinear(task: Task, lr: number): number {
  const F = task.F;
  const w = new Float64Array(F);
  const X = task.trainFeatures;
  const Y = task.trainLabels;
  const order = task.trainOrder;
  let sum = 0;
  for (let t = 0; t < task.numTrainExamples; t++) {
    const row = order[t]! * F;
    let p = 0;
    for (let k = 0; k < F; k++) p += w[k]! * X[row + k]!;
    const err = lr * (Y[order[t]!]! - p);
    for (let k = 0; k < F; k++) w[k]! += err * X[row + k]!;
    sum += p;
  }
  return sum;
}

/** The 2-layer network of SPEC §10.2 written by hand in plain JS (training steps only). */
function handWrittenNeuralNet(task: Task, lr: number): number {
  const F = task.F;
  const M = new Float64Array(F * F);
  const w2 = new Float64Array(F);
  const rng = new Rng(1);
  for (let i = 0; i < F; i++) w2[i] = rng.gaussian(0, 0.1);
  for (let i = 0; i < F * F; i++) M[i] = rng.gaussian(0, 0.1);
  const b1 = new Float64Array(F);
  const pre = new Float64Array(F);
  const post = new Float64Array(F);
  let b2 = 0;
  let sum = 0;
  const X = task.trainFeatures;
  const Y = task.trainLabels;
  for (let t = 0; t < task.numTrainExamples; t++) {
    const row = task.trainOrder[t]!;
    const x = row * F;
    let p = b2;
    for (let i = 0; i < F; i++) {
      let h = b1[i]!;
      for (let j = 0; j < F; j++) h += M[i * F + j]! * X[x + j]!;
      pre[i] = h;
      post[i] = h > 0 ? h : 0;
      p += post[i]! * w2[i]!;
    }
    const err = lr * (Y[row]! - p);
    b2 += err;
    for (let i = 0; i < F; i++) {
      w2[i]! += err * post[i]!;
      const g = pre[i]! > 0 ? err * w2[i]! : 0;
      b1[i]! += g;
      for (let j = 0; j < F; j++) M[i * F + j]! += g * X[x + j]!;
    }
    sum += p;
  }
  return sum;
}

/**
 * Milliseconds per call of each function: each is first called for a third
 * of `minMillis`, so that V8's optimising compiler (on a background thread,
 * which a loaded machine can hold up) has delivered the code being timed;
 * then come five rounds in which each is called in turn for a fifth of
 * `minMillis`, and each gets its fastest round, so that a pause of the shared
 * machine in one round does not count and the engines compared in one row
 * are timed under the same load (one after the other, minutes of drift went
 * into their ratios). The JIT's kernel for the linear regressor at F = 32
 * (about 100 cells in locals, a large function) ran 20 calls of 8000 steps
 * (about 150 ms) at ~780 ns per step before its optimised code (~115)
 * arrived in one of four tries; with 300 ms in all, a bench run timed it
 * before then.
 */
function timeEach(fns: ReadonlyArray<() => void>, minMillis = 1500): number[] {
  for (const fn of fns) {
    const warmUp = performance.now();
    do fn(); while (performance.now() - warmUp < minMillis / 3);
  }
  const best = fns.map(() => Infinity);
  for (let round = 0; round < 5; round++) {
    fns.forEach((fn, k) => {
      let runs = 0;
      const start = performance.now();
      while (performance.now() - start < minMillis / 5) { fn(); runs++; }
      best[k] = Math.min(best[k]!, (performance.now() - start) / runs);
    });
  }
  return best;
}

export function longEvaluations(): StepTiming[] {
  const out: StepTiming[] = [];
  const sizes = { scalars: 5, vectors: 9, matrices: 2 };
  const models: Array<[string, Algorithm, 'scalar_linear_regression_task' | 'scalar_2layer_nn_regression_task']> = [
    ['linear', linearModel(0.01), 'scalar_linear_regression_task'],
    // A learning rate of 0.001: with 0.01 the network diverges within a few hundred steps at F >= 16.
    ['neural net', neuralNet(0.001, 0.1, 0.1), 'scalar_2layer_nn_regression_task'],
  ];
  for (const [name, alg, kind] of models) {
    for (const F of [4, 16, 32]) {
      const n = 8000;
      const task = linearTask(F, n, kind);
      const layout = new MemoryLayout(F, sizes);
      const options = { numAllTrain: n, numValid: 0, maxAbsError: 100 };
      const machine = wasmMachineFor(layout)!;
      const canonical = canonicalize(alg);
      const runners: Array<[string, Runner]> = [
        ...(['interpreter', 'dispatch', 'wasm'] as const).map((engine): [string, Runner] => [engine, makeRunner(engine, alg, layout, 0)]),
        ['wasm kernel', wasmKernelRunner(encodeCanonical(canonical, layout), layout, machine, compileWasmKernel(canonical.program, machine))],
        ['jit', compileTaskKernel(alg, layout)],
        // As a search of ten such tasks runs the program.
        ['auto', makeRunner('auto', alg, layout, 10 * n)],
      ];
      const steps = runners.map(() => n);
      const calls = runners.map(([, runner], k) => () => { steps[k] = execute(runner, layout, task, new Rng(1), options).steps; });
      const handWritten = name === 'linear' ? () => handWrittenLinear(task, 0.01) : () => handWrittenNeuralNet(task, 0.001);
      const millis = timeEach([...calls, handWritten]);
      const nsPerStep: Record<string, number> = {};
      runners.forEach(([engine], k) => { nsPerStep[engine] = (millis[k]! * 1e6) / steps[k]!; });
      nsPerStep['hand-written JS'] = (millis[runners.length]! * 1e6) / n;
      out.push({ model: name, F, examples: n, nsPerStep });
    }
  }
  return out;
}
