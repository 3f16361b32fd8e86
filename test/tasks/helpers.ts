import type { TaskSpec, TaskType } from '../../src/config/types';
import { taskSpec } from '../eval/helpers';

export { LINEAR, NN } from '../eval/helpers';

/** A task spec with the smaller defaults these tests use: 10 training and 5 validation examples. */
export function spec(task: TaskType, overrides: Partial<Omit<TaskSpec, 'task'>> = {}): TaskSpec {
  return taskSpec(task, { numTrainExamples: 10, numValidExamples: 5, ...overrides });
}

/** Pairwise (balanced-tree) sum, written independently of the op table. */
export function treeSum(xs: readonly number[]): number {
  if (xs.length === 1) return xs[0]!;
  const half = xs.length / 2;
  return treeSum(xs.slice(0, half)) + treeSum(xs.slice(half));
}

export function row(a: Float64Array, k: number, F: number): number[] {
  return Array.from(a.subarray(k * F, (k + 1) * F));
}
