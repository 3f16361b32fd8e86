/**
 * Reads the readable form (SPEC §3) back into an Algorithm.
 *
 * Instruction lines are matched against patterns compiled from the op table's
 * `text` templates, so adding an op needs no change here. Several ops share a
 * template (`$o = $a + $b` is a scalar, vector or matrix sum); the operand kinds
 * (`s`/`v`/`m` prefixes) pick the op. Whitespace between tokens is free,
 * indentation is free, blank lines and `#` comments (README style) are ignored.
 */
import type { Algorithm, ComponentName } from '../ir/algorithm';
import { COMPONENTS } from '../ir/algorithm';
import type { Instruction } from '../ir/instruction';
import { makeInstruction } from '../ir/instruction';
import type { Kind, MemorySizes } from '../ir/memory';
import type { OpSpec } from '../ir/ops';
import { OPS } from '../ir/ops';
import { instructionProblem } from '../ir/validate';
import { ParseError } from '../util/errors';
import type { Placeholder } from './print';
import { HEADERS, PLACEHOLDER_FIELD } from './print';

export interface ParseOptions {
  readonly sizes: MemorySizes;
  /** Name of the text in error messages (usually a file path). */
  readonly source?: string;
}

export function parseAlgorithm(text: string, options: ParseOptions): Algorithm {
  const source = options.source ?? '<text>';
  const lines = text.split(/\r?\n/);
  const result: Record<ComponentName, Instruction[]> = { setup: [], predict: [], learn: [] };
  let current = -1; // index into COMPONENTS of the function being read
  lines.forEach((raw, i) => {
    const line = i + 1;
    const stmt = statementOf(raw);
    if (stmt === null) return;
    const fail = (column: number, detail: string): never => {
      throw new ParseError(source, line, column, detail);
    };
    if (/^def\b/.test(stmt.text)) {
      const expected = COMPONENTS[current + 1];
      const name = /^def\s+(\w+)\s*\(\s*\)\s*:$/.exec(stmt.text)?.[1];
      if (expected === undefined) return fail(stmt.column, `unexpected '${stmt.text}' after '${HEADERS.learn}'`);
      const header = name === undefined ? undefined : `def ${name}():`;
      if (header !== HEADERS[expected]) {
        // A later header means the expected one was left out.
        const skipped = header !== undefined && Object.values(HEADERS).includes(header);
        return fail(stmt.column, skipped ? `missing '${HEADERS[expected]}' before '${stmt.text}'` : `expected '${HEADERS[expected]}', got '${stmt.text}'`);
      }
      current++;
      return;
    }
    if (current < 0) return fail(stmt.column, `expected '${HEADERS.setup}' before the first instruction`);
    const ins = parseStatement(stmt.text, stmt.column, options.sizes, fail);
    const problem = instructionProblem(ins, options.sizes); // safety net: the same check as everywhere else
    if (problem !== null) return fail(stmt.column, problem);
    result[COMPONENTS[current]!].push(ins);
  });
  const missing = COMPONENTS[current + 1];
  if (missing !== undefined) {
    throw new ParseError(source, lines.length, 1, `unexpected end of text: expected '${HEADERS[missing]}'`);
  }
  return result;
}

/** The part of a line before any `#` comment, trimmed, with its 1-based column; null if empty. */
function statementOf(raw: string): { text: string; column: number } | null {
  const code = raw.replace(/#.*$/, '');
  const start = code.search(/\S/);
  if (start < 0) return null;
  return { text: code.trim(), column: start + 1 };
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

/** One distinct printed form with every op that prints that way. */
interface Template {
  readonly text: string;
  readonly regex: RegExp;
  /** Placeholders in the order they appear in the text (= capture groups). */
  readonly slots: readonly Placeholder[];
  readonly ops: readonly OpSpec[];
}

const ADDRESS_TOKEN = '[A-Za-z_]\\w*';
const CONSTANT_TOKEN = '[^\\s,()\\[\\]]+';

interface Tables {
  readonly templates: readonly Template[];
  /** Names used as functions in templates (`abs`, `dot`, `NoOp`...), for error messages. */
  readonly functionNames: ReadonlySet<string>;
}

let tables: Tables | undefined;

/** Built on first use from the op table. */
function getTables(): Tables {
  if (tables) return tables;
  const byText = new Map<string, OpSpec[]>();
  for (const op of OPS) byText.set(op.text, [...(byText.get(op.text) ?? []), op]);
  tables = {
    templates: [...byText].map(([text, ops]) => compileTemplate(text, ops)),
    functionNames: new Set(OPS.flatMap((op) => [...op.text.matchAll(/([A-Za-z_]\w*)\(/g)].map((m) => m[1]!))),
  };
  return tables;
}

/**
 * `$o = dot($a, $b)` → /^(ADDR)\s*=\s*dot\s*\(\s*(ADDR)\s*,\s*(ADDR)\s*\)$/.
 * Whitespace in the template is optional in the input, except between two
 * word-like tokens, where at least one space is required.
 */
function compileTemplate(text: string, ops: OpSpec[]): Template {
  const tokens = [...text.matchAll(/\$(?:o|a|b|c|f0|f1|f2)|[A-Za-z_]\w*|\d+(?:\.\d+)?|\S/g)].map((m) => m[0]);
  const slots: Placeholder[] = [];
  const wordy = (t: string) => /^[\w$]/.test(t);
  let source = '^';
  tokens.forEach((token, i) => {
    if (i > 0) source += wordy(tokens[i - 1]!) && wordy(token) ? '\\s+' : '\\s*';
    if (token.startsWith('$')) {
      const name = token.slice(1) as Placeholder;
      slots.push(name);
      source += `(${name === 'o' || name === 'a' || name === 'b' ? ADDRESS_TOKEN : CONSTANT_TOKEN})`;
    } else {
      source += token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  });
  return { text, regex: new RegExp(`${source}$`, 'd'), slots, ops };
}

// ---------------------------------------------------------------------------
// Instructions
// ---------------------------------------------------------------------------

type Fail = (column: number, detail: string) => never;

/** A failure inside one template attempt, kept so the best one can be reported. */
class Mismatch {
  constructor(readonly column: number, readonly detail: string) {}
}

function parseStatement(stmt: string, column: number, sizes: MemorySizes, fail: Fail): Instruction {
  let best: Mismatch | undefined;
  for (const template of getTables().templates) {
    const match = template.regex.exec(stmt);
    if (!match) continue;
    const result = fillTemplate(template, match, column, sizes);
    if (!(result instanceof Mismatch)) return result;
    // Several templates can fit the shape of a line (`s3 = s1-s2` also looks like `$o = $c`);
    // report the attempt that got furthest.
    if (!best || result.column > best.column) best = result;
  }
  if (best) return fail(best.column, best.detail);
  return fail(...unknownInstruction(stmt, column));
}

function fillTemplate(template: Template, match: RegExpExecArray, column: number, sizes: MemorySizes): Instruction | Mismatch {
  let candidates = template.ops;
  const fields: { -readonly [K in keyof Instruction]?: number } = {};
  for (let k = 0; k < template.slots.length; k++) {
    const name = template.slots[k]!;
    const token = match[k + 1]!;
    const at = column + match.indices![k + 1]![0];
    const field = PLACEHOLDER_FIELD[name];
    if (field === 'out' || field === 'in1' || field === 'in2') {
      const kinds = [...new Set(candidates.map((op) => op[field]!))];
      const address = /^([svm])(\d+)$/.exec(token);
      if (!address || !kinds.includes(address[1] as Kind)) {
        return new Mismatch(at, `expected ${describeKinds(kinds)}, got '${token}'`);
      }
      const kind = address[1] as Kind;
      const value = Number(address[2]);
      const limit = kind === 's' ? sizes.scalars : kind === 'v' ? sizes.vectors : sizes.matrices;
      if (value >= limit) {
        return new Mismatch(at, `address ${token} is out of range: the memory has ${limit} ${KIND_NAMES[kind]} addresses (${kind}0..${kind}${limit - 1})`);
      }
      candidates = candidates.filter((op) => op[field] === kind);
      fields[field] = value;
    } else {
      const value = parseConstant(token);
      if (value === null) return new Mismatch(at, `malformed constant '${token}'`);
      if (field === 'activation') {
        fields.activation = value;
      } else {
        const single = Math.fround(value);
        if (Number.isFinite(value) && !Number.isFinite(single)) {
          return new Mismatch(at, `constant '${token}' is out of float32 range`);
        }
        fields[field] = single;
      }
    }
  }
  // Ops sharing a template differ only in operand kinds, so exactly one is left.
  const op = candidates[0]!;
  const indexProblem = checkIndexFractions(op, fields, template, match, column);
  if (indexProblem) return indexProblem;
  return makeInstruction({ ...fields, op: op.id });
}

/** Largest float32 below 1. */
const BELOW_ONE = Math.fround(1 - 2 ** -24);

/**
 * The element fractions of VECTOR/MATRIX_CONST_SET must be in [0, 1). %g prints
 * every fraction >= 0.9999995 as `1`, so `1` is read back as the largest float32
 * below 1: it selects the same (last) element at every supported F, and
 * printing a valid algorithm and parsing it again never fails.
 */
function checkIndexFractions(
  op: OpSpec, fields: { f0?: number; f1?: number }, template: Template, match: RegExpExecArray, column: number,
): Mismatch | null {
  const indexFields = op.data === 'vectorConst' ? ['f0'] as const : op.data === 'matrixConst' ? ['f0', 'f1'] as const : [];
  for (const field of indexFields) {
    const value = fields[field] ?? 0;
    if (value === 1) { fields[field] = BELOW_ONE; continue; }
    if (!(value >= 0 && value < 1)) {
      const k = template.slots.indexOf(field);
      return new Mismatch(column + match.indices![k + 1]![0],
        `index fraction '${match[k + 1]}' must be in [0, 1) (element i of F is written (i + 0.5) / F)`);
    }
  }
  return null;
}

const KIND_NAMES: Readonly<Record<Kind, string>> = { s: 'scalar', v: 'vector', m: 'matrix' };

/** `a scalar address like s3`, `a vector or matrix address like v3 or m3`. */
function describeKinds(kinds: readonly Kind[]): string {
  const names = kinds.map((k) => KIND_NAMES[k]);
  const names2 = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  const examples = kinds.map((k) => `${k}3`);
  const examples2 = examples.length > 1 ? `${examples.slice(0, -1).join(', ')} or ${examples.at(-1)}` : examples[0];
  return `a ${names2} address like ${examples2}`;
}

/**
 * A number as %g prints it (`0.01`, `-0`, `1e-10`, `inf`, `-inf`, `nan`) or any
 * other decimal form; `-nan` (glibc's spelling of a negative NaN) is NaN.
 * Null if the token is not a number.
 */
export function parseConstant(token: string): number | null {
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(token);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(token)) return null;
  return Number(token); // handles -0, 1., .5, 1e-10
}

/** The message for a line that fits no template's shape. */
function unknownInstruction(stmt: string, column: number): [number, string] {
  const { templates: all, functionNames } = getTables();
  const call = /^(?:[^=]*=\s*)?([A-Za-z_]\w*)\s*\(/d.exec(stmt) ?? /^([A-Za-z_]\w*)$/d.exec(stmt);
  if (call) {
    const name = call[1]!;
    const at = column + call.indices![1]![0];
    if (functionNames.has(name)) {
      const forms = all.filter((t) => t.text.includes(`${name}(`)).flatMap((t) => t.ops.map(example));
      return [at, `malformed '${name}' instruction; expected one of: ${forms.join(' | ')}`];
    }
    return [at, `unknown instruction '${name}'`];
  }
  return [column, `unknown instruction '${stmt}'`];
}

/** The op's printed form with typed placeholders, as SPEC §2.2 writes it: `so = sa + sb`. */
function example(op: OpSpec): string {
  return op.text.replace(/\$(o|a|b)/g, (_, p: 'o' | 'a' | 'b') => `${op[PLACEHOLDER_FIELD[p]]}${p}`).replace(/\$(c|f\d)/g, '$1');
}
