/**
 * A run folder: everything a search leaves behind, as files a person or a
 * program can read while the run goes on and after it ends.
 *
 *   config.textproto, config.json   the resolved run (every default, the seed, memory sizes)
 *   seed.txt                        the seed
 *   run.json                        how the run was started (command, engine, versions, times)
 *   progress.jsonl                  one JSON record per line: population progress and experiment ends
 *   experiments.json                every experiment's candidate with its search and select fitness
 *   best.txt, best.simplified.txt,  the best algorithm so far (by select fitness), raw and
 *   best.json, best.ts              simplified, as JSON, and as a TypeScript module
 *   summary.json                    the final summary (or the summary so far of a stopped run)
 *   checkpoint.json                 the latest checkpoint (removed when the run completes)
 *   fitness.svg, fitness.png        written by `plot`;  report.html written by `report`
 *
 * Every file is replaced atomically (./atomic.ts) except progress.jsonl,
 * which only grows by whole lines; a resumed run first cuts it back to the
 * length recorded in its checkpoint.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunSpec } from '../config/load';
import type { RunSpec } from '../config/types';
import type { SearchState } from '../experiment/search';
import { appendRecord, writeFileAtomic } from './atomic';
import { type Checkpoint, type CheckpointMeta, decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { runSpecToJson, runSpecToText } from './config-out';

export const RUN_FILES = {
  configText: 'config.textproto',
  configJson: 'config.json',
  seed: 'seed.txt',
  run: 'run.json',
  progress: 'progress.jsonl',
  experiments: 'experiments.json',
  bestText: 'best.txt',
  bestSimplified: 'best.simplified.txt',
  bestJson: 'best.json',
  bestModule: 'best.ts',
  summary: 'summary.json',
  checkpoint: 'checkpoint.json',
  svg: 'fitness.svg',
  png: 'fitness.png',
  report: 'report.html',
} as const;

/** A line of progress.jsonl. */
export type ProgressRecord =
  | {
    readonly type: 'progress';
    readonly experiment: number;
    readonly individuals: number;
    readonly total_individuals: number;
    readonly elapsed_seconds: number;
    readonly run_elapsed_seconds: number;
    readonly individuals_per_second: number;
    readonly mean: number;
    readonly stdev: number;
    readonly best: number;
    readonly fec_hit_rate: number | null;
  }
  | {
    readonly type: 'experiment';
    readonly experiment: number;
    readonly individuals: number;
    readonly total_individuals: number;
    readonly elapsed_seconds: number;
    readonly search_fitness: number;
    readonly select_fitness: number;
    readonly fec_hit_rate: number | null;
  };

/** `runs/20250101-120000-1234` (with `-2`, `-3`, ... if taken). */
export function defaultRunDir(seed: number, parent = 'runs', now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const base = join(parent, `${stamp}-${seed}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}

export class RunFolder {
  private progressBytes: number;

  private constructor(readonly dir: string) {
    const log = this.path('progress');
    this.progressBytes = existsSync(log) ? statSync(log).size : 0;
  }

  path(file: keyof typeof RUN_FILES): string {
    return join(this.dir, RUN_FILES[file]);
  }

  has(file: keyof typeof RUN_FILES): boolean {
    return existsSync(this.path(file));
  }

  read(file: keyof typeof RUN_FILES): string {
    return readFileSync(this.path(file), 'utf8');
  }

  write(file: keyof typeof RUN_FILES, data: string | Uint8Array): void {
    writeFileAtomic(this.path(file), data);
  }

  /** A new run folder (the folder may exist if it is empty). */
  static create(dir: string): RunFolder {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
      if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty (to continue a run there: search --resume ${dir})`);
    }
    mkdirSync(dir, { recursive: true });
    return new RunFolder(dir);
  }

  /** An existing run folder. */
  static open(dir: string): RunFolder {
    if (!existsSync(join(dir, RUN_FILES.configJson))) throw new Error(`${dir} is not a run folder (no ${RUN_FILES.configJson})`);
    return new RunFolder(dir);
  }

  /** Writes the resolved config (text format and JSON) and the seed. */
  writeConfig(run: RunSpec): void {
    this.write('configText', runSpecToText(run,
      'The resolved run: every setting as used, the seed included.\nRun it again with: npx automl-zero search --config config.textproto'));
    this.write('configJson', runSpecToJson(run));
    this.write('seed', `${run.randomSeed}\n`);
  }

  readConfig(): RunSpec {
    return parseRunSpec(this.read('configJson'), this.path('configJson'));
  }

  configSha256(): string {
    return createHash('sha256').update(this.read('configJson')).digest('hex');
  }

  writeJson(file: keyof typeof RUN_FILES, value: unknown): void {
    this.write(file, `${JSON.stringify(value, null, 2)}\n`);
  }

  readJson<T>(file: keyof typeof RUN_FILES): T {
    return JSON.parse(this.read(file)) as T;
  }

  appendProgress(record: ProgressRecord): void {
    this.progressBytes += appendRecord(this.path('progress'), JSON.stringify(record));
  }

  /** Progress records; an incomplete last line (a crash mid-write) is ignored. */
  readProgress(): ProgressRecord[] {
    if (!this.has('progress')) return [];
    const lines = this.read('progress').split('\n');
    const out: ProgressRecord[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as ProgressRecord);
      } catch (err) {
        if (i === lines.length - 1) break; // unterminated last line
        throw new Error(`${this.path('progress')}:${i + 1}: ${(err as Error).message}`);
      }
    }
    return out;
  }

  writeCheckpoint(state: SearchState, engine: string): void {
    const meta: CheckpointMeta = { engine, progressLogBytes: this.progressBytes, configSha256: this.configSha256() };
    this.write('checkpoint', encodeCheckpoint({ meta, state }));
  }

  readCheckpoint(): Checkpoint {
    if (!this.has('checkpoint')) throw new Error(`${this.dir} holds no checkpoint (${RUN_FILES.checkpoint})`);
    const checkpoint = decodeCheckpoint(this.read('checkpoint'), this.path('checkpoint'));
    if (checkpoint.meta.configSha256 !== this.configSha256()) {
      throw new Error(`${this.path('configJson')} changed since the checkpoint was written: resuming would not continue the same run`);
    }
    return checkpoint;
  }

  /** Cuts progress.jsonl back to the checkpoint's length (records after it will be written again). */
  rewindProgress(bytes: number): void {
    const log = this.path('progress');
    const content = existsSync(log) ? readFileSync(log) : Buffer.alloc(0);
    if (content.length < bytes) throw new Error(`${log} is shorter (${content.length} bytes) than at the checkpoint (${bytes} bytes)`);
    if (content.length > bytes) writeFileAtomic(log, content.subarray(0, bytes));
    this.progressBytes = bytes;
  }

  removeCheckpoint(): void {
    rmSync(this.path('checkpoint'), { force: true });
  }
}
