/** Text-format features (SPEC §9) and errors with positions. */
import { describe, expect, it } from 'vitest';
import { parseExperimentSpec, parseRunSpec, parseTaskCollection } from '../../src/config/load';
import { removeLineContinuations } from '../../src/config/textformat';
import { opByName } from '../../src/ir/ops';
import { ParseError, UserError } from '../../src/util/errors';
import { messageOf, parseErrorOf } from './helpers';

const TASK = 'tasks { scalar_linear_regression_task {} features_size: 4 num_train_examples: 10 num_valid_examples: 10 num_tasks: 1 eval_type: RMS_ERROR }';
const ids = (...names: string[]): number[] => names.map((n) => opByName(n)!.id);

describe('text-format features', () => {
  it('lists, repeated fields and a mix of both append in order', () => {
    const s = parseExperimentSpec(`
      setup_ops: [SCALAR_SUM_OP, VECTOR_SUM_OP]
      setup_ops: NO_OP
      setup_ops: []
      setup_ops: [MATRIX_SUM_OP]
      predict_ops: SCALAR_SUM_OP predict_ops: SCALAR_SUM_OP`, 'x');
    expect(s.setupOps).toEqual(ids('SCALAR_SUM_OP', 'VECTOR_SUM_OP', 'NO_OP', 'MATRIX_SUM_OP'));
    expect(s.predictOps).toEqual(ids('SCALAR_SUM_OP', 'SCALAR_SUM_OP'));
    expect(s.learnOps).toEqual([]);
  });

  it('ops by number are ops too', () => {
    expect(parseExperimentSpec('learn_ops: [1, 64]', 'x').learnOps).toEqual([1, 64]);
  });

  it('nested messages with and without ":" and with <>', () => {
    const a = parseExperimentSpec(`search_tasks { ${TASK} } fec { num_train_examples: 5 num_valid_examples: 6 }`, 'x');
    const b = parseExperimentSpec(`search_tasks: { ${TASK.replace('tasks {', 'tasks: {')} } fec: < num_train_examples: 5; num_valid_examples: 6 >`, 'x');
    expect(b).toEqual(a);
    expect(a.fec).toEqual({ numTrainExamples: 5, numValidExamples: 6, cacheSize: 100000, forgetEvery: 100 });
  });

  it('both quote styles, escapes and comments', () => {
    const c = parseTaskCollection(`
      # a comment line
      tasks {  # a trailing comment with "quotes" and { braces
        projected_binary_classification_task {
          dataset_name: 'cifar10'   # single quotes
          path: "/data/a \\"b\\" #c"  # double quotes, escaped quotes and a #
        }
        features_size: 16 num_train_examples: 8000 num_valid_examples: 1000 num_tasks: 10
        eval_type: ACCURACY
      }`, 'x');
    const t = c.tasks[0]!.task;
    expect(t.kind).toBe('projected_binary_classification_task');
    if (t.kind !== 'projected_binary_classification_task') return;
    expect(t.datasetName).toBe('cifar10');
    expect(t.path).toBe('/data/a "b" #c');
  });

  it('shell line continuations of the original scripts are ignored', () => {
    // As in run_integration_test_nonlinear.sh's --select_tasks.
    const text = String.raw`    tasks { \
      scalar_2layer_nn_regression_task {} \
      features_size: 4 \
      num_train_examples: 1000 \
      num_valid_examples: 100 \
      num_tasks: 1 eval_type: \
      RMS_ERROR param_seeds: [9000] \
      data_seeds: [19000] \
    } \
    `;
    const c = parseTaskCollection(text, 'x');
    expect(c.tasks[0]).toMatchObject({ featuresSize: 4, evalType: 'RMS_ERROR', paramSeeds: [9000], dataSeeds: [19000] });
    expect(removeLineContinuations('a \\\nb\\  \r\nc\\')).toBe('a  \nb   \r\nc ');
  });

  it('defaults of the original schema', () => {
    const s = parseExperimentSpec(`search_tasks { ${TASK} } train_budget {}`, 'x');
    expect(s.maxAbsError).toBe(100);
    expect(s.fitnessCombinationMode).toBe('MEAN_FITNESS_COMBINATION');
    expect(s.initialPopulation).toBe('NO_OP_ALGORITHM');
    expect(s.maxTrainSteps).toBe(80000000000);
    expect(s.mutateProb).toBe(0.9);
    expect(s.progressEvery).toBe(10000);
    expect(s.trainBudget).toEqual({ baseline: 'NEURAL_NET_ALGORITHM', thresholdFactor: 2 });
    expect(s.fec).toBeNull();
    expect(s.memorySizes).toBeNull();
    expect(s.maxIndividuals).toBeNull();
    expect(s.maxSeconds).toBeNull();
    expect(s.populationSize).toBe(0);
    expect(s.mutationTypes).toEqual([]);
    expect(s.searchTasks.tasks[0]!.numTrainEpochs).toBe(1);
    const empty = parseExperimentSpec('', 'x');
    expect(empty.searchTasks).toEqual({ tasks: [] });
    expect(empty.trainBudget).toBeNull();
  });

  it('task-type defaults and values', () => {
    const c = parseTaskCollection(`
      tasks { unit_test_increment_task {} features_size: 4 num_train_examples: 3 num_valid_examples: 2 num_tasks: 1 eval_type: RMS_ERROR }
      tasks { unit_test_increment_task { increment: 0.5 } features_size: 4 num_train_examples: 3 num_valid_examples: 2 num_tasks: 1 eval_type: RMS_ERROR }
      tasks { projected_binary_classification_task { positive_class: 0 negative_class: 1 dataset_name: "mnist" path: "p" }
              features_size: 16 num_train_examples: 3 num_valid_examples: 2 num_tasks: 1 eval_type: ACCURACY num_test_examples: 7 }
      tasks { unit_test_fixed_task {
                train_features { elements: [1, 2] } train_features { elements: [3, 4] }
                train_labels { elements: 5 } train_labels { elements: [6] }
                valid_features { elements: [7, 8] } valid_labels { elements: -9.5 }
                test_features { elements: [0, 0] } test_labels { elements: 0 } }
              features_size: 2 num_train_examples: 2 num_valid_examples: 1 num_tasks: 1 eval_type: RMS_ERROR }
      tasks { unit_test_zeros_task {} features_size: 4 num_train_examples: 1 num_valid_examples: 1 num_tasks: 2 eval_type: ACCURACY num_train_epochs: 3 }
      tasks { unit_test_ones_task {} features_size: 4 num_train_examples: 1 num_valid_examples: 1 num_tasks: 1 eval_type: RMS_ERROR }`, 'x');
    expect(c.tasks.map((t) => t.task)).toEqual([
      { kind: 'unit_test_increment_task', increment: 1 },
      { kind: 'unit_test_increment_task', increment: 0.5 },
      {
        kind: 'projected_binary_classification_task', positiveClass: 0, negativeClass: 1, datasetName: 'mnist', path: 'p',
        heldOutPairs: [], minSupportedDataSeed: 0, maxSupportedDataSeed: 10,
      },
      {
        kind: 'unit_test_fixed_task', trainFeatures: [[1, 2], [3, 4]], trainLabels: [5, 6],
        validFeatures: [[7, 8]], validLabels: [-9.5],
      },
      { kind: 'unit_test_zeros_task' },
      { kind: 'unit_test_ones_task' },
    ]);
    expect(c.tasks[4]).toMatchObject({ numTasks: 2, evalType: 'ACCURACY', numTrainEpochs: 3 });
  });

  it('our extensions: run budget limits and memory sizes (a missing count defaults to 20)', () => {
    const s = parseExperimentSpec('max_individuals: 1000000 max_seconds: 2.5 max_vector_addresses: 3', 'x');
    expect(s.maxIndividuals).toBe(1000000);
    expect(s.maxSeconds).toBe(2.5);
    expect(s.memorySizes).toEqual({ scalars: 20, vectors: 3, matrices: 20 });
  });

  it('RunSpec defaults are the original flags\' defaults', () => {
    const run = parseRunSpec(`search_experiment_spec { population_size: 3 } select_tasks { ${TASK} }`, 'x');
    expect(run.maxExperiments).toBe(1);
    expect(run.randomSeed).toBe(0);
    expect(run.randomizeTaskSeeds).toBe(false);
    expect(run.sufficientFitness).toBe(Number.MAX_VALUE);
    expect(run.searchExperimentSpec.populationSize).toBe(3);
    expect(run.selectTasks.tasks).toHaveLength(1);
    expect(run.finalTasks).toEqual({ tasks: [] });
  });

  it('a byte-order mark is skipped', () => {
    expect(parseExperimentSpec('\uFEFFpopulation_size: 7', 'x').populationSize).toBe(7);
  });
});

describe('errors carry source, line and column', () => {
  const at = (text: string, parse: (t: string, s: string) => unknown = parseExperimentSpec): ParseError =>
    parseErrorOf(() => parse(text, 'cfg.textproto'));

  it('unknown field, with a suggestion', () => {
    const e = at('population_size: 10\n  tournament_sise: 3\n');
    expect(e).toBeInstanceOf(UserError);
    expect([e.source, e.line, e.column]).toEqual(['cfg.textproto', 2, 3]);
    expect(e.message).toBe('cfg.textproto:2:3: unknown field "tournament_sise" for message '
      + 'automl_zero.SearchExperimentSpec (did you mean "tournament_size"?)');
  });

  it('unknown field in a nested message', () => {
    const e = at('search_tasks {\n  tasks {\n    scalar_linear_regression_task {}\n    num_examples: 3\n  }\n}');
    expect([e.line, e.column]).toEqual([4, 5]);
    expect(e.detail).toMatch(/^unknown field "num_examples" for message automl_zero.TaskSpec/);
  });

  it('wrong type: a string for an integer', () => {
    const e = at('# header\npopulation_size: "abc"');
    expect([e.line, e.column]).toEqual([2, 18]);
    expect(e.detail).toBe('population_size: expected an integer, got a string');
  });

  it('wrong type: a float for an integer, a name for a number, a number for a message', () => {
    expect(at('tournament_size: 1.5').detail).toBe('tournament_size: expected an integer, got "1.5"');
    expect(at('mutate_prob: high').detail).toBe('mutate_prob: invalid float value "high"');
    expect(at('fec: 3').detail).toMatch(/expected "\{" or "<", got "3"/);
    const e = at('max_scalar_addresses: 99999999999');
    expect(e.detail).toBe('max_scalar_addresses: 99999999999 is out of range for int32');
    expect(e.column).toBe(23);
  });

  it('unknown op in an op list', () => {
    const e = at('setup_ops: [SCALAR_SUM_OP,\n            FOO_OP, VECTOR_SUM_OP]');
    expect([e.line, e.column]).toEqual([2, 13]);
    expect(e.detail).toBe('setup_ops: unknown op "FOO_OP" (did you mean "NO_OP"?)');
    expect(at('learn_ops: SCALAR_SUMOP').detail).toBe('learn_ops: unknown op "SCALAR_SUMOP" (did you mean "SCALAR_SUM_OP"?)');
    expect(at('predict_ops: 65').detail).toMatch(/predict_ops|Op/);
  });

  it('unknown enum value', () => {
    const e = at('population_size: 3\ninitial_population: RANDOM');
    expect([e.line, e.column]).toEqual([2, 21]);
    expect(e.detail).toMatch(/^initial_population: unknown enum value "RANDOM" for enum automl_zero.HardcodedAlgorithmID/);
    const m = at(`search_tasks { tasks { eval_type: RMS } }`);
    expect(m.detail).toMatch(/eval_type: unknown enum value "RMS" .* \(did you mean "RMS_ERROR"\?\)/);
  });

  it('unterminated brace is reported at the end of the input', () => {
    const e = at('search_tasks {\n  tasks {\n    num_tasks: 1\n  }\n\n');
    expect([e.line, e.column]).toEqual([4, 4]);
    expect(e.detail).toMatch(/unexpected end of input, expected "}"/);
  });

  it('other syntax errors', () => {
    expect(at('population_size 3').detail).toMatch(/expected ":"/);
    const brace = at('population_size: 3 }');
    expect([brace.line, brace.column]).toEqual([1, 20]);
    const stray = at('population_size: 3\nmutate_prob: 0.5 @');
    expect([stray.line, stray.column, stray.detail]).toEqual([2, 18, 'unexpected "@"']);
    const str = at("search_tasks { tasks { projected_binary_classification_task { path: 'abc\n } } }");
    expect([str.line, str.column]).toEqual([1, 69]);
    expect(str.detail).toMatch(/path: .*string/);
    expect(at('setup_ops: [NO_OP NO_OP]').detail).toMatch(/expected "," or "\]"/);
    const trailing = at('setup_ops: [NO_OP,]');
    expect([trailing.column, trailing.detail]).toEqual([19, 'setup_ops: expected an enum value for enum automl_zero.Op, got "]"']);
    const eof = at('population_size: 3\nmutate_prob:\n\n');
    expect([eof.line, eof.column, eof.detail]).toEqual([2, 13, 'mutate_prob: expected a float, got end of input']);
    expect(at('population_size: 1 population_size: 2').detail).toBe('non-repeated field "population_size" is repeated');
  });

  it('two task types in one task', () => {
    const e = at('search_tasks { tasks {\n scalar_linear_regression_task {}\n unit_test_ones_task {} } }');
    expect([e.line, e.column]).toEqual([3, 2]);
    expect(e.detail).toMatch(/oneof "task_type" is already set/);
  });

  it('errors in task collections and run specs', () => {
    const e = at('tasks {\n  features_size: four\n}', parseTaskCollection);
    expect([e.line, e.column, e.detail]).toEqual([2, 18, 'features_size: expected an integer, got "four"']);
    const r = at('search_experiment_spec {\n  population_size: 3\n}\nmax_experiment: 0', parseRunSpec);
    expect([r.line, r.column]).toEqual([4, 1]);
    expect(r.detail).toMatch(/unknown field "max_experiment" for message automl_zero.RunSpec \(did you mean "max_experiments"\?\)/);
    expect(at('random_seed: -1', parseRunSpec).detail).toMatch(/random_seed: .*negative/);
  });

  it('missing required choices are UserErrors naming the task', () => {
    const noEval = messageOf(() => parseTaskCollection(
      'tasks { scalar_linear_regression_task {} } tasks { unit_test_ones_task {} }', 'c.textproto'));
    expect(noEval).toBe('c.textproto: tasks[0]: eval_type is required: RMS_ERROR or ACCURACY');
    const noType = messageOf(() => parseRunSpec(`select_tasks { ${TASK} tasks { eval_type: ACCURACY } }`, 'r'));
    expect(noType).toMatch(/^r: select_tasks.tasks\[1\]: a task type is required: one of scalar_linear_regression_task/);
    expect(messageOf(() => parseTaskCollection('tasks { unit_test_ones_task {} eval_type: INVALID_EVAL_TYPE }', 'c')))
      .toMatch(/eval_type is required/);
    expect(messageOf(() => parseExperimentSpec('fitness_combination_mode: UNKNOWN_FITNESS_COMBINATION', 's')))
      .toBe('s: fitness_combination_mode: must be MEAN_FITNESS_COMBINATION or MEDIAN_FITNESS_COMBINATION');
    expect(messageOf(() => parseTaskCollection(
      'tasks { unit_test_fixed_task { train_labels { elements: [1, 2] } } eval_type: RMS_ERROR }', 'c')))
      .toBe('c: tasks[0].unit_test_fixed_task.train_labels[0]: a label has exactly one element, got 2');
    expect(messageOf(() => parseTaskCollection(
      'tasks { projected_binary_classification_task { dataset {} } eval_type: ACCURACY }', 'c')))
      .toMatch(/inline dataset is not supported/);
  });
});
