import { describe, expect, it } from 'vitest';
import type { TaskType } from '../../src/config/types';
import { buildTasks } from '../../src/tasks/build';
import { UserError } from '../../src/util/errors';
import { spec } from './helpers';

describe('unit test tasks', () => {
  it('zeros and ones', () => {
    const [zeros, ones] = buildTasks({ tasks: [
      spec({ kind: 'unit_test_zeros_task' }, { numTrainExamples: 3, numValidExamples: 2 }),
      spec({ kind: 'unit_test_ones_task' }, { numTrainExamples: 3, numValidExamples: 2, evalType: 'ACCURACY' }),
    ] });
    expect(Array.from(zeros!.trainFeatures)).toEqual(new Array(12).fill(0));
    expect(Array.from(zeros!.validLabels)).toEqual([0, 0]);
    expect(Array.from(ones!.validFeatures)).toEqual(new Array(8).fill(1));
    expect(Array.from(ones!.trainLabels)).toEqual([1, 1, 1]);
    expect(ones!.evalType).toBe('ACCURACY');
  });

  it('increment: example k is k·increment; valid restarts at 0', () => {
    const [t] = buildTasks({ tasks: [spec({ kind: 'unit_test_increment_task', increment: 0.5 }, { featuresSize: 2, numTrainExamples: 4, numValidExamples: 3 })] });
    expect(Array.from(t!.trainFeatures)).toEqual([0, 0, 0.5, 0.5, 1, 1, 1.5, 1.5]);
    expect(Array.from(t!.trainLabels)).toEqual([0, 0.5, 1, 1.5]);
    expect(Array.from(t!.validFeatures)).toEqual([0, 0, 0.5, 0.5, 1, 1]);
    expect(Array.from(t!.validLabels)).toEqual([0, 0.5, 1]);
  });

  const fixed: TaskType = {
    kind: 'unit_test_fixed_task',
    trainFeatures: [[1, 2], [3, 4], [5, 6]],
    trainLabels: [10, 20, 30],
    validFeatures: [[7, 8]],
    validLabels: [40],
  };

  it('fixed: copies the given examples', () => {
    const [t] = buildTasks({ tasks: [spec(fixed, { featuresSize: 2, numTrainExamples: 3, numValidExamples: 1 })] });
    expect(Array.from(t!.trainFeatures)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(t!.trainLabels)).toEqual([10, 20, 30]);
    expect(Array.from(t!.validFeatures)).toEqual([7, 8]);
    expect(Array.from(t!.validLabels)).toEqual([40]);
  });

  it('fixed: rejects wrong feature lengths and counts', () => {
    const build = (task: TaskType, over = {}) => () => buildTasks({ tasks: [spec(task, { featuresSize: 2, numTrainExamples: 3, numValidExamples: 1, ...over })] });
    expect(build(fixed, { featuresSize: 4 })).toThrow(/train_features\[0\] has 2 elements, expected features_size = 4/);
    expect(build({ ...fixed, validFeatures: [[7, 8, 9]] })).toThrow(/valid_features\[0\] has 3 elements/);
    expect(build(fixed, { numTrainExamples: 4 })).toThrow(/3 train examples, but num_train_examples = 4/);
    expect(build(fixed, { numValidExamples: 2 })).toThrow(/1 valid examples, but num_valid_examples = 2/);
    expect(build({ ...fixed, trainLabels: [1, 2] })).toThrow(UserError);
  });
});
