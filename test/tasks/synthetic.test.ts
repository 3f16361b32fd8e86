import { describe, expect, it } from 'vitest';
import { buildTasks } from '../../src/tasks/build';
import { linearWeights } from '../../src/tasks/creators/linear';
import { teacherParams } from '../../src/tasks/creators/nn';
import { UserError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { LINEAR, NN, row, spec, treeSum } from './helpers';

describe('scalar_linear_regression_task', () => {
  const F = 8;
  const s = spec(LINEAR, { featuresSize: F, numTrainExamples: 50, numValidExamples: 20, paramSeeds: [100], dataSeeds: [1000] });
  const [task] = buildTasks({ tasks: [s] });

  it('draws features N(0,1) from the data stream, train then valid', () => {
    const rng = new Rng(1000 + 939723201);
    const expected = Array.from({ length: (50 + 20) * F }, () => rng.gaussian(0, 1));
    expect([...task!.trainFeatures, ...task!.validFeatures]).toEqual(expected);
  });

  it('draws weights from the param stream', () => {
    const rng = new Rng(100 + 997958712);
    expect(Array.from(linearWeights(100, F))).toEqual(Array.from({ length: F }, () => rng.gaussian(0, 1)));
  });

  it('labels are w·x, summed pairwise exactly as the dot op', () => {
    const w = Array.from(linearWeights(100, F));
    const check = (features: Float64Array, labels: Float64Array, n: number): void => {
      for (let k = 0; k < n; k++) {
        const x = row(features, k, F);
        const terms = w.map((wi, i) => wi * x[i]!);
        expect(labels[k]).toBe(treeSum(terms));
        expect(labels[k]).toBeCloseTo(terms.reduce((a, b) => a + b, 0), 12);
      }
    };
    check(task!.trainFeatures, task!.trainLabels, 50);
    check(task!.validFeatures, task!.validLabels, 20);
  });

  it('is deterministic; data and param seeds act independently', () => {
    const [again] = buildTasks({ tasks: [s] });
    expect(again).toEqual(task);
    const [otherData] = buildTasks({ tasks: [{ ...s, dataSeeds: [1001] }] });
    expect(Array.from(otherData!.trainFeatures)).not.toEqual(Array.from(task!.trainFeatures));
    const [otherParam] = buildTasks({ tasks: [{ ...s, paramSeeds: [101] }] });
    expect(Array.from(otherParam!.trainFeatures)).toEqual(Array.from(task!.trainFeatures));
    expect(Array.from(otherParam!.trainLabels)).not.toEqual(Array.from(task!.trainLabels));
  });
});

describe('scalar_2layer_nn_regression_task', () => {
  const F = 4;
  const s = spec(NN, { featuresSize: F, numTrainExamples: 40, numValidExamples: 10, paramSeeds: [1000], dataSeeds: [10000] });
  const [task] = buildTasks({ tasks: [s] });

  it('draws M row-major then u from the param stream, then switches off hidden units 0 and 2', () => {
    const rng = new Rng(1000 + 174299604);
    const rawM = Array.from({ length: F * F }, () => rng.gaussian(0, 1));
    const rawU = Array.from({ length: F }, () => rng.gaussian(0, 1));
    const { M, u } = teacherParams(1000, F);
    for (let j = 0; j < F; j++) {
      const off = j === 0 || j === 2;
      expect(Array.from(M.subarray(j * F, (j + 1) * F))).toEqual(off ? [0, 0, 0, 0] : rawM.slice(j * F, (j + 1) * F));
      expect(u[j]).toBe(off ? 0 : rawU[j]);
    }
  });

  it('labels are u·ReLU(Mx) over hidden units 1 and 3 only (rows 0 and 2 of the raw M do not matter)', () => {
    const rng = new Rng(1000 + 174299604);
    const rawM = Array.from({ length: F * F }, () => rng.gaussian(0, 1));
    const rawU = Array.from({ length: F }, () => rng.gaussian(0, 1));
    const check = (features: Float64Array, labels: Float64Array, n: number): void => {
      for (let k = 0; k < n; k++) {
        const x = row(features, k, F);
        const hidden = [0, 1, 2, 3].map((j) => Math.max(0, treeSum(x.map((xi, i) => rawM[j * F + i]! * xi))));
        const y = hidden[1]! * rawU[1]! + hidden[3]! * rawU[3]!;
        expect(labels[k]).toBeCloseTo(y, 12);
      }
    };
    check(task!.trainFeatures, task!.trainLabels, 40);
    check(task!.validFeatures, task!.validLabels, 10);
    // Not degenerate: some labels are non-zero and some hidden units are off.
    expect(Array.from(task!.trainLabels).some((y) => y !== 0)).toBe(true);
  });

  it('draws features from its own data stream', () => {
    const rng = new Rng(10000 + 865546086);
    expect(Array.from(task!.trainFeatures.subarray(0, 8))).toEqual(Array.from({ length: 8 }, () => rng.gaussian(0, 1)));
  });

  it('is deterministic', () => {
    expect(buildTasks({ tasks: [s] })[0]).toEqual(task);
    const [other] = buildTasks({ tasks: [{ ...s, paramSeeds: [1001] }] });
    expect(Array.from(other!.trainLabels)).not.toEqual(Array.from(task!.trainLabels));
  });

  it('requires features_size >= 3', () => {
    expect(() => buildTasks({ tasks: [{ ...s, featuresSize: 2 }] })).toThrow(UserError);
    expect(() => buildTasks({ tasks: [{ ...s, featuresSize: 2 }] })).toThrow(/features_size >= 3/);
  });
});
