/**
 * `FillTasks` (SPEC §5.2): expand a TaskCollection into built tasks.
 */
import type { TaskCollection, TaskSpec } from '../config/types';
import { SUPPORTED_FEATURE_SIZES } from '../ir/memory';
import { UserError } from '../util/errors';
import { createTaskData } from './creators/index';
import { epochViews, makeTrainOrder } from './epochs';
import { seedsFor, type TaskSeeds } from './seeds';
import type { Task } from './task';

/** Eval types a task type requires (absent: any). */
const REQUIRED_EVAL_TYPE: Partial<Record<TaskSpec['task']['kind'], TaskSpec['evalType']>> = {
  scalar_linear_regression_task: 'RMS_ERROR',
  scalar_2layer_nn_regression_task: 'RMS_ERROR',
  projected_binary_classification_task: 'ACCURACY',
};

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** Throws a UserError if the spec cannot produce tasks. */
export function checkTaskSpec(spec: TaskSpec, specIndex: number): void {
  const where = `task spec ${specIndex} (${spec.task?.kind ?? 'no task type'})`;
  if (spec.task === undefined || spec.task === null) throw new UserError(`${where}: no task type given`);
  if (!SUPPORTED_FEATURE_SIZES.includes(spec.featuresSize)) {
    throw new UserError(`${where}: features_size ${spec.featuresSize} is not supported (expected one of ${SUPPORTED_FEATURE_SIZES.join(', ')})`);
  }
  const counts = [
    ['num_train_examples', spec.numTrainExamples],
    ['num_valid_examples', spec.numValidExamples],
    ['num_train_epochs', spec.numTrainEpochs],
    ['num_tasks', spec.numTasks],
  ] as const;
  for (const [name, value] of counts) {
    if (!isPositiveInteger(value)) throw new UserError(`${where}: ${name} must be a positive integer, got ${value}`);
  }
  if (spec.evalType !== 'RMS_ERROR' && spec.evalType !== 'ACCURACY') {
    throw new UserError(`${where}: eval_type must be RMS_ERROR or ACCURACY, got ${String(spec.evalType)}`);
  }
  const required = REQUIRED_EVAL_TYPE[spec.task.kind];
  if (required !== undefined && spec.evalType !== required) {
    throw new UserError(`${where}: eval_type must be ${required}, got ${spec.evalType}`);
  }
}

/** Builds the i-th task of a spec, to sit at position `index` of the task list. */
export function buildTask(spec: TaskSpec, i: number, index: number, specIndex = 0): Task {
  const seeds: TaskSeeds = seedsFor(spec, i);
  const data = createTaskData(spec, seeds);
  const F = spec.featuresSize;
  const where = `task spec ${specIndex} (${spec.task.kind}), task ${i}`;
  if (data.numTrainExamples !== spec.numTrainExamples) {
    throw new UserError(`${where}: has ${data.numTrainExamples} train examples, but num_train_examples = ${spec.numTrainExamples}`);
  }
  if (data.numValidExamples !== spec.numValidExamples) {
    throw new UserError(`${where}: has ${data.numValidExamples} valid examples, but num_valid_examples = ${spec.numValidExamples}`);
  }
  if (data.trainFeatures.length !== data.numTrainExamples * F || data.trainLabels.length !== data.numTrainExamples
    || data.validFeatures.length !== data.numValidExamples * F || data.validLabels.length !== data.numValidExamples) {
    throw new Error(`${where}: creator returned inconsistent array sizes`);
  }
  const trainOrder = makeTrainOrder(spec.numTrainExamples, spec.numValidExamples, spec.numTrainEpochs, seeds.dataSeed);
  return {
    ...data,
    index,
    kind: spec.task.kind,
    F,
    evalType: spec.evalType,
    epochs: epochViews(trainOrder, spec.numTrainExamples),
    trainOrder,
    dataSeed: seeds.dataSeed,
    paramSeed: seeds.paramSeed,
  };
}

/**
 * All tasks of a collection: specs in order, num_tasks each; a task's index is
 * its position in the returned list. Every spec is checked before any task is built.
 */
export function buildTasks(collection: TaskCollection): Task[] {
  collection.tasks.forEach((spec, s) => checkTaskSpec(spec, s));
  const tasks: Task[] = [];
  collection.tasks.forEach((spec, s) => {
    for (let i = 0; i < spec.numTasks; i++) tasks.push(buildTask(spec, i, tasks.length, s));
  });
  return tasks;
}
