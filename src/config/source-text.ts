/**
 * Small helpers shared by the text-format and JSON front ends: source
 * positions and "did you mean" suggestions. None of this parses anything.
 */
import type { DescEnum, DescFile, DescMessage } from '@bufbuild/protobuf';
import { file_run } from './gen/run_pb';

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

/** Line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Drops a leading byte-order mark (same length is not kept: positions start after it). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A config is read as JSON when its first non-space character is `{`
 * followed by a quoted key (or by `}`): a text-format document can never
 * start that way.
 */
export function looksLikeJson(text: string): boolean {
  return /^\s*\{\s*["}]/.test(text);
}

// ---- Descriptor look-up (for messages that name a type) -------------------

const MESSAGES = new Map<string, DescMessage>();
const ENUMS = new Map<string, DescEnum>();
(function collect(file: DescFile, seen: Set<DescFile>): void {
  if (seen.has(file)) return;
  seen.add(file);
  for (const m of file.messages) MESSAGES.set(m.typeName, m);
  for (const e of file.enums) ENUMS.set(e.typeName, e);
  for (const dep of file.dependencies) collect(dep, seen);
})(file_run, new Set());

export function messageByTypeName(typeName: string): DescMessage | undefined {
  return MESSAGES.get(typeName);
}

export function enumByTypeName(typeName: string): DescEnum | undefined {
  return ENUMS.get(typeName);
}

/** Levenshtein distance (for suggestions only). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** ` (did you mean "x"?)` when one candidate is close to `name`, else ''. */
export function suggestion(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const other = c.toLowerCase();
    // A name that is part of a valid one ("RMS" of "RMS_ERROR") counts as close.
    const d = lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other)) ? 1 : distance(lower, other);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best !== null && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}

/**
 * Rewrites the protobuf library's error texts into the project's style:
 * names fields rather than fully qualified descriptors, calls ops ops, and
 * suggests the nearest valid name for a misspelt field or enum value.
 */
export function friendlyMessage(raw: string): string {
  let m = raw;
  // "cannot decode field pkg.Msg.field from text format: rest" (also oneofs, and "from JSON").
  let match = /^cannot decode (?:field|oneof) [\w.]+\.(\w+) from (?:text format|JSON): (.*)$/s.exec(m);
  if (match) m = `${match[1]}: ${rangeMessage(match[2]!)}`;
  match = /^cannot decode message ([\w.]+) from JSON: key "([^"]*)" is unknown$/.exec(m);
  if (match) m = `unknown field "${match[2]}" for message ${match[1]}`;
  match = /^cannot decode enum ([\w.]+) from JSON: (.*)$/s.exec(m);
  if (match) {
    const value = match[2]!;
    m = `unknown enum value ${value.startsWith('"') ? value : `"${value}"`} for enum ${match[1]}`;
  }
  match = /^cannot decode message ([\w.]+) from JSON: (.*)$/s.exec(m);
  if (match) m = `${match[1]}: ${match[2]}`;

  match = /unknown field "(\w+)" for message ([\w.]+)/.exec(m);
  if (match) {
    const desc = messageByTypeName(match[2]!);
    if (desc) {
      const names = desc.fields.map((f) => f.name);
      m += suggestion(match[1]!, names) || `; its fields are: ${names.join(', ')}`;
    }
  }
  match = /unknown enum value "(-?\w+)" for enum ([\w.]+)/.exec(m);
  if (match) {
    const desc = enumByTypeName(match[2]!);
    if (desc) {
      const names = desc.values.map((v) => v.name);
      if (desc.typeName === 'automl_zero.Op') {
        m = m.replace(match[0], `unknown op "${match[1]}"`) + suggestion(match[1]!, names);
      } else {
        m += suggestion(match[1]!, names) || `; expected one of ${names.join(', ')}`;
      }
    }
  }
  return m;
}

/** "expected number (int32): 99999999999 out of range" -> a plainer sentence. */
function rangeMessage(text: string): string {
  const match = /^expected (?:number|bigint) \((\w+)\): (.*) out of range$/s.exec(text);
  if (!match) return text;
  const [, type, value] = match;
  return /^-?[0-9]+$/.test(value!) ? `${value} is out of range for ${type}` : `expected an integer (${type}), got "${value}"`;
}
