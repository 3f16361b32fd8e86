/**
 * Steps 3-4 of the dataset generator (SPEC §5.4): a Gaussian random projection
 * (R ~ N(0,1), dim_in × dim_out, drawn from the dataset seed only, so every
 * class pair of one seed shares it, as with `np.random.seed(seed)`), then
 * standardisation fitted on the train part (StandardScaler: population
 * variance; a constant feature is only centred).
 */
import { hashMix, Rng } from '../util/rng';

export const PROJECTION_SALT = 601042561;

/** dimIn × dimOut matrix (row-major) of N(0,1) draws for this seed. */
export function gaussianProjection(dimIn: number, dimOut: number, seed: number): Float64Array {
  const rng = new Rng(hashMix(PROJECTION_SALT, seed));
  const r = new Float64Array(dimIn * dimOut);
  for (let k = 0; k < r.length; k++) r[k] = rng.gaussian(0, 1);
  return r;
}

/** rows × dimIn features times the dimIn × dimOut matrix: rows × dimOut, in doubles. */
export function project(x: ArrayLike<number>, rows: number, dimIn: number, r: Float64Array, dimOut: number): Float64Array {
  if (x.length !== rows * dimIn) throw new Error(`project: ${x.length} values is not ${rows} x ${dimIn}`);
  if (r.length !== dimIn * dimOut) throw new Error(`project: the matrix is not ${dimIn} x ${dimOut}`);
  const out = new Float64Array(rows * dimOut);
  const acc = new Float64Array(dimOut);
  for (let i = 0; i < rows; i++) {
    acc.fill(0);
    const base = i * dimIn;
    for (let d = 0; d < dimIn; d++) {
      const v = x[base + d]!;
      if (v === 0) continue; // images are sparse
      const rb = d * dimOut;
      for (let f = 0; f < dimOut; f++) acc[f] += v * r[rb + f]!;
    }
    out.set(acc, i * dimOut);
  }
  return out;
}

export interface Standardizer {
  readonly mean: Float64Array;
  /** Population standard deviation, 1 where it is 0. */
  readonly scale: Float64Array;
}

/** Mean and standard deviation per feature of the given rows of x (rows × dim). */
export function fitStandardizer(x: Float64Array, dim: number, rows: ArrayLike<number>): Standardizer {
  const n = rows.length;
  const mean = new Float64Array(dim);
  const scale = new Float64Array(dim);
  for (let k = 0; k < n; k++) {
    const b = rows[k]! * dim;
    for (let f = 0; f < dim; f++) mean[f] += x[b + f]!;
  }
  for (let f = 0; f < dim; f++) mean[f] /= n;
  for (let k = 0; k < n; k++) {
    const b = rows[k]! * dim;
    for (let f = 0; f < dim; f++) {
      const d = x[b + f]! - mean[f]!;
      scale[f] += d * d;
    }
  }
  for (let f = 0; f < dim; f++) {
    const sd = Math.sqrt(scale[f]! / n);
    scale[f] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

/** The standardised rows (each a new Float64Array of dim values), in the given order. */
export function standardizeRows(x: Float64Array, dim: number, rows: ArrayLike<number>, s: Standardizer): Float64Array[] {
  const out: Float64Array[] = [];
  for (let k = 0; k < rows.length; k++) {
    const b = rows[k]! * dim;
    const v = new Float64Array(dim);
    for (let f = 0; f < dim; f++) v[f] = (x[b + f]! - s.mean[f]!) / s.scale[f]!;
    out.push(v);
  }
  return out;
}
