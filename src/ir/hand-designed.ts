/**
 * Hand-designed reference algorithms (SPEC §10), unpadded, with the exact
 * addresses the original code uses (search initialisation pads them with NO_OPs).
 * Samples in samples/algorithms/ are the printed forms of these; tests keep them in sync.
 */
import type { Algorithm } from './algorithm';
import type { Instruction } from './instruction';
import { makeInstruction } from './instruction';
import { opByName } from './ops';

/** Builds an instruction by op name; a typo in a name here is a programming error. */
function ins(name: string, fields: Omit<Parameters<typeof makeInstruction>[0], 'op'> = {}): Instruction {
  const op = opByName(name);
  if (!op) throw new Error(`hand-designed: unknown op ${name}`);
  return makeInstruction({ ...fields, op: op.id });
}

/**
 * §10.1 LINEAR_ALGORITHM: linear regression by SGD. s2 = learning rate,
 * s3 = (scaled) error, v1 = weights, v2 = correction. Needs >= 4/3/0 addresses.
 */
export function linearModel(learningRate: number): Algorithm {
  return {
    setup: [
      ins('SCALAR_CONST_SET_OP', { out: 2, activation: learningRate }),
    ],
    predict: [
      ins('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 }),
    ],
    learn: [
      ins('SCALAR_DIFF_OP', { in1: 0, in2: 1, out: 3 }),
      ins('SCALAR_PRODUCT_OP', { in1: 2, in2: 3, out: 3 }),
      ins('SCALAR_VECTOR_PRODUCT_OP', { in1: 3, in2: 0, out: 2 }),
      ins('VECTOR_SUM_OP', { in1: 1, in2: 2, out: 1 }),
    ],
  };
}

/**
 * §10.2 NEURAL_NET_ALGORITHM: 2-layer ReLU net with biases, trained by backprop.
 * Scalars: s2 final bias, s3 lr, s4 error. Vectors: v1 first-layer bias, v2 final
 * weights, v3 pre-ReLU, v4 post-ReLU, v5 zeros (never written), v6 final-weight
 * gradient, v7 activation gradient, v8 ReLU gradient. Matrices: m0 first-layer
 * weights, m1 first-layer gradient. Needs >= 5/9/2 addresses.
 */
export function neuralNet(learningRate: number, firstInitScale: number, finalInitScale: number): Algorithm {
  return {
    setup: [
      ins('VECTOR_GAUSSIAN_SET_OP', { out: 2, f0: 0, f1: finalInitScale }),
      ins('MATRIX_GAUSSIAN_SET_OP', { out: 0, f0: 0, f1: firstInitScale }),
      ins('SCALAR_CONST_SET_OP', { out: 3, activation: learningRate }),
    ],
    predict: [
      ins('MATRIX_VECTOR_PRODUCT_OP', { in1: 0, in2: 0, out: 3 }),
      ins('VECTOR_SUM_OP', { in1: 3, in2: 1, out: 3 }),
      ins('VECTOR_MAX_OP', { in1: 3, in2: 5, out: 4 }), // ReLU against the all-zero v5
      ins('VECTOR_INNER_PRODUCT_OP', { in1: 4, in2: 2, out: 1 }),
      ins('SCALAR_SUM_OP', { in1: 1, in2: 2, out: 1 }),
    ],
    learn: [
      ins('SCALAR_DIFF_OP', { in1: 0, in2: 1, out: 4 }),
      ins('SCALAR_PRODUCT_OP', { in1: 3, in2: 4, out: 4 }),
      ins('SCALAR_SUM_OP', { in1: 2, in2: 4, out: 2 }), // final bias update
      ins('SCALAR_VECTOR_PRODUCT_OP', { in1: 4, in2: 4, out: 6 }),
      ins('VECTOR_SUM_OP', { in1: 2, in2: 6, out: 2 }), // final weights update
      ins('SCALAR_VECTOR_PRODUCT_OP', { in1: 4, in2: 2, out: 7 }), // uses the already-updated v2, as the original
      ins('VECTOR_HEAVYSIDE_OP', { in1: 3, out: 8 }),
      ins('VECTOR_PRODUCT_OP', { in1: 8, in2: 7, out: 7 }),
      ins('VECTOR_SUM_OP', { in1: 1, in2: 7, out: 1 }), // first-layer bias update
      ins('VECTOR_OUTER_PRODUCT_OP', { in1: 7, in2: 0, out: 1 }),
      ins('MATRIX_SUM_OP', { in1: 0, in2: 1, out: 0 }),
    ],
  };
}

/**
 * §10.3 Predict of UnitTestNeuralNetNoBiasNoGradient, the teacher network that
 * labels `scalar_2layer_nn_regression_task`: m0 first layer, v1 final layer, v4 zeros.
 */
export function teacherNetPredict(): Instruction[] {
  return [
    ins('MATRIX_VECTOR_PRODUCT_OP', { in1: 0, in2: 0, out: 2 }),
    ins('VECTOR_MAX_OP', { in1: 2, in2: 4, out: 3 }),
    ins('VECTOR_INNER_PRODUCT_OP', { in1: 3, in2: 1, out: 1 }),
  ];
}
