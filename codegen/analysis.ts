/**
 * Whole-life data-flow analysis of an algorithm: Setup runs once, then Predict
 * and Learn alternate over training examples, then Predict runs alone over
 * validation examples (and training may resume for further epochs). An
 * instruction is live if its result can reach a prediction (s1 after Predict).
 *
 * The executor writes v0 (features) and s0 (label) before every Predict and
 * Learn, so their previous contents never matter there. Random ops are always
 * kept: removing one would shift the random stream seen by the others.
 */
import type { Algorithm, ComponentName } from '../src/ir/algorithm';
import { COMPONENTS } from '../src/ir/algorithm';
import type { Instruction } from '../src/ir/instruction';
import { FEATURES_VECTOR, type Kind, LABEL_SCALAR, PREDICTION_SCALAR } from '../src/ir/memory';
import { OPS } from '../src/ir/ops';

const KIND_TAG: Record<Kind, number> = { s: 0, v: 1, m: 2 };
const cellKey = (kind: Kind, addr: number): number => KIND_TAG[kind] * 65536 + addr;
const LABEL = cellKey('s', LABEL_SCALAR);
const PREDICTION = cellKey('s', PREDICTION_SCALAR);
const FEATURES = cellKey('v', FEATURES_VECTOR);

export type LiveMap = Record<ComponentName, boolean[]>;

/** Ops that write only part of their output (a single element). */
function writesPartially(ins: Instruction): boolean {
  const data = OPS[ins.op]!.data;
  return data === 'vectorConst' || data === 'matrixConst';
}

/** Backward pass over one component function; returns the live-in set. */
function backward(list: readonly Instruction[], liveOut: ReadonlySet<number>, marks: boolean[]): Set<number> {
  const live = new Set(liveOut);
  for (let i = list.length - 1; i >= 0; i--) {
    const ins = list[i]!;
    const op = OPS[ins.op]!;
    const out = op.out ? cellKey(op.out, ins.out) : -1;
    const isLive = op.random || (out >= 0 && live.has(out));
    marks[i] = isLive;
    if (!isLive) continue;
    if (out >= 0 && !writesPartially(ins)) live.delete(out);
    if (op.in1) live.add(cellKey(op.in1, ins.in1));
    if (op.in2) live.add(cellKey(op.in2, ins.in2));
  }
  return live;
}

function withoutInputs(set: ReadonlySet<number>): Set<number> {
  const s = new Set(set);
  s.delete(FEATURES);
  s.delete(LABEL);
  return s;
}

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function liveness(alg: Algorithm): LiveMap {
  const marks: LiveMap = {
    setup: new Array<boolean>(alg.setup.length).fill(false),
    predict: new Array<boolean>(alg.predict.length).fill(false),
    learn: new Array<boolean>(alg.learn.length).fill(false),
  };
  if (!livenessInBits(alg, marks)) livenessInSets(alg, marks);
  return marks;
}

function livenessInSets(alg: Algorithm, marks: LiveMap): void {
  let predictIn = new Set<number>();
  let learnIn = new Set<number>();
  for (;;) {
    // After Predict: the prediction, whatever Learn needs, and whatever the next Predict needs.
    const predictOut = withoutInputs(new Set([...learnIn, ...predictIn]));
    predictOut.add(PREDICTION);
    const nextPredictIn = backward(alg.predict, predictOut, marks.predict);
    const nextLearnIn = backward(alg.learn, withoutInputs(nextPredictIn), marks.learn);
    if (sameSet(nextPredictIn, predictIn) && sameSet(nextLearnIn, learnIn)) break;
    predictIn = nextPredictIn;
    learnIn = nextLearnIn;
  }
  backward(alg.setup, withoutInputs(predictIn), marks.setup);
}

// The same analysis with sets of cells as bits of one integer, for programs
// touching at most 31 distinct addresses (every search we know of): liveness
// runs once per candidate, so it must cost far less than an evaluation.
const KIND_CODE: Record<Kind, number> = { s: 0, v: 1, m: 2 };
const OUT_KIND = Int8Array.from(OPS, (op) => (op.out ? KIND_CODE[op.out] : -1));
const IN1_KIND = Int8Array.from(OPS, (op) => (op.in1 ? KIND_CODE[op.in1] : -1));
const IN2_KIND = Int8Array.from(OPS, (op) => (op.in2 ? KIND_CODE[op.in2] : -1));
const KEEP_ALWAYS = Uint8Array.from(OPS, (op) => (op.random ? 1 : 0));
const PARTIAL_WRITE = Uint8Array.from(OPS, (op) => (op.data === 'vectorConst' || op.data === 'matrixConst' ? 1 : 0));

function livenessInBits(alg: Algorithm, marks: LiveMap): boolean {
  // Bit of (kind, addr) = base[kind] + addr, with bases sized by the largest address used.
  const top = [LABEL_SCALAR, FEATURES_VECTOR, -1];
  top[0] = Math.max(top[0]!, PREDICTION_SCALAR);
  for (const c of COMPONENTS) {
    for (const ins of alg[c]) {
      const o = OUT_KIND[ins.op]!; const a = IN1_KIND[ins.op]!; const b = IN2_KIND[ins.op]!;
      if (o >= 0 && ins.out > top[o]!) top[o] = ins.out;
      if (a >= 0 && ins.in1 > top[a]!) top[a] = ins.in1;
      if (b >= 0 && ins.in2 > top[b]!) top[b] = ins.in2;
    }
  }
  const base = [0, top[0]! + 1, top[0]! + top[1]! + 2];
  if (base[2]! + top[2]! + 1 > 31) return false;
  const bit = (kind: number, addr: number) => 1 << (base[kind]! + addr);
  const inputs = bit(0, LABEL_SCALAR) | bit(1, FEATURES_VECTOR);
  const prediction = bit(0, PREDICTION_SCALAR);
  const pass = (list: readonly Instruction[], liveOut: number, out: boolean[]): number => {
    let live = liveOut;
    for (let i = list.length - 1; i >= 0; i--) {
      const ins = list[i]!;
      const op = ins.op;
      const o = OUT_KIND[op]!;
      const outBit = o >= 0 ? bit(o, ins.out) : 0;
      const isLive = KEEP_ALWAYS[op] === 1 || (live & outBit) !== 0;
      out[i] = isLive;
      if (!isLive) continue;
      if (PARTIAL_WRITE[op] === 0) live &= ~outBit;
      const a = IN1_KIND[op]!;
      if (a >= 0) live |= bit(a, ins.in1);
      const b = IN2_KIND[op]!;
      if (b >= 0) live |= bit(b, ins.in2);
    }
    return live;
  };
  let predictIn = 0;
  let learnIn = 0;
  for (;;) {
    const nextPredictIn = pass(alg.predict, ((learnIn | predictIn) & ~inputs) | prediction, marks.predict);
    const nextLearnIn = pass(alg.learn, nextPredictIn & ~inputs, marks.learn);
    if (nextPredictIn === predictIn && nextLearnIn === learnIn) break;
    predictIn = nextPredictIn;
    learnIn = nextLearnIn;
  }
  pass(alg.setup, predictIn & ~inputs, marks.setup);
  return true;
}

/** The algorithm with dead instructions removed: same predictions, less work. */
export function simplify(alg: Algorithm, live: LiveMap = liveness(alg)): Algorithm {
  return {
    setup: alg.setup.filter((_, i) => live.setup[i]),
    predict: alg.predict.filter((_, i) => live.predict[i]),
    learn: alg.learn.filter((_, i) => live.learn[i]),
  };
}

export function hasRandomOps(alg: Algorithm): boolean {
  return COMPONENTS.some((c) => alg[c].some((ins) => OPS[ins.op]!.random));
}

const exact = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** A program in canonical form: live code only, addresses renamed in order of first use. */
export interface CanonicalProgram {
  readonly program: Algorithm;
  /** Equal keys mean identical instructions, constants included: identical behaviour. */
  readonly key: string;
  /**
   * Predict and Learn only, constants left out (element indexes of ops 57/58
   * kept): programs of one shape can share one compiled kernel for the
   * training and validation loops, with constants and Setup's results as data.
   */
  readonly shapeKey: string;
}

/** Canonical form of an already simplified program (see `simplify`). */
export function canonicalize(simplified: Algorithm): CanonicalProgram {
  // New names by kind, indexed by old address; reserved addresses keep theirs.
  const names: Array<Map<number, number>> = [new Map(), new Map(), new Map()];
  const next = [2, 1, 0];
  const rename = (kind: number, addr: number): number => {
    if ((kind === 0 && (addr === LABEL_SCALAR || addr === PREDICTION_SCALAR)) || (kind === 1 && addr === FEATURES_VECTOR)) return addr;
    const table = names[kind]!;
    let name = table.get(addr);
    if (name === undefined) {
      name = next[kind]!++;
      table.set(addr, name);
    }
    return name;
  };
  let shape = '';
  let constants = '';
  const renamed = (list: readonly Instruction[]): Instruction[] => list.map((ins) => {
    const op = ins.op;
    const spec = OPS[op]!;
    const a = IN1_KIND[op]!;
    const b = IN2_KIND[op]!;
    const o = OUT_KIND[op]!;
    const in1 = a >= 0 ? rename(a, ins.in1) : 0;
    const in2 = b >= 0 ? rename(b, ins.in2) : 0;
    const out = o >= 0 ? rename(o, ins.out) : 0;
    shape += `${op},${in1},${in2},${out}`;
    switch (spec.data) {
      case 'scalarConst': constants += `${exact(ins.activation)};`; break;
      case 'vectorConst': shape += `,${exact(ins.f0)}`; constants += `${exact(ins.f1)};`; break;
      case 'matrixConst': shape += `,${exact(ins.f0)},${exact(ins.f1)}`; constants += `${exact(ins.f2)};`; break;
      case 'gaussian': case 'uniform': constants += `${exact(ins.f0)},${exact(ins.f1)};`; break;
      case 'none': break;
    }
    shape += ';';
    return { op, in1, in2, out, activation: ins.activation, f0: ins.f0, f1: ins.f1, f2: ins.f2 };
  });
  // Predict and Learn first: their names, and so the shape of the kernel that
  // runs them, must not depend on what Setup looks like.
  const predict = renamed(simplified.predict);
  shape += '|';
  const learn = renamed(simplified.learn);
  const shapeKey = shape;
  shape += '|';
  const setup = renamed(simplified.setup);
  return { program: { setup, predict, learn }, shapeKey, key: `${shape}#${constants}` };
}

export function canonicalKey(simplified: Algorithm): string {
  return canonicalize(simplified).key;
}
