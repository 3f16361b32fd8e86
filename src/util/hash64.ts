/**
 * A 64-bit streaming hash in two 32-bit lanes, mixed word by word, for keys
 * computed on every candidate (FEC fingerprints, canonical programs). The
 * lanes live in an Int32Array, not in `let`s: V8 boxes a non-small integer
 * stored in a closure variable, so each update would allocate.
 *
 * Each word or double is mixed into both lanes once; finishing mixes the
 * lanes into each other, so that every bit of the result depends on every
 * input bit. The result is 52 bits as a number (exact in JavaScript, usable
 * as a KeyIndex key) plus, where all 64 bits matter, the other lane whole as a
 * check to compare too.
 */
const lanes = new Int32Array(2);
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// The constants of the hash, also used by the WebAssembly copy of fingerprintHash (codegen/wasm/loops.ts).
export const HASH_MULTIPLIER = 0x9e3779b1;
export const HASH_SHIFT = 15;
export const HASH_START = [42, 0x6a09e667] as const;
export const HASH_FINISH_XOR = 0x85ebca6b;

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, HASH_MULTIPLIER);
  return h ^ (h >>> HASH_SHIFT);
}

export function hashStart(): void {
  lanes[0] = HASH_START[0];
  lanes[1] = HASH_START[1];
}

export function hashWord(v: number): void {
  const a = mix(lanes[0]!, v);
  lanes[0] = a;
  lanes[1] = mix(lanes[1]!, v ^ a);
}

/** The exact bit pattern of `x` (so -0 and 0, or two NaN payloads, differ): low word into one lane, high word into the other. */
export function hashDouble(x: number): void {
  f64[0] = x;
  const a = mix(lanes[0]!, u32[0]!);
  lanes[0] = a;
  lanes[1] = mix(lanes[1]!, u32[1]! ^ a);
}

/** `hashWord` of values[from..to), the lanes kept in locals for the loop. */
export function hashWords(values: Int32Array, from: number, to: number): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    a = mix(a, v);
    b = mix(b, v ^ a);
  }
  lanes[0] = a;
  lanes[1] = b;
}

/** `hashDouble` of values[0..count) (with -0 as +0 if asked), the lanes kept in locals for the loop. */
export function hashDoubles(values: Float64Array, count: number, ignoreZeroSign = false): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let i = 0; i < count; i++) {
    f64[0] = ignoreZeroSign ? values[i]! + 0 : values[i]!;
    a = mix(a, u32[0]!);
    b = mix(b, u32[1]! ^ a);
  }
  lanes[0] = a;
  lanes[1] = b;
}

/**
 * The cells of values[0..count) whose bits are not all zero, each as its
 * index and exact bit pattern: what hashDoubles sees of a fixed number of
 * cells (+0 left out), at less cost for mostly zero memory.
 */
export function hashNonZeroDoubles(values: Float64Array, count: number): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let i = 0; i < count; i++) {
    f64[0] = values[i]!;
    const lo = u32[0]!;
    const hi = u32[1]!;
    if ((lo | hi) === 0) continue;
    a = mix(a, i);
    b = mix(b, i ^ a);
    a = mix(a, lo);
    b = mix(b, hi ^ a);
  }
  lanes[0] = a;
  lanes[1] = b;
}

/** A finished 64-bit hash: 52 bits as an exact number and the other lane whole. */
export interface HashKey {
  readonly hash: number;
  readonly check: number;
}

function finish(): void {
  const a = mix(lanes[0]!, lanes[1]!);
  lanes[0] = a;
  lanes[1] = mix(lanes[1]! ^ HASH_FINISH_XOR, a);
}

function value52(): number {
  return (lanes[1]! & 0xfffff) * 4294967296 + (lanes[0]! >>> 0);
}

/** The 52-bit hash of what was added since `hashStart`. */
export function hashEndValue(): number {
  finish();
  return value52();
}

/** The whole 64-bit hash of what was added since `hashStart`. */
export function hashEnd(): HashKey {
  finish();
  return { hash: value52(), check: lanes[1]! };
}

/** Lane `i` (0 or 1) of the hash now: with hashResume, a hash can be continued later. */
export function hashLane(i: 0 | 1): number {
  return lanes[i]!;
}

/** Continues a hash from the lanes hashLane gave. */
export function hashResume(a: number, b: number): void {
  lanes[0] = a;
  lanes[1] = b;
}

/** `hashEnd` of what was added so far, leaving the hash open to more (one pass gives a key and a longer key). */
export function hashSoFar(): HashKey {
  const a = lanes[0]!;
  const b = lanes[1]!;
  const key = hashEnd();
  lanes[0] = a;
  lanes[1] = b;
  return key;
}
