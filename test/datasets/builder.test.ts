/**
 * `datasets build` end to end on small synthetic IDX / CSV files: file names,
 * contents, atomic writes, errors, and the built files read back by the
 * projected_binary_classification_task creator (buildTasks).
 */
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { parseIntList, parsePairs } from '../../src/cli/commands/datasets';
import { buildProjectedDatasets, classPairs } from '../../src/datasets/builder';
import { buildPairTasks, evaluateOnPairs } from '../../src/datasets/evaluate';
import { idxSource } from '../../src/datasets/idx';
import { createProgress } from '../../src/datasets/progress';
import { parseSourceSpec } from '../../src/datasets/source-spec';
import { DEFAULT_MEMORY_SIZES } from '../../src/ir/memory';
import { buildTasks } from '../../src/tasks/build';
import { candidatePairs } from '../../src/tasks/creators/projected-binary';
import { clearDatasetCache, decodeScalarLabelDataset } from '../../src/tasks/dataset-file';
import { loadAlgorithmFile } from '../../src/text/load';
import { UserError } from '../../src/util/errors';
import { syntheticImages, tempDir, writeIdxPair } from './helpers';

const SAMPLES = join(__dirname, '../../samples/algorithms');
const tmp = tempDir('builder');
const CLASSES = [0, 1, 2, 3];
let src: { images: string; labels: string };
let out = '';

beforeAll(async () => {
  clearDatasetCache();
  src = writeIdxPair(tmp.dir, syntheticImages(CLASSES, 120, 6, 6), true);
  out = join(tmp.dir, 'out');
  await buildProjectedDatasets(idxSource(src.images, src.labels), {
    outDir: out, name: 'synth', dim: 4, seeds: [0, 1, 2], classes: CLASSES, numTrain: 160, numValid: 40, numTest: 40,
  });
});
afterAll(() => tmp.cleanup());

describe('buildProjectedDatasets', () => {
  it('writes one file per pair and seed with the original naming, and no temporary files', () => {
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(6 * 3);
    expect(files).toContain('binary_synth-pos_0-neg_1-dim_4-seed_0');
    expect(files).toContain('binary_synth-pos_2-neg_3-dim_4-seed_2');
    expect(files.every((f) => /^binary_synth-pos_\d-neg_\d-dim_4-seed_\d$/.test(f))).toBe(true);
    expect(classPairs([3, 1, 1, 0])).toEqual([[0, 1], [0, 3], [1, 3]]);
  });

  it('file contents: counts, balanced 0/1 labels, float32 features standardised on train', () => {
    const d = decodeScalarLabelDataset(readFileSync(join(out, 'binary_synth-pos_1-neg_3-dim_4-seed_1')));
    expect([d.trainFeatures.length, d.validFeatures.length, d.testFeatures.length]).toEqual([160, 40, 40]);
    expect([d.trainLabels.length, d.validLabels.length, d.testLabels.length]).toEqual([160, 40, 40]);
    const ones = (l: Float32Array) => l.filter((v) => v === 1).length;
    expect([ones(d.trainLabels), ones(d.validLabels), ones(d.testLabels)]).toEqual([80, 20, 20]);
    expect(d.trainFeatures.every((v) => v.length === 4)).toBe(true);
    for (let f = 0; f < 4; f++) {
      const col = d.trainFeatures.map((v) => v[f]!);
      const m = col.reduce((a, b) => a + b) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(sd).toBeCloseTo(1, 4);
    }
  });

  it('is deterministic: a second build gives identical bytes; --unpacked decodes to the same values', async () => {
    const again = join(tmp.dir, 'again');
    await buildProjectedDatasets(idxSource(src.images, src.labels), {
      outDir: again, name: 'synth', dim: 4, seeds: [1], classes: [1, 3], numTrain: 160, numValid: 40, numTest: 40,
    });
    const f = 'binary_synth-pos_1-neg_3-dim_4-seed_1';
    expect(readFileSync(join(again, f))).toEqual(readFileSync(join(out, f)));
    const unpacked = join(tmp.dir, 'unpacked');
    await buildProjectedDatasets(idxSource(src.images, src.labels), {
      outDir: unpacked, name: 'synth', dim: 4, seeds: [1], classes: [1, 3], numTrain: 160, numValid: 40, numTest: 40, packed: false,
    });
    expect(readFileSync(join(unpacked, f)).length).toBeGreaterThan(readFileSync(join(out, f)).length);
    expect(decodeScalarLabelDataset(readFileSync(join(unpacked, f)))).toEqual(decodeScalarLabelDataset(readFileSync(join(out, f))));
  });

  it('the task creator reads the files: fixed pairs and pairs drawn from the data seed', () => {
    const fixed = buildTasks({
      tasks: [{
        featuresSize: 4, numTrainExamples: 100, numTrainEpochs: 1, numValidExamples: 40, numTasks: 3, dataSeeds: [0], paramSeeds: [],
        evalType: 'ACCURACY',
        task: {
          kind: 'projected_binary_classification_task', positiveClass: 0, negativeClass: 2, datasetName: 'synth', path: out,
          heldOutPairs: [], minSupportedDataSeed: 0, maxSupportedDataSeed: 3,
        },
      }],
    });
    expect(fixed).toHaveLength(3);
    const file = decodeScalarLabelDataset(readFileSync(join(out, 'binary_synth-pos_0-neg_2-dim_4-seed_1')));
    expect(Array.from(fixed[1]!.trainFeatures.subarray(0, 4))).toEqual(Array.from(file.trainFeatures[0]!));
    expect(Array.from(fixed[1]!.validLabels)).toEqual(Array.from(file.validLabels));

    // Drawn pairs: all 45 candidates exist only for classes 0-9, so hold out every pair we did not build.
    const built = new Set(classPairs(CLASSES).map(([a, b]) => `${a},${b}`));
    const heldOut = candidatePairs([]).filter(([a, b]) => !built.has(`${a},${b}`)).map(([a, b]) => ({ positiveClass: a, negativeClass: b }));
    const drawn = buildTasks({
      tasks: [{
        featuresSize: 4, numTrainExamples: 160, numTrainEpochs: 1, numValidExamples: 40, numTasks: 12, dataSeeds: [], paramSeeds: [],
        evalType: 'ACCURACY',
        task: {
          kind: 'projected_binary_classification_task', positiveClass: null, negativeClass: null, datasetName: 'synth', path: out,
          heldOutPairs: heldOut, minSupportedDataSeed: 0, maxSupportedDataSeed: 3,
        },
      }],
    });
    expect(drawn).toHaveLength(12);
    for (const t of drawn) expect(t.trainLabels.reduce((a, b) => a + b)).toBe(80);
  });

  it('the baselines learn the separable synthetic pairs (train and test split)', () => {
    const sizes = DEFAULT_MEMORY_SIZES;
    const algorithms = ['linear', 'neural_net'].map((n) => ({ name: n, algorithm: loadAlgorithmFile(join(SAMPLES, `${n}.txt`), sizes) }));
    for (const split of ['valid', 'test'] as const) {
      const tasks = buildPairTasks({ dataDir: out, name: 'synth', dim: 4, pairs: [[0, 1], [2, 3]], seeds: [0, 2], split });
      expect(tasks.map((t) => [t.pair, t.seed])).toEqual([[[0, 1], 0], [[0, 1], 2], [[2, 3], 0], [[2, 3], 2]]);
      expect(tasks[0]!.task.numTrainExamples).toBe(160);
      expect(tasks[0]!.task.numValidExamples).toBe(40);
      const results = evaluateOnPairs(algorithms, tasks, { sizes, seed: 1 });
      for (const r of results) {
        expect(r.pairs).toHaveLength(2);
        expect(r.mean).toBeGreaterThan(0.75); // chance is 0.5; one SGD pass over 160 examples
      }
    }
  });

  it('errors: too few examples of a class, odd totals, missing classes', async () => {
    const s = idxSource(src.images, src.labels);
    const base = { outDir: join(tmp.dir, 'err'), name: 'x', dim: 4, seeds: [0], classes: [0, 1], numTrain: 200, numValid: 40, numTest: 40 };
    await expect(buildProjectedDatasets(s, base)).rejects.toThrow(/too few examples \(class 0: 120, class 1: 120\); each class needs 140/);
    await expect(buildProjectedDatasets(s, { ...base, numTrain: 41 })).rejects.toThrow(/must be even/);
    await expect(buildProjectedDatasets(s, { ...base, numTrain: 100, classes: [0, 7] })).rejects.toThrow(/class 7: 0.*Labels present: 0,1,2,3/);
    await expect(buildProjectedDatasets(s, { ...base, classes: [4] })).rejects.toThrow(/at least two different classes/);
  });

  it('CSV sources build too', async () => {
    const lines = ['a,b,c,label'];
    for (let k = 0; k < 30; k++) for (const c of [5, 8]) lines.push(`${c + k % 3},${-c},${k},${c}`);
    writeFileSync(join(tmp.dir, 'pts.csv'), `${lines.join('\n')}\n`);
    const dir = join(tmp.dir, 'csvout');
    const report = await buildProjectedDatasets(parseSourceSpec(join(tmp.dir, 'pts.csv')), {
      outDir: dir, name: 'pts', dim: 2, seeds: [4], classes: [5, 8], numTrain: 40, numValid: 10, numTest: 10,
    });
    expect(report.inputDim).toBe(3);
    expect(readdirSync(dir)).toEqual(['binary_pts-pos_5-neg_8-dim_2-seed_4']);
  });
});

describe('progress display', () => {
  it('plain lines every 10% when not a terminal', () => {
    let text = '';
    const stream = { isTTY: false, write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WriteStream;
    const p = createProgress({ title: 'writing', total: 20, unit: 'files', stream });
    for (let i = 0; i < 20; i++) p.increment();
    p.stop();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^writing: 2 files of 20 files \(10%\), [\d.]+ s$/);
    expect(lines[9]).toMatch(/^writing: 20 files of 20 files \(100%\)/);
  });
});

describe('datasets command', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let outText = '';
    let errText = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => { outText += String(c); return true; });
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => { errText += String(c); return true; });
    const code = await main(args);
    return { code, out: outText, err: errText };
  }

  it('parses seed/class lists and pairs', () => {
    expect(parseIntList('0..3,7,2', '--seeds')).toEqual([0, 1, 2, 3, 7]);
    expect(() => parseIntList('3..1', '--seeds')).toThrow(UserError);
    expect(() => parseIntList('a', '--seeds')).toThrow(UserError);
    expect(parsePairs('held-out')).toHaveLength(9);
    expect(parsePairs('held-out-test')).toEqual([[0, 9], [2, 9], [1, 8], [3, 6], [0, 5]]);
    expect(parsePairs('all')).toHaveLength(45);
    expect(parsePairs('5-0, 3:8,0-5')).toEqual([[0, 5], [3, 8]]);
    expect(() => parsePairs('1-1')).toThrow(UserError);
  });

  it('build + eval from the command line', async () => {
    const dir = join(tmp.dir, 'cli');
    const b = await run('datasets', 'build', '--source', `idx:${src.images},${src.labels}`, '--out', dir, '--dim', '4',
      '--seeds', '0..1', '--classes', '0,1,2', '--train', '100', '--valid', '20', '--test', '20', '--name', 'syn', '--no-progress');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/wrote 6 files \(binary_syn-pos_<i>-neg_<j>-dim_4-seed_<s>\) to /);
    expect(b.err).toBe('');
    const e = await run('datasets', 'eval', '--data', dir, '--dim', '4', '--pairs', '0-1,1-2', '--seeds', '0..1', '--split', 'test');
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/accuracy on syn test examples \(100 train, 20 evaluated per task\), mean over seeds 0,1/);
    expect(e.out).toMatch(/^pair\s+linear\s+neural_net$/m);
    expect(e.out).toMatch(/^\(0,1\)\s+\d\.\d{4}\s+\d\.\d{4}$/m);
    expect(e.out).toMatch(/^mean\s+\d\.\d{4}\s+\d\.\d{4}$/m);
    const j = await run('datasets', 'eval', join(SAMPLES, 'linear.txt'), '--data', dir, '--dim', '4', '--pairs', '0-2', '--seeds', '1', '--json');
    const parsed = JSON.parse(j.out);
    expect(parsed.algorithms).toHaveLength(1);
    expect(parsed.algorithms[0].name).toBe('linear');
    expect(parsed.algorithms[0].pairs[0].per_seed).toHaveLength(1);
  });

  it('a truncated source file: exit code 2 and a clear message', async () => {
    const d = join(tmp.dir, 'trunc');
    const files = writeIdxPair(join(tmp.dir), syntheticImages([0, 1], 30), false, 'trunc');
    truncateSync(files.images, 100);
    const r = await run('datasets', 'build', '--source', `idx:${files.images},${files.labels}`, '--out', d, '--no-progress',
      '--classes', '0,1', '--seeds', '0', '--train', '20', '--valid', '10', '--test', '10');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*trunc-images-idx3-ubyte: truncated: /);
  });

  it('bad flags exit with code 2', async () => {
    expect((await run('datasets', 'build', '--source', tmp.dir + '/none', '--out', tmp.dir)).code).toBe(2);
    expect((await run('datasets', 'eval', '--data', join(tmp.dir, 'cli'), '--pairs', 'x')).code).toBe(2);
    const missing = await run('datasets', 'eval', '--data', join(tmp.dir, 'cli'), '--dim', '4', '--pairs', '0-3', '--seeds', '0');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/binary_syn-pos_0-neg_3-dim_4-seed_0 does not exist/);
  });
});
