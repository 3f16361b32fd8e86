/** One instruction (SPEC §2.1). Plain data; unused fields are 0. */
export interface Instruction {
  readonly op: number;
  readonly in1: number;
  readonly in2: number;
  readonly out: number;
  /** Scalar constant (double). */
  readonly activation: number;
  /** Float data, always float32 values. */
  readonly f0: number;
  readonly f1: number;
  readonly f2: number;
}

export const NO_OP_INSTRUCTION: Instruction = Object.freeze({
  op: 0, in1: 0, in2: 0, out: 0, activation: 0, f0: 0, f1: 0, f2: 0,
});

export function makeInstruction(fields: Partial<Instruction> & { op: number }): Instruction {
  return {
    op: fields.op,
    in1: fields.in1 ?? 0,
    in2: fields.in2 ?? 0,
    out: fields.out ?? 0,
    activation: fields.activation ?? 0,
    f0: Math.fround(fields.f0 ?? 0),
    f1: Math.fround(fields.f1 ?? 0),
    f2: Math.fround(fields.f2 ?? 0),
  };
}

/** SPEC §2.6: addresses equal, constants within 1e-5. */
export function instructionsEqual(a: Instruction, b: Instruction): boolean {
  return a.op === b.op && a.in1 === b.in1 && a.in2 === b.in2 && a.out === b.out
    && closeEnough(a.activation, b.activation) && closeEnough(a.f0, b.f0)
    && closeEnough(a.f1, b.f1) && closeEnough(a.f2, b.f2);
}

function closeEnough(x: number, y: number): boolean {
  return Math.abs(x - y) < 1e-5 || Object.is(x, y);
}
