/**
 * JSON that reads back bit for bit: NaN, ±Infinity and -0 (which JSON cannot
 * hold) become {"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}; typed
 * arrays become {"$f64" | "$u32" | "$i32": base64 of their bytes in the
 * machine's byte order, little-endian wherever Node runs}. Ordinary numbers
 * are written by JSON.stringify, whose shortest round-trip form reads back to
 * the same double.
 */
const TYPED = {
  $f64: Float64Array,
  $u32: Uint32Array,
  $i32: Int32Array,
} as const;
type TypedKey = keyof typeof TYPED;

function bytesOf(a: Float64Array | Uint32Array | Int32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $num: 'NaN' };
    if (value === Infinity) return { $num: 'Infinity' };
    if (value === -Infinity) return { $num: '-Infinity' };
    if (Object.is(value, -0)) return { $num: '-0' };
    return value;
  }
  if (value instanceof Float64Array) return { $f64: bytesOf(value) };
  if (value instanceof Uint32Array) return { $u32: bytesOf(value) };
  if (value instanceof Int32Array) return { $i32: bytesOf(value) };
  return value;
}

const SPECIAL: Record<string, number> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const key = keys[0]!;
  const inner = (value as Record<string, unknown>)[key];
  if (typeof inner !== 'string') return value;
  if (key === '$num' && inner in SPECIAL) return SPECIAL[inner];
  if (key in TYPED) {
    const Ctor = TYPED[key as TypedKey];
    const buf = Buffer.from(inner, 'base64');
    if (buf.length % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`${key}: ${buf.length} bytes is not a whole number of elements`);
    const out = new Ctor(buf.length / Ctor.BYTES_PER_ELEMENT);
    new Uint8Array(out.buffer).set(buf);
    return out;
  }
  return value;
}

export function stringifyExact(value: unknown, space?: number): string {
  return JSON.stringify(value, replacer, space);
}

export function parseExact(text: string): unknown {
  return JSON.parse(text, reviver);
}
