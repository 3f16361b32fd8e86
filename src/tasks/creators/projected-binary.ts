/**
 * projected_binary_classification_task (SPEC §5.3): pre-generated projected
 * binary CIFAR-10/MNIST data read from `ScalarLabelDataset` files.
 */
import { join } from 'node:path';
import type { TaskType } from '../../config/types';
import { UserError } from '../../util/errors';
import { hashMix, Rng } from '../../util/rng';
import { loadScalarLabelDataset } from '../dataset-file';
import type { TaskData } from '../task';

export type ProjectedBinaryTaskSpec = Extract<TaskType, { kind: 'projected_binary_classification_task' }>;

export const PAIR_SELECTION_SALT = 856572777;
export const NUM_CLASSES = 10;

export interface ProjectedDatasetChoice {
  readonly positiveClass: number;
  readonly negativeClass: number;
  /** The dataset seed in the file name (not the task's data seed). */
  readonly datasetSeed: number;
}

/** All pairs (i, j), 0 ≤ i < j < 10, in lexicographic order, minus the held-out ones (order-insensitive). */
export function candidatePairs(heldOut: ProjectedBinaryTaskSpec['heldOutPairs']): Array<[number, number]> {
  const excluded = new Set(heldOut.map((p) => `${Math.min(p.positiveClass, p.negativeClass)},${Math.max(p.positiveClass, p.negativeClass)}`));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < NUM_CLASSES; i++) {
    for (let j = i + 1; j < NUM_CLASSES; j++) if (!excluded.has(`${i},${j}`)) pairs.push([i, j]);
  }
  return pairs;
}

/** Which file a task with this data seed reads: the class pair and the dataset seed. */
export function chooseProjectedDataset(spec: ProjectedBinaryTaskSpec, dataSeed: number): ProjectedDatasetChoice {
  const min = spec.minSupportedDataSeed;
  const max = spec.maxSupportedDataSeed;
  if (!(max > min)) {
    throw new UserError(`projected_binary_classification_task: max_supported_data_seed (${max}) must exceed min_supported_data_seed (${min})`);
  }
  const pos = spec.positiveClass;
  const neg = spec.negativeClass;
  if (pos !== null && neg !== null) {
    return { positiveClass: pos, negativeClass: neg, datasetSeed: min + (dataSeed % (max - min)) };
  }
  if (pos !== null || neg !== null) {
    throw new UserError('projected_binary_classification_task: positive_class and negative_class must be given together or not at all');
  }
  const pairs = candidatePairs(spec.heldOutPairs);
  if (pairs.length === 0) throw new UserError('projected_binary_classification_task: every class pair is held out');
  const rng = new Rng(hashMix(PAIR_SELECTION_SALT, dataSeed));
  const [i, j] = pairs[rng.uniformInt(0, pairs.length)]!;
  return { positiveClass: i, negativeClass: j, datasetSeed: rng.uniformInt(min, max) };
}

export function projectedDatasetFileName(datasetName: string, positiveClass: number, negativeClass: number, F: number, datasetSeed: number): string {
  return `binary_${datasetName}-pos_${positiveClass}-neg_${negativeClass}-dim_${F}-seed_${datasetSeed}`;
}

export function projectedDatasetPath(spec: ProjectedBinaryTaskSpec, F: number, dataSeed: number): string {
  if (spec.path === '') throw new UserError('projected_binary_classification_task: path (the dataset folder) is required');
  const c = chooseProjectedDataset(spec, dataSeed);
  return join(spec.path, projectedDatasetFileName(spec.datasetName, c.positiveClass, c.negativeClass, F, c.datasetSeed));
}

export function createProjectedBinaryTask(
  spec: ProjectedBinaryTaskSpec, F: number, numTrain: number, numValid: number, dataSeed: number,
): TaskData {
  const file = projectedDatasetPath(spec, F, dataSeed);
  const dataset = loadScalarLabelDataset(file);
  const take = (
    split: string, vectors: readonly Float32Array[], labels: Float32Array, n: number, wanted: string,
  ): [Float64Array, Float64Array] => {
    if (vectors.length < n) {
      throw new UserError(`dataset file ${file} has ${vectors.length} ${split} examples, fewer than ${wanted} = ${n}`);
    }
    if (labels.length < n) {
      throw new UserError(`dataset file ${file} has ${labels.length} ${split} labels, fewer than ${wanted} = ${n}`);
    }
    const features = new Float64Array(n * F);
    for (let k = 0; k < n; k++) {
      const v = vectors[k]!;
      if (v.length !== F) {
        throw new UserError(`dataset file ${file}: ${split} example ${k} has ${v.length} features, but features_size = ${F}`);
      }
      features.set(v, k * F);
    }
    return [features, Float64Array.from(labels.subarray(0, n))];
  };
  const [trainFeatures, trainLabels] = take('train', dataset.trainFeatures, dataset.trainLabels, numTrain, 'num_train_examples');
  const [validFeatures, validLabels] = take('valid', dataset.validFeatures, dataset.validLabels, numValid, 'num_valid_examples');
  return { numTrainExamples: numTrain, numValidExamples: numValid, trainFeatures, trainLabels, validFeatures, validLabels };
}
