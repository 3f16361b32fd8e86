/** Shared fixtures for the text tests. */
import fc from 'fast-check';
import type { Algorithm } from '../../src/ir/algorithm';
import { makeInstruction, type Instruction } from '../../src/ir/instruction';
import type { Kind, MemorySizes } from '../../src/ir/memory';
import { OPS } from '../../src/ir/ops';

export const SIZES: MemorySizes = { scalars: 20, vectors: 20, matrices: 20 };

/** Fields compared bit for bit (Object.is), so NaN and -0 count. */
export function sameInstruction(a: Instruction, b: Instruction): boolean {
  return (['op', 'in1', 'in2', 'out', 'activation', 'f0', 'f1', 'f2'] as const).every((k) => Object.is(a[k], b[k]));
}

export function sameAlgorithm(a: Algorithm, b: Algorithm): boolean {
  return (['setup', 'predict', 'learn'] as const).every((c) =>
    a[c].length === b[c].length && a[c].every((ins, i) => sameInstruction(ins, b[c][i]!)));
}

const float32 = fc.float({ noDefaultInfinity: false });
/** Index fractions in [0, 1), including the largest float32 below 1 (which %g prints as `1`). */
const fraction = fc.oneof(
  fc.float({ min: 0, max: Math.fround(1 - 2 ** -24), noNaN: true }),
  fc.constantFrom(0, 0.375, 0.99999994, Math.fround(0.9999995)),
).map((f) => Math.abs(f));
const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-10, 0.001, -0.0331, 0.01);
const activation = fc.oneof(fc.double(), special);
const floatData = fc.oneof(float32, special.map(Math.fround));

function address(kind: Kind | null, sizes: MemorySizes) {
  if (kind === null) return fc.constant(0);
  const n = kind === 's' ? sizes.scalars : kind === 'v' ? sizes.vectors : sizes.matrices;
  return fc.integer({ min: 0, max: n - 1 });
}

/** A valid instruction: only the fields its op uses are non-zero. */
export function arbInstruction(sizes: MemorySizes = SIZES): fc.Arbitrary<Instruction> {
  return fc.integer({ min: 0, max: OPS.length - 1 }).chain((id) => {
    const op = OPS[id]!;
    const zero = fc.constant(0);
    const f = (used: boolean, index: boolean) => (!used ? zero : index ? fraction : floatData);
    const d = op.data;
    return fc.record({
      in1: address(op.in1, sizes), in2: address(op.in2, sizes), out: address(op.out, sizes),
      activation: d === 'scalarConst' ? activation : zero,
      f0: f(d !== 'none' && d !== 'scalarConst', d === 'vectorConst' || d === 'matrixConst'),
      f1: f(d === 'vectorConst' || d === 'matrixConst' || d === 'uniform' || d === 'gaussian', d === 'matrixConst'),
      f2: f(d === 'matrixConst', false),
    }).map((fields) => makeInstruction({ ...fields, op: id }));
  });
}

export function arbAlgorithm(sizes: MemorySizes = SIZES): fc.Arbitrary<Algorithm> {
  const list = fc.array(arbInstruction(sizes), { maxLength: 8 });
  return fc.record({ setup: list, predict: list, learn: list });
}
