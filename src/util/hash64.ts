/**
 * A 64-bit streaming hash in two 32-bit lanes, mixed word by word, for keys
 * computed on every candidate (FEC fingerprints, canonical programs). The
 * lanes live in an Int32Array, not in `let`s: V8 boxes a non-small integer
 * stored in a closure variable, so each update would allocate.
 *
 * Read the result as `hashValue()` (52 bits: exact as a JavaScript number,
 * usable as a KeyIndex key) plus `hashCheck()` (the other lane whole), which
 * callers that need all 64 bits compare as well.
 */
const lanes = new Int32Array(2);
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return h ^ (h >>> 15);
}

export function hashStart(): void {
  lanes[0] = 42;
  lanes[1] = 0x6a09e667;
}

export function hashWord(v: number): void {
  const a = mix(lanes[0]!, v);
  lanes[0] = a;
  lanes[1] = mix(lanes[1]! ^ 0x85ebca6b, (v + a) | 0);
}

/** The exact bit pattern of `x` (so -0 and 0, or two NaN payloads, differ). */
export function hashDouble(x: number): void {
  f64[0] = x;
  hashWord(u32[0]!);
  hashWord(u32[1]!);
}

export function hashValue(): number {
  return (lanes[1]! & 0xfffff) * 4294967296 + (lanes[0]! >>> 0);
}

export function hashCheck(): number {
  return lanes[1]!;
}
