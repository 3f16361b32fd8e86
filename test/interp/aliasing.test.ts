/**
 * Aliasing (SPEC §2.2): every op behaves as "read all inputs, compute, then
 * write the output", so out == in1 / out == in2 / in1 == in2 give the same
 * result as the same computation with distinct addresses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/ir/memory';
import { Rng } from '../../src/util/rng';
import { SPEC_OPS } from '../ir/spec-table';
import { Bench, type Fields, expectSame, mat } from './harness';

type Role = 'in1' | 'in2' | 'out';

function kindsOf(printed: string): Partial<Record<Role, Kind>> {
  const k: Partial<Record<Role, Kind>> = {};
  for (const [role, letter] of [['out', 'o'], ['in1', 'a'], ['in2', 'b']] as const) {
    const m = new RegExp(`\\b([svm])${letter}\\b`).exec(printed);
    if (m) k[role] = m[1] as Kind;
  }
  return k;
}

const width = (kind: Kind, F: number) => (kind === 's' ? 1 : kind === 'v' ? F : F * F);

function setValue(b: Bench, kind: Kind, addr: number, xs: number[]): void {
  const F = b.F;
  if (kind === 's') b.setS(addr, xs[0]!);
  else if (kind === 'v') b.setV(addr, xs);
  else b.setM(addr, Array.from({ length: F }, (_, i) => xs.slice(i * F, (i + 1) * F)));
}

function getValue(b: Bench, kind: Kind, addr: number): number[] {
  return kind === 's' ? [b.s(addr)] : kind === 'v' ? b.v(addr) : b.m(addr).flat();
}

/** Random test values with a sprinkling of special values. */
function values(rng: Rng, n: number): number[] {
  const specials = [0, -0, 1, -1, 0.5, NaN, Infinity, 2];
  return Array.from({ length: n }, () => (rng.uniformOpen(0, 1) < 0.15 ? specials[Math.floor(rng.uniformOpen(0, 1) * specials.length)]! : rng.uniformOpen(-3, 3)));
}

/** Distinct addresses per kind: in1 -> 1, in2 -> 2, out -> 3 (scalars shifted by 1: s2, s3, s4). */
const base: Record<Role, number> = { in1: 1, in2: 2, out: 3 };
const addrOf = (kind: Kind, role: Role) => base[role] + (kind === 's' ? 1 : 0);

interface Variant { name: string; alias: Array<[Role, Role]> } // [role, takes the address of role]

const ALIASABLE = SPEC_OPS.map(([id, name, printed]) => ({ id, name, k: kindsOf(printed) }))
  .filter(({ k }) => k.in1 !== undefined && k.out !== undefined);

describe('aliasing: every op with inputs, every alias pattern its operand kinds allow', () => {
  it('the set of ops exercised is every op with an input (55 = 31 U + 24 B)', () => {
    expect(ALIASABLE.length).toBe(55);
  });

  for (const { id, name, k } of ALIASABLE) {
    const variants: Variant[] = [];
    if (k.out === k.in1) variants.push({ name: 'out = in1', alias: [['out', 'in1']] });
    if (k.in2 && k.out === k.in2) variants.push({ name: 'out = in2', alias: [['out', 'in2']] });
    if (k.in2 && k.in1 === k.in2) variants.push({ name: 'in1 = in2', alias: [['in2', 'in1']] });
    if (k.in2 && k.in1 === k.in2 && k.out === k.in1) variants.push({ name: 'in1 = in2 = out', alias: [['in2', 'in1'], ['out', 'in1']] });
    if (variants.length === 0) continue;

    for (const F of [2, 4, 8]) {
      for (const v of variants) {
        it(`${id} ${name} F=${F}: ${v.name}`, () => {
          const rng = new Rng(1000 * id + F);
          const roles: Role[] = k.in2 ? ['in1', 'in2'] : ['in1'];
          const input: Partial<Record<Role, number[]>> = {};
          for (const r of roles) input[r] = values(rng, width(k[r]!, F));
          // in1 == in2 means both inputs read the same value.
          if (v.alias.some(([r, s]) => r === 'in2' && s === 'in1')) input.in2 = input.in1!.slice();

          // Reference: distinct addresses.
          const ref = new Bench(F).background();
          for (const r of roles) setValue(ref, k[r]!, addrOf(k[r]!, r), input[r]!);
          const fields: { -readonly [K in keyof Fields]: Fields[K] } = {};
          for (const r of [...roles, 'out' as const]) fields[r] = addrOf(k[r]!, r);
          ref.run(name, fields);
          const expected = getValue(ref, k.out!, addrOf(k.out!, 'out'));

          // Aliased run.
          const b = new Bench(F).background();
          const aliased: { -readonly [K in keyof Fields]: Fields[K] } = { ...fields };
          for (const [r, s] of v.alias) aliased[r] = fields[s];
          for (const r of roles) setValue(b, k[r]!, aliased[r]!, input[r]!); // aliased inputs hold equal values
          const before = b.snapshot();
          b.run(name, aliased);
          expectSame(getValue(b, k.out!, aliased.out!), expected, `${name} ${v.name}`);
          // Nothing but the output changed.
          const o = b.layout.offset(k.out!, aliased.out!);
          const n = width(k.out!, F);
          for (let c = 0; c < b.mem.length; c++) {
            if (c >= o && c < o + n) continue;
            if (!Object.is(b.mem[c], before[c])) throw new Error(`cell ${c} changed`);
          }
        });
      }
    }
  }
});

describe('aliasing: hand-computed in-place results', () => {
  it('transpose in place, F=2 and F=4', () => {
    const b2 = new Bench(2).setM(3, [[1, 2], [3, 4]]).run('MATRIX_TRANSPOSE_OP', { in1: 3, out: 3 });
    expect(b2.m(3)).toEqual([[1, 3], [2, 4]]);
    const b4 = new Bench(4).setM(0, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]).run('MATRIX_TRANSPOSE_OP', { in1: 0, out: 0 });
    expect(b4.m(0)).toEqual([[1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15], [4, 8, 12, 16]]);
  });

  it('transpose in place at F=32: (iF+j) -> (jF+i)', () => {
    const F = 32;
    const b = new Bench(F).setM(1, mat(F, (i, j) => i * F + j)).run('MATRIX_TRANSPOSE_OP', { in1: 1, out: 1 });
    expect(b.m(1)).toEqual(mat(F, (i, j) => j * F + i));
  });

  it('matmul A = A*A in place: [[1,2],[3,4]]^2 = [[7,10],[15,22]]', () => {
    const b = new Bench(2).setM(1, [[1, 2], [3, 4]]).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 1, out: 1 });
    expect(b.m(1)).toEqual([[7, 10], [15, 22]]);
  });

  it('matmul out = in1 and out = in2: [[1,2],[3,4]] * [[5,6],[7,8]] = [[19,22],[43,50]]', () => {
    const A = [[1, 2], [3, 4]]; const B = [[5, 6], [7, 8]];
    const b1 = new Bench(2).setM(1, A).setM(2, B).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 2, out: 1 });
    expect(b1.m(1)).toEqual([[19, 22], [43, 50]]);
    expect(b1.m(2)).toEqual(B);
    const b2 = new Bench(2).setM(1, A).setM(2, B).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 2, out: 2 });
    expect(b2.m(2)).toEqual([[19, 22], [43, 50]]);
    expect(b2.m(1)).toEqual(A);
  });

  it('matmul in place at F=4: A*A with A = I + E_01 + E_12 (nilpotent part) = I + 2E_01 + 2E_12 + E_02', () => {
    const A = [[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    const b = new Bench(4).setM(2, A).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 2, in2: 2, out: 2 });
    expect(b.m(2)).toEqual([[1, 2, 1, 0], [0, 1, 2, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  });

  it('matrix-vector product in place v = M v: [[1,2],[3,4]] [5,6] = [17,39]; F=4 M4 [1,0,-1,2] = [6,14,22,30]', () => {
    const b = new Bench(2).setM(1, [[1, 2], [3, 4]]).setV(2, [5, 6]).run('MATRIX_VECTOR_PRODUCT_OP', { in1: 1, in2: 2, out: 2 });
    expect(b.v(2)).toEqual([17, 39]);
    const b4 = new Bench(4).setM(1, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]).setV(3, [1, 0, -1, 2])
      .run('MATRIX_VECTOR_PRODUCT_OP', { in1: 1, in2: 3, out: 3 });
    expect(b4.v(3)).toEqual([6, 14, 22, 30]);
  });

  it('matrix-vector product in place with a cyclic shift: v = S v rotates v', () => {
    const F = 8; // S[i][j] = [j == i+1 mod F]: (S v)_i = v_{i+1}
    const b = new Bench(F).setM(0, mat(F, (i, j) => (j === (i + 1) % F ? 1 : 0))).setV(1, [10, 11, 12, 13, 14, 15, 16, 17])
      .run('MATRIX_VECTOR_PRODUCT_OP', { in1: 0, in2: 1, out: 1 });
    expect(b.v(1)).toEqual([11, 12, 13, 14, 15, 16, 17, 10]);
  });

  it('outer product of a vector with itself, inner product with itself', () => {
    const b = new Bench(2).setV(1, [1, 2]).run('VECTOR_OUTER_PRODUCT_OP', { in1: 1, in2: 1, out: 1 }).run('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 1, out: 2 });
    expect(b.m(1)).toEqual([[1, 2], [2, 4]]);
    expect(b.s(2)).toBe(5);
  });

  it('scalar * vector / matrix in place: v = s v, M = s M', () => {
    const b = new Bench(2).setS(2, -2).setV(1, [1, 3]).setM(1, [[1, 2], [3, 4]]);
    b.run('SCALAR_VECTOR_PRODUCT_OP', { in1: 2, in2: 1, out: 1 }).run('SCALAR_MATRIX_PRODUCT_OP', { in1: 2, in2: 1, out: 1 });
    expect(b.v(1)).toEqual([-2, -6]);
    expect(b.m(1)).toEqual([[-2, -4], [-6, -8]]);
  });

  it('elementwise in place: v = v - v = 0, s = s / s = 1, M = M * M squares', () => {
    const b = new Bench(2).setV(1, [3, -4]).setS(3, 7).setM(0, [[1, -2], [3, 0.5]]);
    b.run('VECTOR_DIFF_OP', { in1: 1, in2: 1, out: 1 }).run('SCALAR_DIVISION_OP', { in1: 3, in2: 3, out: 3 }).run('MATRIX_PRODUCT_OP', { in1: 0, in2: 0, out: 0 });
    expect(b.v(1)).toEqual([0, 0]);
    expect(b.s(3)).toBe(1);
    expect(b.m(0)).toEqual([[1, 4], [9, 0.25]]);
  });

  it('property: transpose in place == transpose out of place, and twice is the identity (fast-check)', () => {
    fc.assert(fc.property(
      fc.constantFrom(2, 4, 8),
      fc.array(fc.double(), { minLength: 64, maxLength: 64 }),
      (F, xs) => {
        const M = mat(F, (i, j) => xs[i * F + j]!);
        const a = new Bench(F).setM(1, M).run('MATRIX_TRANSPOSE_OP', { in1: 1, out: 2 });
        const b = new Bench(F).setM(1, M).run('MATRIX_TRANSPOSE_OP', { in1: 1, out: 1 });
        expectSame(b.m(1).flat(), a.m(2).flat());
        expectSame(b.m(1).flat(), mat(F, (i, j) => xs[j * F + i]!).flat());
        b.run('MATRIX_TRANSPOSE_OP', { in1: 1, out: 1 });
        expectSame(b.m(1).flat(), M.flat());
      },
    ), { numRuns: 60 });
  });

  it('property: matmul / matvec with out aliasing an input equal the distinct-address result (fast-check)', () => {
    const small = fc.double({ min: -100, max: 100, noNaN: true });
    fc.assert(fc.property(
      fc.constantFrom(2, 4),
      fc.array(small, { minLength: 32, maxLength: 32 }),
      fc.array(small, { minLength: 16, maxLength: 16 }),
      (F, xs, ys) => {
        const A = mat(F, (i, j) => xs[i * F + j]!); const B = mat(F, (i, j) => xs[16 + i * F + j]!);
        const v = ys.slice(0, F);
        const ref = new Bench(F).setM(1, A).setM(2, B).setV(1, v)
          .run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 2, out: 3 }).run('MATRIX_VECTOR_PRODUCT_OP', { in1: 1, in2: 1, out: 2 });
        const x = new Bench(F).setM(1, A).setM(2, B).run('MATRIX_MATRIX_PRODUCT_OP', { in1: 1, in2: 2, out: 2 });
        expectSame(x.m(2).flat(), ref.m(3).flat());
        const y = new Bench(F).setM(1, A).setV(1, v).run('MATRIX_VECTOR_PRODUCT_OP', { in1: 1, in2: 1, out: 1 });
        expectSame(y.v(1), ref.v(2));
      },
    ), { numRuns: 60 });
  });
});
