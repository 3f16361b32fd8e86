/**
 * Numbers as JavaScript source. Only values that are really numbers get
 * through, and each is written so that evaluating it gives back the exact same
 * double: NaN, ±Infinity and -0 included (String(x) is the shortest exact form).
 */
const PLAIN_NUMBER = /^\d+(\.\d+)?(e[+-]\d+)?$/;

export function jsNumber(x: number): string {
  if (typeof x !== 'number') throw new TypeError(`not a number: ${typeof x}`);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  if (Object.is(x, -0)) return '(-0)';
  const text = String(Math.abs(x));
  if (!PLAIN_NUMBER.test(text)) throw new Error(`unexpected number text ${text}`);
  return x < 0 ? `(-${text})` : text;
}

/** A non-negative integer (an offset, a size, a count). */
export function jsIndex(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not an index: ${n}`);
  return String(n);
}
