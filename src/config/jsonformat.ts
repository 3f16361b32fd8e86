/**
 * JSON front end: the proto3 JSON mapping of the same schema (field names as
 * in the .proto files or in lowerCamelCase, enums by name, 64-bit integers as
 * numbers or strings). `JSON.parse` and @bufbuild/protobuf's
 * `fromJsonString` do the parsing and the schema checks; on an error, this
 * file finds where in the text it is:
 *   - the value at fault is found by re-running the library on smaller and
 *     smaller parts of the parsed document (`findFault`);
 *   - `scanJson` maps document paths to offsets (and finds the offset of a
 *     syntax error, which JSON.parse does not always report). It is a
 *     position index, not a parser: values always come from JSON.parse.
 */
import type { DescField, DescMessage, JsonValue, MessageShape } from '@bufbuild/protobuf';
import { fromJson, fromJsonString } from '@bufbuild/protobuf';
import { ParseError } from '../util/errors';
import { friendlyMessage, positionAt, stripBom } from './source-text';

type PathElement = string | number;

/** Parses `text` as a JSON `schema` message; errors become ParseErrors at a line and column. */
export function parseJsonMessage<Desc extends DescMessage>(
  schema: Desc,
  text: string,
  source: string,
): MessageShape<Desc> {
  const input = stripBom(text);
  try {
    return fromJsonString(schema, input);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const scan = scanJson(input);
    const fail = (offset: number, detail: string): never => {
      const { line, column } = positionAt(input, offset);
      throw new ParseError(source, line, column, detail);
    };
    if (scan.syntaxError) fail(scan.syntaxError.offset, scan.syntaxError.message);
    let value: JsonValue;
    try {
      value = JSON.parse(input) as JsonValue;
    } catch (syntax) {
      return fail(0, `invalid JSON: ${(syntax as Error).message}`);
    }
    const fault = findFault(schema, value, []) ?? { path: [], message: e.message, atKey: false };
    const where = pathText(fault.path);
    const at = (fault.atKey ? scan.keys : scan.values).get(JSON.stringify(fault.path))
      ?? scan.values.get(JSON.stringify(fault.path)) ?? 0;
    let detail = friendlyMessage(fault.message);
    // The path already names the field: drop the library's own "name: ".
    if (where && /^cannot decode (?:field|oneof) /.test(fault.message)) detail = detail.slice(detail.indexOf(': ') + 2);
    return fail(at, where ? `${where}: ${detail}` : detail);
  }
}

function pathText(path: readonly PathElement[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

interface Fault {
  readonly path: PathElement[];
  readonly message: string;
  /** The key itself is at fault (unknown field), not its value. */
  readonly atKey: boolean;
}

function errorOf(schema: DescMessage, json: JsonValue): string | null {
  try {
    fromJson(schema, json);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function isObject(v: JsonValue): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The innermost part of `json` that the library rejects, by re-checking its pieces. */
function findFault(schema: DescMessage, json: JsonValue, path: PathElement[]): Fault | null {
  const whole = errorOf(schema, json);
  if (whole === null) return null;
  if (!isObject(json)) return { path, message: whole, atKey: false };
  for (const [key, value] of Object.entries(json)) {
    const field: DescField | undefined = schema.fields.find((f) => f.name === key || f.jsonName === key);
    const single = errorOf(schema, { [key]: value });
    if (single === null) continue;
    if (field === undefined) return { path: [...path, key], message: single, atKey: true };
    if (field.fieldKind === 'message' && isObject(value)) {
      const inner = findFault(field.message, value, [...path, key]);
      if (inner) return inner;
    } else if (field.fieldKind === 'list' && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]!;
        if (field.listKind === 'message' && isObject(item)) {
          const inner = findFault(field.message, item, [...path, key, i]);
          if (inner) return inner;
        } else {
          const itemError = errorOf(schema, { [key]: [item] });
          if (itemError !== null) return { path: [...path, key, i], message: itemError, atKey: false };
        }
      }
    }
    return { path: [...path, key], message: single, atKey: false };
  }
  // Each field is fine on its own: a conflict between fields (e.g. two
  // members of one oneof).
  return { path, message: whole, atKey: false };
}

interface JsonScan {
  readonly syntaxError: { readonly offset: number; readonly message: string } | null;
  /** JSON.stringify(path) -> offset of the value. */
  readonly values: Map<string, number>;
  /** JSON.stringify(path) -> offset of the member's key. */
  readonly keys: Map<string, number>;
}

class JsonSyntaxError {
  constructor(readonly offset: number, readonly message: string) {}
}

/** Offsets of every value and key in a JSON text (RFC 8259), or of its first syntax error. */
export function scanJson(text: string): JsonScan {
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  let i = 0;
  const n = text.length;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(at, message);
  };
  const got = (): string => (i >= n ? 'end of input' : `"${text[i]}"`);
  const blanks = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < n && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail('invalid JSON: control character in string (use an escape)');
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid JSON: bad \\u escape');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`invalid JSON: bad escape "\\${e ?? ''}"`);
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= n) fail('invalid JSON: unterminated string', start);
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: PathElement[]): void => {
    blanks();
    values.set(JSON.stringify(path), i);
    const c = text[i];
    if (c === '{') {
      i++;
      blanks();
      if (text[i] === '}') {
        i++;
        return;
      }
      const seen = new Set<string>();
      for (;;) {
        blanks();
        if (text[i] !== '"') fail(`invalid JSON: expected a quoted field name, got ${got()}`);
        const at = i;
        const name = string();
        if (seen.has(name)) fail(`duplicate field "${name}"`, at);
        seen.add(name);
        keys.set(JSON.stringify([...path, name]), at);
        blanks();
        if (text[i] !== ':') fail(`invalid JSON: expected ":" after field name, got ${got()}`);
        i++;
        value([...path, name]);
        blanks();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`invalid JSON: expected "," or "}", got ${got()}`);
      }
    }
    if (c === '[') {
      i++;
      blanks();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value([...path, index]);
        blanks();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`invalid JSON: expected "," or "]", got ${got()}`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    number.lastIndex = i;
    if (number.test(text) && number.lastIndex > i) {
      i = number.lastIndex;
      if (i < n && /[A-Za-z0-9_.]/.test(text[i]!)) fail('invalid JSON: invalid number');
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i) && !/[A-Za-z0-9_]/.test(text[i + literal.length] ?? '')) {
        i += literal.length;
        return;
      }
    }
    fail(`invalid JSON: expected a value, got ${c !== undefined && /[A-Za-z_]/.test(c) ? `"${/^[A-Za-z0-9_]*/.exec(text.slice(i))![0]}"` : got()}`);
  };
  try {
    value([]);
    blanks();
    if (i < n) fail(`invalid JSON: unexpected ${got()} after the end of the document`);
    return { syntaxError: null, values, keys };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { syntaxError: { offset: e.offset, message: e.message }, values, keys };
    throw e;
  }
}
