/**
 * Protobuf text format front end. The parsing itself is done by
 * @bufbuild/protobuf's `fromText` (a conformance-tested implementation of
 * the text format); this file only
 *   - removes shell line continuations (`\` at the end of a line), which the
 *     original run scripts contain and which are shell syntax, not proto;
 *   - turns the library's position-less errors into ParseErrors with a line
 *     and column (see `locate`).
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { fromText } from '@bufbuild/protobuf/txtpb';
import { ParseError } from '../util/errors';
import { friendlyMessage, positionAt, stripBom } from './source-text';

/**
 * Replaces each `\` that ends a line (trailing blanks allowed) by a space, so
 * that text copied out of a shell script parses; offsets do not move. A
 * backslash can never end a line in valid text format (strings do not span
 * lines), so this cannot change the meaning of a valid document.
 */
export function removeLineContinuations(text: string): string {
  return text.replace(/\\([ \t]*)(?=\r?\n|$)/g, (_m, blanks: string) => ` ${blanks}`);
}

/** Parses `text` as a text-format `schema` message; errors become ParseErrors at a line and column. */
export function parseTextMessage<Desc extends DescMessage>(
  schema: Desc,
  text: string,
  source: string,
): MessageShape<Desc> {
  const input = removeLineContinuations(stripBom(text));
  try {
    return fromText(schema, input);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const { offset, detail } = locate(schema, input, e.message);
    const { line, column } = positionAt(input, offset);
    throw new ParseError(source, line, column, detail);
  }
}

/** The message the library throws for `text`, or null if it parses. */
function errorOf(schema: DescMessage, text: string): string | null {
  try {
    fromText(schema, text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Finds where the library stopped. It reads the input strictly left to
 * right with one token of look-ahead, so the shortest prefix of the input
 * that fails with the same message ends exactly at the last token it read:
 * the offending one. A binary search over prefix lengths finds it (about
 * log2(length) extra parses, only on the error path). Errors at the end of
 * the input (an unclosed `{`) are reported there.
 */
function locate(schema: DescMessage, text: string, message: string): { offset: number; detail: string } {
  const view = scanView(text);
  if (message.includes('end of input')) {
    let end = text.length;
    while (end > 0 && /\s/.test(view.masked[end - 1]!)) end--;
    const unclosed = message.startsWith('unexpected end of input') && (message.includes('"}"') || message.includes('">"'));
    const field = message.startsWith('unexpected end of input') ? null : fieldBefore(view, end);
    const detail = message + (unclosed ? ' (an opening brace is never closed)' : '');
    return { offset: end, detail: field !== null ? `${field}: ${detail}` : detail };
  }
  let lo = 0; // errorOf(prefix of length lo) !== message (the empty text parses)
  let hi = text.length; // errorOf(prefix of length hi) === message
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (errorOf(schema, text.slice(0, mid)) === message) hi = mid;
    else lo = mid;
  }
  const start = tokenStart(view, hi);
  const namesField = /field "|^cannot decode (?:field|oneof) /.test(message);
  const field = namesField ? null : fieldBefore(view, start);
  const detail = friendlyMessage(message);
  return { offset: start, detail: field !== null ? `${field}: ${detail}` : detail };
}

interface View {
  /** The text with comments blanked and string contents replaced by `_` (same length). */
  readonly masked: string;
  /** [start, end) of each string literal, quotes included. */
  readonly strings: ReadonlyArray<readonly [number, number]>;
}

/** Blanks comments and string contents, for looking backwards from an error. */
function scanView(text: string): View {
  const out = text.split('');
  const strings: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
    } else if (c === '"' || c === "'") {
      const start = i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n') out[i++] = '_';
        out[i++] = '_';
      }
      // An unterminated string is reported on its line break: count it in.
      if (i < text.length) i++;
      strings.push([start, i]);
    } else {
      i++;
    }
  }
  return { masked: out.join(''), strings };
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_.]/.test(c);

/** Start of the token that ends at `end`. */
function tokenStart(view: View, end: number): number {
  const last = end - 1;
  for (const [s, e] of view.strings) {
    if (s <= last && last < e) return s;
  }
  const m = view.masked;
  if (!isWordChar(m[last])) return Math.max(0, last);
  let i = last;
  for (;;) {
    if (isWordChar(m[i - 1])) i--;
    else if ((m[i - 1] === '-' || m[i - 1] === '+') && /[eE]/.test(m[i - 2] ?? '') && /[0-9.]/.test(m[i - 3] ?? '')) i--;
    else break;
  }
  return i;
}

/**
 * The field whose value starts at `start`, if the text before it reads
 * `name:` (optionally `name: [a, b, ` for a list element, or a sign).
 */
function fieldBefore(view: View, start: number): string | null {
  const m = view.masked;
  let i = start - 1;
  const skipBlanks = (): void => {
    while (i >= 0 && /\s/.test(m[i]!)) i--;
  };
  skipBlanks();
  if (m[i] === '-') {
    i--;
    skipBlanks();
  }
  if (m[i] === ',' || m[i] === '[') {
    while (i >= 0 && m[i] !== '[') {
      if (':{}]<>;'.includes(m[i]!)) return null;
      i--;
    }
    if (i < 0) return null;
    i--;
    skipBlanks();
  }
  if (m[i] !== ':') return null;
  i--;
  skipBlanks();
  const end = i + 1;
  while (i >= 0 && /[A-Za-z0-9_]/.test(m[i]!)) i--;
  return end > i + 1 ? m.slice(i + 1, end) : null;
}
