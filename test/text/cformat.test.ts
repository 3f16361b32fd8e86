import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatG } from '../../src/util/cformat';

describe('formatG (C printf %g, 6 significant digits)', () => {
  it.each([
    [0.01, '0.01'], [0.001, '0.001'], [1e-10, '1e-10'], [-0.0331, '-0.0331'],
    [123456, '123456'], [1234567, '1.23457e+06'], [1e20, '1e+20'], [0.0001, '0.0001'],
    [0.00001, '1e-05'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [-0, '-0'], [0, '0'],
    [0.1, '0.1'], [1, '1'], [-1, '-1'], [100000, '100000'], [999999.5, '1e+06'], [9.999995, '10'],
    [0.375, '0.375'], [-0.25, '-0.25'], [Math.fround(0.1), '0.1'], [1 / 3, '0.333333'],
    [5e-324, '4.94066e-324'], [Number.MAX_VALUE, '1.79769e+308'], [1e100, '1e+100'], [1.5e-7, '1.5e-07'],
    [0.000123456789, '0.000123457'], [Math.fround(0.99999994), '1'],
  ])('formatG(%s) = %s', (x, expected) => {
    expect(formatG(x)).toBe(expected);
  });

  it('rounds exact ties to even on the binary value, as glibc does', () => {
    expect(formatG(1.640625)).toBe('1.64062'); // 105/64: tie, previous digit even → down
    expect(formatG(1.234375)).toBe('1.23438'); // 79/64: tie, previous digit odd → up
    expect(formatG(123456.5)).toBe('123456');
    expect(formatG(123457.5)).toBe('123458');
  });

  it('honours other precisions', () => {
    expect(formatG(Math.PI, 3)).toBe('3.14');
    expect(formatG(Math.PI, 17)).toBe('3.1415926535897931');
    expect(formatG(1234, 2)).toBe('1.2e+03');
  });

  // The oracle: the C library's own printf, fed exact hexadecimal floats.
  const printf = '/usr/bin/printf';
  it.skipIf(!existsSync(printf))('agrees with the C library printf on random doubles and float32s', () => {
    const values = fc.sample(fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.float({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).chain((n) => fc.integer({ min: 0, max: 30 }).map((k) => n / 2 ** k)),
    ), { numRuns: 2000, seed: 42 });
    const expected = execFileSync(printf, ['%g\n', ...values.map(hexFloat)], { encoding: 'utf8' }).trimEnd().split('\n');
    const mismatches = values.map((v, i) => [v, formatG(v), expected[i]]).filter(([, got, want]) => got !== want);
    expect(mismatches).toEqual([]);
  });
});

/** A finite double as an exact C hexadecimal float literal. */
function hexFloat(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
  return exp === 0 ? `${sign}0x0.${frac}p-1022` : `${sign}0x1.${frac}p${exp - 1023}`;
}
