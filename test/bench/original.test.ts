/** Running the original C++ next to the bench (`bench --original`), with a stand-in that prints what it prints. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OriginalOutput, checkOriginalBinary, originalDemoArgs, originalThroughput, originalTimeToSolve } from '../../src/bench/original';
import { parseRunSpec } from '../../src/config/load';
import { UserError } from '../../src/util/errors';

const dir = mkdtempSync(join(tmpdir(), 'azt-original-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for run_search_experiment: it refuses fields the original does
 * not know, runs --max_experiments experiments (0: two, the second solving),
 * printing a progress line every 10,000 individuals 20 ms apart; with an
 * unlimited train-step budget, its experiment goes on until it is stopped.
 */
const STAND_IN = `#!/usr/bin/env node
const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith('--' + name + '='))?.slice(name.length + 3);
const spec = flag('search_experiment_spec') ?? '';
if (/max_\\w+_addresses/.test(spec) || !spec.includes('population_size: 1000')) {
  console.error('Error parsing text-format automl_zero.SearchExperimentSpec');
  process.exit(1);
}
console.log('Random seed = ' + flag('random_seed'));
const experiments = Number(flag('max_experiments')) || 2;
const last = spec.includes('max_train_steps: 1000000000000000') ? Infinity : 21000;
const wait = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
for (let e = 1; e <= experiments; e++) {
  console.log('Running evolution experiment (on the T_search tasks)...');
  for (let i = 1000; i <= last; i += 10000) {
    console.log('indivs=' + i + ', elapsed_secs=0, mean=0.100000, stdev=0.010000, best fit=0.500000,');
    wait(20);
  }
  console.log('Search fitness for candidate algorithm = 0.5');
  console.log('Select fitness for candidate algorithm = ' + (e === 2 ? '0.99999' : '0.25'));
}
console.log('Final evaluation fitness (on unseen data) = 0.125');
`;

function executable(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

describe('the original C++ side by side', () => {
  it('gives the original the demo files without our address-count fields, with the seed, experiments and budget asked for', () => {
    expect(originalDemoArgs(7, 0).find((a) => a.startsWith('--search_experiment_spec='))).toContain('max_train_steps: 200000000\n');
    const args = originalDemoArgs(7, 1, 5e8);
    const spec = args.find((a) => a.startsWith('--search_experiment_spec='))!.slice('--search_experiment_spec='.length);
    expect(spec).not.toMatch(/max_\w+_addresses/);
    const parsed = parseRunSpec(`search_experiment_spec {\n${spec}\n}`, 'spec').searchExperimentSpec;
    expect(parsed.populationSize).toBe(1000);
    expect(parsed.maxTrainSteps).toBe(5e8);
    expect(args).toContain('--random_seed=7');
    expect(args).toContain('--max_experiments=1');
    expect(args.find((a) => a.startsWith('--select_tasks='))).toContain('num_train_examples: 1000');
  });

  it('takes the rate over the first experiment\'s progress lines only, timed as they arrive', () => {
    const out = new OriginalOutput();
    out.line('Random seed = 3', 0);
    expect(out.rate()).toBeNaN();
    out.line('Running evolution experiment (on the T_search tasks)...', 5);
    out.line('indivs=1000, elapsed_secs=0, mean=0.1, stdev=0.1, best fit=0.2,', 100);
    expect(out.rate()).toBeNaN();
    out.line('indivs=11000, elapsed_secs=0, mean=0.1, stdev=0.1, best fit=0.2,', 200);
    out.line('indivs=21000, elapsed_secs=1, mean=0.1, stdev=0.1, best fit=0.2,', 600);
    out.line('Select fitness for candidate algorithm = 0.75', 610);
    out.line('Running evolution experiment (on the T_search tasks)...', 620);
    out.line('indivs=1000, elapsed_secs=0, mean=0.1, stdev=0.1, best fit=0.2,', 700);
    out.line('indivs=11000, elapsed_secs=1, mean=0.1, stdev=0.1, best fit=0.2,', 10_000);
    out.line('Final evaluation fitness (on unseen data) = 0.5', 10_010);
    expect(out.rate()).toBe(40_000); // 20,000 individuals in 0.5 s
    // Each experiment counts from 1: 21,000 + 11,000 in all.
    expect(out).toMatchObject({ experiments: 2, individuals: 32_000, selectFitnesses: [0.75], finalFitness: 0.5 });
  });

  it('runs a binary to a number of individuals, or to the end of its demo, and reads what it did', async () => {
    const binary = executable('stand-in', STAND_IN);
    const one = await originalThroughput(binary, 5, 21_000);
    expect(one).toMatchObject({ seed: 5, experiments: 1, individuals: 21_000, selectFitnesses: [], finalFitness: null });
    // Three lines printed 20 ms apart: 20,000 individuals in about 40 ms (their arrival may jitter a little).
    expect(one.individualsPerSecond).toBeGreaterThan(0);
    expect(one.individualsPerSecond).toBeLessThanOrEqual(20_000 / 0.03);
    expect(one.seconds).toBeGreaterThanOrEqual(0.04);
    const solve = await originalTimeToSolve(binary, 5);
    expect(solve).toMatchObject({ experiments: 2, individuals: 42_000, selectFitnesses: [0.25, 0.99999], finalFitness: 0.125 });
  });

  it('says what is wrong with a binary that fails, is not the original, or is not there (user errors)', async () => {
    const failing = executable('failing', '#!/bin/sh\necho "bad flag --random_seed" >&2\nexit 3\n');
    await expect(originalTimeToSolve(failing, 1)).rejects.toThrow(/exited with 3: bad flag --random_seed/);
    await expect(originalThroughput(failing, 1, 1000)).rejects.toThrow(UserError);
    const other = executable('other', '#!/bin/sh\necho hello\n');
    await expect(originalThroughput(other, 1, 1000)).rejects.toThrow(/no experiment with progress lines/);
    expect(() => checkOriginalBinary(join(dir, 'missing'))).toThrow(UserError);
    const notExecutable = join(dir, 'plain');
    writeFileSync(notExecutable, '#!/bin/sh\n');
    expect(() => checkOriginalBinary(notExecutable)).toThrow(/not an executable file/);
    expect(() => checkOriginalBinary(dir)).toThrow(/not an executable file \(not a file\)/);
  });

  it('the bench refuses a missing --original before measuring anything (exit code 2)', () => {
    const root = join(import.meta.dirname, '..', '..');
    const r = spawnSync(process.execPath, ['bin/automl-zero.mjs', 'bench', '--original', join(dir, 'missing')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--original');
    expect(r.stdout).toBe('');
  });
});
