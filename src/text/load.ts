/**
 * Reading an algorithm from a file or string in either form: JSON (the proto
 * field names, json.ts) or the readable text (parse.ts). A JSON document must
 * start with `{`; the readable form starts with `def` or a `#` comment, so the
 * first non-space character decides.
 */
import { readFileSync } from 'node:fs';
import type { Algorithm } from '../ir/algorithm';
import type { MemorySizes } from '../ir/memory';
import { UserError } from '../util/errors';
import { parseAlgorithmJson } from './json';
import { parseAlgorithm } from './parse';

export function isJsonText(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** Parses text or JSON; `source` names the input in ParseError messages. */
export function parseAlgorithmText(text: string, sizes: MemorySizes, source = '<input>'): Algorithm {
  return isJsonText(text) ? parseAlgorithmJson(text, { sizes, source }) : parseAlgorithm(text, { sizes, source });
}

/** Reads a file; unreadable files are a UserError naming the path. */
export function loadAlgorithmFile(path: string, sizes: MemorySizes): Algorithm {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file'
      : (err as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory'
        : (err as Error).message;
    throw new UserError(`cannot read algorithm file '${path}': ${reason}`);
  }
  return parseAlgorithmText(text.replace(/^\uFEFF/, ''), sizes, path);
}
