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

/**
 * Every instruction object is made here, so that all have one shape. The
 * first one made has doubles in its constant fields: V8 then gives the shape
 * double fields from the start, instead of small-integer fields that the
 * first non-integer constant would turn into a new shape, leaving the hot
 * code that reads instructions (liveness, canonical form) with several shapes
 * to tell apart (measured: megamorphic loads, 6% of a search's time).
 */
export function newInstruction(
  op: number, in1: number, in2: number, out: number, activation: number, f0: number, f1: number, f2: number,
): Instruction {
  return { op, in1, in2, out, activation, f0, f1, f2 };
}
newInstruction(0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5);

export const NO_OP_INSTRUCTION: Instruction = Object.freeze(newInstruction(0, 0, 0, 0, 0, 0, 0, 0));

export function makeInstruction(fields: Partial<Instruction> & { op: number }): Instruction {
  return newInstruction(fields.op, fields.in1 ?? 0, fields.in2 ?? 0, fields.out ?? 0, fields.activation ?? 0,
    Math.fround(fields.f0 ?? 0), Math.fround(fields.f1 ?? 0), Math.fround(fields.f2 ?? 0));
}

/** SPEC §2.6: addresses equal, constants within 1e-5. */
export function instructionsEqual(a: Instruction, b: Instruction): boolean {
  return a.op === b.op && a.in1 === b.in1 && a.in2 === b.in2 && a.out === b.out
    && closeEnough(a.activation, b.activation) && closeEnough(a.f0, b.f0)
    && closeEnough(a.f1, b.f1) && closeEnough(a.f2, b.f2);
}

/** Bit for bit the same instruction (the same behaviour, and the same canonical key). */
export function instructionsIdentical(a: Instruction, b: Instruction): boolean {
  return a.op === b.op && a.in1 === b.in1 && a.in2 === b.in2 && a.out === b.out && Object.is(a.activation, b.activation)
    && Object.is(a.f0, b.f0) && Object.is(a.f1, b.f1) && Object.is(a.f2, b.f2);
}

function closeEnough(x: number, y: number): boolean {
  return Math.abs(x - y) < 1e-5 || Object.is(x, y);
}
