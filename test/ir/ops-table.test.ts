/**
 * The op table (src/ir/ops.ts) against SPEC §2.1/§2.2: ids, names, classes,
 * operand kinds, printed forms and costs.
 */
import { describe, expect, it } from 'vitest';
import { NUM_OPS, OPS, opById, opByName, operandsOf } from '../../src/ir/ops';
import { SPEC_CLASS_B, SPEC_CLASS_D, SPEC_CLASS_U, SPEC_CLASS_Z, SPEC_OPS } from './spec-table';

type Kind = 's' | 'v' | 'm';

/** Operand kinds read off a SPEC printed form: the letter before o / a / b. */
function kindsOfPrinted(printed: string): { out: Kind | null; in1: Kind | null; in2: Kind | null } {
  const find = (role: 'o' | 'a' | 'b'): Kind | null => {
    const match = new RegExp(`\\b([svm])${role}\\b`).exec(printed);
    return match ? (match[1] as Kind) : null;
  };
  return { out: find('o'), in1: find('a'), in2: find('b') };
}

/** SPEC printed form -> the implementation's template syntax ($o $a $b $c $f0..$f2). */
function templateOfPrinted(printed: string): string {
  return printed
    .replace(/\b[svm]([oab])\b/g, '$$$1')
    .replace(/\bf([012])\b/g, '$$f$1')
    .replace(/\bc\b/g, '$$c');
}

describe('op table vs SPEC §2.2', () => {
  it('the SPEC transcription itself is complete (65 rows, ids 0..64, classes 1/31/24/9)', () => {
    expect(SPEC_OPS.map(([id]) => id)).toEqual(Array.from({ length: 65 }, (_, i) => i));
    expect([SPEC_CLASS_Z.length, SPEC_CLASS_U.length, SPEC_CLASS_B.length, SPEC_CLASS_D.length]).toEqual([1, 31, 24, 9]);
    const all = [...SPEC_CLASS_Z, ...SPEC_CLASS_U, ...SPEC_CLASS_B, ...SPEC_CLASS_D].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 65 }, (_, i) => i));
  });

  it('has exactly 65 entries', () => {
    expect(OPS.length).toBe(65);
    expect(NUM_OPS).toBe(65);
  });

  it('entry i has id i and the SPEC name', () => {
    OPS.forEach((op, i) => expect(op.id).toBe(i));
    expect(OPS.map((op) => op.name)).toEqual(SPEC_OPS.map(([, name]) => name));
  });

  it('class counts are Z 1 / U 31 / B 24 / D 9', () => {
    const count = (c: string) => OPS.filter((op) => op.cls === c).length;
    expect([count('Z'), count('U'), count('B'), count('D')]).toEqual([1, 31, 24, 9]);
  });

  it('every op has the class SPEC §2.1 lists it under', () => {
    const expected = new Map<number, string>();
    for (const id of SPEC_CLASS_Z) expected.set(id, 'Z');
    for (const id of SPEC_CLASS_U) expected.set(id, 'U');
    for (const id of SPEC_CLASS_B) expected.set(id, 'B');
    for (const id of SPEC_CLASS_D) expected.set(id, 'D');
    for (const op of OPS) expect([op.name, op.cls]).toEqual([op.name, expected.get(op.id)]);
  });

  it('operand kinds match the s/v/m letters of the printed forms', () => {
    for (const [id, name, printed] of SPEC_OPS) {
      const op = OPS[id]!;
      const k = kindsOfPrinted(printed);
      expect({ name, out: op.out, in1: op.in1, in2: op.in2 }).toEqual({ name, ...k });
    }
  });

  it('operand usage agrees with the class (U: in1+out, B: in1+in2+out, D: out only, Z: none)', () => {
    for (const op of OPS) {
      const used = [op.in1 !== null, op.in2 !== null, op.out !== null];
      const expected = { Z: [false, false, false], U: [true, false, true], B: [true, true, true], D: [false, false, true] }[op.cls];
      expect([op.name, used]).toEqual([op.name, expected]);
    }
  });

  it('printed templates are the SPEC printed forms', () => {
    for (const [id, , printed] of SPEC_OPS) {
      expect([OPS[id]!.name, OPS[id]!.text]).toEqual([OPS[id]!.name, templateOfPrinted(printed)]);
    }
  });

  it('a handful of costs match SPEC exactly', () => {
    const byName = (n: string) => opByName(n)!.cost;
    expect(byName('NO_OP')).toBe(3013921);
    expect(byName('SCALAR_SUM_OP')).toBe(4703759);
    expect(byName('SCALAR_ABS_OP')).toBe(3684352);
    expect(byName('MATRIX_RECIPROCAL_OP')).toBe(24336141);
    expect(byName('MATRIX_MATRIX_PRODUCT_OP')).toBe(14516296);
    expect(byName('VECTOR_ST_DEV_OP')).toBe(5585730);
    expect(byName('MATRIX_CONST_SET_OP')).toBe(3693035);
    expect(byName('MATRIX_GAUSSIAN_SET_OP')).toBe(277690384);
  });

  it('every cost matches SPEC', () => {
    expect(OPS.map((op) => [op.name, op.cost])).toEqual(SPEC_OPS.map(([, name, , cost]) => [name, cost]));
  });

  it('only the uniform/gaussian set ops (59..64) are random', () => {
    expect(OPS.filter((op) => op.random).map((op) => op.id)).toEqual([59, 60, 61, 62, 63, 64]);
  });

  it('data kinds follow SPEC §2.4 RandomizeData', () => {
    const data = OPS.map((op) => op.data);
    expect(data[56]).toBe('scalarConst');
    expect(data[57]).toBe('vectorConst');
    expect(data[58]).toBe('matrixConst');
    expect(data.slice(59, 62)).toEqual(['uniform', 'uniform', 'uniform']);
    expect(data.slice(62, 65)).toEqual(['gaussian', 'gaussian', 'gaussian']);
    expect(data.slice(0, 56).every((d) => d === 'none')).toBe(true);
  });

  it('opById / opByName agree with the table; ids 65.. are unsupported', () => {
    for (const [id, name] of SPEC_OPS) {
      expect(opById(id).name).toBe(name);
      expect(opByName(name)!.id).toBe(id);
    }
    expect(() => opById(65)).toThrow();
    expect(() => opById(127)).toThrow();
    expect(() => opById(-1)).toThrow();
    expect(opByName('NOT_AN_OP')).toBeUndefined();
  });

  it('operandsOf lists in1, in2, out in that order with their kinds', () => {
    expect(operandsOf(opByName('NO_OP')!)).toEqual([]);
    expect(operandsOf(opByName('MATRIX_VECTOR_PRODUCT_OP')!)).toEqual([['in1', 'm'], ['in2', 'v'], ['out', 'v']]);
    expect(operandsOf(opByName('VECTOR_NORM_OP')!)).toEqual([['in1', 'v'], ['out', 's']]);
    expect(operandsOf(opByName('MATRIX_CONST_SET_OP')!)).toEqual([['out', 'm']]);
  });

  it('the table is frozen', () => {
    expect(Object.isFrozen(OPS[1])).toBe(true);
  });
});
