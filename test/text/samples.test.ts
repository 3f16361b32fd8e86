import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linearModel, neuralNet, teacherNetPredict } from '../../src/ir/hand-designed';
import { validateAlgorithm } from '../../src/ir/validate';
import { algorithmToJson } from '../../src/text/json';
import { loadAlgorithmFile, parseAlgorithmText } from '../../src/text/load';
import { printAlgorithm, printInstruction } from '../../src/text/print';
import { ParseError, UserError } from '../../src/util/errors';
import { sameAlgorithm, SIZES } from './helpers';

const SAMPLES = join(__dirname, '../../samples/algorithms');
const sample = (name: string) => join(SAMPLES, name);
const withoutComments = (text: string) => text.replace(/^#.*\n/gm, '');

describe('hand-designed algorithms (SPEC §10)', () => {
  it('LinearModel(0.01) prints as §10.1', () => {
    expect(printAlgorithm(linearModel(0.01))).toBe([
      'def Setup():', '  s2 = 0.01', 'def Predict():', '  s1 = dot(v1, v0)', 'def Learn():',
      '  s3 = s0 - s1', '  s3 = s2 * s3', '  v2 = s3 * v0', '  v1 = v1 + v2', '',
    ].join('\n'));
  });

  it('fit the address spaces SPEC §10 says they need', () => {
    expect(() => validateAlgorithm(linearModel(0.01), { scalars: 4, vectors: 3, matrices: 1 })).not.toThrow();
    expect(() => validateAlgorithm(neuralNet(0.01, 0.1, 0.1), { scalars: 5, vectors: 9, matrices: 2 })).not.toThrow();
    expect(() => validateAlgorithm(neuralNet(0.01, 0.1, 0.1), { scalars: 5, vectors: 8, matrices: 2 })).toThrow();
  });

  it('NeuralNet keeps its parameters where §10.2 puts them', () => {
    const net = neuralNet(0.036210, 0.180920, 0.145231);
    expect(net.setup[0]!.f1).toBe(Math.fround(0.145231)); // final layer
    expect(net.setup[1]!.f1).toBe(Math.fround(0.180920)); // first layer
    expect(net.setup[2]!.activation).toBe(0.036210); // learning rate, a double
    expect(net.predict).toHaveLength(5);
    expect(net.learn).toHaveLength(11);
  });

  it('teacher network Predict is §10.3', () => {
    expect(teacherNetPredict().map(printInstruction)).toEqual(['v2 = dot(m0, v0)', 'v3 = maximum(v2, v4)', 's1 = dot(v3, v1)']);
  });
});

describe('samples/algorithms', () => {
  it('linear.txt, linear.json and neural_net.txt are the hand-designed builders', () => {
    expect(sameAlgorithm(loadAlgorithmFile(sample('linear.txt'), SIZES), linearModel(0.01))).toBe(true);
    expect(sameAlgorithm(loadAlgorithmFile(sample('linear.json'), SIZES), linearModel(0.01))).toBe(true);
    expect(sameAlgorithm(loadAlgorithmFile(sample('neural_net.txt'), SIZES), neuralNet(0.01, 0.1, 0.1))).toBe(true);
    expect(readFileSync(sample('linear.txt'), 'utf8')).toBe(printAlgorithm(linearModel(0.01)));
    expect(readFileSync(sample('neural_net.txt'), 'utf8')).toBe(printAlgorithm(neuralNet(0.01, 0.1, 0.1)));
    expect(readFileSync(sample('linear.json'), 'utf8')).toBe(algorithmToJson(linearModel(0.01)));
  });

  it.each(['random_1.txt', 'random_2.txt', 'random_3.txt', 'random_4.txt'])('%s is canonical apart from its comments', (name) => {
    const text = readFileSync(sample(name), 'utf8');
    const alg = loadAlgorithmFile(sample(name), SIZES);
    expect(alg.setup.length + alg.predict.length + alg.learn.length).toBeGreaterThan(10);
    expect(printAlgorithm(alg)).toBe(withoutComments(text));
  });

  it('together use scalar, vector and matrix ops, const-sets and random fills', () => {
    const names = new Set(['random_1.txt', 'random_2.txt', 'random_3.txt', 'random_4.txt'].flatMap((n) => {
      const alg = loadAlgorithmFile(sample(n), SIZES);
      return [...alg.setup, ...alg.predict, ...alg.learn].map((ins) => ins.op);
    }));
    for (const op of [56, 57, 58, 59, 60, 61, 62, 63, 64, 28, 31, 43]) expect(names).toContain(op);
    expect(names.size).toBeGreaterThan(40);
  });
});

describe('loading files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-zero-text-'));

  it('detects JSON by a leading {', () => {
    const json = algorithmToJson(linearModel(0.01));
    expect(sameAlgorithm(parseAlgorithmText(`\n  ${json}`, SIZES), linearModel(0.01))).toBe(true);
    expect(sameAlgorithm(parseAlgorithmText(`# comment\n${printAlgorithm(linearModel(0.01))}`, SIZES), linearModel(0.01))).toBe(true);
  });

  it('names the file in parse errors', () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, 'def Setup():\n  s2 = 1.2.3\n');
    let err: unknown;
    try { loadAlgorithmFile(path, SIZES); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).source).toBe(path);
    expect((err as ParseError).message).toBe(`${path}:2:8: malformed constant '1.2.3'`);
    const jsonPath = join(dir, 'bad.json');
    writeFileSync(jsonPath, '{"setup_instructions": [{"op": "NOPE"}]}');
    expect(() => loadAlgorithmFile(jsonPath, SIZES)).toThrow(`${jsonPath}:1:32: setup_instructions[0].op: unknown op "NOPE"`);
  });

  it('applies the memory sizes', () => {
    expect(() => loadAlgorithmFile(sample('neural_net.txt'), { scalars: 4, vectors: 3, matrices: 1 })).toThrow(/neural_net\.txt:6:3: address v3 is out of range: the memory has 3 vector addresses/);
  });

  it('reports unreadable files as a UserError with the path', () => {
    const missing = join(dir, 'missing.txt');
    expect(() => loadAlgorithmFile(missing, SIZES)).toThrow(UserError);
    expect(() => loadAlgorithmFile(missing, SIZES)).toThrow(`cannot read algorithm file '${missing}': no such file`);
    expect(() => loadAlgorithmFile(dir, SIZES)).toThrow(`cannot read algorithm file '${dir}': it is a directory`);
  });
});
