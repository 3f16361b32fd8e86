/**
 * SPEC §2.1/§2.2 transcribed by hand-checked script from /work/shared/SPEC.md:
 * the op table as the specification prints it. Tests compare the implementation
 * against this, never against itself. (Not a test file: no .test suffix.)
 */

/** [id, name, printed form (SPEC notation), cost]. */
export const SPEC_OPS: ReadonlyArray<readonly [number, string, string, number]> = [
  [0, 'NO_OP', 'NoOp()', 3013921],
  [1, 'SCALAR_SUM_OP', 'so = sa + sb', 4703759],
  [2, 'SCALAR_DIFF_OP', 'so = sa - sb', 5102027],
  [3, 'SCALAR_PRODUCT_OP', 'so = sa * sb', 4418347],
  [4, 'SCALAR_DIVISION_OP', 'so = sa / sb', 3963916],
  [5, 'SCALAR_ABS_OP', 'so = abs(sa)', 3684352],
  [6, 'SCALAR_RECIPROCAL_OP', 'so = 1 / sa', 4212086],
  [7, 'SCALAR_SIN_OP', 'so = sin(sa)', 7538523],
  [8, 'SCALAR_COS_OP', 'so = cos(sa)', 7452807],
  [9, 'SCALAR_TAN_OP', 'so = tan(sa)', 7583203],
  [10, 'SCALAR_ARCSIN_OP', 'so = arcsin(sa)', 9145616],
  [11, 'SCALAR_ARCCOS_OP', 'so = arccos(sa)', 7673039],
  [12, 'SCALAR_ARCTAN_OP', 'so = arctan(sa)', 9273978],
  [13, 'SCALAR_EXP_OP', 'so = exp(sa)', 11755929],
  [14, 'SCALAR_LOG_OP', 'so = log(sa)', 11627725],
  [15, 'SCALAR_HEAVYSIDE_OP', 'so = heaviside(sa, 1.0)', 4057075],
  [16, 'VECTOR_HEAVYSIDE_OP', 'vo = heaviside(va, 1.0)', 3965743],
  [17, 'MATRIX_HEAVYSIDE_OP', 'mo = heaviside(ma, 1.0)', 6728311],
  [18, 'SCALAR_VECTOR_PRODUCT_OP', 'vo = sa * vb', 3705015],
  [19, 'SCALAR_BROADCAST_OP', 'vo = bcast(sa)', 4165814],
  [20, 'VECTOR_RECIPROCAL_OP', 'vo = 1 / va', 6311851],
  [21, 'VECTOR_NORM_OP', 'so = norm(va)', 4810562],
  [22, 'VECTOR_ABS_OP', 'vo = abs(va)', 3713533],
  [23, 'VECTOR_SUM_OP', 'vo = va + vb', 4701519],
  [24, 'VECTOR_DIFF_OP', 'vo = va - vb', 4165747],
  [25, 'VECTOR_PRODUCT_OP', 'vo = va * vb', 4504555],
  [26, 'VECTOR_DIVISION_OP', 'vo = va / vb', 4556237],
  [27, 'VECTOR_INNER_PRODUCT_OP', 'so = dot(va, vb)', 4294617],
  [28, 'VECTOR_OUTER_PRODUCT_OP', 'mo = outer(va, vb)', 9833707],
  [29, 'SCALAR_MATRIX_PRODUCT_OP', 'mo = sa * mb', 5986302],
  [30, 'MATRIX_RECIPROCAL_OP', 'mo = 1 / ma', 24336141],
  [31, 'MATRIX_VECTOR_PRODUCT_OP', 'vo = dot(ma, vb)', 9310002],
  [32, 'VECTOR_COLUMN_BROADCAST_OP', 'mo = bcast(va, axis=0)', 10993088],
  [33, 'VECTOR_ROW_BROADCAST_OP', 'mo = bcast(va, axis=1)', 11087322],
  [34, 'MATRIX_NORM_OP', 'so = norm(ma)', 6422746],
  [35, 'MATRIX_COLUMN_NORM_OP', 'vo = norm(ma, axis=0)', 6682187],
  [36, 'MATRIX_ROW_NORM_OP', 'vo = norm(ma, axis=1)', 13351123],
  [37, 'MATRIX_TRANSPOSE_OP', 'mo = transpose(ma)', 9394756],
  [38, 'MATRIX_ABS_OP', 'mo = abs(ma)', 4630926],
  [39, 'MATRIX_SUM_OP', 'mo = ma + mb', 5579381],
  [40, 'MATRIX_DIFF_OP', 'mo = ma - mb', 5429452],
  [41, 'MATRIX_PRODUCT_OP', 'mo = ma * mb', 5475227],
  [42, 'MATRIX_DIVISION_OP', 'mo = ma / mb', 18234378],
  [43, 'MATRIX_MATRIX_PRODUCT_OP', 'mo = matmul(ma, mb)', 14516296],
  [44, 'SCALAR_MIN_OP', 'so = minimum(sa, sb)', 3677265],
  [45, 'VECTOR_MIN_OP', 'vo = minimum(va, vb)', 3989956],
  [46, 'MATRIX_MIN_OP', 'mo = minimum(ma, mb)', 5457728],
  [47, 'SCALAR_MAX_OP', 'so = maximum(sa, sb)', 4573695],
  [48, 'VECTOR_MAX_OP', 'vo = maximum(va, vb)', 3974229],
  [49, 'MATRIX_MAX_OP', 'mo = maximum(ma, mb)', 5840952],
  [50, 'VECTOR_MEAN_OP', 'so = mean(va)', 4280443],
  [51, 'MATRIX_MEAN_OP', 'so = mean(ma)', 4595196],
  [52, 'MATRIX_ROW_MEAN_OP', 'vo = mean(ma, axis=1)', 9763956],
  [53, 'MATRIX_ROW_ST_DEV_OP', 'vo = std(ma, axis=1)', 16766477],
  [54, 'VECTOR_ST_DEV_OP', 'so = std(va)', 5585730],
  [55, 'MATRIX_ST_DEV_OP', 'so = std(ma)', 10640216],
  [56, 'SCALAR_CONST_SET_OP', 'so = c', 3691108],
  [57, 'VECTOR_CONST_SET_OP', 'vo[f0] = f1', 3991421],
  [58, 'MATRIX_CONST_SET_OP', 'mo[f0, f1] = f2', 3693035],
  [59, 'SCALAR_UNIFORM_SET_OP', 'so = uniform(f0, f1)', 26610704],
  [60, 'VECTOR_UNIFORM_SET_OP', 'vo = uniform(f0, f1, n_features)', 57817372],
  [61, 'MATRIX_UNIFORM_SET_OP', 'mo = uniform(f0, f1, (n_features, n_features))', 208339446],
  [62, 'SCALAR_GAUSSIAN_SET_OP', 'so = gaussian(f0, f1)', 20775635],
  [63, 'VECTOR_GAUSSIAN_SET_OP', 'vo = gaussian(f0, f1, n_features)', 77483018],
  [64, 'MATRIX_GAUSSIAN_SET_OP', 'mo = gaussian(f0, f1, (n_features, n_features))', 277690384],
];

/** SPEC §2.1 class membership by op id. */
export const SPEC_CLASS_U: readonly number[] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 30, 32, 33, 34, 35, 36, 37, 38, 50, 51, 52, 53, 54, 55];
export const SPEC_CLASS_B: readonly number[] = [1, 2, 3, 4, 18, 23, 24, 25, 26, 27, 28, 29, 31, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49];
export const SPEC_CLASS_Z: readonly number[] = [0];
export const SPEC_CLASS_D: readonly number[] = [56, 57, 58, 59, 60, 61, 62, 63, 64];

const BY_NAME = new Map(SPEC_OPS.map(([id, name]) => [name, id]));

/** Op id by SPEC name (independent of the implementation's lookup). */
export function specId(name: string): number {
  const id = BY_NAME.get(name);
  if (id === undefined) throw new Error(`no op named ${name} in SPEC §2.2`);
  return id;
}

