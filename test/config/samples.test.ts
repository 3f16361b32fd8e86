/** The shipped configs (samples/configs, SPEC §9.2) parse to the expected plain values and pass the checks. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkExperimentSpec, checkRunSpec, checkTaskCollection } from '../../src/config/check';
import { parseExperimentSpec, parseRunSpec, parseTaskCollection } from '../../src/config/load';
import type { ExperimentSpec, TaskCollection } from '../../src/config/types';
import { opByName } from '../../src/ir/ops';
import { SAMPLES, sample } from './helpers';

const ids = (...names: string[]): number[] => names.map((n) => opByName(n)!.id);
const DEMO_OPS = ids('SCALAR_CONST_SET_OP', 'VECTOR_INNER_PRODUCT_OP', 'SCALAR_DIFF_OP', 'SCALAR_PRODUCT_OP',
  'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_SUM_OP');
const HELD_OUT = [[0, 5], [0, 9], [1, 8], [2, 9], [3, 5], [3, 6], [3, 8], [4, 6], [8, 9]];

function expectDemoSearchSpec(s: ExperimentSpec): void {
  expect(s.searchTasks).toEqual({
    tasks: [{
      featuresSize: 4, numTrainExamples: 100, numTrainEpochs: 1, numValidExamples: 100, numTasks: 10,
      dataSeeds: [], paramSeeds: [], evalType: 'RMS_ERROR', task: { kind: 'scalar_linear_regression_task' },
    }],
  });
  expect(s.setupOps).toEqual([56, 27, 2, 3, 18, 23]);
  expect(s.setupOps).toEqual(DEMO_OPS);
  expect(s.predictOps).toEqual(DEMO_OPS);
  expect(s.learnOps).toEqual(DEMO_OPS);
  expect([s.setupSizeInit, s.predictSizeInit, s.learnSizeInit]).toEqual([10, 2, 8]);
  expect(s.fec).toEqual({ numTrainExamples: 10, numValidExamples: 10, cacheSize: 100000, forgetEvery: 100 });
  expect(s.trainBudget).toBeNull();
  expect(s.maxAbsError).toBe(100);
  expect(s.fitnessCombinationMode).toBe('MEAN_FITNESS_COMBINATION');
  expect(s.populationSize).toBe(1000);
  expect(s.tournamentSize).toBe(10);
  expect(s.initialPopulation).toBe('RANDOM_ALGORITHM');
  expect(s.maxTrainSteps).toBe(200000000);
  expect(s.maxIndividuals).toBeNull();
  expect(s.maxSeconds).toBeNull();
  expect(s.mutationTypes).toEqual([
    'ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE',
  ]);
  expect(s.mutateProb).toBe(0.9);
  expect([s.mutateSetupSizeMin, s.mutateSetupSizeMax, s.mutatePredictSizeMin, s.mutatePredictSizeMax,
    s.mutateLearnSizeMin, s.mutateLearnSizeMax]).toEqual([0, 0, 0, 0, 0, 0]);
  expect(s.progressEvery).toBe(10000);
  expect(s.memorySizes).toEqual({ scalars: 4, vectors: 3, matrices: 1 });
}

const DEMO_SELECT: TaskCollection = {
  tasks: [{
    featuresSize: 4, numTrainExamples: 1000, numTrainEpochs: 1, numValidExamples: 100, numTasks: 100,
    dataSeeds: [], paramSeeds: [], evalType: 'RMS_ERROR', task: { kind: 'scalar_linear_regression_task' },
  }],
};
const DEMO_FINAL: TaskCollection = {
  tasks: [{ ...DEMO_SELECT.tasks[0]!, dataSeeds: [1000000], paramSeeds: [2000000] }],
};

describe('demo (run_demo.sh)', () => {
  it('demo.textproto: the whole run', () => {
    const run = parseRunSpec(sample('demo.textproto'), 'demo.textproto');
    expectDemoSearchSpec(run.searchExperimentSpec);
    expect(run.selectTasks).toEqual(DEMO_SELECT);
    expect(run.finalTasks).toEqual(DEMO_FINAL);
    expect(run.maxExperiments).toBe(0);
    expect(run.randomSeed).toBe(0);
    expect(run.randomizeTaskSeeds).toBe(true);
    expect(run.sufficientFitness).toBe(0.9999);
    checkRunSpec(run);
  });

  it('the three separate files give the same values', () => {
    const spec = parseExperimentSpec(sample('demo_search_experiment_spec.textproto'), 'spec');
    expectDemoSearchSpec(spec);
    checkExperimentSpec(spec);
    const select = parseTaskCollection(sample('demo_select_tasks.textproto'), 'select');
    const final = parseTaskCollection(sample('demo_final_tasks.textproto'), 'final');
    expect(select).toEqual(DEMO_SELECT);
    expect(final).toEqual(DEMO_FINAL);
    checkTaskCollection(select, 'select_tasks');
    checkTaskCollection(final, 'final_tasks');
    const run = parseRunSpec(sample('demo.textproto'), 'demo.textproto');
    expect(spec).toEqual(run.searchExperimentSpec);
  });

  it('demo.json is the same run as demo.textproto', () => {
    expect(parseRunSpec(sample('demo.json'), 'demo.json')).toEqual(parseRunSpec(sample('demo.textproto'), 'demo.textproto'));
  });
});

describe('integration tests', () => {
  it('integration_linear.textproto', () => {
    const run = parseRunSpec(sample('integration_linear.textproto'), 'linear');
    const s = run.searchExperimentSpec;
    expect(run.randomSeed).toBe(100021);
    expect(run.maxExperiments).toBe(1);
    expect(run.randomizeTaskSeeds).toBe(false);
    expect(run.sufficientFitness).toBe(Number.MAX_VALUE);
    expect(s.memorySizes).toEqual({ scalars: 4, vectors: 3, matrices: 1 });
    expect(s.setupOps).toEqual(ids('SCALAR_CONST_SET_OP'));
    expect(s.predictOps).toEqual(ids('VECTOR_INNER_PRODUCT_OP'));
    expect(s.learnOps).toEqual(ids('SCALAR_DIFF_OP', 'SCALAR_PRODUCT_OP', 'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_SUM_OP'));
    expect([s.setupSizeInit, s.predictSizeInit, s.learnSizeInit]).toEqual([5, 1, 4]);
    expect(s.fec).toEqual({ numTrainExamples: 10, numValidExamples: 10, cacheSize: 100000, forgetEvery: 100 });
    expect(s.maxTrainSteps).toBe(100000000);
    expect(s.initialPopulation).toBe('RANDOM_ALGORITHM');
    expect(run.selectTasks).toEqual(run.finalTasks);
    expect(run.selectTasks.tasks[0]!.numTrainExamples).toBe(10000);
    checkRunSpec(run);
  });

  it('integration_nonlinear.textproto', () => {
    const run = parseRunSpec(sample('integration_nonlinear.textproto'), 'nonlinear');
    const s = run.searchExperimentSpec;
    expect(run.randomSeed).toBe(100001);
    expect(s.memorySizes).toEqual({ scalars: 5, vectors: 9, matrices: 2 });
    expect(s.searchTasks.tasks[0]!.task).toEqual({ kind: 'scalar_2layer_nn_regression_task' });
    expect(s.setupOps).toEqual(ids('VECTOR_GAUSSIAN_SET_OP', 'MATRIX_GAUSSIAN_SET_OP'));
    expect(s.predictOps).toEqual([]);
    expect(s.learnOps).toEqual([]);
    expect(s.trainBudget).toEqual({ baseline: 'NEURAL_NET_ALGORITHM', thresholdFactor: 2 });
    expect(s.fec).toBeNull();
    expect(s.initialPopulation).toBe('INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM');
    expect(s.mutationTypes).toEqual(['ALTER_PARAM_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE',
      'REMOVE_INSTRUCTION_MUTATION_TYPE', 'TRADE_INSTRUCTION_MUTATION_TYPE']);
    expect(s.mutateProb).toBe(1);
    expect([s.mutateSetupSizeMin, s.mutateSetupSizeMax, s.mutatePredictSizeMin, s.mutatePredictSizeMax,
      s.mutateLearnSizeMin, s.mutateLearnSizeMax]).toEqual([6, 7, 3, 4, 9, 10]);
    expect(run.selectTasks.tasks[0]!.paramSeeds).toEqual([9000]);
    expect(run.selectTasks.tasks[0]!.dataSeeds).toEqual([19000]);
    expect(run.finalTasks).toEqual(run.selectTasks);
    checkRunSpec(run);
  });
});

describe('baseline (run_baseline.sh)', () => {
  it('baseline_projected_binary.textproto', () => {
    const run = parseRunSpec(sample('baseline_projected_binary.textproto'), 'baseline');
    const s = run.searchExperimentSpec;
    expect(run.randomSeed).toBe(1000060);
    expect(run.maxExperiments).toBe(1);
    expect(s.memorySizes).toEqual({ scalars: 5, vectors: 9, matrices: 2 });
    const t = s.searchTasks.tasks[0]!;
    expect(t).toMatchObject({
      featuresSize: 16, numTrainExamples: 8000, numValidExamples: 1000, numTrainEpochs: 1, numTasks: 10, evalType: 'ACCURACY',
    });
    expect(t.task).toEqual({
      kind: 'projected_binary_classification_task',
      positiveClass: null, negativeClass: null,
      datasetName: 'cifar10', path: './data/binary_cifar10',
      heldOutPairs: HELD_OUT.map(([p, n]) => ({ positiveClass: p, negativeClass: n })),
      minSupportedDataSeed: 0, maxSupportedDataSeed: 100,
    });
    expect(s.setupOps).toEqual(ids('SCALAR_CONST_SET_OP', 'SCALAR_GAUSSIAN_SET_OP', 'SCALAR_UNIFORM_SET_OP',
      'VECTOR_GAUSSIAN_SET_OP', 'VECTOR_UNIFORM_SET_OP', 'MATRIX_GAUSSIAN_SET_OP', 'MATRIX_UNIFORM_SET_OP'));
    expect(s.predictOps).toHaveLength(5);
    expect(s.learnOps).toHaveLength(9);
    expect([s.mutateSetupSizeMax, s.mutatePredictSizeMax, s.mutateLearnSizeMax]).toEqual([7, 11, 23]);
    expect(s.trainBudget).toEqual({ baseline: 'NEURAL_NET_ALGORITHM', thresholdFactor: 2 });
    expect(s.populationSize).toBe(100);
    expect(s.initialPopulation).toBe('NO_OP_ALGORITHM');
    expect(s.maxTrainSteps).toBe(100000000000);
    expect(s.fec).toBeNull();
    // T_select is the search spec itself.
    expect(run.selectTasks).toEqual(s.searchTasks);
    // The final tasks hold out the other 36 pairs.
    const final = run.finalTasks.tasks[0]!;
    expect(final.numTasks).toBe(100);
    if (final.task.kind !== 'projected_binary_classification_task') throw new Error('wrong kind');
    const finalHeld = final.task.heldOutPairs.map((p) => `${p.positiveClass},${p.negativeClass}`);
    expect(finalHeld).toHaveLength(36);
    for (const [p, n] of HELD_OUT) expect(finalHeld).not.toContain(`${p},${n}`);
    checkRunSpec(run);
  });
});

it('long_evaluations.textproto: the baseline search on 10 synthetic tasks of 8000 examples at F = 16, stopped after 3000 individuals', () => {
  const run = parseRunSpec(sample('long_evaluations.textproto'), 'long');
  const baseline = parseRunSpec(sample('baseline_projected_binary.textproto'), 'baseline').searchExperimentSpec;
  const s = run.searchExperimentSpec;
  const tasks = {
    tasks: [{
      featuresSize: 16, numTrainExamples: 8000, numTrainEpochs: 1, numValidExamples: 1000, numTasks: 10,
      dataSeeds: [], paramSeeds: [], evalType: 'RMS_ERROR', task: { kind: 'scalar_2layer_nn_regression_task' },
    }],
  };
  expect(s.searchTasks).toEqual(tasks);
  expect(run.selectTasks).toEqual(tasks);
  expect(s.maxIndividuals).toBe(3000);
  expect({ ...s, searchTasks: null, maxIndividuals: null, progressEvery: null })
    .toEqual({ ...baseline, searchTasks: null, maxIndividuals: null, progressEvery: null });
  checkRunSpec(run);
});

it('every sample in samples/configs is covered and parses', () => {
  const files = readdirSync(SAMPLES).sort();
  expect(files).toEqual([
    'baseline_projected_binary.textproto',
    // The Fashion-MNIST configs are checked in test/datasets/configs.test.ts.
    'baseline_projected_binary_fashion_mnist.textproto', 'baseline_projected_binary_fashion_mnist_small.textproto',
    'demo.json', 'demo.textproto', 'demo_final_tasks.textproto',
    'demo_search_experiment_spec.textproto', 'demo_select_tasks.textproto',
    'fashion_mnist_small_held_out_tasks.textproto', 'integration_linear.textproto',
    'integration_nonlinear.textproto', 'long_evaluations.textproto',
  ]);
});
