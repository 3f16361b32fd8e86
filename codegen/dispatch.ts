/**
 * A fast interpreter generated from the op table's templates: one `switch`
 * over dense op codes whose cases are the same `emit` templates the JIT uses,
 * instantiated with run-time offsets instead of constant ones. It is built
 * once per feature size and shared by every program, so V8 optimises it
 * within the first few evaluations, and its arithmetic is the JIT's
 * arithmetic: same expressions, same summation order.
 *
 * Programs are encoded as an Int32Array of [op, out, in1, in2] offsets
 * (4 per instruction; index ops 57/58 fold their element index into `out`)
 * and a Float64Array constant pool [activation, f0, f1, f2] at the same index.
 */
import type { Algorithm } from '../src/ir/algorithm';
import { CANONICAL_STRIDE, type CanonicalProgram } from './analysis';
import type { MemoryLayout } from '../src/ir/memory';
import { type Emitter, OPS, constIndex } from '../src/ir/ops';
import type { RandomSource } from '../src/util/rng';
import { BodyEmitter, CONSTANTS, MEMORY, RANDOM, SCRATCH, flatIndex, loopEmitter, pairwiseSum, scratchCell } from './emit';
import { TRAIN_PARAMS, VALIDATE_PARAMS, indent, ioCells, trainLoop, validateLoop } from './jit';
import { jsIndex } from './literal';

// The dispatcher reads canonical programs' constants as they are.
const STRIDE = CANONICAL_STRIDE;
const DATA_SLOT = { activation: 0, f0: 1, f1: 2, f2: 3 } as const;
const OPERAND_VAR = { out: 'o', in1: 'a', in2: 'b' } as const;

export type DispatchFn = (code: Int32Array, consts: Float64Array, m: Float64Array, rng: RandomSource, begin: number, end: number) => void;

/** An encoded program: its code, constants, and where each component function starts and ends. */
export interface EncodedProgram {
  readonly code: Int32Array;
  readonly consts: Float64Array;
  readonly setupEnd: number;
  readonly predictEnd: number;
  readonly learnEnd: number;
}

/** The op templates' emitter for run-time offsets `o`, `a`, `b` (also translated to WebAssembly). */
export function dynamicEmitter(F: number): Emitter {
  return {
    F,
    rng: RANDOM,
    cell(which, idx) {
      const v = OPERAND_VAR[which];
      if (idx === 0) return `${MEMORY}[${v}]`;
      return `${MEMORY}[${v} + ${typeof idx === 'number' ? jsIndex(idx) : idx}]`;
    },
    flat: (i, j) => flatIndex(F, i, j),
    each: loopEmitter(),
    sum: pairwiseSum,
    temp: () => scratchCell,
    // The element index is folded into the `out` offset when the program is encoded.
    index: () => 0,
    data: (field) => `C[pc + ${DATA_SLOT[field]}]`,
  };
}

export function generateDispatchSource(F: number): string {
  const cases: string[] = [];
  for (const op of OPS) {
    const body = op.emit(dynamicEmitter(F));
    cases.push(`      case ${op.id}: {`, ...body.map((l) => `        ${l}`), '        break;', '      }');
  }
  return [
    '"use strict";',
    `const ${SCRATCH} = new Float64Array(${jsIndex(F * F)});`,
    `return function run(code, C, ${MEMORY}, ${RANDOM}, begin, end) {`,
    `  for (let pc = begin; pc < end; pc += ${STRIDE}) {`,
    '    const o = code[pc + 1], a = code[pc + 2], b = code[pc + 3];',
    '    switch (code[pc]) {',
    ...cases,
    `      default: throw new RangeError('unsupported op id ' + code[pc]);`,
    '    }',
    '  }',
    '};',
  ].join('\n');
}

const dispatchers = new Map<number, DispatchFn>();

/** The shared dispatcher for feature size F (generated once). */
export function dispatcherFor(F: number): DispatchFn {
  let fn = dispatchers.get(F);
  if (!fn) {
    fn = new Function(generateDispatchSource(F))() as DispatchFn;
    dispatchers.set(F, fn);
  }
  return fn;
}

// Per op, as small integers, what encoding needs (it runs for every candidate):
// each operand's kind (-1 none, else the kind code of MemoryLayout.bases) and whether the
// output offset takes an element index (1 vector, 2 matrix) from f0 and f1.
const KIND_CODE = { s: 0, v: 1, m: 2 } as const;
const OUT_KIND = Int8Array.from(OPS, (op) => (op.out ? KIND_CODE[op.out] : -1));
const IN1_KIND = Int8Array.from(OPS, (op) => (op.in1 ? KIND_CODE[op.in1] : -1));
const IN2_KIND = Int8Array.from(OPS, (op) => (op.in2 ? KIND_CODE[op.in2] : -1));
const ELEMENT_OUT = Int8Array.from(OPS, (op) => (op.data === 'vectorConst' ? 1 : op.data === 'matrixConst' ? 2 : 0));

/** Writes one instruction's [op, out, in1, in2] offsets at `at` (the layout's `bases` and `widths`). */
function encodeInstruction(
  code: Int32Array, at: number, opId: number, in1: number, in2: number, out: number, f0: number, f1: number,
  F: number, bases: Int32Array, widths: Int32Array,
): void {
  const o = OUT_KIND[opId]!;
  const a = IN1_KIND[opId]!;
  const b = IN2_KIND[opId]!;
  let outOffset = o >= 0 ? bases[o]! + out * widths[o]! : 0;
  const element = ELEMENT_OUT[opId]!;
  if (element === 1) outOffset += constIndex(F, f0);
  else if (element === 2) outOffset += constIndex(F, f0) * F + constIndex(F, f1);
  code[at] = opId;
  code[at + 1] = outOffset;
  code[at + 2] = a >= 0 ? bases[a]! + in1 * widths[a]! : 0;
  code[at + 3] = b >= 0 ? bases[b]! + in2 * widths[b]! : 0;
}

/** The constant pool alone (for compiled kernels that read their constants as data). */
export function constantPoolOf(alg: Algorithm): Float64Array {
  const all = [...alg.setup, ...alg.predict, ...alg.learn];
  const consts = new Float64Array(all.length * STRIDE);
  all.forEach((ins, i) => {
    consts[i * STRIDE] = ins.activation;
    consts[i * STRIDE + 1] = ins.f0;
    consts[i * STRIDE + 2] = ins.f1;
    consts[i * STRIDE + 3] = ins.f2;
  });
  return consts;
}

/**
 * Encodes a canonical program for `layout`: only the offsets are computed,
 * its constants are already in the dispatcher's order. The code goes `into`
 * the array given if it is long enough (it may then run on past the end).
 */
export function encodeCanonical(canonical: CanonicalProgram, layout: MemoryLayout, into?: Int32Array): EncodedProgram {
  const code = encodeCanonicalCode(canonical, layout, canonical.length, into);
  const setupEnd = canonical.setupLength * STRIDE;
  const predictEnd = setupEnd + canonical.predictLength * STRIDE;
  return { code, consts: canonical.consts, setupEnd, predictEnd, learnEnd: predictEnd + canonical.learnLength * STRIDE };
}

/** The code of a canonical program's first `instructions` instructions (Setup's alone: `setupLength`), as encodeCanonical. */
export function encodeCanonicalCode(canonical: CanonicalProgram, layout: MemoryLayout, instructions: number, into?: Int32Array): Int32Array {
  const { code: names, consts } = canonical;
  const words = instructions * STRIDE;
  const code = into && into.length >= words ? into : new Int32Array(words);
  const { bases, widths } = layout;
  for (let i = 0; i < words; i += STRIDE) {
    encodeInstruction(code, i, names[i]!, names[i + 1]!, names[i + 2]!, names[i + 3]!, consts[i + 1]!, consts[i + 2]!, layout.F, bases, widths);
  }
  return code;
}

/** Encodes a validated algorithm for `layout`. */
export function encodeProgram(alg: Algorithm, layout: MemoryLayout): EncodedProgram {
  const all = [...alg.setup, ...alg.predict, ...alg.learn];
  const code = new Int32Array(all.length * STRIDE);
  const { bases, widths } = layout;
  all.forEach((ins, i) => encodeInstruction(code, i * STRIDE, ins.op, ins.in1, ins.in2, ins.out, ins.f0, ins.f1, layout.F, bases, widths));
  const consts = constantPoolOf(alg);
  const setupEnd = alg.setup.length * STRIDE;
  const predictEnd = setupEnd + alg.predict.length * STRIDE;
  return { code, consts, setupEnd, predictEnd, learnEnd: predictEnd + alg.learn.length * STRIDE };
}

/** Training and validation loops around the dispatcher, shared by all programs of one layout. */
export interface DispatchLoops {
  train(
    code: Int32Array, predictBegin: number, predictEnd: number, learnEnd: number,
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, order: Int32Array,
    begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null, consts: Float64Array,
  ): number;
  validate(
    code: Int32Array, predictBegin: number, predictEnd: number,
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, n: number,
    maxAbsError: number, accuracy: boolean, errors: Float64Array | null, consts: Float64Array,
  ): number;
}

/** The executor loops of jit.ts with each component function replaced by a call to the dispatcher. */
export function generateDispatchLoopsSource(layout: MemoryLayout): string {
  const io = ioCells(new BodyEmitter(layout, 'array'));
  const predict = [`run(code, ${CONSTANTS}, ${MEMORY}, ${RANDOM}, predictBegin, predictEnd);`];
  const learn = [`run(code, ${CONSTANTS}, ${MEMORY}, ${RANDOM}, predictEnd, learnEnd);`];
  const fn = (name: string, params: string, body: string[]) =>
    [`function ${name}(${params}) {`, ...indent(body, 1), '}'].join('\n');
  return [
    '"use strict";',
    'return function (run) {',
    fn('train', `code, predictBegin, predictEnd, learnEnd, ${TRAIN_PARAMS}`, trainLoop({ io, predict, learn, store: [] })),
    fn('validate', `code, predictBegin, predictEnd, ${VALIDATE_PARAMS}`, validateLoop({ io, predict, store: [] })),
    'return { train, validate };',
    '};',
  ].join('\n');
}

const loopsByLayout = new Map<string, DispatchLoops>();

export function dispatchLoopsFor(layout: MemoryLayout): DispatchLoops {
  const key = `${layout.F}:${layout.vectorBase}`;
  let loops = loopsByLayout.get(key);
  if (!loops) {
    const make = new Function(generateDispatchLoopsSource(layout))() as (run: DispatchFn) => DispatchLoops;
    loops = make(dispatcherFor(layout.F));
    loopsByLayout.set(key, loops);
  }
  return loops;
}
