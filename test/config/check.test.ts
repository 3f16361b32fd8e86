/** Fail-fast checks (src/config/check.ts): each impossible setting is a UserError naming the field. */
import { describe, expect, it } from 'vitest';
import { checkExperimentSpec, checkRunSpec, checkTaskCollection } from '../../src/config/check';
import { parseExperimentSpec, parseRunSpec, parseTaskCollection } from '../../src/config/load';
import type { ExperimentSpec, TaskSpec } from '../../src/config/types';
import { UserError } from '../../src/util/errors';
import { messageOf, sample } from './helpers';

const demo = (): ExperimentSpec => parseExperimentSpec(sample('demo_search_experiment_spec.textproto'), 'demo');
const with_ = (patch: Partial<ExperimentSpec>): ExperimentSpec => ({ ...demo(), ...patch });
const task0 = (): TaskSpec => demo().searchTasks.tasks[0]!;
const withTask = (patch: Partial<TaskSpec>): ExperimentSpec => with_({ searchTasks: { tasks: [{ ...task0(), ...patch }] } });
const specError = (spec: ExperimentSpec): string => {
  try {
    checkExperimentSpec(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected the check to fail');
};
const tasksError = (text: string, where = 'select_tasks'): string =>
  messageOf(() => checkTaskCollection(parseTaskCollection(text, 'x'), where));
const T = (body: string, common = 'features_size: 4 num_train_examples: 10 num_valid_examples: 10 num_tasks: 1'): string =>
  `tasks { ${body} ${common} }`;

describe('experiment checks', () => {
  it('the demo passes', () => {
    expect(() => checkExperimentSpec(demo())).not.toThrow();
  });

  it('population and tournament', () => {
    expect(specError(with_({ populationSize: 0 }))).toBe('search_experiment_spec: population_size must be > 0 (got 0)');
    expect(specError(with_({ populationSize: 5, tournamentSize: 6 })))
      .toBe('search_experiment_spec: tournament_size must be in [1, population_size = 5] (got 6)');
    expect(specError(with_({ tournamentSize: 0 }))).toMatch(/tournament_size must be in \[1, population_size = 1000\] \(got 0\)/);
    expect(() => checkExperimentSpec(with_({ populationSize: 10, tournamentSize: 10 }))).not.toThrow();
  });

  it('op lists and initial sizes', () => {
    expect(specError(with_({ setupOps: [], predictOps: [], learnOps: [] })))
      .toMatch(/setup_ops, predict_ops and learn_ops are all empty/);
    expect(specError(with_({ predictOps: [] })))
      .toMatch(/^search_experiment_spec: initial_population RANDOM_ALGORITHM needs predict_ops to draw the 2 instructions of predict_size_init/);
    expect(() => checkExperimentSpec(with_({ predictOps: [], predictSizeInit: 0 }))).not.toThrow();
    expect(() => checkExperimentSpec(with_({ predictOps: [], initialPopulation: 'NO_OP_ALGORITHM' }))).not.toThrow();
    expect(specError(with_({ learnSizeInit: -1 }))).toMatch(/learn_size_init must be in \[0, 65535\] \(got -1\)/);
    expect(specError(with_({ mutateSetupSizeMax: 70000 }))).toMatch(/mutate_setup_size_max must be in \[0, 65535\]/);
  });

  it('mutation settings', () => {
    expect(specError(with_({ mutationTypes: [] }))).toMatch(/allowed_mutation_types must list at least one mutation type/);
    expect(specError(with_({ mutateProb: 1.5 }))).toMatch(/mutate_prob must be in \[0, 1\] \(got 1.5\)/);
    expect(specError(with_({ mutateProb: Number.NaN }))).toMatch(/mutate_prob/);
    expect(() => checkExperimentSpec(with_({ mutateProb: 0 }))).not.toThrow();
  });

  it('evaluation settings and budgets', () => {
    expect(specError(with_({ maxAbsError: 0 }))).toMatch(/max_abs_error must be > 0/);
    expect(specError(with_({ maxTrainSteps: -1 }))).toMatch(/max_train_steps must be >= 0/);
    expect(specError(with_({ maxIndividuals: 0 }))).toMatch(/max_individuals must be > 0 when given/);
    expect(specError(with_({ maxSeconds: -3 }))).toMatch(/max_seconds must be > 0 when given/);
    expect(specError(with_({ trainBudget: { baseline: 'NEURAL_NET_ALGORITHM', thresholdFactor: 0 } })))
      .toBe('search_experiment_spec.train_budget: train_budget_threshold_factor must be > 0 (got 0)');
  });

  it('FEC (SPEC §6)', () => {
    const fec = { numTrainExamples: 10, numValidExamples: 10, cacheSize: 100000, forgetEvery: 100 };
    expect(specError(with_({ fec: { ...fec, numTrainExamples: 0 } })))
      .toBe('search_experiment_spec.fec: num_train_examples must be in [1, 100] (got 0)');
    expect(specError(with_({ fec: { ...fec, numValidExamples: 101 } }))).toMatch(/fec: num_valid_examples must be in \[1, 100\] \(got 101\)/);
    expect(specError(with_({ fec: { ...fec, cacheSize: 1 } }))).toMatch(/fec: cache_size must be > 1 \(got 1\)/);
    expect(specError(with_({ fec: { ...fec, forgetEvery: 1 } }))).toMatch(/fec: forget_every must be 0 \(never\) or > 1 \(got 1\)/);
    expect(() => checkExperimentSpec(with_({ fec: { ...fec, forgetEvery: 0 } }))).not.toThrow();
    const small = withTask({ numTrainExamples: 4, numTrainEpochs: 2, numValidExamples: 20 });
    expect(specError({ ...small, fec })).toBe('search_experiment_spec.fec: num_train_examples (10) exceeds the training '
      + 'examples × epochs (8) of search_experiment_spec.search_tasks.tasks[0]');
    expect(() => checkExperimentSpec({ ...small, fec: { ...fec, numTrainExamples: 8 } })).not.toThrow();
    expect(specError({ ...withTask({ numValidExamples: 5 }), fec })).toMatch(/fec: num_valid_examples \(10\) exceeds the num_valid_examples \(5\) of search_experiment_spec.search_tasks.tasks\[0\]/);
  });

  it('memory sizes', () => {
    expect(specError(with_({ memorySizes: { scalars: 1, vectors: 3, matrices: 1 } })))
      .toBe('search_experiment_spec: max_scalar_addresses must be in [2, 65536] (got 1)');
    expect(specError(with_({ memorySizes: { scalars: 4, vectors: 0, matrices: 1 } }))).toMatch(/max_vector_addresses must be in \[1, 65536\]/);
    expect(() => checkExperimentSpec(with_({ memorySizes: { scalars: 2, vectors: 1, matrices: 0 } }))).not.toThrow();
  });

  it('the search tasks are checked with their index', () => {
    const spec = with_({ searchTasks: { tasks: [task0(), { ...task0(), numValidExamples: 0 }] } });
    expect(specError(spec)).toBe('search_experiment_spec.search_tasks.tasks[1]: num_valid_examples must be > 0 (got 0)');
    expect(specError(with_({ searchTasks: { tasks: [] } })))
      .toBe('search_experiment_spec.search_tasks: at least one task is required (tasks { ... })');
  });
});

describe('task checks', () => {
  it('counts', () => {
    expect(tasksError(T('unit_test_ones_task {} eval_type: RMS_ERROR', 'features_size: 4 num_valid_examples: 1 num_tasks: 1')))
      .toBe('select_tasks.tasks[0]: num_train_examples must be > 0 (got 0)');
    expect(tasksError(T('unit_test_ones_task {} eval_type: RMS_ERROR', 'features_size: 4 num_train_examples: 1 num_valid_examples: 1')))
      .toBe('select_tasks.tasks[0]: num_tasks must be > 0 (got 0)');
    expect(tasksError(T('unit_test_ones_task {} eval_type: RMS_ERROR num_train_epochs: 0')))
      .toBe('select_tasks.tasks[0]: num_train_epochs must be >= 1 (got 0)');
    expect(tasksError('', 'final_tasks')).toBe('final_tasks: at least one task is required (tasks { ... })');
  });

  it('feature sizes', () => {
    expect(tasksError(T('unit_test_ones_task {} eval_type: RMS_ERROR', 'features_size: 3 num_train_examples: 1 num_valid_examples: 1 num_tasks: 1')))
      .toMatch(/^select_tasks.tasks\[0\]: features_size must be one of .*16.*\(the original supports 2, 4, 8, 16, 32\), got 3$/);
    expect(tasksError(T('unit_test_ones_task {} eval_type: RMS_ERROR', 'num_train_examples: 1 num_valid_examples: 1 num_tasks: 1')))
      .toMatch(/features_size must be one of .* got 0/);
    expect(tasksError(T('scalar_2layer_nn_regression_task {} eval_type: RMS_ERROR', 'features_size: 2 num_train_examples: 1 num_valid_examples: 1 num_tasks: 1')))
      .toBe('select_tasks.tasks[0]: scalar_2layer_nn_regression_task requires features_size >= 3 (got 2)');
  });

  it('eval types', () => {
    expect(tasksError(T('scalar_linear_regression_task {} eval_type: ACCURACY')))
      .toBe('select_tasks.tasks[0]: scalar_linear_regression_task requires eval_type: RMS_ERROR (got ACCURACY)');
    expect(tasksError(T('scalar_2layer_nn_regression_task {} eval_type: ACCURACY'))).toMatch(/requires eval_type: RMS_ERROR/);
    expect(tasksError(T('projected_binary_classification_task { dataset_name: "cifar10" path: "p" } eval_type: RMS_ERROR')))
      .toMatch(/projected_binary_classification_task requires eval_type: ACCURACY \(got RMS_ERROR\)/);
    expect(() => checkTaskCollection(parseTaskCollection(T('unit_test_zeros_task {} eval_type: ACCURACY'), 'x'), 'x')).not.toThrow();
  });

  it('projected binary classification', () => {
    const P = (inner: string): string => tasksError(T(`projected_binary_classification_task { ${inner} } eval_type: ACCURACY`));
    const ok = 'dataset_name: "cifar10" path: "p"';
    expect(() => checkTaskCollection(parseTaskCollection(T(`projected_binary_classification_task { ${ok} } eval_type: ACCURACY`), 'x'), 'x')).not.toThrow();
    expect(P(`${ok} positive_class: 1`))
      .toBe('select_tasks.tasks[0].projected_binary_classification_task: give both positive_class and negative_class, or neither (then a pair is drawn from the data seed)');
    expect(P(`${ok} negative_class: 1`)).toMatch(/give both positive_class and negative_class/);
    expect(P(`${ok} positive_class: 1 negative_class: 10`)).toMatch(/negative_class must be in \[0, 9\] \(got 10\)/);
    expect(P(`${ok} positive_class: 3 negative_class: 3`)).toMatch(/must differ/);
    expect(P(`${ok} held_out_pairs { positive_class: 2 negative_class: 2 }`))
      .toMatch(/^select_tasks.tasks\[0\].projected_binary_classification_task.held_out_pairs\[0\]: positive_class and negative_class must differ/);
    const all: string[] = [];
    for (let i = 0; i < 10; i++) for (let j = i + 1; j < 10; j++) all.push(`held_out_pairs { positive_class: ${j} negative_class: ${i} }`);
    expect(P(`${ok} ${all.join(' ')}`)).toMatch(/hold out all 45 class pairs/);
    expect(() => checkTaskCollection(parseTaskCollection(
      T(`projected_binary_classification_task { ${ok} ${all.join(' ')} positive_class: 0 negative_class: 1 } eval_type: ACCURACY`), 'x'), 'x'))
      .not.toThrow();
    expect(P('dataset_name: "cifar10"')).toMatch(/path \(the folder of the projected data files\) is required/);
    expect(P('path: "p"')).toMatch(/dataset_name is required/);
    expect(P(`${ok} min_supported_data_seed: 5 max_supported_data_seed: 5`))
      .toMatch(/min_supported_data_seed \(5\) must be smaller than max_supported_data_seed \(5\)/);
    expect(P(`${ok} min_supported_data_seed: 20`)).toMatch(/min_supported_data_seed \(20\) must be smaller than max_supported_data_seed \(10\)/);
  });

  it('unit_test_fixed_task data shapes', () => {
    const F = (inner: string, counts = 'num_train_examples: 2 num_valid_examples: 1'): string =>
      tasksError(T(`unit_test_fixed_task { ${inner} } eval_type: RMS_ERROR`, `features_size: 2 num_tasks: 1 ${counts}`));
    const good = 'train_features { elements: [1, 2] } train_features { elements: [3, 4] } train_labels { elements: 1 } '
      + 'train_labels { elements: 2 } valid_features { elements: [0, 1] } valid_labels { elements: 3 }';
    expect(() => checkTaskCollection(parseTaskCollection(
      T(`unit_test_fixed_task { ${good} } eval_type: RMS_ERROR`, 'features_size: 2 num_tasks: 1 num_train_examples: 2 num_valid_examples: 1'), 'x'), 'x'))
      .not.toThrow();
    expect(F(good, 'num_train_examples: 3 num_valid_examples: 1'))
      .toBe('select_tasks.tasks[0].unit_test_fixed_task: train_features has 2 vectors but num_train_examples is 3');
    expect(F(good.replace('train_labels { elements: 2 } ', '')))
      .toBe('select_tasks.tasks[0].unit_test_fixed_task: train_labels has 1 labels but num_train_examples is 2');
    expect(F(good.replace('valid_features { elements: [0, 1] }', 'valid_features { elements: [0, 1, 2] }')))
      .toBe('select_tasks.tasks[0].unit_test_fixed_task.valid_features[0]: has 3 elements but features_size is 2');
  });
});

describe('run checks', () => {
  it('every shipped run passes; the select and final tasks are named', () => {
    expect(() => checkRunSpec(parseRunSpec(sample('demo.textproto'), 'demo'))).not.toThrow();
    const noFinal = parseRunSpec(sample('demo.textproto').replace(/final_tasks \{[\s\S]*?\n\}\n/, ''), 'demo');
    expect(messageOf(() => checkRunSpec(noFinal))).toBe('final_tasks: at least one task is required (tasks { ... })');
    const run = parseRunSpec(sample('demo.textproto'), 'demo');
    expect(messageOf(() => checkRunSpec({ ...run, maxExperiments: -1 }))).toMatch(/^max_experiments must be >= 0/);
    expect(messageOf(() => checkRunSpec({ ...run, sufficientFitness: Number.NaN }))).toMatch(/sufficient_fitness/);
    const empty = parseRunSpec('', 'x');
    expect(messageOf(() => checkRunSpec(empty))).toBe('search_experiment_spec.search_tasks: at least one task is required (tasks { ... })');
  });
});
