/**
 * Random set ops (59..64) draw from the RandomSource handed to the
 * Interpreter, one draw per element, in element order (row-major for
 * matrices), with the instruction's float32 (f0, f1) as arguments.
 */
import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../../src/util/rng';
import { Rng } from '../../src/util/rng';
import { Bench, expectSame, ins, vec } from './harness';

/** A fake source that returns 1, 2, 3, ... and records every call. */
class Recorder implements RandomSource {
  calls: Array<[string, number, number]> = [];
  private n = 0;
  uniformOpen(lo: number, hi: number): number { this.calls.push(['uniformOpen', lo, hi]); return ++this.n; }
  gaussian(mean: number, sd: number): number { this.calls.push(['gaussian', mean, sd]); return -(++this.n); }
}

const f32 = Math.fround;

describe('random set ops: draw order and arguments', () => {
  it('SCALAR_UNIFORM_SET_OP: one uniformOpen(f0, f1) call, float32 arguments', () => {
    const r = new Recorder();
    const b = new Bench(4, r).run('SCALAR_UNIFORM_SET_OP', { out: 3, f0: -0.1, f1: 0.3 });
    expect(b.s(3)).toBe(1);
    expect(r.calls).toEqual([['uniformOpen', f32(-0.1), f32(0.3)]]);
    expect(f32(-0.1)).toBe(-0.10000000149011612);
  });

  it('SCALAR_GAUSSIAN_SET_OP: one gaussian(mean = f0, sd = f1) call', () => {
    const r = new Recorder();
    const b = new Bench(4, r).run('SCALAR_GAUSSIAN_SET_OP', { out: 6, f0: 0.7, f1: 0.2 });
    expect(b.s(6)).toBe(-1);
    expect(r.calls).toEqual([['gaussian', f32(0.7), f32(0.2)]]);
  });

  for (const F of [2, 4, 32]) {
    it(`VECTOR_UNIFORM_SET_OP / VECTOR_GAUSSIAN_SET_OP F=${F}: element i gets draw i`, () => {
      const r = new Recorder();
      const b = new Bench(F, r).run('VECTOR_UNIFORM_SET_OP', { out: 2, f0: -0.5, f1: 0.5 }).run('VECTOR_GAUSSIAN_SET_OP', { out: 3, f0: 1.5, f1: 0.25 });
      expectSame(b.v(2), vec(F, (i) => i + 1));
      expectSame(b.v(3), vec(F, (i) => -(F + i + 1)));
      const calls = (n: number, call: [string, number, number]) => Array.from({ length: n }, () => call);
      expect(r.calls).toEqual([...calls(F, ['uniformOpen', -0.5, 0.5]), ...calls(F, ['gaussian', 1.5, 0.25])]);
    });

    it(`MATRIX_UNIFORM_SET_OP / MATRIX_GAUSSIAN_SET_OP F=${F}: row-major, M[i][j] gets draw i*F+j`, () => {
      const r = new Recorder();
      const b = new Bench(F, r).run('MATRIX_UNIFORM_SET_OP', { out: 0, f0: 0.125, f1: 0.875 }).run('MATRIX_GAUSSIAN_SET_OP', { out: 1, f0: -2, f1: 3 });
      const m0 = b.m(0); const m1 = b.m(1);
      for (let i = 0; i < F; i++) {
        for (let j = 0; j < F; j++) {
          expect(m0[i]![j]).toBe(i * F + j + 1);
          expect(m1[i]![j]).toBe(-(F * F + i * F + j + 1));
        }
      }
      expect(r.calls.length).toBe(2 * F * F);
      expect(r.calls[0]).toEqual(['uniformOpen', 0.125, 0.875]);
      expect(r.calls[F * F]).toEqual(['gaussian', -2, 3]);
    });
  }
});

describe('random set ops: the interpreter\'s Rng stream', () => {
  it('same seed -> the same values as a twin Rng drawing directly, across several instructions', () => {
    const F = 4;
    const b = new Bench(F, new Rng(2024));
    b.interp.run([
      ins('VECTOR_UNIFORM_SET_OP', { out: 1, f0: -1, f1: 1 }),
      ins('SCALAR_GAUSSIAN_SET_OP', { out: 2, f0: 0.5, f1: 2 }),
      ins('VECTOR_SUM_OP', { in1: 1, in2: 1, out: 3 }), // deterministic op in between: no draw
      ins('MATRIX_GAUSSIAN_SET_OP', { out: 1, f0: 0, f1: 1 }),
      ins('SCALAR_UNIFORM_SET_OP', { out: 3, f0: 0, f1: 0.5 }),
      ins('MATRIX_UNIFORM_SET_OP', { out: 2, f0: -0.25, f1: 0.25 }),
    ]);
    const twin = new Rng(2024);
    const v1 = vec(F, () => twin.uniformOpen(-1, 1));
    const s2 = twin.gaussian(0.5, 2);
    const m1 = vec(F * F, () => twin.gaussian(0, 1));
    const s3 = twin.uniformOpen(0, 0.5);
    const m2 = vec(F * F, () => twin.uniformOpen(-0.25, 0.25));
    expectSame(b.v(1), v1);
    expect(b.s(2)).toBe(s2);
    expectSame(b.v(3), v1.map((x) => x + x));
    expectSame(b.m(1).flat(), m1);
    expect(b.s(3)).toBe(s3);
    expectSame(b.m(2).flat(), m2);
  });

  it('two interpreters with the same seed agree; a different seed differs', () => {
    const run = (seed: number) => new Bench(8, new Rng(seed)).run('MATRIX_UNIFORM_SET_OP', { out: 0, f0: -1, f1: 1 }).m(0).flat();
    expectSame(run(77), run(77));
    expect(run(77)).not.toEqual(run(78));
  });

  it('the interpreter uses the Rng it was given (its state advances by exactly the draws made)', () => {
    const rng = new Rng(5);
    const b = new Bench(2, rng).run('VECTOR_UNIFORM_SET_OP', { out: 1, f0: 0, f1: 1 });
    const twin = new Rng(5);
    twin.uniformOpen(0, 1); twin.uniformOpen(0, 1);
    expect(rng.uniformOpen(0, 1)).toBe(twin.uniformOpen(0, 1));
    expect(b.v(1).every((x) => x > 0 && x < 1)).toBe(true);
  });

  it('degenerate ranges still produce exactly f0 (no dependence on the stream)', () => {
    const b = new Bench(2, new Rng(1)).run('VECTOR_UNIFORM_SET_OP', { out: 1, f0: 0.5, f1: 0.25 }).run('VECTOR_GAUSSIAN_SET_OP', { out: 2, f0: 0.5, f1: 0 });
    expectSame(b.v(1), [0.5, 0.5]);
    expectSame(b.v(2), [0.5, 0.5]);
  });
});
