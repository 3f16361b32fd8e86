/**
 * Small searches for the session, checkpoint and run-folder tests: fast, but
 * touching every piece of state a resume must restore (random ops drawing
 * from the shared generator, FEC eviction and forgetting, randomized task
 * seeds, several experiments, a train budget, size-changing mutations).
 */
import type { ExperimentSpec, RunSpec, TaskCollection } from '../../src/config/types';
import type { SearchResult } from '../../src/experiment/search';
import { DEMO_OPS, DEMO_SIZES, LINEAR, opId, taskSpec } from '../eval/helpers';

const RANDOM_SETUP_OPS = [...DEMO_OPS, opId('VECTOR_GAUSSIAN_SET_OP'), opId('SCALAR_UNIFORM_SET_OP')];

export function smallRun(seed: number, overrides: Partial<ExperimentSpec> = {}, run: Partial<RunSpec> = {}): RunSpec {
  const spec: ExperimentSpec = {
    searchTasks: { tasks: [taskSpec(LINEAR, { numTrainExamples: 40, numValidExamples: 20, numTasks: 2 })] },
    setupOps: RANDOM_SETUP_OPS, predictOps: DEMO_OPS, learnOps: DEMO_OPS,
    setupSizeInit: 5, predictSizeInit: 2, learnSizeInit: 5,
    trainBudget: { baseline: 'LINEAR_ALGORITHM', thresholdFactor: 3 },
    maxAbsError: 100,
    fec: { numTrainExamples: 10, numValidExamples: 10, cacheSize: 40, forgetEvery: 4 },
    fitnessCombinationMode: 'MEAN_FITNESS_COMBINATION',
    populationSize: 30,
    tournamentSize: 5,
    initialPopulation: 'RANDOM_ALGORITHM',
    maxTrainSteps: 1e15,
    maxIndividuals: 450,
    maxSeconds: null,
    mutationTypes: ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE',
      'REMOVE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE'],
    mutateProb: 0.9,
    mutateSetupSizeMin: 2, mutateSetupSizeMax: 9,
    mutatePredictSizeMin: 1, mutatePredictSizeMax: 4,
    mutateLearnSizeMin: 2, mutateLearnSizeMax: 9,
    progressEvery: 90,
    memorySizes: DEMO_SIZES,
    ...overrides,
  };
  const small = (seeds: number[]): TaskCollection => ({
    tasks: [taskSpec(LINEAR, { numTrainExamples: 40, numValidExamples: 20, numTasks: 2, dataSeeds: seeds, paramSeeds: seeds.map((s) => s + 1) })],
  });
  return {
    searchExperimentSpec: spec, selectTasks: small([500]), finalTasks: small([900]),
    maxExperiments: 3, randomSeed: seed, randomizeTaskSeeds: true, sufficientFitness: Number.MAX_VALUE,
    ...run,
  };
}

/** A result without its wall-clock figures and the memo hit rate (a speed figure that depends on what was cached in memory). */
export function essence(r: SearchResult) {
  return {
    seed: r.seed, individuals: r.individuals, fecHitRate: r.fecHitRate, selectFitness: r.selectFitness, finalFitness: r.finalFitness,
    algorithm: r.algorithm, algorithmText: r.algorithmText, simplifiedText: r.simplifiedText, complete: r.complete,
    experiments: r.experiments.map((e) => ({ ...e, elapsedSeconds: 0, memoHitRate: 0 })),
  };
}
