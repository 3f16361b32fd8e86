/**
 * Run folder pieces: atomic writes, the append-only progress log and its
 * rewind, exact JSON, the resolved config, and the recorder's files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunSpec } from '../../src/config/load';
import type { RunSpec } from '../../src/config/types';
import { FecCache } from '../../src/eval/fec-cache';
import { type SearchState, runSearch } from '../../src/experiment/search';
import { writeFileAtomic } from '../../src/run/atomic';
import { runSpecToJson, runSpecToText } from '../../src/run/config-out';
import { parseExact, stringifyExact } from '../../src/run/exact-json';
import { RunFolder, defaultRunDir } from '../../src/run/folder';
import { RunRecorder } from '../../src/run/recorder';
import { parseAlgorithmJson } from '../../src/text/json';
import { Rng } from '../../src/util/rng';
import { smallRun } from '../experiment/helpers';

const tmp = mkdtempSync(join(tmpdir(), 'automl-zero-folder-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SAMPLES = join(__dirname, '../../samples/configs');

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', () => {
    const dir = join(tmp, 'atomic');
    mkdirSync(dir);
    const file = join(dir, 'x.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, new Uint8Array([116, 119, 111]));
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['x.json']);
  });
});

describe('exact JSON', () => {
  it('keeps NaN, infinities, -0, extreme doubles and typed arrays bit for bit', () => {
    const rng = new Rng(3);
    const doubles = Float64Array.from({ length: 50 }, () => (rng.uniform01() - 0.5) * 10 ** rng.uniformInt(-300, 300));
    doubles[0] = -0;
    doubles[1] = NaN;
    doubles[2] = Number.MIN_VALUE;
    const value = { a: [NaN, Infinity, -Infinity, -0, 0, 0.1, 5e-324, Number.MAX_VALUE], doubles, u: Uint32Array.from([0, 4294967295, 7]), s: 'x' };
    const back = parseExact(stringifyExact(value)) as typeof value;
    expect(back.a.map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(['NaN', 'Infinity', '-Infinity', '-0', '0', '0.1', '5e-324', String(Number.MAX_VALUE)]);
    expect(back.doubles).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.doubles.buffer).equals(Buffer.from(doubles.buffer))).toBe(true);
    expect(Array.from(back.u)).toEqual([0, 4294967295, 7]);
    expect(back.s).toBe('x');
  });
});

describe('resolved config', () => {
  it.each(['demo.textproto', 'baseline_projected_binary.textproto', 'integration_linear.textproto', 'integration_nonlinear.textproto'])(
    '%s: text format and JSON read back to the same run', (file) => {
      const run = parseRunSpec(readFileSync(join(SAMPLES, file), 'utf8'), file);
      expect(parseRunSpec(runSpecToText(run, 'a header\nof two lines'), 'text')).toEqual(run);
      expect(parseRunSpec(runSpecToJson(run), 'json')).toEqual(run);
    });

  it('keeps unit-test tasks, extensions and extreme numbers', () => {
    const base = smallRun(4242);
    const run: RunSpec = {
      ...base,
      searchExperimentSpec: { ...base.searchExperimentSpec, maxSeconds: 12.5, maxAbsError: Infinity, trainBudget: null, fec: null },
      selectTasks: {
        tasks: [{
          featuresSize: 2, numTrainExamples: 10, numTrainEpochs: 2, numValidExamples: 1, numTasks: 1, dataSeeds: [1], paramSeeds: [2],
          evalType: 'ACCURACY',
          task: { kind: 'unit_test_fixed_task', trainFeatures: [[1, -0.5]], trainLabels: [1], validFeatures: [[0, 1e-300]], validLabels: [0] },
        }, {
          featuresSize: 4, numTrainExamples: 10, numTrainEpochs: 1, numValidExamples: 10, numTasks: 1, dataSeeds: [], paramSeeds: [],
          evalType: 'RMS_ERROR', task: { kind: 'unit_test_increment_task', increment: 0.25 },
        }],
      },
      sufficientFitness: Number.MAX_VALUE,
      randomSeed: 4294967295,
    };
    expect(parseRunSpec(runSpecToText(run), 'text')).toEqual(run);
    expect(parseRunSpec(runSpecToJson(run), 'json')).toEqual(run);
  });
});

describe('FecCache state', () => {
  it('an imported cache behaves exactly as the exported one (contents, counts, recency, counters)', () => {
    const rng = new Rng(11);
    const a = new FecCache(20, 5);
    const ops = () => {
      const out: unknown[] = [];
      for (let i = 0; i < 400; i++) {
        const key = rng.uniformInt(0, 40);
        const hit = a.find(key);
        out.push(hit.found ? hit.fitness : null);
        if (!hit.found) a.insert(key, key / 40);
      }
      return out;
    };
    ops();
    const b = new FecCache(20, 5);
    b.importState(a.exportState());
    expect(b.entries()).toEqual(a.entries());
    // Same lookups from here on: same answers, same evictions.
    const keys = Array.from({ length: 300 }, () => rng.uniformInt(0, 40));
    const run = (c: FecCache) => keys.map((k) => {
      const hit = c.find(k);
      if (!hit.found) c.insert(k, k / 40);
      return hit.found;
    });
    expect(run(b)).toEqual(run(a));
    expect(b.entries()).toEqual(a.entries());
    expect([b.hits, b.lookups]).toEqual([a.hits, a.lookups]);
  });
});

describe('RunFolder', () => {
  it('names default folders by time and seed, without reusing one', () => {
    const parent = join(tmp, 'runs');
    const when = new Date(2024, 0, 2, 3, 4, 5);
    const first = defaultRunDir(7, parent, when);
    expect(first).toBe(join(parent, '20240102-030405-7'));
    mkdirSync(first, { recursive: true });
    expect(defaultRunDir(7, parent, when)).toBe(`${first}-2`);
  });

  it('refuses a non-empty folder, opens only run folders', () => {
    const dir = join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x'), '');
    expect(() => RunFolder.create(dir)).toThrow(/not empty.*--resume/);
    expect(() => RunFolder.open(dir)).toThrow(/not a run folder/);
  });

  it('appends progress by whole lines, ignores a torn last line, and rewinds to a checkpoint', () => {
    const folder = RunFolder.create(join(tmp, 'log'));
    folder.writeConfig(smallRun(5));
    const rec = (n: number) => ({
      type: 'progress' as const, experiment: 0, individuals: n, total_individuals: n, elapsed_seconds: 1, run_elapsed_seconds: 1,
      individuals_per_second: n, mean: 0.5, stdev: 0.1, best: 0.9, fec_hit_rate: null,
    });
    folder.appendProgress(rec(1));
    folder.writeCheckpoint(EMPTY_STATE, 'auto');
    const mark = folder.readCheckpoint().meta.progressLogBytes;
    folder.appendProgress(rec(2));
    writeFileSync(folder.path('progress'), '{"type":"progr', { flag: 'a' });
    expect(folder.readProgress().map((r) => r.individuals)).toEqual([1, 2]);
    const reopened = RunFolder.open(folder.dir);
    reopened.rewindProgress(mark);
    expect(reopened.readProgress().map((r) => r.individuals)).toEqual([1]);
    reopened.appendProgress(rec(3));
    expect(reopened.readProgress().map((r) => r.individuals)).toEqual([1, 3]);
  });

  it('refuses a checkpoint whose config changed', () => {
    const folder = RunFolder.create(join(tmp, 'changed'));
    folder.writeConfig(smallRun(5));
    folder.writeCheckpoint(EMPTY_STATE, 'auto');
    folder.writeConfig(smallRun(6));
    expect(() => folder.readCheckpoint()).toThrow(/changed since the checkpoint/);
  });

  it('the recorder writes config, progress, candidates, best algorithm (text, simplified, JSON, TypeScript) and summary', () => {
    const run = smallRun(77);
    const folder = RunFolder.create(join(tmp, 'recorded'));
    folder.writeConfig(run);
    const recorder = new RunRecorder(folder, run, { toolVersion: 'test' });
    const result = runSearch(run, { onEvent: (e) => recorder.onEvent(e) });
    const summary = recorder.finish(result);
    expect(readdirSync(folder.dir).sort()).toEqual([
      'best.json', 'best.simplified.txt', 'best.ts', 'best.txt', 'config.json', 'config.textproto', 'experiments.json',
      'progress.jsonl', 'seed.txt', 'summary.json',
    ]);
    expect(folder.read('seed').trim()).toBe('77');
    expect(parseRunSpec(folder.read('configText'), 'config')).toEqual(run);
    expect(folder.read('bestText')).toBe(result.algorithmText);
    expect(folder.read('bestSimplified')).toBe(result.simplifiedText);
    // The text form rounds constants (C %g); the JSON form is exact.
    expect(parseAlgorithmJson(folder.read('bestJson'), { sizes: run.searchExperimentSpec.memorySizes! })).toEqual(result.algorithm);
    expect(folder.read('bestModule')).toMatch(/export class BestAlgorithm/);
    expect(folder.readJson('summary')).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(summary).toMatchObject({ seed: 77, complete: true, individuals: result.individuals, final_fitness: result.finalFitness });
    const experiments = folder.readJson<Array<Record<string, unknown>>>('experiments');
    expect(experiments.map((e) => [e.search_fitness, e.select_fitness])).toEqual(result.experiments.map((e) => [e.searchFitness, e.selectFitness]));
    expect(experiments[0]!.candidate).toMatch(/^def Setup/);
    const records = folder.readProgress();
    const progress = records.filter((r) => r.type === 'progress');
    expect(progress.length).toBeGreaterThan(6);
    for (const r of progress) {
      expect(Object.keys(r).sort()).toEqual(['best', 'elapsed_seconds', 'experiment', 'fec_hit_rate', 'individuals', 'individuals_per_second',
        'mean', 'run_elapsed_seconds', 'stdev', 'total_individuals', 'type']);
    }
    expect(records.filter((r) => r.type === 'experiment').map((r) => r.experiment)).toEqual([0, 1, 2]);
    expect(existsSync(folder.path('checkpoint'))).toBe(false);
  });
});

/** A state between experiments, before the first one. */
const EMPTY_STATE: SearchState = {
  seed: 1, rng: new Rng(1).getState(), searchTasks: { tasks: [] }, selectTasks: { tasks: [] }, bestSelect: -Number.MAX_VALUE,
  best: { setup: [], predict: [], learn: [] }, experimentsCounted: 0, experiments: [], individuals: 0, fecHits: 0, fecLookups: 0,
  elapsedSeconds: 0, current: null,
};
