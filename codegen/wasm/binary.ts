/**
 * Just enough of the WebAssembly binary format to build the modules of
 * interpreter.ts and kernel.ts: function types, imported functions, one
 * memory (defined or imported), defined functions with i32/i64/f64 locals, exports.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export type ValueType = typeof I32 | typeof I64 | typeof F64;

const F64_SCRATCH = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64_SCRATCH.buffer);

/** One function body's instructions, appended with the opcode helpers. */
export class Code {
  readonly bytes: number[] = [];

  private unsigned(n: number): this {
    for (const byte of unsignedBytes(n)) this.bytes.push(byte);
    return this;
  }

  private signed(n: number): this {
    for (;;) {
      const byte = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
        this.bytes.push(byte);
        return this;
      }
      this.bytes.push(byte | 0x80);
    }
  }

  /** Appends another body's instructions. */
  append(other: Code): this {
    for (const byte of other.bytes) this.bytes.push(byte);
    return this;
  }

  op(...opcodes: number[]): this {
    this.bytes.push(...opcodes);
    return this;
  }

  i32Const(n: number): this {
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new RangeError(`not an i32: ${n}`);
    return this.op(0x41).signed(n);
  }

  f64Const(x: number): this {
    F64_SCRATCH[0] = x;
    this.bytes.push(0x44);
    for (let i = 0; i < 8; i++) this.bytes.push(F64_BYTES[i]!);
    return this;
  }

  localGet(i: number): this { return this.op(0x20).unsigned(i); }
  localSet(i: number): this { return this.op(0x21).unsigned(i); }
  localTee(i: number): this { return this.op(0x22).unsigned(i); }
  call(f: number): this { return this.op(0x10).unsigned(f); }
  /** Loads and stores take a byte address from the stack plus a constant byte offset. */
  f64Load(offset: number): this { return this.op(0x2b, 3).unsigned(offset); }
  f64Store(offset: number): this { return this.op(0x39, 3).unsigned(offset); }
  i32Load(offset: number): this { return this.op(0x28, 2).unsigned(offset); }
  /** Structured control: `block`/`loop`/`if` without results. */
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  if(): this { return this.op(0x04, 0x40); }
  /** `if` whose arms each leave one f64. */
  ifF64(): this { return this.op(0x04, F64); }
  else(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c).unsigned(depth); }
  brIf(depth: number): this { return this.op(0x0d).unsigned(depth); }
  brTable(depths: readonly number[], otherwise: number): this {
    this.op(0x0e).unsigned(depths.length);
    for (const d of depths) this.unsigned(d);
    return this.unsigned(otherwise);
  }
  return(): this { return this.op(0x0f); }
  /** memory.copy (bulk memory): destination, source and byte count from the stack. */
  memoryCopy(): this { return this.op(0xfc, 0x0a, 0x00, 0x00); }
  /** i64.const for small non-negative values (shift counts). */
  i64Small(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 63) throw new RangeError(`not a small i64: ${n}`);
    return this.op(0x42, n);
  }
}

/** Opcodes used by name (the numeric ones from the specification's index). */
export const OP = {
  unreachable: 0x00, select: 0x1b, drop: 0x1a,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32GtS: 0x4a, i32LeS: 0x4c, i32GeS: 0x4e,
  f64Eq: 0x61, f64Ne: 0x62, f64Lt: 0x63, f64Gt: 0x64, f64Le: 0x65, f64Ge: 0x66,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrU: 0x76,
  i64ShrU: 0x88, i32WrapI64: 0xa7, i32TruncF64S: 0xaa, i64ReinterpretF64: 0xbd, f64ConvertI32U: 0xb8,
  f64Abs: 0x99, f64Neg: 0x9a, f64Sqrt: 0x9f, f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3,
  f64ConvertI32S: 0xb7,
} as const;

export interface FunctionType {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

export interface ImportedFunction {
  readonly module: string;
  readonly name: string;
  readonly type: FunctionType;
}

export interface DefinedFunction {
  readonly type: FunctionType;
  readonly locals: readonly ValueType[];
  readonly code: Code;
  readonly export?: string;
}

export interface ModuleSpec {
  readonly imports: readonly ImportedFunction[];
  readonly functions: readonly DefinedFunction[];
  /**
   * The memory: defined here with this many 64 KiB pages and exported as
   * `memory`, or imported as js.memory (of at least `pages`) from another module.
   */
  readonly memory: { readonly pages: number; readonly imported?: boolean };
}

function unsignedBytes(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

// Function bodies can be long (large F): concat, not spread, which would pass every byte as an argument.
const nameBytes = (s: string): number[] => {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`names are ASCII: ${s}`);
  return unsignedBytes(s.length).concat(Array.from(s, (c) => c.charCodeAt(0)));
};
const vector = (items: number[][]): number[] => unsignedBytes(items.length).concat(...items);
const section = (id: number, body: number[]): number[] => [id].concat(unsignedBytes(body.length), body);

/** A function's entry in the code section: its size, locals (runs of one type) and instructions. */
export function functionBody(f: Pick<DefinedFunction, 'locals' | 'code'>): number[] {
  const runs: number[][] = [];
  for (const t of f.locals) {
    const last = runs.at(-1);
    if (last && last[1] === t) last[0]!++;
    else runs.push([1, t]);
  }
  const body = vector(runs.map(([count, t]) => [...unsignedBytes(count!), t!])).concat(f.code.bytes, [0x0b]);
  return unsignedBytes(body.length).concat(body);
}

/** Everything before the code section: it depends on the functions' types and exports only, not on their code. */
export function modulePrefix(spec: ModuleSpec): number[] {
  const types: FunctionType[] = [];
  const typeIndex = (t: FunctionType): number => {
    const i = types.findIndex((u) => u.params.join() === t.params.join() && u.results.join() === t.results.join());
    if (i >= 0) return i;
    types.push(t);
    return types.length - 1;
  };
  const imports = spec.imports.map((f) => [...nameBytes(f.module), ...nameBytes(f.name), 0x00, ...unsignedBytes(typeIndex(f.type))]);
  const { pages, imported } = spec.memory;
  if (imported) imports.push([...nameBytes('js'), ...nameBytes('memory'), 0x02, 0x00, ...unsignedBytes(pages)]);
  const functions = spec.functions.map((f) => unsignedBytes(typeIndex(f.type)));
  const exports: number[][] = imported ? [] : [[...nameBytes('memory'), 0x02, 0]];
  spec.functions.forEach((f, i) => {
    if (f.export) exports.push([...nameBytes(f.export), 0x00, ...unsignedBytes(spec.imports.length + i)]);
  });
  const typeSection = types.map((t) => [0x60, ...vector(t.params.map((p) => [p])), ...vector(t.results.map((r) => [r]))]);
  return [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00].concat(
    section(1, vector(typeSection)),
    section(2, vector(imports)),
    section(3, vector(functions)),
    imported ? [] : section(5, vector([[0x00, ...unsignedBytes(pages)]])),
    section(7, vector(exports)),
  );
}

/** The module: its prefix, then the code section of the bodies (from functionBody), in function order. */
export function moduleFrom(prefix: readonly number[], bodies: readonly number[][]): Uint8Array {
  return new Uint8Array(prefix.concat(section(10, vector(bodies as number[][]))));
}

export function moduleBytes(spec: ModuleSpec): Uint8Array {
  return moduleFrom(modulePrefix(spec), spec.functions.map(functionBody));
}
