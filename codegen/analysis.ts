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
  return marks;
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
   * The same with constants left out (but element indexes of ops 57/58 kept):
   * programs of one shape can share one compiled kernel that reads its constants as data.
   */
  readonly shapeKey: string;
}

/** Canonical form of an already simplified program (see `simplify`). */
export function canonicalize(simplified: Algorithm): CanonicalProgram {
  const names = new Map<number, number>();
  const next: Record<Kind, number> = { s: 2, v: 1, m: 0 };
  const rename = (kind: Kind, addr: number): number => {
    const key = cellKey(kind, addr);
    if (key === LABEL || key === PREDICTION || key === FEATURES) return addr;
    let name = names.get(key);
    if (name === undefined) {
      name = next[kind]++;
      names.set(key, name);
    }
    return name;
  };
  const shape: string[] = [];
  const constants: string[] = [];
  const renamed = (list: readonly Instruction[]): Instruction[] => list.map((ins) => {
    const op = OPS[ins.op]!;
    const in1 = op.in1 ? rename(op.in1, ins.in1) : 0;
    const in2 = op.in2 ? rename(op.in2, ins.in2) : 0;
    const out = op.out ? rename(op.out, ins.out) : 0;
    let s = `${ins.op},${in1},${in2},${out}`;
    switch (op.data) {
      case 'scalarConst': constants.push(exact(ins.activation)); break;
      case 'vectorConst': s += `,${exact(ins.f0)}`; constants.push(exact(ins.f1)); break;
      case 'matrixConst': s += `,${exact(ins.f0)},${exact(ins.f1)}`; constants.push(exact(ins.f2)); break;
      case 'gaussian': case 'uniform': constants.push(`${exact(ins.f0)},${exact(ins.f1)}`); break;
      case 'none': break;
    }
    shape.push(s);
    return { ...ins, in1, in2, out };
  });
  const program: Algorithm = { setup: [], predict: [], learn: [] };
  for (const c of COMPONENTS) {
    (program[c] as Instruction[]) = renamed(simplified[c]);
    shape.push('|');
  }
  const shapeKey = shape.join(';');
  return { program, shapeKey, key: `${shapeKey}#${constants.join(';')}` };
}

export function canonicalKey(simplified: Algorithm): string {
  return canonicalize(simplified).key;
}
