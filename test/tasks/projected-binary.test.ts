import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSpec, TaskType } from '../../src/config/types';
import { buildTasks } from '../../src/tasks/build';
import { candidatePairs, chooseProjectedDataset, type ProjectedBinaryTaskSpec } from '../../src/tasks/creators/projected-binary';
import { clearDatasetCache, encodeScalarLabelDataset } from '../../src/tasks/dataset-file';
import { UserError } from '../../src/util/errors';
import { hashMix, Rng } from '../../src/util/rng';
import { spec } from './helpers';

const F = 4;
const N_FILE = 6;
const V_FILE = 3;

/** A recognisable value for (file, split, example, element). */
const value = (pos: number, neg: number, seed: number, split: number, k: number, i: number): number =>
  pos * 1000 + neg * 100 + seed * 10 + split + k * 0.25 + i * 0.0625;

function fileContents(pos: number, neg: number, seed: number, dim = F) {
  const vectors = (split: number, n: number) =>
    Array.from({ length: n }, (_, k) => Array.from({ length: dim }, (_, i) => value(pos, neg, seed, split, k, i)));
  return {
    trainFeatures: vectors(1, N_FILE),
    trainLabels: Array.from({ length: N_FILE }, (_, k) => k % 2),
    validFeatures: vectors(2, V_FILE),
    validLabels: Array.from({ length: V_FILE }, (_, k) => (k + 1) % 2),
    testFeatures: vectors(3, 2),
    testLabels: [1, 0],
  };
}

const fileName = (pos: number, neg: number, seed: number, dim = F) => `binary_cifar10-pos_${pos}-neg_${neg}-dim_${dim}-seed_${seed}`;

let dir = '';
beforeAll(() => {
  clearDatasetCache();
  dir = mkdtempSync(join(tmpdir(), 'automl-zero-projected-'));
  // Every pair with dataset seeds 0 and 1; alternate packed/unpacked encodings.
  let n = 0;
  for (let i = 0; i < 10; i++) {
    for (let j = i + 1; j < 10; j++) {
      for (const seed of [0, 1]) {
        writeFileSync(join(dir, fileName(i, j, seed)), encodeScalarLabelDataset(fileContents(i, j, seed), { packed: n++ % 2 === 0 }));
      }
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function projected(over: Partial<ProjectedBinaryTaskSpec> = {}): ProjectedBinaryTaskSpec {
  return {
    kind: 'projected_binary_classification_task',
    positiveClass: null,
    negativeClass: null,
    datasetName: 'cifar10',
    path: dir,
    heldOutPairs: [],
    minSupportedDataSeed: 0,
    maxSupportedDataSeed: 2,
    ...over,
  };
}

function pspec(task: TaskType, over: Partial<Omit<TaskSpec, 'task'>> = {}): TaskSpec {
  return spec(task, { evalType: 'ACCURACY', numTrainExamples: 4, numValidExamples: 2, ...over });
}

function expectFromFile(t: { trainFeatures: Float64Array; trainLabels: Float64Array; validFeatures: Float64Array; validLabels: Float64Array }, pos: number, neg: number, seed: number, N: number, V: number) {
  const c = fileContents(pos, neg, seed);
  expect(Array.from(t.trainFeatures)).toEqual(c.trainFeatures.slice(0, N).flat().map(Math.fround));
  expect(Array.from(t.trainLabels)).toEqual(c.trainLabels.slice(0, N));
  expect(Array.from(t.validFeatures)).toEqual(c.validFeatures.slice(0, V).flat().map(Math.fround));
  expect(Array.from(t.validLabels)).toEqual(c.validLabels.slice(0, V));
}

describe('projected_binary_classification_task', () => {
  it('with both classes given: dataset seed = min + data_seed mod (max - min)', () => {
    const tasks = buildTasks({ tasks: [pspec(projected({ positiveClass: 3, negativeClass: 7 }), { numTasks: 3, dataSeeds: [10, 7] })] });
    expect(tasks.map((t) => t.dataSeed)).toEqual([10, 7, 8]);
    expectFromFile(tasks[0]!, 3, 7, 0, 4, 2);
    expectFromFile(tasks[1]!, 3, 7, 1, 4, 2);
    expectFromFile(tasks[2]!, 3, 7, 0, 4, 2);
    expect(tasks.every((t) => t.evalType === 'ACCURACY' && t.kind === 'projected_binary_classification_task')).toBe(true);
  });

  it('uses the first examples of the file, up to all of them', () => {
    const [t] = buildTasks({ tasks: [pspec(projected({ positiveClass: 0, negativeClass: 1 }), { numTrainExamples: N_FILE, numValidExamples: V_FILE, dataSeeds: [0] })] });
    expectFromFile(t!, 0, 1, 0, N_FILE, V_FILE);
  });

  it('draws the pair and dataset seed from HashMix(856572777, data_seed)', () => {
    const choice = chooseProjectedDataset(projected({ maxSupportedDataSeed: 10 }), 11001);
    const rng = new Rng(hashMix(856572777, 11001));
    const pairs = candidatePairs([]);
    expect(pairs).toHaveLength(45);
    expect(pairs[0]).toEqual([0, 1]);
    expect(pairs[44]).toEqual([8, 9]);
    const [i, j] = pairs[rng.uniformInt(0, 45)]!;
    expect(choice).toEqual({ positiveClass: i, negativeClass: j, datasetSeed: rng.uniformInt(0, 10) });
  });

  it('builds tasks from drawn pairs, never from held-out ones', () => {
    const heldOutPairs = [
      { positiveClass: 6, negativeClass: 4 }, // normalized to (4, 6)
      { positiveClass: 3, negativeClass: 5 },
      { positiveClass: 8, negativeClass: 9 },
    ];
    const task = projected({ heldOutPairs });
    const tasks = buildTasks({ tasks: [pspec(task, { numTasks: 30, dataSeeds: [500] })] });
    const seen = new Set<string>();
    for (const t of tasks) {
      const c = chooseProjectedDataset(task, t.dataSeed);
      expect(c.positiveClass).toBeLessThan(c.negativeClass);
      expect(['4,6', '3,5', '8,9']).not.toContain(`${c.positiveClass},${c.negativeClass}`);
      expect([0, 1]).toContain(c.datasetSeed);
      expectFromFile(t, c.positiveClass, c.negativeClass, c.datasetSeed, 4, 2);
      seen.add(`${c.positiveClass},${c.negativeClass}`);
    }
    expect(seen.size).toBeGreaterThan(5);
    for (let seed = 0; seed < 300; seed++) {
      const c = chooseProjectedDataset(task, seed);
      expect(['4,6', '3,5', '8,9']).not.toContain(`${c.positiveClass},${c.negativeClass}`);
    }
    // Deterministic.
    expect(buildTasks({ tasks: [pspec(task, { numTasks: 30, dataSeeds: [500] })] })).toEqual(tasks);
  });

  it('picks the only pair left', () => {
    const all = candidatePairs([]).map(([i, j]) => ({ positiveClass: j, negativeClass: i }));
    const task = projected({ heldOutPairs: all.filter((p) => !(p.positiveClass === 7 && p.negativeClass === 2)) });
    for (const s of [1, 2, 3]) expect(chooseProjectedDataset(task, s)).toMatchObject({ positiveClass: 2, negativeClass: 7 });
    expect(() => chooseProjectedDataset(projected({ heldOutPairs: all }), 1)).toThrow(/every class pair is held out/);
  });

  it('rejects bad specs', () => {
    expect(() => buildTasks({ tasks: [pspec(projected({ positiveClass: 1 }))] })).toThrow(/given together/);
    expect(() => buildTasks({ tasks: [pspec(projected(), { evalType: 'RMS_ERROR' })] })).toThrow(/eval_type must be ACCURACY/);
    expect(() => buildTasks({ tasks: [pspec(projected({ path: '' }))] })).toThrow(/path/);
    expect(() => buildTasks({ tasks: [pspec(projected({ maxSupportedDataSeed: 0 }))] })).toThrow(/max_supported_data_seed/);
  });

  it('reports file problems as UserErrors naming the file', () => {
    const given = (pos: number, neg: number) => projected({ positiveClass: pos, negativeClass: neg });
    // Missing: no file for dim 8.
    const missing = join(dir, fileName(0, 1, 0, 8));
    expect(() => buildTasks({ tasks: [pspec(given(0, 1), { featuresSize: 8, dataSeeds: [0] })] }))
      .toThrow(`dataset file ${missing} does not exist`);
    // Too few examples.
    expect(() => buildTasks({ tasks: [pspec(given(0, 1), { numTrainExamples: N_FILE + 1, dataSeeds: [0] })] }))
      .toThrow(/has 6 train examples, fewer than num_train_examples = 7/);
    expect(() => buildTasks({ tasks: [pspec(given(0, 1), { numValidExamples: V_FILE + 1, dataSeeds: [0] })] }))
      .toThrow(/has 3 valid examples, fewer than num_valid_examples = 4/);
    // Wrong feature length: a dim-2 file whose vectors have 4 elements.
    const wrong = join(dir, fileName(0, 1, 0, 2));
    writeFileSync(wrong, encodeScalarLabelDataset(fileContents(0, 1, 0, 4)));
    expect(() => buildTasks({ tasks: [pspec(given(0, 1), { featuresSize: 2, dataSeeds: [0] })] }))
      .toThrow(`dataset file ${wrong}: train example 0 has 4 features, but features_size = 2`);
    // Fewer labels than feature vectors.
    const short = join(dir, fileName(2, 3, 0, 16));
    writeFileSync(short, encodeScalarLabelDataset({ ...fileContents(2, 3, 0, 16), trainLabels: [1] }));
    expect(() => buildTasks({ tasks: [pspec(given(2, 3), { featuresSize: 16, dataSeeds: [0] })] }))
      .toThrow(/has 1 train labels, fewer than num_train_examples = 4/);
    // Truncated.
    const truncated = join(dir, fileName(0, 1, 0, 32));
    writeFileSync(truncated, encodeScalarLabelDataset(fileContents(0, 1, 0, 32)));
    truncateSync(truncated, 50);
    const build = () => buildTasks({ tasks: [pspec(given(0, 1), { featuresSize: 32, dataSeeds: [0] })] });
    expect(build).toThrow(UserError);
    expect(build).toThrow(`dataset file ${truncated} is not a valid ScalarLabelDataset proto`);
  });
});
