/**
 * Test bench for running single instructions through the reference
 * interpreter: build a memory, set values, run one instruction, read values.
 * (Helper module, not a test file.)
 */
import { expect } from 'vitest';
import { Interpreter } from '../../src/interp/interpreter';
import { makeInstruction, type Instruction } from '../../src/ir/instruction';
import { type Kind, MemoryLayout, type MemorySizes } from '../../src/ir/memory';
import { type RandomSource, Rng } from '../../src/util/rng';
import { specId } from '../ir/spec-table';

export const SIZES: MemorySizes = { scalars: 8, vectors: 8, matrices: 8 };

export type Fields = Partial<Omit<Instruction, 'op'>>;

/** A random source that must not be touched. */
export const NO_RANDOM: RandomSource = {
  uniformOpen: () => { throw new Error('unexpected random draw'); },
  gaussian: () => { throw new Error('unexpected random draw'); },
};

export class Bench {
  readonly layout: MemoryLayout;
  readonly mem: Float64Array;
  readonly interp: Interpreter;

  constructor(readonly F: number, rng: RandomSource = NO_RANDOM, sizes: MemorySizes = SIZES) {
    this.layout = new MemoryLayout(F, sizes);
    this.mem = this.layout.allocate();
    this.interp = new Interpreter(this.layout, this.mem, rng);
  }

  /** Fill every cell with a distinct, recognisable value (so stray reads/writes show). */
  background(): this {
    for (let k = 0; k < this.mem.length; k++) this.mem[k] = -1000 - k - 0.5;
    return this;
  }

  setS(addr: number, x: number): this {
    this.checkAddr('s', addr);
    this.mem[this.layout.offset('s', addr)] = x;
    return this;
  }

  setV(addr: number, xs: readonly number[]): this {
    this.checkAddr('v', addr);
    if (xs.length !== this.F) throw new Error(`vector of length ${xs.length}, F = ${this.F}`);
    this.mem.set(xs, this.layout.offset('v', addr));
    return this;
  }

  /** Row-major rows. */
  setM(addr: number, rows: readonly (readonly number[])[]): this {
    this.checkAddr('m', addr);
    if (rows.length !== this.F || rows.some((r) => r.length !== this.F)) throw new Error(`matrix is not ${this.F}x${this.F}`);
    this.mem.set(rows.flat(), this.layout.offset('m', addr));
    return this;
  }

  s(addr: number): number {
    this.checkAddr('s', addr);
    return this.mem[this.layout.offset('s', addr)]!;
  }

  v(addr: number): number[] {
    this.checkAddr('v', addr);
    const o = this.layout.offset('v', addr);
    return Array.from(this.mem.subarray(o, o + this.F));
  }

  m(addr: number): number[][] {
    this.checkAddr('m', addr);
    const o = this.layout.offset('m', addr);
    return Array.from({ length: this.F }, (_, i) => Array.from(this.mem.subarray(o + i * this.F, o + (i + 1) * this.F)));
  }

  /** Runs one instruction of the op with this SPEC name. */
  run(opName: string, fields: Fields = {}): this {
    this.interp.run([ins(opName, fields)]);
    return this;
  }

  snapshot(): Float64Array {
    return this.mem.slice();
  }

  private checkAddr(kind: Kind, addr: number): void {
    if (!Number.isInteger(addr) || addr < 0 || addr >= this.layout.count(kind)) throw new Error(`bad test address ${kind}${addr}`);
  }
}

export function ins(opName: string, fields: Fields = {}): Instruction {
  return makeInstruction({ ...fields, op: specId(opName) });
}

export const vec = (F: number, f: (i: number) => number): number[] => Array.from({ length: F }, (_, i) => f(i));
export const mat = (F: number, f: (i: number, j: number) => number): number[][] =>
  Array.from({ length: F }, (_, i) => Array.from({ length: F }, (_, j) => f(i, j)));
export const flat = (rows: readonly (readonly number[])[]): number[] => rows.flat();

/** Same value, bit for bit up to NaN payload: NaN == NaN, +0 != -0. */
export function same(a: number, b: number): boolean {
  return Object.is(a, b);
}

/** Element-wise Object.is comparison with a readable failure message. */
export function expectSame(actual: readonly number[], expected: readonly number[], what = 'value'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!same(actual[i]!, expected[i]!)) bad.push(`[${i}] got ${fmt(actual[i]!)} want ${fmt(expected[i]!)}`);
  }
  expect(bad.slice(0, 8), `${what}: ${bad.length} mismatching element(s)`).toEqual([]);
}

export function expectClose(actual: readonly number[], expected: readonly number[], tol: number, what = 'value'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!; const e = expected[i]!;
    const ok = Number.isFinite(e) ? Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)) : same(a, e);
    if (!ok) bad.push(`[${i}] got ${fmt(a)} want ${fmt(e)} (tol ${tol})`);
  }
  expect(bad.slice(0, 8), `${what}: ${bad.length} mismatching element(s)`).toEqual([]);
}

function fmt(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

export { Rng };
