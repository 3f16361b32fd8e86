/**
 * Every op, one instruction at a time, through the reference Interpreter,
 * against the hand-computed cases of op-cases.ts. The whole memory is checked:
 * expected cells hold the expected values, all other cells are untouched.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng';
import { SPEC_OPS, specId } from '../ir/spec-table';
import { Bench, NO_RANDOM, same } from './harness';
import { OP_CASES, type OpCase, type Values } from './op-cases';

function write(b: Bench, values: Values): void {
  for (const [addr, x] of Object.entries(values.s ?? {})) b.setS(Number(addr), x);
  for (const [addr, xs] of Object.entries(values.v ?? {})) b.setV(Number(addr), xs);
  for (const [addr, rows] of Object.entries(values.m ?? {})) b.setM(Number(addr), rows);
}

/** Offsets of all cells named by `values`, with their expected contents. */
function cells(b: Bench, values: Values): Map<number, number> {
  const out = new Map<number, number>();
  const L = b.layout;
  for (const [addr, x] of Object.entries(values.s ?? {})) out.set(L.offset('s', Number(addr)), x);
  for (const [addr, xs] of Object.entries(values.v ?? {})) {
    if (xs.length !== b.F) throw new Error('bad expected vector length');
    xs.forEach((x, i) => out.set(L.offset('v', Number(addr)) + i, x));
  }
  for (const [addr, rows] of Object.entries(values.m ?? {})) {
    if (rows.length !== b.F || rows.some((r) => r.length !== b.F)) throw new Error('bad expected matrix shape');
    rows.flat().forEach((x, i) => out.set(L.offset('m', Number(addr)) + i, x));
  }
  return out;
}

function describeCell(b: Bench, k: number): string {
  const L = b.layout;
  if (k < L.vectorBase) return `s${k}`;
  if (k < L.matrixBase) return `v${Math.floor((k - L.vectorBase) / b.F)}[${(k - L.vectorBase) % b.F}]`;
  const r = k - L.matrixBase;
  const e = r % L.matrixSize;
  return `m${Math.floor(r / L.matrixSize)}[${Math.floor(e / b.F)}][${e % b.F}]`;
}

function runCase(c: OpCase): void {
  const rng = c.seed === undefined ? NO_RANDOM : new Rng(c.seed);
  const b = new Bench(c.F, rng).background();
  write(b, c.given);
  const before = b.snapshot();
  const want = typeof c.want === 'function' ? c.want(new Rng(c.seed)) : c.want;
  const expected = cells(b, want);
  b.run(c.op, c.ins);
  const bad: string[] = [];
  for (let k = 0; k < b.mem.length; k++) {
    const got = b.mem[k]!;
    const exp = expected.has(k) ? expected.get(k)! : before[k]!;
    const ok = expected.has(k) && c.tol !== undefined && Number.isFinite(exp)
      ? Math.abs(got - exp) <= c.tol * Math.max(1, Math.abs(exp))
      : same(got, exp);
    if (!ok) bad.push(`${describeCell(b, k)}: got ${Object.is(got, -0) ? '-0' : got}, want ${Object.is(exp, -0) ? '-0' : exp}${expected.has(k) ? '' : ' (should be untouched)'}`);
  }
  expect(bad.slice(0, 10), `${bad.length} wrong cell(s)`).toEqual([]);
}

describe('every op through the Interpreter (hand-computed)', () => {
  for (const c of OP_CASES) {
    it(`${specId(c.op)} ${c.op} F=${c.F}: ${c.title}`, () => runCase(c));
  }
});

describe('case coverage', () => {
  const byOp = new Map<string, Set<number>>();
  for (const c of OP_CASES) {
    if (!byOp.has(c.op)) byOp.set(c.op, new Set());
    byOp.get(c.op)!.add(c.F);
  }

  it('all 65 ops have at least one hand-computed case at F=4 (NO_OP at any F)', () => {
    const missing = SPEC_OPS.filter(([, name]) => !(byOp.get(name)?.has(4))).map(([, name]) => name);
    expect(missing).toEqual([]);
    expect(byOp.size).toBe(65);
  });

  it('every vector/matrix op also has cases at F=2 and F=32', () => {
    const vectorOrMatrix = SPEC_OPS.filter(([, , printed]) => /\b[vm][oab]\b/.test(printed)).map(([, name]) => name);
    expect(vectorOrMatrix.length).toBe(44);
    const missing = vectorOrMatrix.filter((name) => !(byOp.get(name)?.has(2) && byOp.get(name)?.has(32)));
    expect(missing).toEqual([]);
  });

  it('the bench detects a wrong expectation (self-test of the driver)', () => {
    const wrong: OpCase = { op: 'VECTOR_SUM_OP', F: 2, title: 'wrong on purpose', given: { v: { 1: [1, 2], 2: [3, 4] } }, ins: { in1: 1, in2: 2, out: 4 }, want: { v: { 4: [4, 7] } } };
    expect(() => runCase(wrong)).toThrow();
    const stray: OpCase = { ...wrong, want: {} }; // output not declared -> flagged as a stray write
    expect(() => runCase(stray)).toThrow();
    const right: OpCase = { ...wrong, want: { v: { 4: [4, 6] } } };
    expect(() => runCase(right)).not.toThrow();
  });
});
