/**
 * A runner executes one algorithm's component functions over memory for a
 * task: Setup, a range of training steps, a validation pass. The executor
 * (executor.ts) drives epochs and fitness on top of any runner, so every
 * engine shares the exact same control flow.
 */
import { type DispatchFn, type DispatchLoops, type EncodedProgram, dispatchLoopsFor, dispatcherFor, encodeProgram } from '../../codegen/dispatch';
import type { TrainFn, ValidateFn } from '../../codegen/jit';
import type { Algorithm } from '../ir/algorithm';
import { FEATURES_VECTOR, LABEL_SCALAR, type MemoryLayout, PREDICTION_SCALAR } from '../ir/memory';
import { Interpreter } from '../interp/interpreter';
import type { RandomSource } from '../util/rng';

export interface Runner {
  setup(m: Float64Array, rng: RandomSource): void;
  readonly train: TrainFn;
  readonly validate: ValidateFn;
}

/** Runs one component function on memory `m`. */
interface Components {
  setup(m: Float64Array, rng: RandomSource): void;
  predict(m: Float64Array, rng: RandomSource): void;
  learn(m: Float64Array, rng: RandomSource): void;
}

/**
 * SPEC §4.2 `Train` and `Validate` over component functions that work on the
 * memory array. The compiled kernels (codegen/jit.ts) must agree with it bit for bit.
 */
function loopRunner(layout: MemoryLayout, run: Components): Runner {
  const F = layout.F;
  const features = layout.offset('v', FEATURES_VECTOR);
  const loadFeatures = (m: Float64Array, X: Float64Array, row: number) => {
    for (let k = 0; k < F; k++) m[features + k] = X[row * F + k]!;
  };
  return {
    setup: run.setup,
    train(m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors) {
      for (let t = begin; t < end; t++) {
        const row = order[t]!;
        loadFeatures(m, X, row);
        m[LABEL_SCALAR] = 0;
        run.predict(m, rng);
        if (accuracy) m[PREDICTION_SCALAR] = 1 / (1 + Math.exp(-m[PREDICTION_SCALAR]!));
        const y = Y[row]!;
        const e = Math.abs(y - m[PREDICTION_SCALAR]!);
        if (Number.isNaN(e) || e > maxAbsError) return begin - t - 1;
        if (errors) errors[t - begin] = e;
        loadFeatures(m, X, row);
        m[LABEL_SCALAR] = y;
        run.learn(m, rng);
      }
      return end - begin;
    },
    validate(m, rng, X, Y, n, maxAbsError, accuracy, errors) {
      let loss = 0;
      for (let t = 0; t < n; t++) {
        loadFeatures(m, X, t);
        m[LABEL_SCALAR] = 0;
        run.predict(m, rng);
        let err: number;
        if (accuracy) {
          const p = 1 / (1 + Math.exp(-m[PREDICTION_SCALAR]!));
          err = p > 1 || p < 0 ? Infinity : (Y[t]! > 0.5) === (p > 0.5) ? 0 : 1;
          loss += err;
        } else {
          err = Y[t]! - m[PREDICTION_SCALAR]!;
          loss += err * err;
        }
        const e = Math.abs(err);
        if (Number.isNaN(e) || e > maxAbsError) return -1 - t;
        if (errors) errors[t] = e;
      }
      return loss;
    },
  };
}

/** The reference: the op table's `exec` functions, one instruction at a time. */
export function interpreterRunner(alg: Algorithm, layout: MemoryLayout): Runner {
  let interp: Interpreter | null = null;
  const on = (m: Float64Array, rng: RandomSource): Interpreter => {
    // The executor allocates a fresh memory per run; reuse the interpreter while it is the same.
    if (interp === null || interp.memory !== m || interp.rng !== rng) interp = new Interpreter(layout, m, rng);
    return interp;
  };
  return loopRunner(layout, {
    setup: (m, rng) => on(m, rng).run(alg.setup),
    predict: (m, rng) => on(m, rng).run(alg.predict),
    learn: (m, rng) => on(m, rng).run(alg.learn),
  });
}

/** The generated dispatching interpreter (codegen/dispatch.ts) over a program. */
export function dispatchRunner(alg: Algorithm, layout: MemoryLayout): Runner {
  return encodedRunner(encodeProgram(alg, layout), layout);
}

/**
 * The generated dispatching interpreter over an already encoded program (a
 * class: one object per program, where closures would be four).
 */
class EncodedRunner implements Runner {
  private readonly run: DispatchFn;
  private readonly loops: DispatchLoops;

  constructor(private readonly encoded: EncodedProgram, layout: MemoryLayout) {
    this.run = dispatcherFor(layout.F);
    this.loops = dispatchLoopsFor(layout);
  }

  setup(m: Float64Array, rng: RandomSource): void {
    const { code, consts, setupEnd } = this.encoded;
    this.run(code, consts, m, rng, 0, setupEnd);
  }

  train(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, order: Int32Array,
    begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    const { code, consts, setupEnd, predictEnd, learnEnd } = this.encoded;
    return this.loops.train(code, setupEnd, predictEnd, learnEnd, m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors, consts);
  }

  validate(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, n: number,
    maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    const { code, consts, setupEnd, predictEnd } = this.encoded;
    return this.loops.validate(code, setupEnd, predictEnd, m, rng, X, Y, n, maxAbsError, accuracy, errors, consts);
  }
}

export function encodedRunner(encoded: EncodedProgram, layout: MemoryLayout): Runner {
  return new EncodedRunner(encoded, layout);
}
