/**
 * Random instructions and parameter alterations (SPEC §2.4, §2.5), driven by
 * the op table's operand kinds and data kinds.
 */
import { type Instruction, newInstruction } from '../ir/instruction';
import { FIRST_OUT, type Kind, type MemorySizes } from '../ir/memory';
import { type OpSpec, OPS } from '../ir/ops';
import type { Rng } from '../util/rng';

/** Probability that a constant's sign flips instead of being log-scaled. */
export const SIGN_FLIP_PROB = 0.1;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Randomizer {
  constructor(readonly sizes: MemorySizes, readonly rng: Rng) {}

  private count(kind: Kind): number {
    return kind === 's' ? this.sizes.scalars : kind === 'v' ? this.sizes.vectors : this.sizes.matrices;
  }

  inAddress(kind: Kind): number {
    return this.rng.uniformInt(0, this.count(kind));
  }

  outAddress(kind: Kind): number {
    return this.rng.uniformInt(FIRST_OUT[kind], this.count(kind));
  }

  /** `SetOpAndRandomizeParams`: a fresh instruction of op `opId` with random parameters. */
  instruction(opId: number): Instruction {
    const op = OPS[opId]!;
    const ins: Mutable<Instruction> = newInstruction(opId, 0, 0, 0, 0, 0, 0, 0);
    if (op.cls === 'D') {
      ins.out = this.outAddress(op.out!);
      this.randomizeData(op, ins);
      return ins;
    }
    if (op.in1) ins.in1 = this.inAddress(op.in1);
    if (op.in2) ins.in2 = this.inAddress(op.in2);
    if (op.out) ins.out = this.outAddress(op.out);
    return ins;
  }

  private randomizeData(op: OpSpec, ins: Mutable<Instruction>): void {
    const rng = this.rng;
    switch (op.data) {
      case 'scalarConst': ins.activation = rng.uniformOpen(-1, 1); break;
      case 'vectorConst': ins.f0 = rng.uniformFloat(0, 1); ins.f1 = rng.uniformFloat(-1, 1); break;
      case 'matrixConst':
        ins.f0 = rng.uniformFloat(0, 1); ins.f1 = rng.uniformFloat(0, 1); ins.f2 = rng.uniformFloat(-1, 1); break;
      case 'gaussian': ins.f0 = rng.uniformFloat(-1, 1); ins.f1 = rng.uniformFloat(0, 1); break;
      case 'uniform': ins.f0 = rng.uniformFloat(-1, 1); ins.f1 = rng.uniformFloat(-1, 1); break;
      case 'none': break;
    }
  }

  /** `AlterParam`: a copy with one address re-drawn or one constant altered. */
  alterParam(original: Instruction): Instruction {
    const op = OPS[original.op]!;
    const o = original;
    const ins: Mutable<Instruction> = newInstruction(o.op, o.in1, o.in2, o.out, o.activation, o.f0, o.f1, o.f2);
    const rng = this.rng;
    switch (op.cls) {
      case 'Z': break;
      case 'U':
        if (rng.uniformInt(0, 2) === 0) ins.in1 = this.inAddress(op.in1!);
        else ins.out = this.outAddress(op.out!);
        break;
      case 'B': {
        const which = rng.uniformInt(0, 3);
        if (which === 0) ins.in1 = this.inAddress(op.in1!);
        else if (which === 1) ins.in2 = this.inAddress(op.in2!);
        else ins.out = this.outAddress(op.out!);
        break;
      }
      case 'D':
        if (rng.uniformInt(0, 2) === 0) ins.out = this.outAddress(op.out!);
        else this.alterData(op, ins);
        break;
    }
    return ins;
  }

  private alterData(op: OpSpec, ins: Mutable<Instruction>): void {
    const rng = this.rng;
    switch (op.data) {
      case 'scalarConst': ins.activation = this.logScaleOrFlip(ins.activation); break;
      case 'vectorConst':
        if (rng.uniformInt(0, 2) === 0) ins.f0 = rng.uniformFloat(0, 1);
        else ins.f1 = Math.fround(this.logScaleOrFlip(ins.f1));
        break;
      case 'matrixConst': {
        const which = rng.uniformInt(0, 3);
        if (which === 0) ins.f0 = rng.uniformFloat(0, 1);
        else if (which === 1) ins.f1 = rng.uniformFloat(0, 1);
        else ins.f2 = Math.fround(this.logScaleOrFlip(ins.f2));
        break;
      }
      case 'gaussian':
        if (rng.uniformInt(0, 2) === 0) ins.f0 = Math.fround(this.logScaleOrFlip(ins.f0));
        else ins.f1 = Math.fround(this.logScale(ins.f1));
        break;
      case 'uniform': {
        let lo = ins.f0;
        let hi = ins.f1;
        if (rng.uniformInt(0, 2) === 0) lo = Math.fround(this.logScaleOrFlip(lo));
        else hi = Math.fround(this.logScaleOrFlip(hi));
        ins.f0 = Math.min(lo, hi);
        ins.f1 = Math.max(lo, hi);
        break;
      }
      case 'none': break;
    }
  }

  /** Multiplies |x| by a log-normal factor, keeping the sign; zero stays zero. */
  logScale(x: number): number {
    const g = this.rng.gaussian(0, 1);
    return x > 0 ? Math.exp(Math.log(x) + g) : -Math.exp(Math.log(-x) + g);
  }

  logScaleOrFlip(x: number): number {
    return this.rng.uniformProbability() < SIGN_FLIP_PROB ? -x : this.logScale(x);
  }
}
