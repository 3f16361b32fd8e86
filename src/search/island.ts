/**
 * One island: a population under regularized evolution with its own random
 * generator, mutator and evaluator (with its own FEC cache). The in-process
 * search is one island; `--workers N` runs N of them in worker threads.
 */
import type { ExperimentSpec, TaskCollection } from '../config/types';
import type { EngineName } from '../eval/engine';
import { Evaluator } from '../eval/evaluator';
import { TrainBudget } from '../eval/train-budget';
import type { MemorySizes } from '../ir/memory';
import { buildTasks } from '../tasks/build';
import { Rng } from '../util/rng';
import { type ProgressEvent, RegularizedEvolution } from './evolution';
import { Generator } from './generator';
import { Mutator } from './mutator';
import { Randomizer } from './randomizer';

export function buildMutator(spec: ExperimentSpec, sizes: MemorySizes, rng: Rng): Mutator {
  return new Mutator({
    mutationTypes: spec.mutationTypes,
    mutateProb: spec.mutateProb,
    setup: { ops: spec.setupOps, minSize: spec.mutateSetupSizeMin, maxSize: spec.mutateSetupSizeMax },
    predict: { ops: spec.predictOps, minSize: spec.mutatePredictSizeMin, maxSize: spec.mutatePredictSizeMax },
    learn: { ops: spec.learnOps, minSize: spec.mutateLearnSizeMin, maxSize: spec.mutateLearnSizeMax },
  }, new Randomizer(sizes, rng), rng);
}

export function buildGenerator(spec: ExperimentSpec, mutator: Mutator): Generator {
  return new Generator(spec.initialPopulation,
    { setup: spec.setupSizeInit, predict: spec.predictSizeInit, learn: spec.learnSizeInit }, mutator);
}

export function buildTrainBudget(spec: ExperimentSpec, generator: Generator): TrainBudget | null {
  return spec.trainBudget
    ? new TrainBudget(generator.modelById(spec.trainBudget.baseline), spec.trainBudget.thresholdFactor)
    : null;
}

export interface Island {
  readonly rng: Rng;
  readonly evaluator: Evaluator;
  readonly evolution: RegularizedEvolution;
}

export function createIsland(
  spec: ExperimentSpec, tasks: TaskCollection, sizes: MemorySizes, engine: EngineName, seed: number,
  onProgress?: (event: ProgressEvent) => void,
): Island {
  const rng = new Rng(seed);
  const mutator = buildMutator(spec, sizes, rng);
  const generator = buildGenerator(spec, mutator);
  const evaluator = new Evaluator({
    tasks: buildTasks(tasks), sizes, mode: spec.fitnessCombinationMode, rng,
    maxAbsError: spec.maxAbsError, fec: spec.fec, budget: buildTrainBudget(spec, generator), engine,
  });
  const evolution = new RegularizedEvolution(rng, spec.populationSize, spec.tournamentSize, spec.progressEvery,
    generator, evaluator, mutator, onProgress);
  return { rng, evaluator, evolution };
}

/** `count` distinct indices in [0, n), drawn with `rng` (partial Fisher-Yates). */
export function sampleIndices(rng: Rng, n: number, count: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const k = Math.min(count, n);
  for (let i = 0; i < k; i++) {
    const j = rng.uniformInt(i, n);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k);
}
