/**
 * fast-check generators shared by the code generator tests: memory layouts,
 * instructions over all 65 ops (with extreme constants), whole algorithms and
 * initial memory contents.
 */
import fc from 'fast-check';
import type { Algorithm } from '../../src/ir/algorithm';
import type { Instruction } from '../../src/ir/instruction';
import { type Kind, MemoryLayout, type MemorySizes } from '../../src/ir/memory';
import { OPS, type OpSpec, operandsOf } from '../../src/ir/ops';
import { Rng } from '../../src/util/rng';
import type { StorageMode } from '../../codegen/emit';

export const MODES: readonly StorageMode[] = ['locals', 'array'];

/** Doubles worth trying everywhere. */
export const SPECIAL_DOUBLES: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 2, NaN, Infinity, -Infinity,
  1e-300, -1e-300, 1e300, -1e300, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE,
  Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 5e-324, -1e-320,
  Number.EPSILON, 1 + Number.EPSILON, 0.1, -0.3, Math.PI, 1e15, 1e21, 1e-7, 123456789.125,
];

const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 1.1754943508222875e-38;
const F32_MIN_SUBNORMAL = 1.401298464324817e-45;
/** The largest float32 below 1: the largest valid index fraction. */
export const F32_BELOW_ONE = Math.fround(1 - 2 ** -24);

/** float32 values worth trying in f0..f2. */
export const SPECIAL_FLOATS: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.25, NaN, Infinity, -Infinity,
  F32_MAX, -F32_MAX, F32_MIN_NORMAL, -F32_MIN_NORMAL, F32_MIN_SUBNORMAL, -F32_MIN_SUBNORMAL,
  Math.fround(0.1), Math.fround(-1e-30), Math.fround(1e30), Math.fround(1e-5),
].map((x) => Math.fround(x));

export const anyDouble = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_DOUBLES) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 3, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
);

export const anyFloat32 = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_FLOATS) },
  { weight: 2, arbitrary: fc.float() },
  { weight: 3, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
);

export const finiteFloat32 = anyFloat32.filter((x) => Number.isFinite(x) || Number.isNaN(x));

/** Index fractions of ops 57/58: float32 in [0, 1), edges included. */
export const indexFraction = fc.oneof(
  fc.constantFrom(0, -0, F32_BELOW_ONE, 0.5, Math.fround(1 / 3), Math.fround(0.999)),
  fc.float({ min: 0, max: F32_BELOW_ONE, noNaN: true }),
);

/** Feature sizes, the small ones weighted up; F = 32 gets short programs. */
export const featureSize = fc.oneof(
  { weight: 4, arbitrary: fc.constant(1) },
  { weight: 10, arbitrary: fc.constant(2) },
  { weight: 10, arbitrary: fc.constant(4) },
  { weight: 6, arbitrary: fc.constant(8) },
  { weight: 2, arbitrary: fc.constant(16) },
  { weight: 1, arbitrary: fc.constant(32) },
);

export const memorySizes: fc.Arbitrary<MemorySizes> = fc.record({
  scalars: fc.integer({ min: 2, max: 8 }),
  vectors: fc.integer({ min: 1, max: 5 }),
  matrices: fc.integer({ min: 0, max: 4 }),
});

const countOf = (sizes: MemorySizes, kind: Kind): number =>
  kind === 's' ? sizes.scalars : kind === 'v' ? sizes.vectors : sizes.matrices;

/** Ops whose operands all exist in a memory of these sizes (all 65 unless there are no matrices). */
export function usableOps(sizes: MemorySizes): OpSpec[] {
  return OPS.filter((op) => operandsOf(op).every(([, kind]) => countOf(sizes, kind) > 0));
}

/** One valid instruction for this memory; unused fields get random junk that must not matter. */
export function instruction(sizes: MemorySizes): fc.Arbitrary<Instruction> {
  const ops = usableOps(sizes);
  return fc.constantFrom(...ops).chain((op) => {
    const address = (kind: Kind | null) => (kind ? fc.nat({ max: countOf(sizes, kind) - 1 }) : fc.nat({ max: 3 }));
    // Uniform-set bounds stay finite: Rng.uniformOpen never returns for an infinite bound
    // (lo + u·(hi − lo) is ±Inf or NaN, never strictly inside), in both engines alike.
    const bound = op.data === 'uniform' ? finiteFloat32 : anyFloat32;
    const f0 = op.data === 'vectorConst' || op.data === 'matrixConst' ? indexFraction : bound;
    const f1 = op.data === 'matrixConst' ? indexFraction : bound;
    return fc.record({
      op: fc.constant(op.id),
      in1: address(op.in1),
      in2: address(op.in2),
      out: address(op.out),
      activation: anyDouble,
      f0, f1, f2: anyFloat32,
    });
  });
}

export function algorithm(sizes: MemorySizes, maxLength: number): fc.Arbitrary<Algorithm> {
  const list = fc.array(instruction(sizes), { maxLength });
  return fc.record({ setup: list, predict: list, learn: list });
}

/** Longest component function for each F (keeps big F cheap: one F=32 matmul unrolls to 32k terms). */
export function maxLengthFor(F: number): number {
  return F <= 4 ? 12 : F === 8 ? 8 : F === 16 ? 4 : 2;
}

/** How initial memory is filled: all zeros (as in a real run) or a seeded mix of awkward values. */
export interface MemoryFill {
  readonly kind: 'zeros' | 'mixed';
  readonly seed: number;
}

export const memoryFill: fc.Arbitrary<MemoryFill> = fc.record({
  kind: fc.constantFrom<'zeros' | 'mixed'>('zeros', 'mixed', 'mixed'),
  seed: fc.nat(),
});

/** Fills memory deterministically from `fill`: specials, raw bit patterns, small values, constant runs. */
export function fillMemory(layout: MemoryLayout, fill: MemoryFill): Float64Array {
  const m = layout.allocate();
  if (fill.kind === 'zeros') return m;
  const rng = new Rng(fill.seed);
  const bits = new DataView(new ArrayBuffer(8));
  let run = 0;
  let runValue = 0;
  for (let i = 0; i < m.length; i++) {
    if (run > 0) { m[i] = runValue; run--; continue; }
    const choice = rng.uniformInt(0, 10);
    let x: number;
    if (choice <= 1) x = SPECIAL_DOUBLES[rng.uniformInt(0, SPECIAL_DOUBLES.length)]!;
    else if (choice === 2) {
      bits.setUint32(0, rng.nextUint32());
      bits.setUint32(4, rng.nextUint32());
      x = bits.getFloat64(0);
    } else if (choice === 3) {
      x = rng.gaussian(0, 1);
      run = rng.uniformInt(1, 2 * layout.F + 1);
      runValue = x;
    } else x = rng.gaussian(0, 1) * 2 ** rng.uniformInt(-8, 9);
    m[i] = x;
  }
  return m;
}

/** A test case for one layout: F, sizes, mode, algorithm, memory, seed. */
export interface Case {
  readonly F: number;
  readonly sizes: MemorySizes;
  readonly mode: StorageMode;
  readonly alg: Algorithm;
  readonly fill: MemoryFill;
  readonly seed: number;
}

export function testCase(mode: fc.Arbitrary<StorageMode> = fc.constantFrom(...MODES)): fc.Arbitrary<Case> {
  return fc.tuple(featureSize, memorySizes).chain(([F, sizes]) => fc.record({
    F: fc.constant(F),
    sizes: fc.constant(sizes),
    mode,
    alg: algorithm(sizes, maxLengthFor(F)),
    fill: memoryFill,
    seed: fc.nat({ max: 0xffffffff }),
  }));
}

/** Index of the first element where a and b differ (NaN equals NaN, -0 differs from 0), or -1. */
export function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Names a memory offset: "v2[3]" etc. */
export function describeOffset(layout: MemoryLayout, offset: number): string {
  const { F } = layout;
  if (offset < layout.vectorBase) return `s${offset}`;
  if (offset < layout.matrixBase) {
    const rel = offset - layout.vectorBase;
    return `v${Math.floor(rel / F)}[${rel % F}]`;
  }
  const rel = offset - layout.matrixBase;
  const k = rel % layout.matrixSize;
  return `m${Math.floor(rel / layout.matrixSize)}[${Math.floor(k / F)},${k % F}]`;
}

export function describeInstruction(ins: Instruction): string {
  const op = OPS[ins.op]!;
  return `${op.name}(out=${ins.out}, in1=${ins.in1}, in2=${ins.in2}, c=${ins.activation}, f=${ins.f0},${ins.f1},${ins.f2})`;
}

export function describeAlgorithm(alg: Algorithm): string {
  return (['setup', 'predict', 'learn'] as const)
    .map((c) => `${c}: [${alg[c].map(describeInstruction).join('; ')}]`).join('\n');
}
