/**
 * C `printf("%g")` with the default precision of 6 significant digits, as the
 * original prints constants through a C++ stream (`0.01`, `1e-10`, `-0`, `inf`, `nan`).
 *
 * Rounding is done on the exact binary value with ties to even, as glibc does.
 * JavaScript's toPrecision/toFixed round exact ties away from zero instead
 * (1.640625 → "1.64063", glibc "1.64062"), so we round with BigInt arithmetic.
 */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const p = Math.max(1, Math.floor(precision));
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = roundSignificant(Math.abs(x), p);
  if (exp < -4 || exp >= p) {
    const mantissa = stripZeros(`${digits[0]}.${digits.slice(1)}`);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Style f with p − 1 − exp decimals: the same p digits with the point moved.
  const fixed = exp >= 0
    ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
    : `0.${'0'.repeat(-exp - 1)}${digits}`;
  return sign + stripZeros(fixed);
}

/**
 * Rounds a positive finite double to p significant decimal digits, ties to even.
 * Returns the p digits and the decimal exponent of the rounded value (the X of C's %g rule).
 */
function roundSignificant(a: number, p: number): { digits: string; exp: number } {
  const [mantissa, binExp] = decompose(a);
  // a = num / den exactly.
  const num = binExp >= 0 ? mantissa << BigInt(binExp) : mantissa;
  const den = binExp >= 0 ? 1n : 1n << BigInt(-binExp);
  // Exact decimal exponent: 10^exp <= a < 10^(exp+1). log10 only gives a first guess.
  let exp = Math.floor(Math.log10(a));
  while (!atLeastPow10(num, den, exp)) exp--;
  while (atLeastPow10(num, den, exp + 1)) exp++;
  const shift = p - 1 - exp;
  const n = shift >= 0 ? num * 10n ** BigInt(shift) : num;
  const d = shift >= 0 ? den : den * 10n ** BigInt(-shift);
  let q = n / d;
  const twiceRest = 2n * (n % d);
  if (twiceRest > d || (twiceRest === d && (q & 1n) === 1n)) q += 1n;
  if (q === 10n ** BigInt(p)) { // rounding carried into a new digit (9.999995 → 10.0000)
    q = 10n ** BigInt(p - 1);
    exp += 1;
  }
  return { digits: q.toString(), exp };
}

/** num/den >= 10^e, exactly. */
function atLeastPow10(num: bigint, den: bigint, e: number): boolean {
  return e >= 0 ? num >= den * 10n ** BigInt(e) : num * 10n ** BigInt(-e) >= den;
}

/** A positive finite double as [integer mantissa, binary exponent]: a = m · 2^e. */
function decompose(a: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}
