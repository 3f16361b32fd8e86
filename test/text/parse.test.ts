import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../src/ir/algorithm';
import { makeInstruction } from '../../src/ir/instruction';
import { OPS, opByName } from '../../src/ir/ops';
import { parseAlgorithm, parseConstant } from '../../src/text/parse';
import { printAlgorithm, printInstruction } from '../../src/text/print';
import { ParseError, UserError } from '../../src/util/errors';
import { arbAlgorithm, sameInstruction, SIZES } from './helpers';

const parse = (text: string, sizes = SIZES) => parseAlgorithm(text, { sizes, source: 'prog.txt' });
const wrap = (...setup: string[]) => `def Setup():\n${setup.map((l) => `  ${l}\n`).join('')}def Predict():\ndef Learn():\n`;
const id = (name: string) => opByName(name)!.id;

/** The ParseError thrown by `fn`, for inspecting line, column and detail. */
function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toBeInstanceOf(UserError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('parseAlgorithm: round trip', () => {
  it.each(OPS.map((op) => [op.id, op.name] as const))('op %i %s reads back what it prints', (opId) => {
    const op = OPS[opId]!;
    const index = op.data === 'vectorConst' || op.data === 'matrixConst';
    const ins = makeInstruction({
      op: opId, out: op.out ? 3 : 0, in1: op.in1 ? 1 : 0, in2: op.in2 ? 2 : 0,
      activation: op.data === 'scalarConst' ? -0.0331 : 0,
      f0: op.data === 'none' || op.data === 'scalarConst' ? 0 : index ? 0.375 : 1e-10,
      f1: op.data === 'vectorConst' ? -0.25 : op.data === 'matrixConst' ? 0.875 : ['uniform', 'gaussian'].includes(op.data) ? 0.001 : 0,
      f2: op.data === 'matrixConst' ? -0.5 : 0,
    });
    const text = wrap(printInstruction(ins));
    const back = parse(text);
    expect(back.setup).toHaveLength(1);
    expect(sameInstruction(back.setup[0]!, ins)).toBe(true);
    expect(printAlgorithm(back)).toBe(text);
  });

  it.each(['1e-10', '-0', 'inf', 'nan', '-inf', '0.001', '-0.0331', '0', '1.23457e+06', '4.94066e-324'])(
    'scalar constant %s survives print(parse(x))', (c) => {
      const text = wrap(`s2 = ${c}`);
      expect(printAlgorithm(parse(text))).toBe(text);
    });

  it.each(['1e-10', '-0', 'inf', 'nan', '-inf', '0.001', '-0.0331', '3.40282e+38', '1.4013e-45'])(
    'float constant %s survives print(parse(x))', (c) => {
      const text = wrap(`s2 = gaussian(${c}, ${c})`, `v1[0.375] = ${c}`, `m0[0, 0.999] = ${c}`);
      expect(printAlgorithm(parse(text))).toBe(text);
    });

  it('stores float data as float32 and the activation as a double', () => {
    const alg = parse(wrap('s2 = 0.1', 'v1[0.375] = 0.1'));
    expect(alg.setup[0]!.activation).toBe(0.1);
    expect(alg.setup[1]!.f1).toBe(Math.fround(0.1));
    expect(Object.is(parse(wrap('s2 = -0')).setup[0]!.activation, -0)).toBe(true);
    expect(parse(wrap('s2 = nan')).setup[0]!.activation).toBeNaN();
  });

  it('property: print(parse(print(alg))) === print(alg) for random valid algorithms', () => {
    fc.assert(fc.property(arbAlgorithm(), (alg) => {
      const text = printAlgorithm(alg);
      const back = parse(text);
      expect(printAlgorithm(back)).toBe(text);
      // Same ops and addresses; constants agree to the 6 printed digits.
      for (const c of ['setup', 'predict', 'learn'] as const) {
        back[c].forEach((ins, i) => {
          const orig = alg[c][i]!;
          expect([ins.op, ins.in1, ins.in2, ins.out]).toEqual([orig.op, orig.in1, orig.in2, orig.out]);
        });
      }
    }), { numRuns: 300 });
  });

  it('reads a fraction printed as 1 back as the largest float32 below 1', () => {
    const ins = makeInstruction({ op: id('VECTOR_CONST_SET_OP'), out: 1, f0: 0.99999994, f1: 2 });
    const text = wrap(printInstruction(ins));
    expect(text).toContain('v1[1] = 2');
    expect(parse(text).setup[0]!.f0).toBe(Math.fround(0.99999994));
  });
});

describe('parseAlgorithm: accepted syntax', () => {
  it('accepts blank lines, comments, free indentation and spacing', () => {
    const text = [
      '# LinearModel, README style', '', 'def Setup():',
      '  s2 = 0.001   # learning rate', '', 'def Predict():  # comment after a header',
      '\ts1 = dot(v0,v1)', 'def   Learn ( ) :', 's3=s0-s1', '    v2 = s4 *   v0', '   m1[ 0.5 ,0.25 ]=-1', '',
    ].join('\n');
    const alg = parse(text);
    expect(printAlgorithm(alg)).toBe(
      'def Setup():\n  s2 = 0.001\ndef Predict():\n  s1 = dot(v0, v1)\ndef Learn():\n  s3 = s0 - s1\n  v2 = s4 * v0\n  m1[0.5, 0.25] = -1\n');
  });

  it('accepts CRLF line ends and a missing final newline', () => {
    expect(parse('def Setup():\r\n  s2 = 1\r\ndef Predict():\r\ndef Learn():').setup).toHaveLength(1);
  });

  it('tells ops with the same template apart by operand kinds', () => {
    const alg = parse(wrap('s3 = s1 * s2', 'v3 = s1 * v2', 'v3 = v1 * v2', 'm3 = s1 * m2', 'm3 = m1 * m2', 's1 = dot(v1, v2)', 'v1 = dot(m1, v2)'));
    expect(alg.setup.map((ins) => OPS[ins.op]!.name)).toEqual([
      'SCALAR_PRODUCT_OP', 'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_PRODUCT_OP', 'SCALAR_MATRIX_PRODUCT_OP',
      'MATRIX_PRODUCT_OP', 'VECTOR_INNER_PRODUCT_OP', 'MATRIX_VECTOR_PRODUCT_OP',
    ]);
  });

  it('keeps subtraction and a constant apart when spaces are missing', () => {
    expect(OPS[parse(wrap('s1 = s2-s3')).setup[0]!.op]!.name).toBe('SCALAR_DIFF_OP');
    expect(parse(wrap('s1 = -3')).setup[0]!.activation).toBe(-3);
    expect(OPS[parse(wrap('s1 = 1/s2')).setup[0]!.op]!.name).toBe('SCALAR_RECIPROCAL_OP');
  });

  it('accepts empty functions and an empty algorithm', () => {
    const alg: Algorithm = parse('def Setup():\ndef Predict():\ndef Learn():\n');
    expect(alg).toEqual({ setup: [], predict: [], learn: [] });
  });

  it.each([
    ['1e-10', 1e-10], ['-0', -0], ['+2', 2], ['.5', 0.5], ['1.', 1], ['1E3', 1000], ['inf', Infinity],
    ['-inf', -Infinity], ['+inf', Infinity], ['INF', Infinity], ['nan', NaN], ['-nan', NaN], ['infinity', Infinity],
  ])('parseConstant(%s)', (text, value) => {
    expect(Object.is(parseConstant(text), value)).toBe(true);
  });

  it.each(['1.2.3', '', '-', 'e5', '1e', '0x10', 'abc', '1,5', '--1', 'in f'])('parseConstant rejects %j', (text) => {
    expect(parseConstant(text)).toBeNull();
  });
});

describe('parseAlgorithm: errors with line and column', () => {
  it.each([
    ['unknown op', wrap('s3 = foo(s1)'), 2, 8, "unknown instruction 'foo'"],
    ['unknown bare word', wrap('frobnicate'), 2, 3, "unknown instruction 'frobnicate'"],
    ['unknown operator', wrap('s1 = s2 % s3'), 2, 3, "unknown instruction 's1 = s2 % s3'"],
    ['malformed known op', wrap('s1 = abs(s1'), 2, 8, "malformed 'abs' instruction; expected one of: so = abs(sa) | vo = abs(va) | mo = abs(ma)"],
    ['scalar out of range', wrap('s20 = s1 + s2'), 2, 3, 'address s20 is out of range: the memory has 20 scalar addresses (s0..s19)'],
    ['vector input out of range', wrap('v1 = v1 + v25'), 2, 13, 'address v25 is out of range: the memory has 20 vector addresses (v0..v19)'],
    ['malformed constant', wrap('s2 = 1.2.3'), 2, 8, "malformed constant '1.2.3'"],
    ['malformed float data', wrap('s2 = gaussian(0, 0.1x)'), 2, 20, "malformed constant '0.1x'"],
    ['float32 overflow', wrap('v2 = uniform(-1e39, 1, n_features)'), 2, 16, "constant '-1e39' is out of float32 range"],
    ['wrong operand type', wrap('s1 = dot(v1, s0)'), 2, 16, "expected a vector address like v3, got 's0'"],
    ['wrong output type', wrap('v1 = s1 + s2'), 2, 8, "expected a vector address like v3, got 's1'"],
    ['not an address', wrap('s1 = s2 + x3'), 2, 13, "expected a scalar address like s3, got 'x3'"],
    ['matrix with one index', wrap('m1[0.5] = 1'), 2, 3, "expected a vector address like v3, got 'm1'"],
    ['index fraction >= 1', wrap('v1[1.5] = 2'), 2, 6, "index fraction '1.5' must be in [0, 1) (element i of F is written (i + 0.5) / F)"],
    ['negative index fraction', wrap('m1[0.5, -0.25] = 2'), 2, 11, "index fraction '-0.25' must be in [0, 1) (element i of F is written (i + 0.5) / F)"],
    ['NaN index fraction', wrap('v1[nan] = 2'), 2, 6, "index fraction 'nan' must be in [0, 1) (element i of F is written (i + 0.5) / F)"],
    ['instruction before Setup', '  s1 = s2 + s3\n', 1, 3, "expected 'def Setup():' before the first instruction"],
    ['missing Predict header', 'def Setup():\ndef Learn():\n', 2, 1, "missing 'def Predict():' before 'def Learn():'"],
    ['missing Learn header', 'def Setup():\ndef Predict():\n  s1 = s2 + s3\n', 4, 1, "unexpected end of text: expected 'def Learn():'"],
    ['empty text', '', 1, 1, "unexpected end of text: expected 'def Setup():'"],
    ['unknown header', 'def Setup():\ndef Train():\n', 2, 1, "expected 'def Predict():', got 'def Train():'"],
    ['extra header', `${wrap()}def Learn():\n`, 4, 1, "unexpected 'def Learn():' after 'def Learn():'"],
  ])('%s', (_, text, line, column, detail) => {
    const err = parseError(() => parse(text));
    expect({ line: err.line, column: err.column, detail: err.detail }).toEqual({ line, column, detail });
    expect(err.source).toBe('prog.txt');
    expect(err.message).toBe(`prog.txt:${line}:${column}: ${detail}`);
  });

  it('checks addresses against the configured sizes', () => {
    const sizes = { scalars: 4, vectors: 3, matrices: 1 };
    expect(() => parse(wrap('s3 = s1 + s2', 'v2 = bcast(s3)', 'm0 = m0 + m0'), sizes)).not.toThrow();
    expect(parseError(() => parse(wrap('m1 = m0 + m0'), sizes)).detail).toBe('address m1 is out of range: the memory has 1 matrix addresses (m0..m0)');
  });

  it('uses <text> as the source when none is given', () => {
    expect(() => parseAlgorithm('nope', { sizes: SIZES })).toThrow(/^<text>:1:1: /);
  });
});
