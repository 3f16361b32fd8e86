/**
 * Constant folding over the whole life of a program (Setup once, then Predict
 * and Learn alternating over training examples, Predict alone in validation,
 * further epochs after that).
 *
 * A forward constant-propagation analysis tracks, for every scalar address,
 * whether it holds the same double (compared with Object.is, so -0 and NaN are
 * exact) every time control reaches a point. Memory starts zeroed; the
 * executor sets s0 = 0 before every Predict and s0 = label before every Learn;
 * for ACCURACY tasks it writes sigmoid(s1) into s1 before Learn, so s1 is
 * unknown when Learn starts whatever Predict left in it.
 *
 * An instruction is folded (replaced by `so = c`, SCALAR_CONST_SET_OP with the
 * exact double) only when all its inputs are known constants there and its op
 * is exactly rounded by IEEE 754 in every JavaScript engine: + - * /, abs,
 * reciprocal, heaviside, minimum, maximum. Transcendental ops (sin, exp, log,
 * ...) are never folded: engines may round them differently, and the folded
 * constant must be bit-identical to what the program computes wherever it runs.
 * Vector and matrix values are not tracked. The folded program therefore
 * writes exactly the same value into exactly the same cell on every execution,
 * and its memory is identical to the original's at every point.
 */
import type { Algorithm, ComponentName } from '../src/ir/algorithm';
import { COMPONENTS } from '../src/ir/algorithm';
import { type Instruction, makeInstruction } from '../src/ir/instruction';
import { LABEL_SCALAR, PREDICTION_SCALAR } from '../src/ir/memory';
import { type ExecContext, OPS, opByName } from '../src/ir/ops';

/** Ops whose result is exactly rounded (or exact), hence engine-independent. */
export const FOLDABLE_OPS: ReadonlySet<string> = new Set([
  'SCALAR_SUM_OP', 'SCALAR_DIFF_OP', 'SCALAR_PRODUCT_OP', 'SCALAR_DIVISION_OP',
  'SCALAR_ABS_OP', 'SCALAR_RECIPROCAL_OP', 'SCALAR_HEAVYSIDE_OP', 'SCALAR_MIN_OP', 'SCALAR_MAX_OP',
]);

const CONST_SET = opByName('SCALAR_CONST_SET_OP')!.id;

/** Known scalar constants: address → value. Absent = unknown. `null` = not reached (yet). */
type State = Map<number, number>;

function join(a: State | null, b: State | null): State | null {
  if (a === null) return b === null ? null : new Map(b);
  if (b === null) return new Map(a);
  const out: State = new Map();
  for (const [addr, x] of a) {
    const y = b.get(addr);
    if (y !== undefined && Object.is(x, y)) out.set(addr, x);
  }
  return out;
}

function sameState(a: State | null, b: State | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const [addr, x] of a) if (!b.has(addr) || !Object.is(x, b.get(addr))) return false;
  return true;
}

/** Scratch for running an op's reference `exec` on two known scalars. */
const scratch = new Float64Array(3);
const noRandom = {
  uniformOpen(): number { throw new Error('constant folding: random op'); },
  gaussian(): number { throw new Error('constant folding: random op'); },
};
const ctx: ExecContext = { m: scratch, F: 1, rng: noRandom, tmp: new Float64Array(1), red: new Float64Array(1) };

/** The value `ins` writes if it can be folded in `state`, else undefined. */
function foldedValue(ins: Instruction, state: State): number | undefined {
  const op = OPS[ins.op]!;
  if (!FOLDABLE_OPS.has(op.name)) return undefined;
  const a = op.in1 ? state.get(ins.in1) : 0;
  const b = op.in2 ? state.get(ins.in2) : 0;
  if (a === undefined || b === undefined) return undefined;
  scratch[0] = a;
  scratch[1] = b;
  scratch[2] = 0;
  op.exec(ctx, 2, 0, 1, ins);
  return scratch[2];
}

/** Applies one instruction to the abstract state (in place). */
function transfer(ins: Instruction, state: State): void {
  const op = OPS[ins.op]!;
  if (op.out !== 's') return; // only scalar writes change what we track
  if (ins.op === CONST_SET) {
    state.set(ins.out, ins.activation);
    return;
  }
  const value = foldedValue(ins, state);
  if (value === undefined) state.delete(ins.out);
  else state.set(ins.out, value);
}

function run(list: readonly Instruction[], entry: State | null): State | null {
  if (entry === null) return null;
  const state = new Map(entry);
  for (const ins of list) transfer(ins, state);
  return state;
}

export interface FoldResult {
  /** The program with folded instructions replaced by `so = c`; same shape as the input. */
  readonly program: Algorithm;
  /** Per component and position: the replacement instruction, or null where nothing was folded. */
  readonly folded: Record<ComponentName, ReadonlyArray<Instruction | null>>;
  /** Number of folded instructions. */
  readonly count: number;
}

/** Scalar addresses the program mentions (every other cell stays zero and is never read). */
function scalarAddresses(alg: Algorithm): number[] {
  const seen = new Set<number>([LABEL_SCALAR, PREDICTION_SCALAR]);
  for (const c of COMPONENTS) {
    for (const ins of alg[c]) {
      const op = OPS[ins.op]!;
      if (op.in1 === 's') seen.add(ins.in1);
      if (op.in2 === 's') seen.add(ins.in2);
      if (op.out === 's') seen.add(ins.out);
    }
  }
  return [...seen];
}

/** The abstract states at the entry of Predict and Learn, at the fixpoint. */
function entryStates(alg: Algorithm): { setup: State; predict: State; learn: State } {
  const setup: State = new Map(scalarAddresses(alg).map((addr) => [addr, 0]));
  const afterSetup = run(alg.setup, setup);
  let predictIn: State | null = null;
  let learnIn: State | null = null;
  for (;;) {
    const predictOut = run(alg.predict, predictIn);
    const learnOut = run(alg.learn, learnIn);
    // Predict follows Setup, Learn, or (in validation) another Predict; the executor then sets s0 = 0.
    const nextPredictIn = join(join(afterSetup, learnOut), predictOut)!;
    nextPredictIn.set(LABEL_SCALAR, 0);
    // Learn follows a training Predict: s0 = label, s1 maybe replaced by its sigmoid (ACCURACY).
    const nextLearnIn = predictOut === null ? null : new Map(predictOut);
    nextLearnIn?.delete(LABEL_SCALAR);
    nextLearnIn?.delete(PREDICTION_SCALAR);
    if (sameState(nextPredictIn, predictIn) && sameState(nextLearnIn, learnIn)) break;
    predictIn = nextPredictIn;
    learnIn = nextLearnIn;
  }
  return { setup, predict: predictIn!, learn: learnIn ?? new Map() };
}

/** Folds every scalar instruction whose inputs are the same constants on every execution. */
export function foldConstants(alg: Algorithm): FoldResult {
  const entries = entryStates(alg);
  let count = 0;
  const folded = {} as Record<ComponentName, Array<Instruction | null>>;
  const program = {} as Record<ComponentName, Instruction[]>;
  for (const c of COMPONENTS) {
    const state = new Map(entries[c]);
    folded[c] = [];
    program[c] = [];
    for (const ins of alg[c]) {
      const value = OPS[ins.op]!.out === 's' ? foldedValue(ins, state) : undefined;
      const replacement = value === undefined ? null : makeInstruction({ op: CONST_SET, out: ins.out, activation: value });
      if (replacement) count++;
      folded[c].push(replacement);
      program[c].push(replacement ?? ins);
      transfer(ins, state);
    }
  }
  return { program, folded, count };
}
