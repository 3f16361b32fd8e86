/**
 * The unit-test task creators (SPEC §5.3): fixed, zeros, ones, increment.
 */
import { UserError } from '../../util/errors';
import type { TaskData } from '../task';

export function createFixedTask(
  F: number,
  trainFeatures: readonly (readonly number[])[],
  trainLabels: readonly number[],
  validFeatures: readonly (readonly number[])[],
  validLabels: readonly number[],
): TaskData {
  const flatten = (rows: readonly (readonly number[])[], what: string): Float64Array => {
    const out = new Float64Array(rows.length * F);
    rows.forEach((row, k) => {
      if (row.length !== F) {
        throw new UserError(`unit_test_fixed_task: ${what}[${k}] has ${row.length} elements, expected features_size = ${F}`);
      }
      out.set(row, k * F);
    });
    return out;
  };
  const check = (features: readonly unknown[], labels: readonly number[], split: string): void => {
    if (features.length !== labels.length) {
      throw new UserError(`unit_test_fixed_task: ${features.length} ${split}_features but ${labels.length} ${split}_labels`);
    }
  };
  check(trainFeatures, trainLabels, 'train');
  check(validFeatures, validLabels, 'valid');
  return {
    numTrainExamples: trainFeatures.length,
    numValidExamples: validFeatures.length,
    trainFeatures: flatten(trainFeatures, 'train_features'),
    trainLabels: Float64Array.from(trainLabels),
    validFeatures: flatten(validFeatures, 'valid_features'),
    validLabels: Float64Array.from(validLabels),
  };
}

/** Every feature and every label equal to `value`. */
export function createConstantTask(F: number, numTrain: number, numValid: number, value: number): TaskData {
  return {
    numTrainExamples: numTrain,
    numValidExamples: numValid,
    trainFeatures: new Float64Array(numTrain * F).fill(value),
    trainLabels: new Float64Array(numTrain).fill(value),
    validFeatures: new Float64Array(numValid * F).fill(value),
    validLabels: new Float64Array(numValid).fill(value),
  };
}

/** Example k (train, and again from 0 for valid): features all k·increment, label k·increment. */
export function createIncrementTask(F: number, numTrain: number, numValid: number, increment: number): TaskData {
  const split = (n: number): [Float64Array, Float64Array] => {
    const features = new Float64Array(n * F);
    const labels = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const value = k * increment;
      features.fill(value, k * F, (k + 1) * F);
      labels[k] = value;
    }
    return [features, labels];
  };
  const [trainFeatures, trainLabels] = split(numTrain);
  const [validFeatures, validLabels] = split(numValid);
  return { numTrainExamples: numTrain, numValidExamples: numValid, trainFeatures, trainLabels, validFeatures, validLabels };
}
