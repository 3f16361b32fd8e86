/**
 * The evaluator (SPEC §4.3): runs an algorithm on every task of a collection,
 * optionally behind the functional-equivalence cache and the train budget,
 * and combines the per-task fitnesses.
 */
import type { FecSpec, FitnessCombinationMode } from '../config/types';
import { CANONICAL_STRIDE, type CanonicalProgram, Canonicalizer, type LiveSets, type ProgramKey } from '../../codegen/analysis';
import { type DispatchFn, dispatcherFor, encodeCanonicalCode } from '../../codegen/dispatch';
import type { Algorithm, AlgorithmEdit } from '../ir/algorithm';
import { MemoryLayout, type MemorySizes } from '../ir/memory';
import type { Task } from '../tasks/task';
import { Rng } from '../util/rng';
import { type EngineName, makeRunner } from './engine';
import { KernelCache } from './kernels';
import { ErrorLog, type ExecuteOptions, type ExecutionResult, execute } from './executor';
import { FecCache, type FecCacheState } from './fec-cache';
import { fingerprintHash } from './fec-hash';
import { MIN_FITNESS, combineFitnesses, fitnessFromLoss } from './fitness';
import { KeySlots } from './key-slots';
import { hashDouble, hashEnd, hashNonZeroDoubles, hashStart, hashWord } from '../util/hash64';
import type { Runner } from './runner';
import type { TrainBudget } from './train-budget';

/** Seed of the fingerprint runs' generator, re-seeded before each one. */
export const FEC_RANDOM_SEED = 235732282;
/** Tasks must have at least this many training examples (all epochs). */
export const MIN_TRAIN_EXAMPLES = 10;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * What is known about one canonical program on each task: its FEC fingerprint
 * key and steps, and (for programs without random ops, whose runs are
 * deterministic) its fitness and steps; NaN marks "not computed yet". Using
 * these instead of re-running is exact: equal canonical keys mean identical
 * predictions on every example. Each program has 4 × tasks numbers in one
 * array: fingerprint keys, fingerprint steps, fitnesses, steps.
 */
const FEC_KEY = 0;
const FEC_STEPS = 1;
const FITNESS = 2;
const STEPS = 3;
const MEMO_FIELDS = 4;

/** Programs remembered; fewer with many tasks, so that the memo stays within MEMO_NUMBERS numbers. */
const MEMO_CAPACITY = 100_000;
const MEMO_NUMBERS = 4_000_000;

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

/**
 * What an evaluation learned of its program that its children may inherit:
 * its memo key, whether it draws random numbers, and its live sets. A child
 * made by an edit that cannot change the canonical form (see
 * `Canonicalizer.liveSetsAfter`) has the same memo key, and is looked up
 * without a canonical form of its own. Only valid with the evaluator that made it.
 */
export interface ProgramFacts {
  readonly key: ProgramKey;
  readonly random: boolean;
  readonly live: LiveSets;
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
  private readonly layouts: MemoryLayout[];
  private readonly fecRng = new Rng(FEC_RANDOM_SEED);
  /** Results of programs already seen, by canonical key (see codegen/analysis.ts). */
  private readonly memoSlots: KeySlots;
  private readonly memo: Float64Array;
  /** Per memo entry and task, the FEC cache slot its fingerprint key had when last looked up (a hint, -1: none). */
  private readonly fecSlots: Int32Array;
  /** Compiled kernels shared by programs of one shape. */
  readonly kernels = new KernelCache();
  /** When set (the bench), time spent computing canonical forms is added up in `canonicalMillis`. */
  timeCanonical = false;
  canonicalMillis = 0;
  /** Executions asked for, and those answered from the memo instead of being run. */
  memoLookups = 0;
  memoHits = 0;
  /** Evaluations whose memo key came from the parent's facts, without a canonical form. */
  keysInherited = 0;
  /** What the last evaluation learned of its program (null: nothing its children can use). */
  lastFacts: ProgramFacts | null = null;
  // Reused by every evaluation.
  private readonly errors = new ErrorLog();
  private readonly fitnesses: number[];
  /** Per task, its training examples (all epochs), and the training examples each task gets (train budgets may cut them). */
  private readonly maxTrain: number[];
  private readonly budgets: number[];
  /** Per task, the training steps of a full run in fullRunAll (0: none). */
  private readonly fullTrain: number[];
  // The program being evaluated; per distinct layout (tasks' `layoutIndex`), its
  // runner and the memory its Setup leaves (programs without random ops), made
  // when first needed. Arrays, not maps, so that nothing is allocated per program.
  private alg: Algorithm | null = null;
  /** Its canonical form; null until needed where its memo key was inherited. */
  private canonical: CanonicalProgram | null = null;
  private random = false;
  /** Whether the program's memo entry was made by this evaluation (its fingerprints are then not memo hits). */
  private freshEntry = false;
  /** All tasks share one memory layout (fingerprint runs may then be made in one call). */
  private readonly oneLayout: boolean;
  /**
   * Whether Setup's result is part of the memo key (see memoKey): with one
   * layout, and runners that run the canonical form (the reference
   * interpreter runs programs as written, in other addresses).
   */
  private readonly setupDecidesKey: boolean;
  /** The dispatcher that runs Setup for memoKey, and the buffer Setup's code is encoded into. */
  private readonly dispatch: DispatchFn | null;
  private setupCode: Int32Array = new Int32Array(64 * CANONICAL_STRIDE);
  private readonly layoutIndex: number[];
  private readonly runners: Array<Runner | null>;
  private readonly setupDone: boolean[];
  private readonly setupMemory: Float64Array[];
  private readonly fingerprintOptions: Mutable<ExecuteOptions>;
  private readonly fullOptions: Mutable<ExecuteOptions>;
  private readonly result: ExecutionResult = { fitness: 0, steps: 0 };
  private readonly canonicalizer: Canonicalizer;

  constructor(private readonly options: EvaluatorOptions) {
    if (options.tasks.length === 0) throw new Error('the evaluator needs at least one task');
    this.tasks = options.tasks;
    const fec = options.fec ?? null;
    this.cache = fec ? new FecCache(fec.cacheSize, fec.forgetEvery) : null;
    this.canonicalizer = new Canonicalizer(options.sizes);
    const layoutByF = new Map<number, MemoryLayout>();
    for (const task of this.tasks) {
      const total = task.numTrainExamples * task.epochs.length;
      if (total < MIN_TRAIN_EXAMPLES) throw new Error(`task ${task.index} has ${total} training examples; at least ${MIN_TRAIN_EXAMPLES} are needed`);
      if (fec && (fec.numTrainExamples > total || fec.numValidExamples > task.numValidExamples)) {
        throw new Error(`FEC needs ${fec.numTrainExamples} train / ${fec.numValidExamples} valid examples but task ${task.index} has ${total} / ${task.numValidExamples}`);
      }
      if (!layoutByF.has(task.F)) layoutByF.set(task.F, new MemoryLayout(task.F, options.sizes));
    }
    this.layouts = this.tasks.map((task) => layoutByF.get(task.F)!);
    const distinct = [...layoutByF.values()];
    this.layoutIndex = this.layouts.map((layout) => distinct.indexOf(layout));
    this.runners = distinct.map(() => null);
    this.oneLayout = distinct.length === 1;
    this.setupDecidesKey = this.oneLayout && (options.engine ?? 'auto') !== 'interpreter';
    this.dispatch = this.setupDecidesKey ? dispatcherFor(distinct[0]!.F) : null;
    this.setupDone = distinct.map(() => false);
    this.setupMemory = distinct.map((layout) => layout.allocate());
    const { maxAbsError } = options;
    this.fingerprintOptions = { numAllTrain: fec?.numTrainExamples ?? 0, numValid: fec?.numValidExamples ?? 0, maxAbsError, errors: this.errors };
    this.fullOptions = { numAllTrain: 0, numValid: 0, maxAbsError };
    const n = this.tasks.length;
    const width = MEMO_FIELDS * n;
    this.memoSlots = new KeySlots(Math.max(1, Math.min(MEMO_CAPACITY, Math.floor(MEMO_NUMBERS / width))));
    this.memo = new Float64Array(this.memoSlots.capacity * width);
    this.fecSlots = new Int32Array(this.memoSlots.capacity * n);
    this.fitnesses = new Array<number>(n).fill(0);
    this.maxTrain = this.tasks.map((task) => task.numTrainExamples * task.epochs.length);
    this.budgets = this.maxTrain.slice();
    this.fullTrain = new Array<number>(n).fill(0);
  }

  /**
   * The combined fitness of `alg`. `parent` and `edit`, when given: the
   * `lastFacts` of the algorithm that `edit` made `alg` from (the result is
   * the same; it may come sooner).
   */
  evaluate(alg: Algorithm, parent: ProgramFacts | null = null, edit: AlgorithmEdit | null = null): number {
    const { budget } = this.options;
    const n = this.tasks.length;
    // Without a budget, `budgets` holds each task's training examples from the start.
    if (budget) for (let i = 0; i < n; i++) this.budgets[i] = budget.trainExamples(alg, this.maxTrain[i]!);
    this.alg = alg;
    for (let k = 0; k < this.runners.length; k++) {
      this.runners[k] = null;
      this.setupDone[k] = false;
    }
    let facts = parent !== null && edit !== null ? this.inherit(parent, edit) : null;
    let key: ProgramKey;
    if (facts !== null) {
      this.canonical = null;
      this.random = facts.random;
      key = facts.key;
      this.keysInherited++;
    } else {
      const start = this.timeCanonical ? performance.now() : 0;
      const canonical = this.canonicalizer.run(alg);
      if (this.timeCanonical) this.canonicalMillis += performance.now() - start;
      this.canonical = canonical;
      this.random = canonical.random;
      // Train budgets count dead instructions too: with them, an edit of dead code may change the key.
      const live = budget ? null : this.canonicalizer.liveSets();
      key = this.memoKey(canonical);
      facts = live === null ? null : { key, random: canonical.random, live };
    }
    this.lastFacts = facts;
    const slot = this.memoSlots.find(key);
    const base = slot * MEMO_FIELDS * n;
    this.freshEntry = this.memoSlots.fresh;
    if (this.freshEntry) {
      // Steps are only read where their fingerprint key or fitness is known: those two mark what is.
      this.memo.fill(NaN, base + FEC_KEY * n, base + FEC_KEY * n + n);
      this.memo.fill(NaN, base + FITNESS * n, base + FITNESS * n + n);
      this.fecSlots.fill(-1, slot * n, slot * n + n);
    }
    if (this.freshEntry && this.cache && this.oneLayout && !this.random && this.fingerprintAll(base)) this.fullRunAll(base);
    for (let i = 0; i < n; i++) this.fitnesses[i] = this.taskFitness(i, base);
    const combined = combineFitnesses(this.fitnesses, this.options.mode);
    if (!(combined >= 0 && combined <= 1)) throw new Error(`combined fitness ${combined} is outside [0, 1]`);
    return combined;
  }

  /** The facts of a child made by `edit` from a program with facts `parent`, if it has the same memo key. */
  private inherit(parent: ProgramFacts, edit: AlgorithmEdit): ProgramFacts | null {
    const live = this.canonicalizer.liveSetsAfter(parent.live, edit);
    if (live === null) return null;
    return live === parent.live ? parent : { key: parent.key, random: parent.random, live };
  }

  /** The canonical form of the program being evaluated, made now if its memo key was inherited. */
  private canonicalForm(): CanonicalProgram {
    if (this.canonical === null) this.canonical = this.canonicalizer.run(this.alg!);
    return this.canonical;
  }

  /**
   * The program's memo key. A program without random ops does on a task
   * exactly what its Predict and Learn do from the memory its Setup leaves,
   * so where all tasks share one memory layout, Setup is run here and the key
   * is Predict and Learn (constants included) with that memory, bit for bit:
   * programs whose Setups differ but leave the same memory (often all zeros)
   * share an entry. On the demo this finds a program already seen for 61% of
   * candidates, against 41% by canonical key (60,000 candidates after 100,000).
   * Otherwise the key is the canonical key. Train budgets are part of it when set.
   */
  private memoKey(canonical: CanonicalProgram): ProgramKey {
    let key: ProgramKey;
    if (!this.setupDecidesKey || canonical.random) {
      key = canonical.key;
    } else {
      const memory = this.setupMemory[0]!;
      memory.fill(0);
      this.setupCode = encodeCanonicalCode(canonical, this.layouts[0]!, canonical.setupLength, this.setupCode);
      this.dispatch!(this.setupCode, canonical.consts, memory, this.fecRng, 0, canonical.setupLength * CANONICAL_STRIDE);
      this.setupDone[0] = true;
      hashStart();
      hashDouble(canonical.predictLearnKey.hash);
      hashWord(canonical.predictLearnKey.check);
      hashNonZeroDoubles(memory, memory.length);
      key = hashEnd();
    }
    return this.options.budget ? this.keyWithBudgets(key) : key;
  }

  /** The train budgets decide how long a program trains, so programs with other budgets are other entries. */
  private keyWithBudgets(key: ProgramKey): ProgramKey {
    hashStart();
    hashDouble(key.hash);
    hashWord(key.check);
    for (const b of this.budgets) hashDouble(b);
    return hashEnd();
  }

  /** Fingerprint keys and steps of a program without random ops on all tasks, in one call where its runner can. */
  private fingerprintAll(base: number): boolean {
    const fec = this.options.fec!;
    const runner = this.runnerFor(0);
    if (!runner.fingerprints) return false;
    const n = this.tasks.length;
    return runner.fingerprints(this.setupResult(0)!, this.tasks, fec.numTrainExamples, fec.numValidExamples,
      this.budgets, this.options.maxAbsError, this.memo, base + FEC_KEY * n, base + FEC_STEPS * n);
  }

  /**
   * Full runs, in one call where the runner can, of a program without random
   * ops (its fingerprints known) on the tasks whose fingerprint the FEC cache
   * does not hold now: their fitnesses and steps go to the memo, where
   * taskFitness finds them. Only work moves: the cache is probed without being
   * touched, and a task whose key an earlier task's insert brings in (or
   * whose entry it evicts) still gets exactly the reference's lookups.
   */
  private fullRunAll(base: number): void {
    const fec = this.options.fec!;
    const runner = this.runnerFor(0);
    if (!runner.fullRuns) return;
    const { memo, cache, fullTrain, tasks } = this;
    const n = tasks.length;
    let any = false;
    for (let i = 0; i < n; i++) {
      const task = tasks[i]!;
      const numAll = Math.min(this.budgets[i]!, task.numTrainExamples * task.epochs.length);
      const run = numAll > 0 && numAll <= task.numTrainExamples && !cache!.has(memo[base + FEC_KEY * n + i]!);
      fullTrain[i] = run ? numAll : 0;
      any ||= run;
    }
    if (!any || !runner.fullRuns(this.setupResult(0)!, tasks, fec.numTrainExamples, fec.numValidExamples,
      fullTrain, this.options.maxAbsError, memo, base + FITNESS * n, base + STEPS * n)) return;
    for (let i = 0; i < n; i++) {
      if (fullTrain[i] === 0) continue;
      const loss = memo[base + FITNESS * n + i]!;
      const task = tasks[i]!;
      memo[base + FITNESS * n + i] = loss < 0 ? MIN_FITNESS : fitnessFromLoss(loss, task.numValidExamples, task.evalType);
    }
  }

  /** Fitness on task `i`, from the FEC cache or the memo (entry at `base`) where they know it. */
  private taskFitness(i: number, base: number): number {
    const { cache, memo } = this;
    const fec = this.options.fec;
    if (!cache || !fec) return this.fullRun(i, base);
    const n = this.tasks.length;
    const at = base + FEC_KEY * n + i;
    // The fingerprint run is deterministic (its generator is re-seeded), so it is memoised for every program.
    this.memoLookups++;
    if (Number.isNaN(memo[at]!)) {
      // Re-seeding costs more than a short run; a program without random ops never draws, so skip it.
      if (this.random) this.fecRng.seed(FEC_RANDOM_SEED);
      const task = this.tasks[i]!;
      const options = this.fingerprintOptions;
      options.afterSetup = this.setupResult(i);
      const pre = execute(this.runnerFor(i), this.layouts[i]!, task, this.fecRng, options, this.result);
      memo[at] = fingerprintHash(this.errors, task.index, this.budgets[i]!);
      memo[base + FEC_STEPS * n + i] = pre.steps;
    } else if (!this.freshEntry) {
      this.memoHits++;
    }
    this.steps += memo[base + FEC_STEPS * n + i]!;
    const key = memo[at]!;
    const hintAt = base / MEMO_FIELDS + i;
    const cached = cache.fitnessOf(key, this.fecSlots[hintAt]!);
    if (!Number.isNaN(cached)) {
      this.fecSlots[hintAt] = cache.lastSlot;
      return cached;
    }
    const fitness = this.fullRun(i, base);
    cache.insert(key, fitness);
    this.fecSlots[hintAt] = cache.lastSlot;
    return fitness;
  }

  /** Fitness on task `i` with its whole training budget. */
  private fullRun(i: number, base: number): number {
    const { memo } = this;
    const n = this.tasks.length;
    const deterministic = !this.random;
    this.memoLookups++;
    if (deterministic && !Number.isNaN(memo[base + FITNESS * n + i]!)) {
      this.steps += memo[base + STEPS * n + i]!;
      // A fresh entry's fitness comes from fullRunAll, not from a program seen before.
      if (!this.freshEntry) this.memoHits++;
      return memo[base + FITNESS * n + i]!;
    }
    const task = this.tasks[i]!;
    const options = this.fullOptions;
    options.numAllTrain = this.budgets[i]!;
    options.numValid = task.numValidExamples;
    options.afterSetup = this.setupResult(i);
    const run = execute(this.runnerFor(i), this.layouts[i]!, task, this.options.rng, options, this.result);
    this.steps += run.steps;
    if (deterministic) {
      memo[base + FITNESS * n + i] = run.fitness;
      memo[base + STEPS * n + i] = run.steps;
    }
    return run.fitness;
  }

  /**
   * What Setup leaves in memory for task `i`'s feature size, for a program
   * without random ops (null otherwise): Setup then runs once per program, not once per task.
   */
  private setupResult(i: number): Float64Array | null {
    if (this.random) return null;
    const k = this.layoutIndex[i]!;
    const memory = this.setupMemory[k]!;
    if (!this.setupDone[k]) {
      memory.fill(0);
      this.runnerFor(i).setup(memory, this.fecRng);
      this.setupDone[k] = true;
    }
    return memory;
  }

  /** One runner per feature size for the program being evaluated, made when first needed. */
  private runnerFor(i: number): Runner {
    const k = this.layoutIndex[i]!;
    let runner = this.runners[k]!;
    if (runner === null) {
      const expectedSteps = this.budgets[i]! * this.tasks.length;
      runner = makeRunner(this.options.engine ?? 'auto', this.alg!, this.layouts[i]!, expectedSteps,
        { canonical: this.canonicalForm(), kernels: this.kernels });
      this.runners[k] = runner;
    }
    return runner;
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
    for (const [i, task] of this.tasks.entries()) {
      const layout = this.layouts[i]!;
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
