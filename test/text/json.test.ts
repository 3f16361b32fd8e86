import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInstruction } from '../../src/ir/instruction';
import { opByName } from '../../src/ir/ops';
import { linearModel, neuralNet } from '../../src/ir/hand-designed';
import { algorithmToJson, parseAlgorithmJson } from '../../src/text/json';
import { ParseError } from '../../src/util/errors';
import { arbAlgorithm, sameAlgorithm, SIZES } from './helpers';

const read = (text: string, sizes = SIZES) => parseAlgorithmJson(text, { sizes, source: 'alg.json' });
const id = (name: string) => opByName(name)!.id;

function errorOf(text: string): ParseError {
  try {
    read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('algorithm JSON', () => {
  it('uses the proto field names and op names', () => {
    const json = algorithmToJson(linearModel(0.01));
    expect(JSON.parse(json)).toEqual({
      setup_instructions: [{ op: 'SCALAR_CONST_SET_OP', in1: 0, in2: 0, out: 2, activation_data: 0.01, float_data_0: 0, float_data_1: 0, float_data_2: 0 }],
      predict_instructions: [{ op: 'VECTOR_INNER_PRODUCT_OP', in1: 1, in2: 0, out: 1, activation_data: 0, float_data_0: 0, float_data_1: 0, float_data_2: 0 }],
      learn_instructions: expect.any(Array),
    });
  });

  it('writes float data as the shortest decimal of the float32', () => {
    const json = algorithmToJson(neuralNet(0.01, 0.1, 0.1));
    expect(json).toContain('"float_data_1": 0.1,');
    expect(json).not.toContain('0.10000000149011612');
  });

  it('round-trips random algorithms bit for bit, including NaN, -0 and infinities', () => {
    fc.assert(fc.property(arbAlgorithm(), (alg) => sameAlgorithm(read(algorithmToJson(alg)), alg)), { numRuns: 300 });
  });

  it('encodes non-finite numbers and -0 as strings', () => {
    const alg = {
      setup: [
        makeInstruction({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: NaN }),
        makeInstruction({ op: id('SCALAR_CONST_SET_OP'), out: 2, activation: -0 }),
        makeInstruction({ op: id('SCALAR_UNIFORM_SET_OP'), out: 2, f0: -Infinity, f1: Infinity }),
      ],
      predict: [], learn: [],
    };
    const json = algorithmToJson(alg);
    expect(json).toContain('"activation_data": "nan"');
    expect(json).toContain('"activation_data": "-0"');
    expect(json).toContain('"float_data_0": "-inf", "float_data_1": "inf"');
    const back = read(json);
    expect(back.setup[0]!.activation).toBeNaN();
    expect(Object.is(back.setup[1]!.activation, -0)).toBe(true);
    expect(back.setup[2]!.f0).toBe(-Infinity);
  });

  it('accepts numeric op ids, numeric -0, missing fields and lists, and index_data_0', () => {
    const alg = read('{"predict_instructions": [{"op": 1, "in1": 2, "out": 3, "index_data_0": 7, "activation_data": -0}]}');
    expect(alg.setup).toEqual([]);
    expect(alg.predict[0]).toEqual(makeInstruction({ op: 1, in1: 2, out: 3, activation: -0 }));
    expect(Object.is(alg.predict[0]!.activation, -0)).toBe(true);
  });

  it('rounds float data to float32', () => {
    const alg = read('{"setup_instructions": [{"op": "SCALAR_GAUSSIAN_SET_OP", "out": 1, "float_data_1": 0.1}]}');
    expect(alg.setup[0]!.f1).toBe(Math.fround(0.1));
  });

  it.each([
    ['syntax error', '{"setup_instructions": [\n  {"op": 1 "in1": 2}]}', 2, 12, "expected ',' or '}', found '\"'"],
    ['trailing comma', '{"setup_instructions": [1,]}', 1, 27, "expected a JSON value, found ']'"],
    ['truncated', '{"setup_instructions": [', 1, 25, 'expected a JSON value but the text ended'],
    ['not an object', '[]', 1, 1, 'expected a JSON object with setup_instructions, predict_instructions and learn_instructions'],
    ['unknown top-level field', '{"setup": []}', 1, 2, 'unknown field "setup" (expected setup_instructions, predict_instructions, learn_instructions)'],
    ['list not an array', '{"learn_instructions": {}}', 1, 24, '"learn_instructions" must be an array of instructions'],
    ['instruction not an object', '{"learn_instructions": [3]}', 1, 25, 'learn_instructions[0]: expected an instruction object'],
    ['unknown op name', '{"setup_instructions": [{"op": "FOO_OP"}]}', 1, 32, 'setup_instructions[0].op: unknown op "FOO_OP"'],
    ['op id out of range', '{"setup_instructions": [{"op": 65}]}', 1, 32, 'setup_instructions[0].op: expected an op name like "SCALAR_SUM_OP" or an id in [0, 64], got 65'],
    ['missing op', '{"setup_instructions": [{"out": 1}]}', 1, 25, 'setup_instructions[0]: missing field "op"'],
    ['unknown field', '{"predict_instructions": [{"op": 0}, {"op": 0, "in3": 1}]}', 1, 48, 'predict_instructions[1]: unknown field "in3"'],
    ['duplicate field', '{"setup_instructions": [{"op": 0, "op": 1}]}', 1, 35, 'duplicate field "op"'],
    ['negative address', '{"setup_instructions": [{"op": 1, "out": -1}]}', 1, 42, 'setup_instructions[0].out: expected an integer address in [0, 65535], got -1'],
    ['fractional address', '{"setup_instructions": [{"op": 1, "in2": 1.5}]}', 1, 42, 'setup_instructions[0].in2: expected an integer address in [0, 65535], got 1.5'],
    ['address beyond memory', '{"learn_instructions": [{"op": "VECTOR_SUM_OP", "in1": 20}]}', 1, 56, 'learn_instructions[0].in1: address v20 is out of range for VECTOR_SUM_OP (the memory has 20 vector addresses)'],
    ['bad constant string', '{"setup_instructions": [{"op": 56, "activation_data": "NaN"}]}', 1, 55, 'setup_instructions[0].activation_data: expected a number or one of "nan", "inf", "-inf", "-0", got "NaN"'],
    ['float32 overflow', '{"setup_instructions": [{"op": 62, "float_data_0": 1e39}]}', 1, 52, 'setup_instructions[0].float_data_0: 1e+39 is out of float32 range'],
    ['index fraction', '{"setup_instructions": [{"op": 57, "float_data_0": 1}]}', 1, 52, 'setup_instructions[0]: VECTOR_CONST_SET_OP: index fraction float_data_0 = 1 must be in [0, 1)'],
  ])('reports %s with position and field', (_, text, line, column, detail) => {
    const err = errorOf(text);
    expect({ line: err.line, column: err.column, detail: err.detail }).toEqual({ line, column, detail });
    expect(err.message).toBe(`alg.json:${line}:${column}: ${detail}`);
  });
});
