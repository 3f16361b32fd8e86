/**
 * scalar_2layer_nn_regression_task (SPEC §5.3, §10.3): y = u·ReLU(M x) with
 * hidden units 0 and 2 switched off, labelled by the teacher Predict
 * `v2 = dot(m0, v0); v3 = maximum(v2, v4); s1 = dot(v3, v1)`.
 */
import { UserError } from '../../util/errors';
import { Rng } from '../../util/rng';
import type { TaskData } from '../task';
import { gaussianFeatures, instr, TeacherLabeler } from './common';

export const NN_DATA_SEED_OFFSET = 865546086;
export const NN_PARAM_SEED_OFFSET = 174299604;

export interface TeacherParams {
  /** First layer, F×F row-major (rows 0 and 2 are zero). */
  readonly M: Float64Array;
  /** Final layer, F (entries 0 and 2 are zero). */
  readonly u: Float64Array;
}

/** The teacher's weights: M row by row, then u, all N(0,1) from the param stream. */
export function teacherParams(paramSeed: number, F: number): TeacherParams {
  if (F < 3) throw new UserError(`scalar_2layer_nn_regression_task requires features_size >= 3, got ${F}`);
  const rng = new Rng((paramSeed + NN_PARAM_SEED_OFFSET) >>> 0);
  const M = new Float64Array(F * F);
  for (let i = 0; i < M.length; i++) M[i] = rng.gaussian(0, 1);
  for (const row of [0, 2]) M.fill(0, row * F, (row + 1) * F);
  const u = new Float64Array(F);
  for (let i = 0; i < F; i++) u[i] = rng.gaussian(0, 1);
  u[0] = 0;
  u[2] = 0;
  return { M, u };
}

export function createNnTask(F: number, numTrain: number, numValid: number, dataSeed: number, paramSeed: number): TaskData {
  const { M, u } = teacherParams(paramSeed, F);
  const dataRng = new Rng((dataSeed + NN_DATA_SEED_OFFSET) >>> 0);
  const trainFeatures = gaussianFeatures(dataRng, numTrain, F);
  const validFeatures = gaussianFeatures(dataRng, numValid, F);
  const labeler = new TeacherLabeler(F, { scalars: 2, vectors: 5, matrices: 1 }, [
    instr('MATRIX_VECTOR_PRODUCT_OP', 2, 0, 0), // v2 = dot(m0, v0)
    instr('VECTOR_MAX_OP', 3, 2, 4), //            v3 = maximum(v2, v4)   (v4 = 0)
    instr('VECTOR_INNER_PRODUCT_OP', 1, 3, 1), //  s1 = dot(v3, v1)
  ]);
  labeler.setMatrix(0, M);
  labeler.setVector(1, u);
  return {
    numTrainExamples: numTrain,
    numValidExamples: numValid,
    trainFeatures,
    trainLabels: labeler.label(trainFeatures, numTrain),
    validFeatures,
    validLabels: labeler.label(validFeatures, numValid),
  };
}
