/**
 * scalar_linear_regression_task (SPEC §5.3): y = w·x, labelled by the
 * LinearModel Predict `s1 = dot(v1, v0)` so the summation order is the op's.
 */
import { Rng } from '../../util/rng';
import type { TaskData } from '../task';
import { gaussianFeatures, instr, TeacherLabeler } from './common';

export const LINEAR_DATA_SEED_OFFSET = 939723201;
export const LINEAR_PARAM_SEED_OFFSET = 997958712;
/** `LINEAR_ALGORITHMWeightsAddress`. */
export const LINEAR_WEIGHTS_VECTOR = 1;

/** The hidden weights of a linear task: F draws N(0,1) from the param stream. */
export function linearWeights(paramSeed: number, F: number): Float64Array {
  const rng = new Rng((paramSeed + LINEAR_PARAM_SEED_OFFSET) >>> 0);
  const w = new Float64Array(F);
  for (let i = 0; i < F; i++) w[i] = rng.gaussian(0, 1);
  return w;
}

export function createLinearTask(F: number, numTrain: number, numValid: number, dataSeed: number, paramSeed: number): TaskData {
  const dataRng = new Rng((dataSeed + LINEAR_DATA_SEED_OFFSET) >>> 0);
  const trainFeatures = gaussianFeatures(dataRng, numTrain, F);
  const validFeatures = gaussianFeatures(dataRng, numValid, F);
  const labeler = new TeacherLabeler(F, { scalars: 2, vectors: 2, matrices: 0 }, [
    instr('VECTOR_INNER_PRODUCT_OP', 1, LINEAR_WEIGHTS_VECTOR, 0), // s1 = dot(v1, v0)
  ]);
  labeler.setVector(LINEAR_WEIGHTS_VECTOR, linearWeights(paramSeed, F));
  return {
    numTrainExamples: numTrain,
    numValidExamples: numValid,
    trainFeatures,
    trainLabels: labeler.label(trainFeatures, numTrain),
    validFeatures,
    validLabels: labeler.label(validFeatures, numValid),
  };
}
