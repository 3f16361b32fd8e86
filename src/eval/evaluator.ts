/**
 * The evaluator (SPEC §4.3): runs an algorithm on every task of a collection,
 * optionally behind the functional-equivalence cache and the train budget,
 * and combines the per-task fitnesses.
 */
import type { FecSpec, FitnessCombinationMode } from '../config/types';
import { canonicalize, hasRandomOps, liveness, simplify } from '../../codegen/analysis';
import type { Algorithm } from '../ir/algorithm';
import { MemoryLayout, type MemorySizes } from '../ir/memory';
import type { Task } from '../tasks/task';
import { Rng } from '../util/rng';
import { type EngineName, SHAPE_HOT_AFTER, makeRunner } from './engine';
import { KernelCache } from './kernels';
import { execute } from './executor';
import { FecCache, type FecCacheState } from './fec-cache';
import { fingerprintHash } from './fec-hash';
import { combineFitnesses } from './fitness';
import type { Runner } from './runner';
import type { TrainBudget } from './train-budget';

/** Seed of the fingerprint runs' generator, re-seeded before each one. */
export const FEC_RANDOM_SEED = 235732282;
/** Tasks must have at least this many training examples (all epochs). */
export const MIN_TRAIN_EXAMPLES = 10;

/**
 * What is known about one canonical program on each task: its FEC fingerprint
 * key and steps, and (for programs without random ops, whose runs are
 * deterministic) its fitness and steps. NaN marks "not computed yet".
 * Using these instead of re-running is exact: equal canonical keys mean
 * identical predictions on every example.
 */
/** One Float64Array of 4 × tasks: fingerprint keys, fingerprint steps, fitnesses, steps. */
type MemoEntry = Float64Array;
const FEC_KEY = 0;
const FEC_STEPS = 1;
const FITNESS = 2;
const STEPS = 3;

const MEMO_CAPACITY = 100_000;


/**
 * What an evaluator carries from one evaluation to the next that can change
 * results or reported counts (for checkpoints). The canonical memo and the
 * compiled kernels are left out: they only save work, never change a result.
 */
export interface EvaluatorState {
  readonly steps: number;
  readonly fecRng: { readonly mt: readonly number[]; readonly index: number };
  readonly cache: FecCacheState | null;
  readonly memoLookups: number;
  readonly memoHits: number;
}

export interface EvaluatorOptions {
  readonly tasks: readonly Task[];
  readonly sizes: MemorySizes;
  readonly mode: FitnessCombinationMode;
  readonly rng: Rng;
  readonly maxAbsError: number;
  readonly fec?: FecSpec | null;
  readonly budget?: TrainBudget | null;
  readonly engine?: EngineName;
}

export class Evaluator {
  readonly tasks: readonly Task[];
  readonly cache: FecCache | null;
  /** Training steps executed so far, FEC fingerprint runs included (SPEC §4.3). */
  steps = 0;
  private readonly layouts = new Map<number, MemoryLayout>();
  private readonly fecRng = new Rng(FEC_RANDOM_SEED);
  /** Results of programs already seen, by canonical key (see codegen/analysis.ts). */
  private readonly memo = new Map<string, MemoEntry>();
  // Reused by every fingerprint run.
  private readonly trainErrors: number[] = [];
  private readonly validErrors: number[] = [];
  /** Compiled kernels shared by programs of one shape. */
  readonly kernels = new KernelCache(SHAPE_HOT_AFTER);
  /** Executions asked for, and those answered from the memo instead of being run. */
  memoLookups = 0;
  memoHits = 0;

  constructor(private readonly options: EvaluatorOptions) {
    if (options.tasks.length === 0) throw new Error('the evaluator needs at least one task');
    this.tasks = options.tasks;
    const fec = options.fec ?? null;
    this.cache = fec ? new FecCache(fec.cacheSize, fec.forgetEvery) : null;
    for (const task of this.tasks) {
      const total = task.numTrainExamples * task.epochs.length;
      if (total < MIN_TRAIN_EXAMPLES) throw new Error(`task ${task.index} has ${total} training examples; at least ${MIN_TRAIN_EXAMPLES} are needed`);
      if (fec && (fec.numTrainExamples > total || fec.numValidExamples > task.numValidExamples)) {
        throw new Error(`FEC needs ${fec.numTrainExamples} train / ${fec.numValidExamples} valid examples but task ${task.index} has ${total} / ${task.numValidExamples}`);
      }
      if (!this.layouts.has(task.F)) this.layouts.set(task.F, new MemoryLayout(task.F, options.sizes));
    }
  }

  evaluate(alg: Algorithm): number {
    const { budget, fec, maxAbsError, rng } = this.options;
    const engine = this.options.engine ?? 'auto';
    const live = liveness(alg);
    const simplified = simplify(alg, live);
    const deterministic = !hasRandomOps(simplified);
    const budgets = this.tasks.map((task) => {
      const maxTrain = task.numTrainExamples * task.epochs.length;
      return budget ? budget.trainExamples(alg, maxTrain) : maxTrain;
    });
    const canonical = canonicalize(simplified);
    const n = this.tasks.length;
    const memo = this.memoFor(canonical.key + (budget ? `#${budgets.join(',')}` : ''));
    const runners = new Map<number, Runner>();
    const runnerFor = (task: Task, i: number): Runner => {
      let runner = runners.get(task.F);
      if (!runner) {
        runner = makeRunner(engine, alg, this.layouts.get(task.F)!, budgets[i]! * n, { canonical, kernels: this.kernels });
        runners.set(task.F, runner);
      }
      return runner;
    };
    const fullRun = (task: Task, i: number): number => {
      this.memoLookups++;
      if (deterministic && !Number.isNaN(memo[FITNESS * n + i]!)) {
        this.steps += memo[STEPS * n + i]!;
        this.memoHits++;
        return memo[FITNESS * n + i]!;
      }
      const run = execute(runnerFor(task, i), this.layouts.get(task.F)!, task, rng,
        { numAllTrain: budgets[i]!, numValid: task.numValidExamples, maxAbsError });
      this.steps += run.steps;
      if (deterministic) {
        memo[FITNESS * n + i] = run.fitness;
        memo[STEPS * n + i] = run.steps;
      }
      return run.fitness;
    };
    const fitnesses: number[] = [];
    this.tasks.forEach((task, i) => {
      if (!this.cache || !fec) {
        fitnesses.push(fullRun(task, i));
        return;
      }
      // The fingerprint run is deterministic (its generator is re-seeded), so it is memoised for every program.
      this.memoLookups++;
      if (Number.isNaN(memo[FEC_KEY * n + i]!)) {
        const { trainErrors, validErrors } = this;
        trainErrors.length = 0;
        validErrors.length = 0;
        // Re-seeding costs more than a short run; a program without random ops never draws, so skip it.
        if (!deterministic) this.fecRng.seed(FEC_RANDOM_SEED);
        const pre = execute(runnerFor(task, i), this.layouts.get(task.F)!, task, this.fecRng, {
          numAllTrain: fec.numTrainExamples, numValid: fec.numValidExamples, maxAbsError, trainErrors, validErrors,
        });
        memo[FEC_KEY * n + i] = fingerprintHash(trainErrors, validErrors, task.index, budgets[i]!);
        memo[FEC_STEPS * n + i] = pre.steps;
      } else {
        this.memoHits++;
      }
      this.steps += memo[FEC_STEPS * n + i]!;
      const hit = this.cache.find(memo[FEC_KEY * n + i]!);
      if (hit.found) {
        fitnesses.push(hit.fitness);
      } else {
        const fitness = fullRun(task, i);
        this.cache.insert(memo[FEC_KEY * n + i]!, fitness);
        fitnesses.push(fitness);
      }
    });
    const combined = combineFitnesses(fitnesses, this.options.mode);
    if (!(combined >= 0 && combined <= 1)) throw new Error(`combined fitness ${combined} is outside [0, 1]`);
    return combined;
  }

  private memoFor(key: string): MemoEntry {
    let entry = this.memo.get(key);
    if (!entry) {
      if (this.memo.size >= MEMO_CAPACITY) this.memo.clear();
      const n = this.tasks.length;
      entry = new Float64Array(4 * n);
      entry.fill(NaN, FEC_KEY * n, (FEC_KEY + 1) * n);
      entry.fill(NaN, FITNESS * n, (FITNESS + 1) * n);
      this.memo.set(key, entry);
    }
    return entry;
  }

  exportState(): EvaluatorState {
    return {
      steps: this.steps,
      fecRng: this.fecRng.getState(),
      cache: this.cache ? this.cache.exportState() : null,
      memoLookups: this.memoLookups,
      memoHits: this.memoHits,
    };
  }

  /** Continues from an exported state (an evaluator built with the same options). */
  importState(state: EvaluatorState): void {
    if ((state.cache === null) !== (this.cache === null)) throw new Error('evaluator state: FEC cache present in one but not the other');
    this.steps = state.steps;
    this.fecRng.setState(state.fecRng);
    if (this.cache && state.cache) this.cache.importState(state.cache);
    this.memoLookups = state.memoLookups;
    this.memoHits = state.memoHits;
  }

  /** Per-task fitnesses, without FEC or budget (for `eval` and reports). */
  evaluatePerTask(alg: Algorithm): number[] {
    const engine = this.options.engine ?? 'auto';
    const out: number[] = [];
    const runners = new Map<number, Runner>();
    for (const task of this.tasks) {
      const layout = this.layouts.get(task.F)!;
      const maxTrain = task.numTrainExamples * task.epochs.length;
      let runner = runners.get(task.F);
      if (!runner) {
        runner = makeRunner(engine, alg, layout, maxTrain * this.tasks.length);
        runners.set(task.F, runner);
      }
      const run = execute(runner, layout, task, this.options.rng, {
        numAllTrain: maxTrain, numValid: task.numValidExamples, maxAbsError: this.options.maxAbsError,
      });
      this.steps += run.steps;
      out.push(run.fitness);
    }
    return out;
  }
}
