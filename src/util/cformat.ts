/**
 * C `printf("%g")` with the default precision of 6 significant digits, as the
 * original prints constants through a C++ stream (`0.01`, `1e-10`, `-0`, `inf`, `nan`).
 */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = decimalExponent(x, precision);
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = x.toExponential(precision - 1).split('e') as [string, string];
    const expNum = Number(e);
    const sign = expNum < 0 ? '-' : '+';
    const digits = String(Math.abs(expNum)).padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${digits}`;
  }
  return stripZeros(x.toFixed(precision - 1 - exp));
}

/** Exponent of x after rounding to `precision` significant digits (as %g decides the style). */
function decimalExponent(x: number, precision: number): number {
  return Number(x.toExponential(precision - 1).split('e')[1]);
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}
