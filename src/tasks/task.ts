/**
 * A built task (SPEC §4.1): the examples as flat typed arrays, ready for an
 * engine to walk, plus the epoch schedule.
 */
import type { EvalType, TaskType } from '../config/types';

/** What a task creator produces: the examples, before the epoch schedule is added. */
export interface TaskData {
  readonly numTrainExamples: number;
  readonly numValidExamples: number;
  /** numTrainExamples × F, row-major (example-major). */
  readonly trainFeatures: Float64Array;
  readonly trainLabels: Float64Array;
  /** numValidExamples × F, row-major. */
  readonly validFeatures: Float64Array;
  readonly validLabels: Float64Array;
}

export interface Task extends TaskData {
  /** Position in the evaluator's task list (across all specs of the collection). */
  readonly index: number;
  readonly kind: TaskType['kind'];
  readonly F: number;
  readonly evalType: EvalType;
  /**
   * E permutations of 0..N−1: epoch 0 is the identity, later epochs are
   * cumulative shuffles. Each is a view into `trainOrder`.
   */
  readonly epochs: readonly Int32Array[];
  /** All epochs concatenated (length N·E): the order in which training visits examples. */
  readonly trainOrder: Int32Array;
  readonly dataSeed: number;
  readonly paramSeed: number;
}

/** N·E: the most training examples a task offers (`MaxTrainExamples`). */
export function maxTrainExamples(task: Task): number {
  return task.trainOrder.length;
}
