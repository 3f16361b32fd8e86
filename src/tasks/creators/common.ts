/**
 * Helpers shared by the synthetic task creators (SPEC §5.3).
 */
import type { Instruction } from '../../ir/instruction';
import { makeInstruction } from '../../ir/instruction';
import { FEATURES_VECTOR, LABEL_SCALAR, MemoryLayout, PREDICTION_SCALAR } from '../../ir/memory';
import { opByName } from '../../ir/ops';
import { Interpreter } from '../../interp/interpreter';
import type { RandomSource } from '../../util/rng';
import type { Rng } from '../../util/rng';

/** n·F draws N(0,1), example by example, element 0..F−1. */
export function gaussianFeatures(rng: Rng, n: number, F: number): Float64Array {
  const out = new Float64Array(n * F);
  for (let i = 0; i < out.length; i++) out[i] = rng.gaussian(0, 1);
  return out;
}

/** An instruction from an op name and its addresses. */
export function instr(opName: string, out: number, in1 = 0, in2 = 0): Instruction {
  const op = opByName(opName);
  if (op === undefined) throw new Error(`unknown op ${opName}`);
  return makeInstruction({ op: op.id, out, in1, in2 });
}

/** Label generators never execute random ops. */
const NO_RANDOMNESS: RandomSource = {
  uniformOpen(): number { throw new Error('teacher Predict must not draw random numbers'); },
  gaussian(): number { throw new Error('teacher Predict must not draw random numbers'); },
};

/**
 * A hand-made Predict run through the reference interpreter on a memory
 * prepared once by `prepare` (no Setup; memory wiped once and reused across
 * examples, as the original does).
 */
export class TeacherLabeler {
  private readonly layout: MemoryLayout;
  private readonly memory: Float64Array;
  private readonly interp: Interpreter;

  constructor(
    readonly F: number,
    sizes: { scalars: number; vectors: number; matrices: number },
    private readonly predict: readonly Instruction[],
  ) {
    this.layout = new MemoryLayout(F, sizes);
    this.memory = this.layout.allocate();
    this.interp = new Interpreter(this.layout, this.memory, NO_RANDOMNESS);
  }

  /** Writes `values` into vector address `addr`. */
  setVector(addr: number, values: Float64Array): void {
    this.memory.set(values, this.layout.offset('v', addr));
  }

  /** Writes an F×F row-major matrix into matrix address `addr`. */
  setMatrix(addr: number, values: Float64Array): void {
    this.memory.set(values, this.layout.offset('m', addr));
  }

  /** Labels for n examples stored row-major in `features`. */
  label(features: Float64Array, n: number): Float64Array {
    const F = this.F;
    const labels = new Float64Array(n);
    const v0 = this.layout.offset('v', FEATURES_VECTOR);
    for (let k = 0; k < n; k++) {
      this.memory.set(features.subarray(k * F, (k + 1) * F), v0);
      this.memory[LABEL_SCALAR] = 0;
      this.interp.run(this.predict);
      labels[k] = this.memory[PREDICTION_SCALAR]!;
    }
    return labels;
  }
}
