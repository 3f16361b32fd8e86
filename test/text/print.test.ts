import { describe, expect, it } from 'vitest';
import { makeInstruction } from '../../src/ir/instruction';
import { OPS, opByName } from '../../src/ir/ops';
import { printAlgorithm, printInstruction } from '../../src/text/print';

/**
 * The printed column of SPEC §2.2, transcribed by hand, for out=3, in1=1, in2=2,
 * activation 0.01, f0=0.375, f1=-0.25, f2=0.5.
 */
const EXPECTED: readonly string[] = [
  'NoOp()',
  's3 = s1 + s2', 's3 = s1 - s2', 's3 = s1 * s2', 's3 = s1 / s2',
  's3 = abs(s1)', 's3 = 1 / s1', 's3 = sin(s1)', 's3 = cos(s1)', 's3 = tan(s1)',
  's3 = arcsin(s1)', 's3 = arccos(s1)', 's3 = arctan(s1)', 's3 = exp(s1)', 's3 = log(s1)',
  's3 = heaviside(s1, 1.0)', 'v3 = heaviside(v1, 1.0)', 'm3 = heaviside(m1, 1.0)',
  'v3 = s1 * v2', 'v3 = bcast(s1)', 'v3 = 1 / v1', 's3 = norm(v1)', 'v3 = abs(v1)',
  'v3 = v1 + v2', 'v3 = v1 - v2', 'v3 = v1 * v2', 'v3 = v1 / v2', 's3 = dot(v1, v2)',
  'm3 = outer(v1, v2)', 'm3 = s1 * m2', 'm3 = 1 / m1', 'v3 = dot(m1, v2)',
  'm3 = bcast(v1, axis=0)', 'm3 = bcast(v1, axis=1)', 's3 = norm(m1)',
  'v3 = norm(m1, axis=0)', 'v3 = norm(m1, axis=1)', 'm3 = transpose(m1)', 'm3 = abs(m1)',
  'm3 = m1 + m2', 'm3 = m1 - m2', 'm3 = m1 * m2', 'm3 = m1 / m2', 'm3 = matmul(m1, m2)',
  's3 = minimum(s1, s2)', 'v3 = minimum(v1, v2)', 'm3 = minimum(m1, m2)',
  's3 = maximum(s1, s2)', 'v3 = maximum(v1, v2)', 'm3 = maximum(m1, m2)',
  's3 = mean(v1)', 's3 = mean(m1)', 'v3 = mean(m1, axis=1)', 'v3 = std(m1, axis=1)',
  's3 = std(v1)', 's3 = std(m1)',
  's3 = 0.01', 'v3[0.375] = -0.25', 'm3[0.375, -0.25] = 0.5',
  's3 = uniform(0.375, -0.25)', 'v3 = uniform(0.375, -0.25, n_features)',
  'm3 = uniform(0.375, -0.25, (n_features, n_features))',
  's3 = gaussian(0.375, -0.25)', 'v3 = gaussian(0.375, -0.25, n_features)',
  'm3 = gaussian(0.375, -0.25, (n_features, n_features))',
];

describe('printInstruction', () => {
  it('covers all 65 ops', () => {
    expect(OPS).toHaveLength(65);
    expect(EXPECTED).toHaveLength(65);
  });

  it.each(OPS.map((op) => [op.id, op.name] as const))('op %i %s prints as SPEC §2.2', (id) => {
    const ins = makeInstruction({ op: id, out: 3, in1: 1, in2: 2, activation: 0.01, f0: 0.375, f1: -0.25, f2: 0.5 });
    expect(printInstruction(ins)).toBe(EXPECTED[id]);
  });

  it('prints constants with %g', () => {
    const id = (name: string) => opByName(name)!.id;
    const line = (fields: Parameters<typeof makeInstruction>[0]) => printInstruction(makeInstruction(fields));
    expect(line({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: 1e-10 })).toBe('s2 = 1e-10');
    expect(line({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: -0 })).toBe('s2 = -0');
    expect(line({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: NaN })).toBe('s2 = nan');
    expect(line({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: -Infinity })).toBe('s2 = -inf');
    expect(line({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: 1234567 })).toBe('s2 = 1.23457e+06');
    // float data is float32: 0.1f is 0.100000001490116..., still "0.1" at 6 digits.
    expect(line({ op: id('VECTOR_CONST_SET_OP'), out: 1, f0: 0.375, f1: 0.1 })).toBe('v1[0.375] = 0.1');
    expect(line({ op: id('MATRIX_GAUSSIAN_SET_OP'), out: 0, f0: 0, f1: 0.1 })).toBe('m0 = gaussian(0, 0.1, (n_features, n_features))');
    expect(line({ op: id('SCALAR_UNIFORM_SET_OP'), out: 4, f0: -0.0331, f1: Infinity })).toBe('s4 = uniform(-0.0331, inf)');
  });

  it('rejects an unknown op id', () => {
    expect(() => printInstruction(makeInstruction({ op: 65 }))).toThrow(/65/);
  });
});

describe('printAlgorithm', () => {
  it('prints headers and two-space indented lines', () => {
    const sum = opByName('SCALAR_SUM_OP')!.id;
    const vconst = opByName('VECTOR_CONST_SET_OP')!.id;
    const text = printAlgorithm({
      setup: [makeInstruction({ op: vconst, out: 1, f0: 0.375, f1: -0.25 })],
      predict: [],
      learn: [makeInstruction({ op: sum, out: 3, in1: 1, in2: 2 }), makeInstruction({ op: 0 })],
    });
    expect(text).toBe('def Setup():\n  v1[0.375] = -0.25\ndef Predict():\ndef Learn():\n  s3 = s1 + s2\n  NoOp()\n');
  });

  it('prints an empty algorithm as the three headers', () => {
    expect(printAlgorithm({ setup: [], predict: [], learn: [] })).toBe('def Setup():\ndef Predict():\ndef Learn():\n');
  });
});
