import type { TaskSpec, TaskType } from '../../src/config/types';

export function spec(task: TaskType, overrides: Partial<Omit<TaskSpec, 'task'>> = {}): TaskSpec {
  return {
    featuresSize: 4,
    numTrainExamples: 10,
    numTrainEpochs: 1,
    numValidExamples: 5,
    numTasks: 1,
    dataSeeds: [],
    paramSeeds: [],
    evalType: 'RMS_ERROR',
    task,
    ...overrides,
  };
}

export const LINEAR: TaskType = { kind: 'scalar_linear_regression_task' };
export const NN: TaskType = { kind: 'scalar_2layer_nn_regression_task' };

/** Pairwise (balanced-tree) sum, written independently of the op table. */
export function treeSum(xs: readonly number[]): number {
  if (xs.length === 1) return xs[0]!;
  const half = xs.length / 2;
  return treeSum(xs.slice(0, half)) + treeSum(xs.slice(half));
}

export function row(a: Float64Array, k: number, F: number): number[] {
  return Array.from(a.subarray(k * F, (k + 1) * F));
}
