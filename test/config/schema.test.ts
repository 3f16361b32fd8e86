/** The .proto schema (src/config/proto) against the op table and SPEC §5, §6, §7, §9. */
import { describe, expect, it } from 'vitest';
import { fromBinary, toBinary, create } from '@bufbuild/protobuf';
import { FitnessCombinationModeSchema, SearchExperimentSpecSchema } from '../../src/config/gen/experiment_pb';
import { FECSpecSchema } from '../../src/config/gen/fec_cache_pb';
import { HardcodedAlgorithmIDSchema } from '../../src/config/gen/generator_pb';
import { OpSchema } from '../../src/config/gen/instruction_pb';
import { MutationTypeSchema } from '../../src/config/gen/mutator_pb';
import { RunSpecSchema } from '../../src/config/gen/run_pb';
import { EvalTypeSchema, ScalarLabelDatasetSchema, TaskSpecSchema } from '../../src/config/gen/task_pb';
import { TrainBudgetSpecSchema } from '../../src/config/gen/train_budget_pb';
import { NUM_OPS, OPS } from '../../src/ir/ops';

const numbers = (desc: { fields: readonly { name: string; number: number }[] }): Record<string, number> =>
  Object.fromEntries(desc.fields.map((f) => [f.name, f.number]));
const values = (desc: { values: readonly { name: string; number: number }[] }): Record<string, number> =>
  Object.fromEntries(desc.values.map((v) => [v.name, v.number]));

describe('enums', () => {
  it('Op has the 65 ops of the op table, by name and id', () => {
    expect(OpSchema.values).toHaveLength(NUM_OPS);
    expect(NUM_OPS).toBe(65);
    for (const op of OPS) expect(OpSchema.values.find((v) => v.number === op.id)?.name).toBe(op.name);
  });

  it('the other enums', () => {
    expect(values(EvalTypeSchema)).toEqual({ INVALID_EVAL_TYPE: 0, RMS_ERROR: 1, ACCURACY: 4 });
    expect(values(FitnessCombinationModeSchema))
      .toEqual({ UNKNOWN_FITNESS_COMBINATION: 0, MEAN_FITNESS_COMBINATION: 1, MEDIAN_FITNESS_COMBINATION: 3 });
    expect(values(HardcodedAlgorithmIDSchema)).toEqual({
      NO_OP_ALGORITHM: 0, RANDOM_ALGORITHM: 1, LINEAR_ALGORITHM: 2, NEURAL_NET_ALGORITHM: 3,
      INTEGRATION_TEST_DAMAGED_NEURAL_NET_ALGORITHM: 4,
    });
    expect(values(MutationTypeSchema)).toEqual({
      ALTER_PARAM_MUTATION_TYPE: 0, RANDOMIZE_INSTRUCTION_MUTATION_TYPE: 1, RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE: 2,
      IDENTITY_MUTATION_TYPE: 3, INSERT_INSTRUCTION_MUTATION_TYPE: 4, REMOVE_INSTRUCTION_MUTATION_TYPE: 5,
      TRADE_INSTRUCTION_MUTATION_TYPE: 6, RANDOMIZE_ALGORITHM_MUTATION_TYPE: 7,
    });
  });
});

describe('field numbers of the original schema', () => {
  it('SearchExperimentSpec (SPEC §9.1) and our extensions', () => {
    expect(numbers(SearchExperimentSpecSchema)).toEqual({
      search_tasks: 20, setup_ops: 34, predict_ops: 35, learn_ops: 36, setup_size_init: 5, predict_size_init: 6,
      learn_size_init: 7, train_budget: 3, max_abs_error: 14, fec: 2, fitness_combination_mode: 1, population_size: 33,
      tournament_size: 19, initial_population: 4, max_train_steps: 15, allowed_mutation_types: 17, mutate_prob: 18,
      mutate_setup_size_min: 8, mutate_setup_size_max: 9, mutate_predict_size_min: 10, mutate_predict_size_max: 11,
      mutate_learn_size_min: 12, mutate_learn_size_max: 13, progress_every: 16,
      max_individuals: 1001, max_seconds: 1002, max_scalar_addresses: 1003, max_vector_addresses: 1004, max_matrix_addresses: 1005,
    });
  });

  it('TaskSpec (SPEC §5.1), FECSpec (§6), TrainBudgetSpec (§7.6), RunSpec', () => {
    expect(numbers(TaskSpecSchema)).toEqual({
      features_size: 13, num_train_examples: 1, num_train_epochs: 21, num_valid_examples: 2, num_tasks: 3, data_seeds: 4,
      param_seeds: 5, eval_type: 28, num_test_examples: 18, scalar_linear_regression_task: 6,
      scalar_2layer_nn_regression_task: 7, projected_binary_classification_task: 24, unit_test_fixed_task: 40,
      unit_test_zeros_task: 45, unit_test_ones_task: 46, unit_test_increment_task: 47,
    });
    expect(numbers(FECSpecSchema)).toEqual({ forget_every: 1, num_train_examples: 2, num_valid_examples: 3, cache_size: 4 });
    expect(numbers(TrainBudgetSpecSchema)).toEqual({ train_budget_baseline: 1, train_budget_threshold_factor: 2 });
    expect(numbers(RunSpecSchema)).toEqual({
      search_experiment_spec: 1, select_tasks: 2, final_tasks: 3, max_experiments: 4, random_seed: 5,
      randomize_task_seeds: 6, sufficient_fitness: 7,
    });
  });
});

describe('ScalarLabelDataset (SPEC §5.4)', () => {
  it('round-trips float32 features and labels through the binary format', () => {
    expect(numbers(ScalarLabelDatasetSchema)).toEqual({
      train_features: 1, train_labels: 2, valid_features: 3, valid_labels: 4, test_features: 5, test_labels: 6,
    });
    const d = create(ScalarLabelDatasetSchema, {
      trainFeatures: [{ features: [0.5, -1.25] }], trainLabels: [1], validFeatures: [{ features: [0.1, 2] }], validLabels: [0],
    });
    const back = fromBinary(ScalarLabelDatasetSchema, toBinary(ScalarLabelDatasetSchema, d));
    expect(back.trainFeatures[0]!.features).toEqual([0.5, -1.25]);
    expect(back.validFeatures[0]!.features).toEqual([Math.fround(0.1), 2]);
    expect(back.trainLabels).toEqual([1]);
  });
});
