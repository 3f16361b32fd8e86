import { describe, expect, it } from 'vitest';
import { buildTasks } from '../../src/tasks/build';
import { UserError } from '../../src/util/errors';
import { LINEAR, NN, spec } from './helpers';

describe('buildTasks', () => {
  it('expands specs in order with indices across the whole list', () => {
    const tasks = buildTasks({ tasks: [
      spec(LINEAR, { numTasks: 2, featuresSize: 2 }),
      spec(NN, { numTasks: 3, featuresSize: 8, numTrainEpochs: 2, dataSeeds: [5, 9] }),
    ] });
    expect(tasks.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
    expect(tasks.map((t) => t.kind)).toEqual([
      'scalar_linear_regression_task', 'scalar_linear_regression_task',
      'scalar_2layer_nn_regression_task', 'scalar_2layer_nn_regression_task', 'scalar_2layer_nn_regression_task',
    ]);
    expect(tasks.map((t) => t.F)).toEqual([2, 2, 8, 8, 8]);
    expect(tasks.map((t) => [t.paramSeed, t.dataSeed])).toEqual([[1001, 11001], [1012, 11012], [1001, 5], [1012, 9], [1010, 10]]);
    const t = tasks[2]!;
    expect(t.numTrainExamples).toBe(10);
    expect(t.numValidExamples).toBe(5);
    expect(t.trainFeatures).toHaveLength(80);
    expect(t.trainLabels).toHaveLength(10);
    expect(t.validFeatures).toHaveLength(40);
    expect(t.validLabels).toHaveLength(5);
    expect(t.trainOrder).toHaveLength(20);
    expect(t.epochs).toHaveLength(2);
    // Different seeds give different tasks.
    expect(Array.from(tasks[0]!.trainFeatures)).not.toEqual(Array.from(tasks[1]!.trainFeatures));
  });

  it('returns no tasks for an empty collection', () => {
    expect(buildTasks({ tasks: [] })).toEqual([]);
  });

  it('checks eval types', () => {
    expect(() => buildTasks({ tasks: [spec(LINEAR, { evalType: 'ACCURACY' })] })).toThrow(/eval_type must be RMS_ERROR/);
    expect(() => buildTasks({ tasks: [spec(NN, { evalType: 'ACCURACY' })] })).toThrow(UserError);
    expect(() => buildTasks({ tasks: [spec(LINEAR, { evalType: 'INVALID_EVAL_TYPE' as never })] })).toThrow(/eval_type/);
  });

  it('checks sizes', () => {
    expect(() => buildTasks({ tasks: [spec(LINEAR, { featuresSize: 3 })] })).toThrow(/features_size 3 is not supported/);
    for (const field of ['numTrainExamples', 'numValidExamples', 'numTasks', 'numTrainEpochs'] as const) {
      expect(() => buildTasks({ tasks: [spec(LINEAR, { [field]: 0 })] })).toThrow(UserError);
    }
    expect(() => buildTasks({ tasks: [spec(LINEAR, { numTrainExamples: 2.5 })] })).toThrow(/num_train_examples/);
  });

  it('checks every spec before building any task', () => {
    expect(() => buildTasks({ tasks: [spec(LINEAR), spec(LINEAR, { numTasks: 0 })] })).toThrow(/task spec 1/);
  });
});
