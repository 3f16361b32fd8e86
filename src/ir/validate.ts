import type { Algorithm } from './algorithm';
import { COMPONENTS } from './algorithm';
import type { Instruction } from './instruction';
import type { MemorySizes } from './memory';
import { OPS, operandsOf } from './ops';

/** Where a problem was found, for error messages. */
export interface InstructionSite {
  readonly component: string;
  readonly index: number;
}

/**
 * Checks one instruction against the op table and the memory sizes. Returns a
 * description of the first problem, or null. Everything that reaches the
 * interpreter or the code generator has passed this check.
 */
export function instructionProblem(ins: Instruction, sizes: MemorySizes): string | null {
  if (!Number.isInteger(ins.op) || ins.op < 0 || ins.op >= OPS.length) return `unknown op id ${ins.op}`;
  const op = OPS[ins.op]!;
  for (const [which, kind] of operandsOf(op)) {
    const addr = ins[which];
    const limit = kind === 's' ? sizes.scalars : kind === 'v' ? sizes.vectors : sizes.matrices;
    if (!Number.isInteger(addr) || addr < 0 || addr >= limit) {
      return `${op.name}: ${which} address ${kind}${addr} is outside the memory (${limit} ${kind === 's' ? 'scalar' : kind === 'v' ? 'vector' : 'matrix'} addresses)`;
    }
  }
  for (const field of ['activation', 'f0', 'f1', 'f2'] as const) {
    if (typeof ins[field] !== 'number') return `${op.name}: ${field} is not a number`;
  }
  for (const field of ['f0', 'f1', 'f2'] as const) {
    if (!Object.is(Math.fround(ins[field]), ins[field])) return `${op.name}: ${field} is not a float32 value`;
  }
  const indexFields = op.data === 'vectorConst' ? ['f0'] : op.data === 'matrixConst' ? ['f0', 'f1'] : [];
  for (const field of indexFields as Array<'f0' | 'f1'>) {
    const f = ins[field];
    if (!(f >= 0 && f < 1)) return `${op.name}: index fraction ${field} = ${f} must be in [0, 1)`;
  }
  return null;
}

export class InvalidAlgorithmError extends Error {
  constructor(message: string, readonly site?: InstructionSite) {
    super(message);
    this.name = 'InvalidAlgorithmError';
  }
}

export function validateAlgorithm(alg: Algorithm, sizes: MemorySizes): void {
  for (const component of COMPONENTS) {
    alg[component].forEach((ins, index) => {
      const problem = instructionProblem(ins, sizes);
      if (problem) {
        throw new InvalidAlgorithmError(`${component} instruction ${index + 1}: ${problem}`, { component, index });
      }
    });
  }
}
