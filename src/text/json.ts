/**
 * JSON form of an algorithm, with the field names of the original protos
 * (SPEC §3, `SerializedAlgorithm` / `SerializedInstruction`):
 *
 *   {"setup_instructions": [{"op": "SCALAR_CONST_SET_OP", "in1": 0, "in2": 0, "out": 2,
 *     "activation_data": 0.01, "float_data_0": 0, "float_data_1": 0, "float_data_2": 0}],
 *    "predict_instructions": [...], "learn_instructions": [...]}
 *
 * Encoding rules (JSON itself has no NaN, infinities or negative zero):
 *  - NaN, Infinity, -Infinity and -0 are written as the strings "nan", "inf", "-inf", "-0";
 *    the reader accepts those strings (and a numeric -0) wherever a number is expected.
 *  - float_data_k are float32 values, written as the shortest decimal that reads back
 *    to the same float32 (0.1, not 0.10000000149011612); read values are rounded to float32.
 *  - "op" is written as the enum name; the reader also accepts the numeric id.
 *  - On reading, missing address/constant fields and missing component lists default
 *    to 0 / [] (proto2 defaults), "op" is required, the legacy "index_data_0" is
 *    accepted and ignored, and any other field is an error.
 */
import type { Algorithm, ComponentName } from '../ir/algorithm';
import { COMPONENTS } from '../ir/algorithm';
import type { Instruction } from '../ir/instruction';
import { makeInstruction } from '../ir/instruction';
import { MAX_ADDRESSES, type MemorySizes } from '../ir/memory';
import { OPS, opByName, opById } from '../ir/ops';
import { instructionProblem } from '../ir/validate';
import { ParseError } from '../util/errors';

const LIST_KEY = {
  setup: 'setup_instructions', predict: 'predict_instructions', learn: 'learn_instructions',
} as const satisfies Record<ComponentName, string>;

const ADDRESS_FIELDS = new Set(['in1', 'in2', 'out'] as const);
/** JSON key → instruction field of the constants. */
const CONSTANT_FIELDS = new Map([
  ['activation_data', 'activation'], ['float_data_0', 'f0'], ['float_data_1', 'f1'], ['float_data_2', 'f2'],
] as const);
const LEGACY_KEYS = new Set(['index_data_0']);
const SPECIAL_NUMBERS = new Map([['nan', NaN], ['inf', Infinity], ['-inf', -Infinity], ['-0', -0]]);

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

export function algorithmToJson(alg: Algorithm): string {
  const lists = COMPONENTS.map((component) => {
    const items = alg[component].map((ins) => `    ${instructionToJson(ins)}`);
    const body = items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n  ]`;
    return `  ${JSON.stringify(LIST_KEY[component])}: ${body}`;
  });
  return `{\n${lists.join(',\n')}\n}\n`;
}

/** One instruction as a single-line JSON object. */
export function instructionToJson(ins: Instruction): string {
  const fields: Array<[string, unknown]> = [
    ['op', opById(ins.op).name],
    ['in1', ins.in1], ['in2', ins.in2], ['out', ins.out],
    ['activation_data', encodeNumber(ins.activation)],
    ['float_data_0', encodeNumber(shortestFloat32(ins.f0))],
    ['float_data_1', encodeNumber(shortestFloat32(ins.f1))],
    ['float_data_2', encodeNumber(shortestFloat32(ins.f2))],
  ];
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

function encodeNumber(x: number): number | string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return x;
}

/** The double with the shortest decimal form that is still the same float32. */
function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return x;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

export interface JsonParseOptions {
  readonly sizes: MemorySizes;
  readonly source?: string;
}

export function parseAlgorithmJson(text: string, options: JsonParseOptions): Algorithm {
  const source = options.source ?? '<json>';
  const fail = (pos: number, detail: string): never => {
    const { line, column } = lineColumn(text, pos);
    throw new ParseError(source, line, column, detail);
  };
  const root = new JsonReader(text, fail).document();
  if (root.type !== 'object') return fail(root.pos, 'expected a JSON object with setup_instructions, predict_instructions and learn_instructions');
  const result: Record<ComponentName, Instruction[]> = { setup: [], predict: [], learn: [] };
  for (const entry of root.entries) {
    const component = COMPONENTS.find((c) => LIST_KEY[c] === entry.key);
    if (!component) return fail(entry.keyPos, `unknown field "${entry.key}" (expected ${Object.values(LIST_KEY).join(', ')})`);
    if (entry.value.type !== 'array') return fail(entry.value.pos, `"${entry.key}" must be an array of instructions`);
    result[component] = entry.value.items.map((item, index) =>
      readInstruction(item, `${entry.key}[${index}]`, options.sizes, fail));
  }
  return result;
}

type Fail = (pos: number, detail: string) => never;

function readInstruction(node: JsonNode, where: string, sizes: MemorySizes, fail: Fail): Instruction {
  if (node.type !== 'object') return fail(node.pos, `${where}: expected an instruction object`);
  const fields: { op?: number; in1?: number; in2?: number; out?: number; activation?: number; f0?: number; f1?: number; f2?: number } = {};
  const positions = new Map<string, number>();
  for (const { key, keyPos, value } of node.entries) {
    const at = `${where}.${key}`;
    positions.set(key, value.pos);
    if (key === 'op') {
      fields.op = readOp(value, at, fail);
    } else if (ADDRESS_FIELDS.has(key as 'out')) {
      if (value.type !== 'number' || !Number.isInteger(value.value) || value.value < 0 || value.value >= MAX_ADDRESSES) {
        return fail(value.pos, `${at}: expected an integer address in [0, ${MAX_ADDRESSES - 1}], got ${show(value)}`);
      }
      fields[key as 'out'] = value.value;
    } else if (CONSTANT_FIELDS.has(key as 'float_data_0')) {
      const field = CONSTANT_FIELDS.get(key as 'float_data_0')!;
      const x = readNumber(value, at, fail);
      if (field !== 'activation' && Number.isFinite(x) && !Number.isFinite(Math.fround(x))) {
        return fail(value.pos, `${at}: ${x} is out of float32 range`);
      }
      fields[field] = x;
    } else if (!LEGACY_KEYS.has(key)) {
      return fail(keyPos, `${where}: unknown field "${key}"`);
    }
  }
  if (fields.op === undefined) return fail(node.pos, `${where}: missing field "op"`);
  const ins = makeInstruction({ ...fields, op: fields.op });
  const op = OPS[ins.op]!;
  // Check used addresses here to point at the offending field; instructionProblem is the final word.
  for (const field of ['in1', 'in2', 'out'] as const) {
    const kind = op[field];
    const limit = kind === 's' ? sizes.scalars : kind === 'v' ? sizes.vectors : sizes.matrices;
    if (kind !== null && ins[field] >= limit) {
      return fail(positions.get(field) ?? node.pos,
        `${where}.${field}: address ${kind}${ins[field]} is out of range for ${op.name} (the memory has ${limit} ${kind === 's' ? 'scalar' : kind === 'v' ? 'vector' : 'matrix'} addresses)`);
    }
  }
  const problem = instructionProblem(ins, sizes);
  if (problem !== null) {
    const detail = problem.replace(/\bf([012])\b/g, 'float_data_$1');
    // Point at the field the problem names, if any (e.g. an index fraction outside [0, 1)).
    const key = [...positions.keys()].find((k) => new RegExp(`\\b${k}\\b`).test(detail));
    return fail(key === undefined ? node.pos : positions.get(key)!, `${where}: ${detail}`);
  }
  return ins;
}

function readOp(node: JsonNode, at: string, fail: Fail): number {
  if (node.type === 'string') {
    const op = opByName(node.value);
    if (!op) return fail(node.pos, `${at}: unknown op "${node.value}"`);
    return op.id;
  }
  if (node.type === 'number' && Number.isInteger(node.value) && node.value >= 0 && node.value < OPS.length) return node.value;
  return fail(node.pos, `${at}: expected an op name like "SCALAR_SUM_OP" or an id in [0, ${OPS.length - 1}], got ${show(node)}`);
}

function readNumber(node: JsonNode, at: string, fail: Fail): number {
  if (node.type === 'number') return node.value;
  if (node.type === 'string') {
    const special = SPECIAL_NUMBERS.get(node.value);
    if (special !== undefined) return special;
  }
  return fail(node.pos, `${at}: expected a number or one of "nan", "inf", "-inf", "-0", got ${show(node)}`);
}

function show(node: JsonNode): string {
  switch (node.type) {
    case 'object': return 'an object';
    case 'array': return 'an array';
    case 'string': return JSON.stringify(node.value);
    default: return String(node.value);
  }
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - (before.lastIndexOf('\n') + 1) + 1 };
}

// ---------------------------------------------------------------------------
// A minimal JSON reader that keeps positions (JSON.parse reports none for
// semantic errors and not always one for syntax errors).
// ---------------------------------------------------------------------------

type JsonNode =
  | { type: 'object'; pos: number; entries: Array<{ key: string; keyPos: number; value: JsonNode }> }
  | { type: 'array'; pos: number; items: JsonNode[] }
  | { type: 'string'; pos: number; value: string }
  | { type: 'number'; pos: number; value: number }
  | { type: 'literal'; pos: number; value: boolean | null };

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;

class JsonReader {
  private pos = 0;
  constructor(private readonly text: string, private readonly fail: Fail) {}

  document(): JsonNode {
    const value = this.value();
    this.skip();
    if (this.pos < this.text.length) this.fail(this.pos, 'unexpected text after the JSON value');
    return value;
  }

  private skip(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  private token(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return null;
    this.pos = re.lastIndex;
    return m[0];
  }

  private expect(ch: string): void {
    this.skip();
    if (this.text[this.pos] !== ch) this.fail(this.pos, `expected '${ch}'${this.found()}`);
    this.pos++;
  }

  private found(): string {
    return this.pos >= this.text.length ? ' but the text ended' : `, found '${this.text[this.pos]}'`;
  }

  private value(): JsonNode {
    this.skip();
    const pos = this.pos;
    const ch = this.text[pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return { type: 'string', pos, value: JSON.parse(this.token(STRING) ?? this.fail(pos, 'malformed string')) as string };
    const number = this.token(NUMBER);
    if (number !== null) return { type: 'number', pos, value: Number(number) };
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, pos)) { this.pos += word.length; return { type: 'literal', pos, value }; }
    }
    return this.fail(pos, `expected a JSON value${this.found()}`);
  }

  private object(): JsonNode {
    const pos = this.pos++;
    const entries: Array<{ key: string; keyPos: number; value: JsonNode }> = [];
    this.skip();
    if (this.text[this.pos] === '}') { this.pos++; return { type: 'object', pos, entries }; }
    for (;;) {
      this.skip();
      const keyPos = this.pos;
      const raw = this.token(STRING) ?? this.fail(keyPos, `expected a field name in double quotes${this.found()}`);
      const key = JSON.parse(raw) as string;
      if (entries.some((e) => e.key === key)) this.fail(keyPos, `duplicate field "${key}"`);
      this.expect(':');
      entries.push({ key, keyPos, value: this.value() });
      this.skip();
      if (this.text[this.pos] === ',') { this.pos++; continue; }
      if (this.text[this.pos] !== '}') this.fail(this.pos, `expected ',' or '}'${this.found()}`);
      this.pos++;
      return { type: 'object', pos, entries };
    }
  }

  private array(): JsonNode {
    const pos = this.pos++;
    const items: JsonNode[] = [];
    this.skip();
    if (this.text[this.pos] === ']') { this.pos++; return { type: 'array', pos, items }; }
    for (;;) {
      items.push(this.value());
      this.skip();
      if (this.text[this.pos] === ',') { this.pos++; continue; }
      if (this.text[this.pos] !== ']') this.fail(this.pos, `expected ',' or ']'${this.found()}`);
      this.pos++;
      return { type: 'array', pos, items };
    }
  }
}
