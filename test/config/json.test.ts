/** The JSON form of the same schema: equivalent to the text form, errors at a line and column. */
import { describe, expect, it } from 'vitest';
import { scanJson } from '../../src/config/jsonformat';
import { parseExperimentSpec, parseRunSpec, parseTaskCollection } from '../../src/config/load';
import { looksLikeJson } from '../../src/config/source-text';
import { parseErrorOf, sample } from './helpers';

describe('JSON form', () => {
  it('is detected by a leading { and a quoted key', () => {
    expect(looksLikeJson('  \n{ "a": 1 }')).toBe(true);
    expect(looksLikeJson('{}')).toBe(true);
    expect(looksLikeJson('# comment\n{ "a": 1 }')).toBe(false);
    expect(looksLikeJson('population_size: 3')).toBe(false);
    expect(looksLikeJson('{ a: 1 }')).toBe(false);
  });

  it('demo.json equals demo.textproto', () => {
    expect(parseRunSpec(sample('demo.json'), 'demo.json')).toEqual(parseRunSpec(sample('demo.textproto'), 'demo.textproto'));
  });

  it('proto field names and lowerCamelCase names, enums by name or number, int64 as numbers or strings', () => {
    const text = parseExperimentSpec(`
      search_tasks { tasks { unit_test_increment_task { increment: 2 } features_size: 8 num_train_examples: 5
                             num_valid_examples: 3 num_tasks: 2 eval_type: RMS_ERROR data_seeds: [7, 8] } }
      setup_ops: [SCALAR_SUM_OP, NO_OP] population_size: 100 tournament_size: 10 max_train_steps: 123456789012
      fec { num_train_examples: 4 num_valid_examples: 3 forget_every: 0 } train_budget { train_budget_threshold_factor: 4 }
      initial_population: LINEAR_ALGORITHM max_seconds: 60 max_matrix_addresses: 2`, 'text');
    const json = parseExperimentSpec(`{
      "searchTasks": { "tasks": [ { "unitTestIncrementTask": { "increment": 2 }, "features_size": 8, "numTrainExamples": 5,
                                    "num_valid_examples": 3, "numTasks": 2, "evalType": 1, "dataSeeds": [7, 8] } ] },
      "setup_ops": ["SCALAR_SUM_OP", 0], "populationSize": "100", "tournament_size": 10, "maxTrainSteps": 123456789012,
      "fec": { "numTrainExamples": 4, "numValidExamples": "3", "forgetEvery": 0 }, "trainBudget": { "trainBudgetThresholdFactor": 4 },
      "initialPopulation": "LINEAR_ALGORITHM", "max_seconds": 60, "maxMatrixAddresses": 2
    }`, 'json');
    expect(json).toEqual(text);
    expect(json.fec).toEqual({ numTrainExamples: 4, numValidExamples: 3, cacheSize: 100000, forgetEvery: 0 });
    expect(json.memorySizes).toEqual({ scalars: 20, vectors: 20, matrices: 2 });
  });

  it('task collections', () => {
    expect(parseTaskCollection('{ "tasks": [] }', 'x')).toEqual({ tasks: [] });
    expect(parseTaskCollection(sample('demo_final_tasks.textproto'), 'a'))
      .toEqual(parseTaskCollection('{"tasks":[{"scalarLinearRegressionTask":{},"featuresSize":4,"numTrainExamples":1000,'
        + '"numValidExamples":100,"numTasks":100,"evalType":"RMS_ERROR","dataSeeds":[1000000],"paramSeeds":["2000000"]}]}', 'b'));
  });
});

describe('JSON errors carry source, line and column', () => {
  const at = (text: string, parse: (t: string, s: string) => unknown = parseExperimentSpec) =>
    parseErrorOf(() => parse(text, 'cfg.json'));

  it('unknown field (at its key)', () => {
    const e = at('{\n  "population_size": 3,\n  "tournament_sise": 2\n}');
    expect([e.source, e.line, e.column]).toEqual(['cfg.json', 3, 3]);
    expect(e.detail).toBe('tournament_sise: unknown field "tournament_sise" for message automl_zero.SearchExperimentSpec '
      + '(did you mean "tournament_size"?)');
  });

  it('wrong type (at the value), deep inside lists of messages', () => {
    const e = at('{ "population_size": "abc" }');
    expect([e.line, e.column]).toEqual([1, 22]);
    expect(e.detail).toBe('population_size: expected an integer (int64), got "abc"');
    const deep = at('{\n "search_tasks": { "tasks": [\n  { "num_tasks": 1 },\n  { "num_tasks": "x" }\n ] }\n}');
    expect([deep.line, deep.column]).toEqual([4, 18]);
    expect(deep.detail).toBe('search_tasks.tasks[1].num_tasks: expected number (int32), got "x"');
    expect(at('{ "mutate_prob": true }').detail).toMatch(/^mutate_prob: /);
    expect(at('{ "fec": 3 }').detail).toMatch(/^fec: /);
  });

  it('unknown op in an op list (at the element)', () => {
    const e = at('{ "setup_ops": ["NO_OP",\n   "FOO_OP"] }');
    expect([e.line, e.column]).toEqual([2, 4]);
    expect(e.detail).toBe('setup_ops[1]: unknown op "FOO_OP" (did you mean "NO_OP"?)');
  });

  it('unknown enum value', () => {
    const e = at('{ "initial_population": "RANDOM" }');
    expect(e.column).toBe(25);
    expect(e.detail).toMatch(/^initial_population: unknown enum value "RANDOM" for enum automl_zero.HardcodedAlgorithmID/);
  });

  it('two members of one oneof (at the message)', () => {
    const e = at('{ "search_tasks": { "tasks": [\n  { "unit_test_ones_task": {}, "unit_test_zeros_task": {} } ] } }');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.detail).toMatch(/^search_tasks.tasks\[0\]: oneof set multiple times/);
  });

  it('syntax errors', () => {
    const unterminated = at('{\n  "search_tasks": {\n    "tasks": []\n');
    expect([unterminated.line, unterminated.column]).toEqual([4, 1]);
    expect(unterminated.detail).toBe('invalid JSON: expected "," or "}", got end of input');
    const trailing = at('{ "population_size": 1, }');
    expect([trailing.column, trailing.detail]).toEqual([25, 'invalid JSON: expected a quoted field name, got "}"']);
    const literal = at('{\n  "population_size": tru }');
    expect([literal.line, literal.column, literal.detail]).toEqual([2, 22, 'invalid JSON: expected a value, got "tru"']);
    const dup = at('{ "population_size": 1,\n  "population_size": 2 }');
    expect([dup.line, dup.column, dup.detail]).toEqual([2, 3, 'duplicate field "population_size"']);
    expect(at('{ "a": 1 } x').detail).toBe('invalid JSON: unexpected "x" after the end of the document');
    expect(at('{ "a": "b\n" }').detail).toMatch(/control character/);
  });

  it('scanJson maps paths to offsets', () => {
    const text = '{"a": [1, {"b": "x"}], "c": null}';
    const scan = scanJson(text);
    expect(scan.syntaxError).toBeNull();
    expect(scan.values.get(JSON.stringify(['a', 1, 'b']))).toBe(text.indexOf('"x"'));
    expect(scan.keys.get(JSON.stringify(['c']))).toBe(text.indexOf('"c"'));
    expect(scanJson('[1, 2.5e-3, -0, "\\u00e9\\n", true, false, null, {}]').syntaxError).toBeNull();
    expect(scanJson('[01]').syntaxError).not.toBeNull();
  });
});
