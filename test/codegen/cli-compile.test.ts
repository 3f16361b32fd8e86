/** `automl-zero compile`: the built CLI prints readable generated code, and rejects bad input with exit code 2. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng';

const ROOT = join(import.meta.dirname, '..', '..');
const LINEAR = 'samples/algorithms/linear.txt';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/automl-zero.mjs', 'compile', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Drops the `//` header and runs the rest as the generated function body. */
function instantiate(printed: string): Record<string, (...args: unknown[]) => unknown> {
  const body = printed.split('\n').filter((l) => !l.startsWith('//')).join('\n');
  return new Function(body)() as Record<string, (...args: unknown[]) => unknown>;
}

let dir: string;

// The CLI bundle is built once by test/global-setup.ts.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'azc-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('automl-zero compile', () => {
  it('prints the component functions with a header', () => {
    const r = cli(LINEAR, '--features-size', '4');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toContain('"samples/algorithms/linear.txt"');
    expect(r.stdout).toContain('F = 4');
    expect(r.stdout).toContain('20 scalars, 20 vectors, 20 matrices');
    expect(r.stdout).toContain("storage mode 'locals'");
    expect(r.stdout).toMatch(/^function setup\(m, R\b.*\) \{$/m);
    expect(r.stdout).toMatch(/^function predict\(m, R\b.*\) \{$/m);
    expect(r.stdout).toMatch(/^function learn\(m, R\b.*\) \{$/m);
    expect(r.stdout).toMatch(/^ {2}s2 = 0\.01;$/m);
    // It is runnable: one training step of the linear regressor.
    const fns = instantiate(r.stdout);
    const m = new Float64Array(20 + 20 * 4 + 20 * 16);
    fns.setup!(m, new Rng(1));
    m.set([1, 2, 3, 4], 20);
    m[0] = 0;
    fns.predict!(m, new Rng(1));
    expect(m[1]).toBe(0);
    m[0] = 1;
    fns.learn!(m, new Rng(1));
    expect([...m.subarray(24, 28)].map((x) => Math.round(x * 1000) / 1000)).toEqual([0.01, 0.02, 0.03, 0.04]);
  });

  it('honours --memory, --mode and --kernel', () => {
    const r = cli(LINEAR, '--features-size', '2', '--memory', '4,3,1', '--mode', 'array', '--kernel');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 scalars, 3 vectors, 1 matrices');
    expect(r.stdout).toContain("storage mode 'array'");
    expect(r.stdout).toMatch(/^function train\(m, R, X, Y, order, begin, end, maxAbsError, accuracy, errors\b.*\) \{$/m);
    expect(r.stdout).toMatch(/^function validate\(m, R, X, Y, n, maxAbsError, accuracy, errors\b.*\) \{$/m);
    expect(r.stdout).toMatch(/for \(let i0 = 0; i0 < 2; i0\+\+\)/);
    expect(Object.keys(instantiate(r.stdout))).toEqual(['setup', 'train', 'validate']);
  });

  it('defaults to locals for programs touching few cells, array mode for many', () => {
    // The linear regressor at F = 32 touches 3 vectors and 4 scalars: 100 cells.
    const small = cli(LINEAR, '--features-size', '32');
    expect(small.code).toBe(0);
    expect(small.stdout).toContain("storage mode 'locals'");
    // The neural net at F = 16 touches a 16x16 matrix among others.
    const large = cli('samples/algorithms/neural_net.txt', '--features-size', '16');
    expect(large.code).toBe(0);
    expect(large.stdout).toContain("storage mode 'array'");
    expect(cli(LINEAR, '--features-size', '32', '--mode', 'array').stdout).toContain("storage mode 'array'");
  });

  it('keeps the file name out of the code and cannot be broken out of the comment', () => {
    const name = join(dir, 'evil\nglobalThis.pwned = 1;\u2028x.txt');
    writeFileSync(name, 'def Setup():\n  s2 = 0.5\ndef Predict():\ndef Learn():\n');
    const r = cli(name, '--features-size', '1');
    expect(r.code).toBe(0);
    const headerLines = r.stdout.split('\n').filter((l) => l.startsWith('//'));
    expect(headerLines.length).toBe(4);
    expect(r.stdout.split('\n').filter((l) => l.includes('pwned'))).toEqual([headerLines[0]]);
    expect(r.stdout).not.toContain('\u2028');
    instantiate(r.stdout);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it.each([
    ['an unsupported features size', [LINEAR, '--features-size', '3'], /features size/],
    ['a features size that is not a number', [LINEAR, '--features-size', 'four'], /features size/],
    ['a missing features size', [LINEAR], /features-size/],
    ['a missing file', ['no/such/file.txt', '--features-size', '4'], /no such file/],
    ['a bad --memory', [LINEAR, '--features-size', '4', '--memory', '4,3'], /--memory/],
    ['a memory too small for the program', [LINEAR, '--features-size', '4', '--memory', '3,3,0'], /s3/],
    ['a bad --mode', [LINEAR, '--features-size', '4', '--mode', 'registers'], /--mode/],
  ])('exits with 2 for %s', (_what, args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('exits with 2 for a malformed algorithm file', () => {
    const name = join(dir, 'bad.txt');
    writeFileSync(name, 'def Setup():\n  s1 = process.exit(7)\ndef Predict():\ndef Learn():\n');
    const r = cli(name, '--features-size', '4');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.txt');
  });
});
