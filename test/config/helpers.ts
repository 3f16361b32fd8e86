import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParseError } from '../../src/util/errors';

export const SAMPLES = fileURLToPath(new URL('../../samples/configs/', import.meta.url));

export function sample(name: string): string {
  return readFileSync(SAMPLES + name, 'utf8');
}

/** Runs `f`, which must throw a ParseError, and returns it. */
export function parseErrorOf(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw new Error(`expected a ParseError, got ${String(e)}`);
  }
  throw new Error('expected a ParseError, but nothing was thrown');
}

/** Runs `f`, which must throw, and returns the error's message. */
export function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}
