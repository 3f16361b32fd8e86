/**
 * The outer flow of the original `run_search_experiment` (SPEC §7.7):
 * experiments of regularized evolution on T_search, each candidate checked on
 * T_select, until the select fitness is sufficient or the experiments run out;
 * then the best candidate is evaluated on the final tasks.
 */
import type { ExperimentSpec, RunSpec, TaskCollection } from '../config/types';
import type { Algorithm } from '../ir/algorithm';
import { DEFAULT_MEMORY_SIZES, type MemorySizes } from '../ir/memory';
import type { EngineName } from '../eval/engine';
import { Evaluator } from '../eval/evaluator';
import { TrainBudget } from '../eval/train-budget';
import { RegularizedEvolution, type ProgressEvent } from '../search/evolution';
import { Generator } from '../search/generator';
import { Mutator } from '../search/mutator';
import { Randomizer } from '../search/randomizer';
import { buildTasks } from '../tasks/build';
import { randomizeTaskSeeds } from '../tasks/seeds';
import { Rng } from '../util/rng';
import { printAlgorithm } from '../text/print';

export interface ExperimentResult {
  readonly searchFitness: number;
  readonly selectFitness: number;
  readonly individuals: number;
  readonly elapsedSeconds: number;
  readonly trainSteps: number;
  readonly fecHitRate: number | null;
  /** Share of executions answered by the canonical-program memo (codegen/analysis.ts). */
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
  readonly finalFitness: number;
  readonly algorithm: Algorithm;
  readonly algorithmText: string;
}

export type SearchEvent =
  | { readonly type: 'seed'; readonly seed: number }
  | { readonly type: 'experiment-start'; readonly experiment: number }
  | ({ readonly type: 'progress'; readonly experiment: number; readonly fecHitRate: number | null; readonly totalIndividuals: number } & ProgressEvent)
  | ({ readonly type: 'experiment-end'; readonly experiment: number } & ExperimentResult)
  | { readonly type: 'final'; readonly fitness: number };

export interface SearchOptions {
  readonly engine?: EngineName;
  /** Used when the config does not give memory sizes. */
  readonly memorySizes?: MemorySizes;
  readonly onEvent?: (event: SearchEvent) => void;
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

export function buildMutator(spec: ExperimentSpec, sizes: MemorySizes, rng: Rng): Mutator {
  return new Mutator({
    mutationTypes: spec.mutationTypes,
    mutateProb: spec.mutateProb,
    setup: { ops: spec.setupOps, minSize: spec.mutateSetupSizeMin, maxSize: spec.mutateSetupSizeMax },
    predict: { ops: spec.predictOps, minSize: spec.mutatePredictSizeMin, maxSize: spec.mutatePredictSizeMax },
    learn: { ops: spec.learnOps, minSize: spec.mutateLearnSizeMin, maxSize: spec.mutateLearnSizeMax },
  }, new Randomizer(sizes, rng), rng);
}

export function runSearch(run: RunSpec, options: SearchOptions = {}): SearchResult {
  const spec = run.searchExperimentSpec;
  const emit = options.onEvent ?? (() => {});
  const sizes = memorySizesOf(spec, options.memorySizes);
  const engine = options.engine ?? 'auto';
  const seed = run.randomSeed !== 0 ? run.randomSeed : timeSeed();
  emit({ type: 'seed', seed });
  const rng = new Rng(seed);
  const mutator = buildMutator(spec, sizes, rng);
  const generator = new Generator(spec.initialPopulation,
    { setup: spec.setupSizeInit, predict: spec.predictSizeInit, learn: spec.learnSizeInit }, mutator);
  const budget = spec.trainBudget
    ? new TrainBudget(generator.modelById(spec.trainBudget.baseline), spec.trainBudget.thresholdFactor)
    : null;

  let searchTasks: TaskCollection = spec.searchTasks;
  let selectTasks: TaskCollection = run.selectTasks;
  let bestSelect = -Number.MAX_VALUE;
  let best: Algorithm = { setup: [], predict: [], learn: [] };
  const experiments: ExperimentResult[] = [];
  const started = Date.now();
  let individuals = 0;
  let fecHits = 0;
  let fecLookups = 0;

  for (let n = 0; ; ) {
    if (run.randomizeTaskSeeds) searchTasks = randomizeTaskSeeds(searchTasks, rng.uniformRandomSeed());
    const experiment = experiments.length;
    emit({ type: 'experiment-start', experiment });
    const experimentStart = Date.now();
    const evaluator = new Evaluator({
      tasks: buildTasks(searchTasks), sizes, mode: spec.fitnessCombinationMode, rng,
      maxAbsError: spec.maxAbsError, fec: spec.fec, budget, engine,
    });
    const hitRate = () => (evaluator.cache && evaluator.cache.lookups > 0 ? evaluator.cache.hits / evaluator.cache.lookups : null);
    const evolution = new RegularizedEvolution(rng, spec.populationSize, spec.tournamentSize, spec.progressEvery,
      generator, evaluator, mutator, (p) => emit({
        type: 'progress', experiment, fecHitRate: hitRate(), totalIndividuals: individuals + p.individuals, ...p,
      }));
    evolution.init();
    evolution.run({
      maxTrainSteps: spec.maxTrainSteps - evaluator.steps,
      maxIndividuals: spec.maxIndividuals ?? Infinity,
      maxMillis: spec.maxSeconds !== null ? spec.maxSeconds * 1000 : Infinity,
    });
    const candidate = evolution.best();

    if (run.randomizeTaskSeeds) selectTasks = randomizeTaskSeeds(selectTasks, rng.uniformRandomSeed());
    const selectRng = new Rng(rng.uniformRandomSeed());
    const selectFitness = new Evaluator({
      tasks: buildTasks(selectTasks), sizes, mode: 'MEAN_FITNESS_COMBINATION', rng: selectRng,
      maxAbsError: spec.maxAbsError, engine,
    }).evaluate(candidate.algorithm);

    individuals += evolution.individuals;
    if (evaluator.cache) {
      fecHits += evaluator.cache.hits;
      fecLookups += evaluator.cache.lookups;
    }
    const result: ExperimentResult = {
      searchFitness: candidate.fitness,
      selectFitness,
      individuals: evolution.individuals,
      elapsedSeconds: (Date.now() - experimentStart) / 1000,
      trainSteps: evaluator.steps,
      fecHitRate: hitRate(),
      memoHitRate: evaluator.memoLookups > 0 ? evaluator.memoHits / evaluator.memoLookups : 0,
    };
    experiments.push(result);
    emit({ type: 'experiment-end', experiment, ...result });
    if (selectFitness >= bestSelect) {
      bestSelect = selectFitness;
      best = candidate.algorithm;
    }
    if (run.sufficientFitness > 0 && bestSelect > run.sufficientFitness) break;
    n++;
    if (run.maxExperiments !== 0 && n >= run.maxExperiments) break;
  }

  const finalRng = new Rng(rng.uniformRandomSeed());
  const finalFitness = new Evaluator({
    tasks: buildTasks(run.finalTasks), sizes, mode: 'MEAN_FITNESS_COMBINATION', rng: finalRng,
    maxAbsError: spec.maxAbsError, engine,
  }).evaluate(best);
  emit({ type: 'final', fitness: finalFitness });
  const elapsedSeconds = (Date.now() - started) / 1000;
  return {
    seed,
    experiments,
    individuals,
    elapsedSeconds,
    individualsPerSecond: individuals / Math.max(elapsedSeconds, 1e-9),
    fecHitRate: fecLookups > 0 ? fecHits / fecLookups : null,
    selectFitness: bestSelect,
    finalFitness,
    algorithm: best,
    algorithmText: printAlgorithm(best),
  };
}
