/**
 * The outer flow of the original `run_search_experiment` (SPEC §7.7):
 * experiments of regularized evolution on T_search, each candidate checked on
 * T_select, until the select fitness is sufficient or the experiments run out;
 * then the best candidate is evaluated on the final tasks.
 *
 * The flow is a `SearchSession`, advanced one small step at a time (an
 * experiment's initial population, one generation, an experiment's end, the
 * final evaluation), so that a driver can pause between steps: to checkpoint
 * (`state()`; a session built from that state continues exactly as the
 * original would have), to show progress, or to stop. `runSearch` runs a
 * session to the end in one go.
 */
import { simplify } from '../../codegen/analysis';
import type { ExperimentSpec, RunSpec, TaskCollection } from '../config/types';
import type { Algorithm } from '../ir/algorithm';
import { DEFAULT_MEMORY_SIZES, type MemorySizes } from '../ir/memory';
import type { EngineName } from '../eval/engine';
import { Evaluator, type EvaluatorState } from '../eval/evaluator';
import type { TrainBudget } from '../eval/train-budget';
import { type EvolutionState, type PopulationStats, type ProgressEvent, RegularizedEvolution } from '../search/evolution';
import type { Generator } from '../search/generator';
import type { Mutator } from '../search/mutator';
import { forgetTaskData } from '../../codegen/wasm/interpreter';
import { buildTasks } from '../tasks/build';
import { randomizeTaskSeeds } from '../tasks/seeds';
import { Rng } from '../util/rng';
import { buildGenerator, buildMutator, buildTrainBudget } from '../search/island';
import { IslandSearch, IslandWorkers } from '../search/islands';
import { printAlgorithm } from '../text/print';

export interface ExperimentResult {
  /** 0-based experiment number. */
  readonly experiment: number;
  /** The experiment's best individual on T_search. */
  readonly candidate: Algorithm;
  readonly searchFitness: number;
  readonly selectFitness: number;
  readonly individuals: number;
  readonly elapsedSeconds: number;
  readonly trainSteps: number;
  readonly fecHitRate: number | null;
  /** Share of executions answered by the canonical-program memo (codegen/analysis.ts); a speed figure, not a result. */
  readonly memoHitRate: number;
}

export interface SearchResult {
  readonly seed: number;
  readonly experiments: readonly ExperimentResult[];
  readonly individuals: number;
  readonly elapsedSeconds: number;
  readonly individualsPerSecond: number;
  readonly fecHitRate: number | null;
  readonly selectFitness: number;
  /** null when the run was stopped before the final evaluation. */
  readonly finalFitness: number | null;
  readonly algorithm: Algorithm;
  readonly algorithmText: string;
  /** The algorithm with dead code removed (codegen/analysis.ts `simplify`). */
  readonly simplifiedText: string;
  /** False when the run was stopped early (the summary so far). */
  readonly complete: boolean;
}

export type SearchEvent =
  | { readonly type: 'seed'; readonly seed: number }
  | { readonly type: 'experiment-start'; readonly experiment: number }
  | ({
    readonly type: 'progress'; readonly experiment: number; readonly fecHitRate: number | null;
    /** Individuals of all experiments so far. */
    readonly totalIndividuals: number;
    /** Seconds since the run began (`elapsedSeconds` is the experiment's). */
    readonly runElapsedSeconds: number;
  } & ProgressEvent)
  | ({ readonly type: 'experiment-end'; readonly totalIndividuals: number } & ExperimentResult)
  | { readonly type: 'final'; readonly fitness: number };

export interface SearchOptions {
  readonly engine?: EngineName;
  /**
   * Islands in worker threads (default 1: the original single population in
   * this thread). A run is reproducible for a given seed and worker count.
   */
  readonly workers?: number;
  /** Used when the config does not give memory sizes. */
  readonly memorySizes?: MemorySizes;
  readonly onEvent?: (event: SearchEvent) => void;
}

type RngState = ReturnType<Rng['getState']>;

/** The experiment in progress, at a generation boundary. */
export interface ExperimentState {
  readonly experiment: number;
  readonly elapsedSeconds: number;
  /** Evaluator steps when the experiment's generations began (after the initial population). */
  readonly runStartSteps: number;
  /** Wall-clock time left of `max_seconds` (null: no limit). */
  readonly remainingMillis: number | null;
  readonly evaluator: EvaluatorState;
  readonly evolution: EvolutionState;
}

/**
 * The complete state of a search between two steps: with the run's config,
 * enough to continue it with exactly the same results.
 */
export interface SearchState {
  readonly seed: number;
  readonly rng: RngState;
  /** The task collections as last randomized (`--randomize_task_seeds`). */
  readonly searchTasks: TaskCollection;
  readonly selectTasks: TaskCollection;
  readonly bestSelect: number;
  readonly best: Algorithm;
  /** Experiments counted towards max_experiments. */
  readonly experimentsCounted: number;
  readonly experiments: readonly ExperimentResult[];
  readonly individuals: number;
  readonly fecHits: number;
  readonly fecLookups: number;
  readonly elapsedSeconds: number;
  /** null: between experiments (the next one has not started). */
  readonly current: ExperimentState | null;
}

/** What a progress display shows, at any time. */
export interface SearchSnapshot {
  /** The experiment running (0-based), or the last one once all have finished. */
  readonly experiment: number;
  /** All individuals so far, finished experiments included. */
  readonly totalIndividuals: number;
  readonly experimentIndividuals: number;
  readonly experimentElapsedSeconds: number;
  readonly elapsedSeconds: number;
  /** In the current experiment, or over the whole run between experiments. */
  readonly individualsPerSecond: number;
  readonly population: PopulationStats | null;
  readonly fecHitRate: number | null;
  readonly bestSelect: number | null;
  /** Share of the current experiment's budget used (the largest of its limits), null when unlimited. */
  readonly experimentProgress: number | null;
  /** 0 = unlimited. */
  readonly maxExperiments: number;
}

/** A non-zero seed from the clock, as the original does when --random_seed is 0. */
export function timeSeed(): number {
  const nanos = process.hrtime.bigint() + BigInt(Date.now()) * 1_000_000n;
  const seed = Number(nanos % 4294967295n);
  return seed === 0 ? 1 : seed;
}

export function memorySizesOf(spec: ExperimentSpec, fallback: MemorySizes = DEFAULT_MEMORY_SIZES): MemorySizes {
  return spec.memorySizes ?? fallback;
}

export { buildMutator } from '../search/island';

/** The population side of an experiment: one in-thread population, or islands in workers. */
interface Population {
  readonly individuals: number;
  readonly steps: number;
  readonly fecHits: number;
  readonly fecLookups: number;
  readonly memoHitRate: number;
  generation(): void;
  best(): { algorithm: Algorithm; fitness: number };
  stats(): PopulationStats;
  close(): void;
}

function singlePopulation(evaluator: Evaluator, evolution: RegularizedEvolution): Population {
  return {
    get individuals() { return evolution.individuals; },
    get steps() { return evaluator.steps; },
    get fecHits() { return evaluator.cache?.hits ?? 0; },
    get fecLookups() { return evaluator.cache?.lookups ?? 0; },
    get memoHitRate() { return evaluator.memoLookups > 0 ? evaluator.memoHits / evaluator.memoLookups : 0; },
    generation: () => evolution.generation(),
    best: () => evolution.best(),
    stats: () => evolution.stats(),
    close: () => {},
  };
}

interface Current {
  readonly experiment: number;
  readonly started: number;
  readonly population: Population;
  /** The in-thread population's parts (null with islands: those cannot be checkpointed). */
  readonly evaluator: Evaluator | null;
  readonly evolution: RegularizedEvolution | null;
  readonly runStartSteps: number;
  readonly deadline: number;
  /** Individuals at the last progress report (islands only). */
  lastProgress: number;
}

type Phase = 'experiment-start' | 'evolving' | 'experiment-end' | 'final' | 'done';

export class SearchSession {
  readonly seed: number;
  private readonly spec: ExperimentSpec;
  private readonly emit: (event: SearchEvent) => void;
  private readonly sizes: MemorySizes;
  private readonly engine: EngineName;
  private readonly workers: number;
  private readonly rng: Rng;
  private readonly mutator: Mutator;
  private readonly generator: Generator;
  private readonly budget: TrainBudget | null;
  private searchTasks: TaskCollection;
  private selectTasks: TaskCollection;
  private bestSelect = -Number.MAX_VALUE;
  private best: Algorithm = { setup: [], predict: [], learn: [] };
  private experimentsCounted = 0;
  private readonly experiments: ExperimentResult[] = [];
  private started = Date.now();
  private individuals = 0;
  private fecHits = 0;
  private fecLookups = 0;
  private phase: Phase = 'experiment-start';
  private current: Current | null = null;
  private finalFitness: number | null = null;
  private endedAt: number | null = null;
  /** The worker threads of the islands, started with the first experiment and kept until the last ends. */
  private islandWorkers: IslandWorkers | null = null;

  /** A new search, or (with `state`) the continuation of one saved by `state()` with the same run. */
  constructor(readonly run: RunSpec, options: SearchOptions = {}, state?: SearchState) {
    this.spec = run.searchExperimentSpec;
    this.emit = options.onEvent ?? (() => {});
    this.sizes = memorySizesOf(this.spec, options.memorySizes);
    this.engine = options.engine ?? 'auto';
    this.workers = options.workers ?? 1;
    if (!(Number.isInteger(this.workers) && this.workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${this.workers}`);
    if (state && this.workers > 1) throw new Error('a checkpointed search resumes with one worker');
    this.seed = state ? state.seed : run.randomSeed !== 0 ? run.randomSeed : timeSeed();
    if (!state) this.emit({ type: 'seed', seed: this.seed });
    // Built exactly as for a new run (the budget's baseline may draw from the generator); a saved state then overrides the generator.
    this.rng = new Rng(this.seed);
    this.mutator = buildMutator(this.spec, this.sizes, this.rng);
    this.generator = buildGenerator(this.spec, this.mutator);
    this.budget = buildTrainBudget(this.spec, this.generator);
    this.searchTasks = this.spec.searchTasks;
    this.selectTasks = run.selectTasks;
    if (state) this.restore(state);
  }

  /** True once the final evaluation is done. */
  get done(): boolean {
    return this.phase === 'done';
  }

  /** False for islands in workers, whose populations live in other threads. */
  get checkpointable(): boolean {
    return this.workers === 1;
  }

  /** True when `state()` may be called: between experiments or between generations. */
  get atBoundary(): boolean {
    return this.phase === 'experiment-start' || this.phase === 'evolving';
  }

  /** Does the next piece of work; returns false once the search is finished. */
  step(): boolean {
    switch (this.phase) {
      case 'experiment-start':
        this.startExperiment();
        break;
      case 'evolving':
        this.evolve();
        break;
      case 'experiment-end':
        this.endExperiment();
        break;
      case 'final':
        this.finalEvaluation();
        break;
      case 'done':
        break;
    }
    return this.phase !== 'done';
  }

  private newEvaluator(): Evaluator {
    return new Evaluator({
      tasks: buildTasks(this.searchTasks), sizes: this.sizes, mode: this.spec.fitnessCombinationMode, rng: this.rng,
      maxAbsError: this.spec.maxAbsError, fec: this.spec.fec, budget: this.budget, engine: this.engine,
    });
  }

  private newEvolution(experiment: number, evaluator: Evaluator): RegularizedEvolution {
    const hitRate = () => fecRate(evaluator);
    return new RegularizedEvolution(this.rng, this.spec.populationSize, this.spec.tournamentSize, this.spec.progressEvery,
      this.generator, evaluator, this.mutator, (p) => this.emit({
        type: 'progress', experiment, fecHitRate: hitRate(), totalIndividuals: this.individuals + p.individuals,
        runElapsedSeconds: (Date.now() - this.started) / 1000, ...p,
      }));
  }

  private startExperiment(): void {
    // Tasks placed in WebAssembly memory by earlier experiments (search and select) are done with.
    forgetTaskData();
    if (this.run.randomizeTaskSeeds) this.searchTasks = randomizeTaskSeeds(this.searchTasks, this.rng.uniformRandomSeed());
    const experiment = this.experiments.length;
    this.emit({ type: 'experiment-start', experiment });
    const started = Date.now();
    const maxMillis = this.spec.maxSeconds !== null ? this.spec.maxSeconds * 1000 : Infinity;
    if (this.workers > 1) {
      this.islandWorkers ??= new IslandWorkers(this.workers);
      const islands = new IslandSearch({
        workers: this.workers, spec: this.spec, tasks: this.searchTasks, sizes: this.sizes, engine: this.engine,
      }, this.rng, this.islandWorkers);
      islands.init();
      this.current = {
        experiment, started, population: islands, evaluator: null, evolution: null,
        runStartSteps: 0, deadline: Date.now() + maxMillis, lastProgress: -Infinity,
      };
      this.reportIslands();
    } else {
      const evaluator = this.newEvaluator();
      const evolution = this.newEvolution(experiment, evaluator);
      evolution.init();
      this.current = {
        experiment, started, population: singlePopulation(evaluator, evolution), evaluator, evolution,
        runStartSteps: evaluator.steps, deadline: Date.now() + maxMillis, lastProgress: -Infinity,
      };
    }
    this.phase = 'evolving';
  }

  /** Progress lines for islands (an in-thread population reports itself), every progress_every individuals. */
  private reportIslands(): void {
    const c = this.current!;
    const p = c.population;
    if (p.individuals < c.lastProgress + this.spec.progressEvery) return;
    c.lastProgress = p.individuals;
    const elapsedSeconds = (Date.now() - c.started) / 1000;
    this.emit({
      type: 'progress', experiment: c.experiment, fecHitRate: p.fecLookups > 0 ? p.fecHits / p.fecLookups : null,
      totalIndividuals: this.individuals + p.individuals, runElapsedSeconds: (Date.now() - this.started) / 1000,
      ...p.stats(), individuals: p.individuals, elapsedSeconds,
    });
  }

  /** One generation, or the end of the experiment when a limit is reached (checked between generations only). */
  private evolve(): void {
    const { population, runStartSteps, deadline, evolution } = this.current!;
    const maxTrainSteps = this.spec.maxTrainSteps - runStartSteps;
    if (population.steps - runStartSteps < maxTrainSteps
      && population.individuals < (this.spec.maxIndividuals ?? Infinity)
      && Date.now() < deadline) {
      if (evolution === null) {
        // Islands run up to the next migration in one go, but not past an individual limit.
        const perGeneration = this.workers * this.spec.populationSize;
        const wanted = Math.ceil(((this.spec.maxIndividuals ?? Infinity) - population.individuals) / perGeneration);
        (population as IslandSearch).generationsUpTo(wanted);
        this.reportIslands();
      } else {
        population.generation();
      }
    } else {
      this.phase = 'experiment-end';
    }
  }

  private endExperiment(): void {
    const { experiment, started, population } = this.current!;
    const candidate = population.best();
    population.close();
    if (this.run.randomizeTaskSeeds) this.selectTasks = randomizeTaskSeeds(this.selectTasks, this.rng.uniformRandomSeed());
    const selectRng = new Rng(this.rng.uniformRandomSeed());
    const selectFitness = new Evaluator({
      tasks: buildTasks(this.selectTasks), sizes: this.sizes, mode: 'MEAN_FITNESS_COMBINATION', rng: selectRng,
      maxAbsError: this.spec.maxAbsError, engine: this.engine,
    }).evaluate(candidate.algorithm);

    this.individuals += population.individuals;
    this.fecHits += population.fecHits;
    this.fecLookups += population.fecLookups;
    const result: ExperimentResult = {
      experiment,
      candidate: candidate.algorithm,
      searchFitness: candidate.fitness,
      selectFitness,
      individuals: population.individuals,
      elapsedSeconds: (Date.now() - started) / 1000,
      trainSteps: population.steps,
      fecHitRate: population.fecLookups > 0 ? population.fecHits / population.fecLookups : null,
      memoHitRate: population.memoHitRate,
    };
    this.experiments.push(result);
    this.current = null;
    this.emit({ type: 'experiment-end', totalIndividuals: this.individuals, ...result });
    if (selectFitness >= this.bestSelect) {
      this.bestSelect = selectFitness;
      this.best = candidate.algorithm;
    }
    this.phase = 'experiment-start';
    if (this.run.sufficientFitness > 0 && this.bestSelect > this.run.sufficientFitness) {
      this.phase = 'final';
      return;
    }
    this.experimentsCounted++;
    if (this.run.maxExperiments !== 0 && this.experimentsCounted >= this.run.maxExperiments) this.phase = 'final';
  }

  /** Ends the islands' worker threads, if any (the search can then not go on): at the final evaluation, and by runSearch and the CLI on the way out. */
  close(): void {
    this.islandWorkers?.close();
    this.islandWorkers = null;
  }

  private finalEvaluation(): void {
    this.close();
    const finalRng = new Rng(this.rng.uniformRandomSeed());
    this.finalFitness = new Evaluator({
      tasks: buildTasks(this.run.finalTasks), sizes: this.sizes, mode: 'MEAN_FITNESS_COMBINATION', rng: finalRng,
      maxAbsError: this.spec.maxAbsError, engine: this.engine,
    }).evaluate(this.best);
    this.emit({ type: 'final', fitness: this.finalFitness });
    this.endedAt = Date.now();
    this.phase = 'done';
  }

  /** The state between two steps (see `atBoundary`); a session built from it continues identically. */
  state(): SearchState {
    if (!this.atBoundary) throw new Error(`no consistent search state in phase ${this.phase}`);
    if (this.workers > 1) throw new Error('a search on several workers cannot be checkpointed');
    const c = this.current;
    return {
      seed: this.seed,
      rng: this.rng.getState(),
      searchTasks: this.searchTasks,
      selectTasks: this.selectTasks,
      bestSelect: this.bestSelect,
      best: this.best,
      experimentsCounted: this.experimentsCounted,
      experiments: [...this.experiments],
      individuals: this.individuals,
      fecHits: this.fecHits,
      fecLookups: this.fecLookups,
      elapsedSeconds: (Date.now() - this.started) / 1000,
      current: c === null ? null : {
        experiment: c.experiment,
        elapsedSeconds: (Date.now() - c.started) / 1000,
        runStartSteps: c.runStartSteps,
        remainingMillis: Number.isFinite(c.deadline) ? Math.max(0, c.deadline - Date.now()) : null,
        evaluator: c.evaluator!.exportState(),
        evolution: c.evolution!.getState(),
      },
    };
  }

  private restore(state: SearchState): void {
    const now = Date.now();
    this.rng.setState(state.rng);
    this.searchTasks = state.searchTasks;
    this.selectTasks = state.selectTasks;
    this.bestSelect = state.bestSelect;
    this.best = state.best;
    this.experimentsCounted = state.experimentsCounted;
    this.experiments.push(...state.experiments);
    this.individuals = state.individuals;
    this.fecHits = state.fecHits;
    this.fecLookups = state.fecLookups;
    this.started = now - state.elapsedSeconds * 1000;
    const c = state.current;
    if (c === null) {
      this.phase = 'experiment-start';
      return;
    }
    if (c.experiment !== this.experiments.length) throw new Error(`search state: experiment ${c.experiment} after ${this.experiments.length} finished ones`);
    const evaluator = this.newEvaluator();
    evaluator.importState(c.evaluator);
    const evolution = this.newEvolution(c.experiment, evaluator);
    evolution.setState(c.evolution);
    this.current = {
      experiment: c.experiment,
      started: now - c.elapsedSeconds * 1000,
      population: singlePopulation(evaluator, evolution),
      lastProgress: -Infinity,
      evaluator,
      evolution,
      runStartSteps: c.runStartSteps,
      deadline: c.remainingMillis === null ? Infinity : now + c.remainingMillis,
    };
    this.phase = 'evolving';
  }

  snapshot(): SearchSnapshot {
    const c = this.current;
    const now = this.endedAt ?? Date.now();
    let experimentProgress: number | null = null;
    if (c) {
      const shares: number[] = [];
      if (this.spec.maxIndividuals !== null) shares.push(c.population.individuals / this.spec.maxIndividuals);
      if (this.spec.maxSeconds !== null) shares.push((now - c.started) / 1000 / this.spec.maxSeconds);
      if (this.spec.maxTrainSteps < 1e15) shares.push(c.population.steps / this.spec.maxTrainSteps);
      if (shares.length > 0) experimentProgress = Math.min(1, Math.max(...shares));
    }
    const finished = this.phase === 'final' || this.phase === 'done';
    const totalIndividuals = this.individuals + (c ? c.population.individuals : 0);
    const elapsedSeconds = (now - this.started) / 1000;
    const experimentElapsedSeconds = c ? (now - c.started) / 1000 : 0;
    return {
      experiment: c ? c.experiment : Math.max(0, this.experiments.length - (finished ? 1 : 0)),
      totalIndividuals,
      experimentIndividuals: c ? c.population.individuals : 0,
      experimentElapsedSeconds,
      elapsedSeconds,
      individualsPerSecond: c
        ? c.population.individuals / Math.max(experimentElapsedSeconds, 1e-9)
        : totalIndividuals / Math.max(elapsedSeconds, 1e-9),
      population: c && c.population.individuals >= this.spec.populationSize ? c.population.stats() : null,
      fecHitRate: c && c.population.fecLookups > 0 ? c.population.fecHits / c.population.fecLookups : null,
      bestSelect: this.experiments.length > 0 ? this.bestSelect : null,
      experimentProgress,
      maxExperiments: this.run.maxExperiments,
    };
  }

  /** The result; before the end (a stopped run), the summary so far: best finished candidate, or the current population's best. */
  result(): SearchResult {
    const complete = this.phase === 'done';
    let algorithm = this.best;
    let individuals = this.individuals;
    const c = this.current;
    if (c) individuals += c.population.individuals;
    if (!complete && this.experiments.length === 0 && c && c.population.individuals >= this.spec.populationSize) {
      algorithm = c.population.best().algorithm;
    }
    let fecHits = this.fecHits;
    let fecLookups = this.fecLookups;
    if (c) {
      fecHits += c.population.fecHits;
      fecLookups += c.population.fecLookups;
    }
    const elapsedSeconds = ((this.endedAt ?? Date.now()) - this.started) / 1000;
    return {
      seed: this.seed,
      experiments: [...this.experiments],
      individuals,
      elapsedSeconds,
      individualsPerSecond: individuals / Math.max(elapsedSeconds, 1e-9),
      fecHitRate: fecLookups > 0 ? fecHits / fecLookups : null,
      selectFitness: this.bestSelect,
      finalFitness: this.finalFitness,
      algorithm,
      algorithmText: printAlgorithm(algorithm),
      simplifiedText: printAlgorithm(simplify(algorithm)),
      complete,
    };
  }
}

function fecRate(evaluator: Evaluator): number | null {
  return evaluator.cache && evaluator.cache.lookups > 0 ? evaluator.cache.hits / evaluator.cache.lookups : null;
}

/** Runs a whole search (see SearchSession for one that can pause, checkpoint and resume). */
export function runSearch(run: RunSpec, options: SearchOptions = {}): SearchResult {
  const session = new SearchSession(run, options);
  try {
    while (session.step());
    return session.result();
  } finally {
    session.close();
  }
}
