/**
 * The dataset generator (SPEC §5.4, the original `generate_datasets.py`): for
 * every pair of classes i < j and every seed, a `ScalarLabelDataset` file
 * `binary_<name>-pos_<i>-neg_<j>-dim_<dim>-seed_<seed>` that the
 * projected_binary_classification_task reads:
 *
 * 1. the first (N+V+T)/2 examples of each class from the source (the training
 *    split), positive = the smaller class id → label 1, negative → 0;
 * 2. a stratified split into N+V and T, then N and V (seeded);
 * 3. a Gaussian random projection to `dim` features (seeded; shared by all
 *    pairs of a seed, so each class is projected once per seed);
 * 4. standardisation fitted on the train part, applied to all three parts;
 * 5. written atomically (temporary file, then rename), float32 values.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeScalarLabelDataset, type ScalarLabelDatasetInput } from '../tasks/dataset-file';
import { projectedDatasetFileName } from '../tasks/creators/projected-binary';
import { UserError } from '../util/errors';
import { collectClasses } from './collect';
import { createProgress, type ProgressOptions, type Progress } from './progress';
import { fitStandardizer, gaussianProjection, project, standardizeRows } from './projection';
import type { ExampleSource } from './source';
import { splitTrainValidTest } from './split';
import { writeFileAtomic } from './write';

export interface BuildSettings {
  readonly outDir: string;
  /** The dataset name in file names (dataset_name of the task). */
  readonly name: string;
  /** Projected features per example (the tasks' features_size). */
  readonly dim: number;
  readonly seeds: readonly number[];
  /** Class ids; every pair i < j is built. */
  readonly classes: readonly number[];
  readonly numTrain: number;
  readonly numValid: number;
  readonly numTest: number;
  /** Packed repeated floats (smaller files; default) or unpacked (as the original's Python writer). */
  readonly packed?: boolean;
}

export interface BuildHooks {
  /** Progress display factory; default: none. */
  readonly progress?: (options: ProgressOptions) => Progress;
  /** One line of information (source summary etc.). */
  readonly log?: (line: string) => void;
}

export interface BuildReport {
  readonly files: string[];
  readonly examplesRead: number;
  readonly inputDim: number;
  readonly seconds: number;
}

/** Every pair (i, j), i < j, of the sorted class ids. */
export function classPairs(classes: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(classes)].sort((a, b) => a - b);
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < sorted.length; a++) for (let b = a + 1; b < sorted.length; b++) pairs.push([sorted[a]!, sorted[b]!]);
  return pairs;
}

export function checkBuildSettings(s: BuildSettings): void {
  const posInt = (v: number, what: string) => {
    if (!Number.isInteger(v) || v <= 0) throw new UserError(`${what} must be a positive integer (got ${v})`);
  };
  posInt(s.dim, '--dim');
  posInt(s.numTrain, '--train');
  posInt(s.numValid, '--valid');
  if (!Number.isInteger(s.numTest) || s.numTest < 0) throw new UserError(`--test must be a non-negative integer (got ${s.numTest})`);
  if ((s.numTrain + s.numValid + s.numTest) % 2 !== 0) {
    throw new UserError(`train + valid + test must be even (each class gives half): ${s.numTrain} + ${s.numValid} + ${s.numTest} is odd`);
  }
  if (s.seeds.length === 0) throw new UserError('--seeds: no seeds');
  for (const seed of s.seeds) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UserError(`--seeds: ${seed} is not a 32-bit unsigned integer`);
  }
  if (classPairs(s.classes).length === 0) throw new UserError('--classes: at least two different classes are needed');
  for (const c of s.classes) if (!Number.isInteger(c) || c < 0) throw new UserError(`--classes: ${c} is not a class id (a non-negative integer)`);
  if (!/^[A-Za-z0-9_.]+$/.test(s.name)) throw new UserError(`--name '${s.name}': use letters, digits, '_' and '.' only`);
}

/**
 * One pair's dataset from the projected examples of its two classes (each
 * perClass × dim, in source order): split, standardise, as encoder input.
 */
export function makePairDataset(
  positive: Float64Array, negative: Float64Array, perClass: number, dim: number, seed: number,
  numTrain: number, numValid: number, numTest: number,
): ScalarLabelDatasetInput {
  const n = 2 * perClass;
  const x = new Float64Array(n * dim);
  x.set(positive.subarray(0, perClass * dim), 0);
  x.set(negative.subarray(0, perClass * dim), perClass * dim);
  const labels = new Float64Array(n);
  labels.fill(1, 0, perClass);
  const { train, valid, test } = splitTrainValidTest(labels, numTrain, numValid, numTest, seed);
  const scaler = fitStandardizer(x, dim, train);
  const pick = (rows: Int32Array) => Array.from(rows, (r) => labels[r]!);
  return {
    trainFeatures: standardizeRows(x, dim, train, scaler),
    trainLabels: pick(train),
    validFeatures: standardizeRows(x, dim, valid, scaler),
    validLabels: pick(valid),
    testFeatures: standardizeRows(x, dim, test, scaler),
    testLabels: pick(test),
  };
}

export async function buildProjectedDatasets(source: ExampleSource, s: BuildSettings, hooks: BuildHooks = {}): Promise<BuildReport> {
  checkBuildSettings(s);
  const started = Date.now();
  const progress = hooks.progress ?? (() => createProgress({ title: '', total: 1, unit: 'items', enabled: false }));
  const log = hooks.log ?? (() => {});
  const classes = [...new Set(s.classes)].sort((a, b) => a - b);
  const pairs = classPairs(classes);
  const perClass = (s.numTrain + s.numValid + s.numTest) / 2;
  try {
    mkdirSync(s.outDir, { recursive: true });
  } catch (e) {
    throw new UserError(`--out ${s.outDir}: cannot create the folder: ${(e as Error).message}`);
  }

  log(`reading ${source.description}: the first ${perClass} examples of classes ${classes.join(',')}`);
  const reading = progress({ title: 'reading', total: source.totalBytes, unit: 'bytes' });
  let bytes = 0;
  let collected;
  try {
    collected = await collectClasses(source, classes, perClass, (n) => { bytes += n; reading.update(bytes); });
  } finally {
    reading.stop();
  }
  log(`read ${collected.total} examples of ${collected.dim} features; writing ${pairs.length} pairs x ${s.seeds.length} seeds `
    + `= ${pairs.length * s.seeds.length} files to ${s.outDir}`);

  const writing = progress({ title: 'writing', total: pairs.length * s.seeds.length, unit: 'files' });
  const files: string[] = [];
  try {
    for (const seed of s.seeds) {
      const r = gaussianProjection(collected.dim, s.dim, seed);
      const projected = new Map<number, Float64Array>();
      for (const c of classes) projected.set(c, project(collected.data.get(c)!, perClass, collected.dim, r, s.dim));
      for (const [pos, neg] of pairs) {
        const dataset = makePairDataset(projected.get(pos)!, projected.get(neg)!, perClass, s.dim, seed, s.numTrain, s.numValid, s.numTest);
        const file = join(s.outDir, projectedDatasetFileName(s.name, pos, neg, s.dim, seed));
        await writeFileAtomic(file, encodeScalarLabelDataset(dataset, { packed: s.packed ?? true }));
        files.push(file);
        writing.increment();
      }
    }
  } finally {
    writing.stop();
  }
  return { files, examplesRead: collected.total, inputDim: collected.dim, seconds: (Date.now() - started) / 1000 };
}
