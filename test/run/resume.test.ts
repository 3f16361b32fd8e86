/**
 * Checkpoint and exact resume through the real command line: a run killed
 * with SIGKILL mid-run and resumed from its run folder ends exactly as the
 * same run left alone (same best algorithm, fitnesses, individual count,
 * progress records); Ctrl-C (SIGINT) stops with a final checkpoint, the
 * summary so far and exit code 130, and that run resumes exactly too.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/automl-zero.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'automl-zero-resume-'));
const CONFIG = join(tmp, 'tiny.textproto');
const SEED = '20240607';

// Three experiments of 4000 individuals (population 80) on small linear tasks: a few seconds.
const TINY = `
search_experiment_spec {
  search_tasks { tasks { scalar_linear_regression_task {} features_size: 4 num_train_examples: 60 num_valid_examples: 30 num_tasks: 2 eval_type: RMS_ERROR } }
  setup_ops: [SCALAR_CONST_SET_OP, VECTOR_INNER_PRODUCT_OP, SCALAR_DIFF_OP, SCALAR_PRODUCT_OP, SCALAR_VECTOR_PRODUCT_OP, VECTOR_SUM_OP, VECTOR_GAUSSIAN_SET_OP]
  predict_ops: [SCALAR_CONST_SET_OP, VECTOR_INNER_PRODUCT_OP, SCALAR_DIFF_OP, SCALAR_PRODUCT_OP, SCALAR_VECTOR_PRODUCT_OP, VECTOR_SUM_OP]
  learn_ops: [SCALAR_CONST_SET_OP, VECTOR_INNER_PRODUCT_OP, SCALAR_DIFF_OP, SCALAR_PRODUCT_OP, SCALAR_VECTOR_PRODUCT_OP, VECTOR_SUM_OP]
  setup_size_init: 6 predict_size_init: 2 learn_size_init: 6
  fec { num_train_examples: 10 num_valid_examples: 10 cache_size: 500 forget_every: 10 }
  population_size: 80 tournament_size: 8
  initial_population: RANDOM_ALGORITHM
  max_individuals: 4000
  allowed_mutation_types { mutation_types: [ALTER_PARAM_MUTATION_TYPE, RANDOMIZE_INSTRUCTION_MUTATION_TYPE, RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE] }
  mutate_prob: 0.9
  progress_every: 400
  max_scalar_addresses: 4 max_vector_addresses: 3 max_matrix_addresses: 1
}
select_tasks { tasks { scalar_linear_regression_task {} features_size: 4 num_train_examples: 100 num_valid_examples: 50 num_tasks: 3 eval_type: RMS_ERROR } }
final_tasks { tasks { scalar_linear_regression_task {} features_size: 4 num_train_examples: 100 num_valid_examples: 50 num_tasks: 3 eval_type: RMS_ERROR data_seeds: [900] param_seeds: [901] } }
max_experiments: 3
randomize_task_seeds: true
`;

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Outcome>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

// One worker: islands in worker threads cannot be checkpointed.
const searchArgs = (out: string, extra: string[] = []) => ['search', '--config', CONFIG, '--random_seed', SEED, '--out', out, '--json', '--workers', '1', ...extra];

/** Polls until `predicate` holds (or fails after `ms`). */
async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function progressLines(dir: string): number {
  const file = join(dir, 'progress.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** A summary without wall-clock figures, the run folder, and the memo hit rate (a speed figure). */
function essence(summary: Record<string, unknown>) {
  const { elapsed_seconds: _e, individuals_per_second: _r, run_dir: _d, interrupted: _i, ...rest } = summary;
  return {
    ...rest,
    experiments: (summary.experiments as Array<Record<string, unknown>>).map(({ elapsed_seconds: _x, memo_hit_rate: _m, ...e }) => e),
  };
}

/** Progress records without wall-clock figures. */
function records(dir: string) {
  return readFileSync(join(dir, 'progress.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => {
    const { elapsed_seconds: _e, run_elapsed_seconds: _r, individuals_per_second: _i, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return rest;
  });
}

let reference: Record<string, unknown>;
const referenceDir = join(tmp, 'reference');

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  writeFileSync(CONFIG, TINY);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('search run folders, checkpoints and resume (child processes)', () => {
  it('an uninterrupted run: summary on stdout only, run folder complete, no checkpoint left', async () => {
    const { done } = start(searchArgs(referenceDir));
    const outcome = await done;
    expect(outcome.code, outcome.stderr).toBe(0);
    reference = JSON.parse(outcome.stdout) as Record<string, unknown>;
    expect(reference).toMatchObject({ seed: Number(SEED), complete: true, interrupted: false, individuals: 12000 });
    expect(reference.algorithm).toMatch(/^def Setup/);
    expect(reference.algorithm_simplified).toMatch(/^def Setup/);
    expect(JSON.parse(readFileSync(join(referenceDir, 'summary.json'), 'utf8'))).toEqual(reference);
    expect(readFileSync(join(referenceDir, 'best.txt'), 'utf8')).toBe(reference.algorithm);
    expect(existsSync(join(referenceDir, 'checkpoint.json'))).toBe(false);
    expect(outcome.stderr).toContain(`Random seed = ${SEED}`);
  });

  it('killed with SIGKILL mid-run and resumed: exactly the same result', async () => {
    const dir = join(tmp, 'killed');
    const { child, done } = start(searchArgs(dir, ['--checkpoint-every', '0.2']));
    // Kill once a checkpoint exists and the run is well under way, but before it ends.
    await until(() => existsSync(join(dir, 'checkpoint.json')) && progressLines(dir) >= 12, 60_000, 'a checkpoint');
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'summary.json'))).toBe(false); // it did not finish
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { progress: { individuals: number } };
    expect(checkpoint.progress.individuals).toBeGreaterThan(0);
    expect(checkpoint.progress.individuals).toBeLessThan(12000);

    const resumed = await start(['search', '--resume', dir, '--json', '--checkpoint-every', '0.2']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Resuming ${dir}`);
    const summary = JSON.parse(resumed.stdout) as Record<string, unknown>;
    expect(essence(summary)).toEqual(essence(reference));
    expect(readFileSync(join(dir, 'best.txt'), 'utf8')).toBe(readFileSync(join(referenceDir, 'best.txt'), 'utf8'));
    expect(readFileSync(join(dir, 'best.json'), 'utf8')).toBe(readFileSync(join(referenceDir, 'best.json'), 'utf8'));
    expect(records(dir)).toEqual(records(referenceDir));
    expect(existsSync(join(dir, 'checkpoint.json'))).toBe(false);
  });

  it('Ctrl-C (SIGINT): final checkpoint, summary so far, exit code 130; the resumed run ends exactly the same', async () => {
    const dir = join(tmp, 'interrupted');
    const { child, done } = start(searchArgs(dir)); // no --checkpoint-every: the stop writes one
    await until(() => progressLines(dir) >= 8, 60_000, 'progress');
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped\. Checkpoint written; continue with: npx automl-zero search --resume /);
    const partial = JSON.parse(stopped.stdout) as Record<string, unknown>;
    expect(partial).toMatchObject({ complete: false, interrupted: true, final_fitness: null });
    expect(partial.individuals as number).toBeLessThan(12000);
    expect(partial.algorithm).toMatch(/^def Setup/);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(partial);
    expect(existsSync(join(dir, 'checkpoint.json'))).toBe(true);

    const resumed = await start(['search', '--resume', dir, '--json']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(essence(JSON.parse(resumed.stdout) as Record<string, unknown>)).toEqual(essence(reference));
    expect(records(dir)).toEqual(records(referenceDir));
  });

  it('refuses bad resumes and busy output folders with a usage error', async () => {
    const noCheckpoint = await start(['search', '--resume', referenceDir]).done;
    expect(noCheckpoint.code).toBe(2);
    expect(noCheckpoint.stderr).toMatch(/holds no checkpoint/);
    const mixed = await start(['search', '--resume', referenceDir, '--config', CONFIG]).done;
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--resume takes the run's settings from its folder; drop --config/);
    const busy = await start(searchArgs(referenceDir)).done;
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/not empty/);
  });
});
