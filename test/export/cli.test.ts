/**
 * `automl-zero export` and `automl-zero inspect` through the built CLI: the
 * committed samples regenerate identically, `--bundle` runs in plain Node,
 * inspect explains, and bad input exits with 2 leaving no file behind.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs the built CLI; asynchronous so that the tests of a file can run side by side. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/automl-zero.mjs', ...args], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

let dir: string;

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'aze-'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The commands that generated the committed samples (see samples/exported/README.md). */
const SAMPLES = [
  { file: 'linear_regressor.ts', args: ['samples/algorithms/linear.txt', '--memory', '4,3,1', '--name', 'LinearRegressor'] },
  { file: 'neural_net.ts', args: ['samples/algorithms/neural_net.txt', '--memory', '5,9,2', '--name', 'NeuralNet'] },
];

describe.concurrent('automl-zero export', () => {
  it.each(SAMPLES)('regenerates samples/exported/$file identically', async ({ file, args }) => {
    const out = join(dir, file);
    const r = await cli('export', ...args, '--out', out);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'samples', 'exported', file), 'utf8'));
  });

  it('--bundle also writes a standalone ES module that runs in plain Node', async () => {
    const out = join(dir, 'nn.ts');
    const r = await cli('export', 'samples/algorithms/neural_net.txt', '--memory', '5,9,2', '--out', out, '--bundle', '--features-size', '8');
    expect(r.code).toBe(0);
    const mjs = join(dir, 'nn.mjs');
    expect(r.stderr).toBe(`wrote ${out}\nwrote ${mjs}\n`);
    const script = [
      `import { NeuralNet, SeededRandom } from ${JSON.stringify(pathToFileURL(mjs).href)};`,
      'const net = new NeuralNet(new SeededRandom(42));',
      'const x = [1, -2, 0.5, 3, 0, 1, 1, -1];',
      'for (let i = 0; i < 50; i++) net.trainStep(x, 2);',
      'console.log(JSON.stringify([NeuralNet.featuresSize, net.predict(x)]));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [F, p] = JSON.parse(run.stdout) as [number, number];
    expect(F).toBe(8);
    expect(Math.abs(p - 2)).toBeLessThan(0.5);
  });

  const bad: Array<[string, string, string[], RegExp]> = [
    ['an unknown op', 'def Setup():\n  s2 = frobnicate(s1)\ndef Predict():\ndef Learn():\n', [], /bad\.txt:2:/],
    ['an address out of range', 'def Setup():\n  s25 = 0.5\ndef Predict():\ndef Learn():\n', [], /s25/],
    ['an unknown op id in JSON', '{"setup_instructions": [{"op": "NOT_AN_OP", "out": 2}]}', [], /NOT_AN_OP/],
    ['an unsupported features size', 'def Setup():\ndef Predict():\ndef Learn():\n', ['--features-size', '3'], /features size/],
    ['a bad class name', 'def Setup():\ndef Predict():\ndef Learn():\n', ['--name', 'my-model'], /invalid name 'my-model'/],
  ];

  it.each(bad)('exits with 2 for %s and leaves no file behind', async (_what, text, flags, message) => {
    const work = mkdtempSync(join(dir, 'bad-'));
    const input = join(work, text.startsWith('{') ? 'bad.json' : 'bad.txt');
    writeFileSync(input, text);
    const out = join(work, 'model.ts');
    const r = await cli('export', input, '--out', out, '--bundle', ...flags);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(work).sort()).toEqual([input.endsWith('json') ? 'bad.json' : 'bad.txt']);
  });

  it('exits with 2 for a bad --out, and keeps an existing output file intact on error', async () => {
    const work = mkdtempSync(join(dir, 'out-'));
    const js = await cli('export', 'samples/algorithms/linear.txt', '--out', join(work, 'model.js'));
    expect([js.code, js.stderr]).toEqual([2, expect.stringMatching(/\.ts file/)]);
    const nowhere = await cli('export', 'samples/algorithms/linear.txt', '--out', join(work, 'no', 'such', 'model.ts'));
    expect([nowhere.code, nowhere.stderr]).toEqual([2, expect.stringMatching(/no such folder/)]);
    const existing = join(work, 'model.ts');
    writeFileSync(existing, '// keep me\n');
    const r = await cli('export', 'samples/algorithms/linear.txt', '--out', existing, '--memory', '3,3,1');
    expect(r.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('// keep me\n');
    expect(readdirSync(work)).toEqual(['model.ts']);
    expect(existsSync(join(work, 'model.mjs'))).toBe(false);
  });
});

describe.concurrent('automl-zero inspect', () => {
  const file = join(ROOT, 'samples', 'algorithms', 'random_1.txt');

  it('shows the readable form, dropped instructions and why, memory use and the generated JavaScript', async () => {
    const r = await cli('inspect', file);
    expect(r.code).toBe(0);
    const out = r.stdout;
    for (const heading of ['== Readable form ==', '== Simplified:', '== Canonical form', '== Memory read and written', '== Generated JavaScript']) {
      expect(out).toContain(heading);
    }
    expect(out).toMatch(/^- {3}s5 = uniform|^ {4}s5 = uniform/m); // random ops are never dropped
    expect(out).toMatch(/^- .*# dropped \((never-read|overwritten|no-path)\): /m);
    expect(out).toContain('  Predict:  reads ');
    expect(out).toContain('function predict(m, R');
  });

  it('--json gives the same as data', async () => {
    const r = await cli('inspect', 'samples/algorithms/linear.txt', '--json', '--features-size', '2', '--memory', '4,3,1');
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as {
      features_size: number; readable: string; javascript: string;
      simplified: { counts: { total: number; kept: number; dropped: number }; instructions: Array<{ component: string; fate: string; text: string }> };
      memory_access: { original: Record<string, { reads: string[]; writes: string[] }> };
    };
    expect(x.features_size).toBe(2);
    expect(x.readable).toContain('s1 = dot(v1, v0)');
    expect(x.simplified.counts).toEqual({ total: 6, kept: 6, folded: 0, dropped: 0 });
    expect(x.simplified.instructions[0]).toEqual({ component: 'setup', index: 0, text: 's2 = 0.01', fate: 'kept' });
    expect(x.memory_access.original.predict).toEqual({ reads: ['v0', 'v1'], writes: ['s1'], reads_before_writing: ['v0', 'v1'] });
    expect(x.javascript).toContain('function learn(m, R');
  });

  it('exits with 2 on bad input', async () => {
    const bad = join(dir, 'inspect-bad.txt');
    writeFileSync(bad, 'def Setup():\n  s2 = s1 ** s0\ndef Predict():\ndef Learn():\n');
    for (const args of [[bad], ['samples/algorithms/linear.txt', '--features-size', '5']]) {
      const r = await cli('inspect', ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: /);
    }
  });
});
