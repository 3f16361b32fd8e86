import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { registerPrint } from '../../src/cli/commands/print';
import { parseFeaturesSize, parseMemoryOption } from '../../src/cli/options';
import { UserError } from '../../src/util/errors';

const SAMPLES = join(__dirname, '../../samples/algorithms');

describe('parseMemoryOption', () => {
  it.each([
    ['20,20,20', { scalars: 20, vectors: 20, matrices: 20 }],
    ['4,3,1', { scalars: 4, vectors: 3, matrices: 1 }],
    [' 5, 9 ,2 ', { scalars: 5, vectors: 9, matrices: 2 }],
    ['2,1,0', { scalars: 2, vectors: 1, matrices: 0 }],
  ])('%j', (text, sizes) => {
    expect(parseMemoryOption(text)).toEqual(sizes);
  });

  it.each(['4,3', 'a,b,c', '4,3,1,1', '', '4;3;1', '-1,3,1', '1.5,3,1'])('rejects %j', (text) => {
    expect(() => parseMemoryOption(text)).toThrow(UserError);
    expect(() => parseMemoryOption(text)).toThrow(/invalid --memory/);
  });

  it('rejects sizes the memory cannot hold (no label/prediction scalars)', () => {
    expect(() => parseMemoryOption('1,1,1')).toThrow(/invalid --memory '1,1,1': memory size for scalars/);
    expect(() => parseMemoryOption('20,20,70000')).toThrow(UserError);
  });
});

describe('parseFeaturesSize', () => {
  it.each(['2', '4', '8', '16', '32'])('accepts %s', (text) => {
    expect(parseFeaturesSize(text)).toBe(Number(text));
  });

  it.each(['3', '0', 'x', '', '4.0', '-4', '1024'])('rejects %j', (text) => {
    expect(() => parseFeaturesSize(text)).toThrow(UserError);
  });
});

describe('print command', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(...args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
    const program = new Command().exitOverride();
    registerPrint(program);
    await program.parseAsync(['print', ...args], { from: 'user' });
    return out;
  }

  it('prints the canonical text of a text or JSON file', async () => {
    const expected = 'def Setup():\n  s2 = 0.01\ndef Predict():\n  s1 = dot(v1, v0)\ndef Learn():\n  s3 = s0 - s1\n  s3 = s2 * s3\n  v2 = s3 * v0\n  v1 = v1 + v2\n';
    expect(await run(join(SAMPLES, 'linear.txt'))).toBe(expected);
    expect(await run(join(SAMPLES, 'linear.json'), '--memory', '4,3,1')).toBe(expected);
  });

  it('prints JSON with --json', async () => {
    expect(await run(join(SAMPLES, 'linear.txt'), '--json')).toContain('"op": "SCALAR_CONST_SET_OP"');
  });

  it('fails with a UserError for bad memory sizes, files and contents', async () => {
    await expect(run(join(SAMPLES, 'linear.txt'), '--memory', '4,3')).rejects.toThrow(UserError);
    await expect(run(join(SAMPLES, 'nope.txt'))).rejects.toThrow(/cannot read algorithm file/);
    await expect(run(join(SAMPLES, 'neural_net.txt'), '--memory', '4,3,1')).rejects.toThrow(/neural_net\.txt:6:3: address v3 is out of range: the memory has 3 vector addresses/);
  });
});
