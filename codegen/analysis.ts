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
import type { Algorithm, AlgorithmEdit, ComponentName } from '../src/ir/algorithm';
import { COMPONENTS } from '../src/ir/algorithm';
import { type Instruction, newInstruction } from '../src/ir/instruction';
import { FEATURES_VECTOR, type Kind, LABEL_SCALAR, type MemorySizes, PREDICTION_SCALAR } from '../src/ir/memory';
import { OPS } from '../src/ir/ops';
import { type HashKey, hashDouble, hashEnd, hashLane, hashResume, hashSoFar, hashStart, hashWord, hashWords } from '../src/util/hash64';

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
  const marks = liveMarks(alg);
  const asBooleans = (c: ComponentName): boolean[] => Array.from({ length: alg[c].length }, (_, i) => marks[c][i] === 1);
  return { setup: asBooleans('setup'), predict: asBooleans('predict'), learn: asBooleans('learn') };
}

type MarkMap = Record<ComponentName, Uint8Array>;

// Reused by every call: liveness runs once per candidate, so it must not allocate.
const markBuffers: MarkMap = { setup: new Uint8Array(64), predict: new Uint8Array(64), learn: new Uint8Array(64) };

/**
 * 1 for each live instruction, 0 for each dead one (valid until the next
 * call). `sizes`, when known, saves finding the largest address used.
 */
function liveMarks(alg: Algorithm, sizes: MemorySizes | null = null): MarkMap {
  analyses++;
  if (markBuffers.setup.length < alg.setup.length) markBuffers.setup = new Uint8Array(alg.setup.length * 2);
  if (markBuffers.predict.length < alg.predict.length) markBuffers.predict = new Uint8Array(alg.predict.length * 2);
  if (markBuffers.learn.length < alg.learn.length) markBuffers.learn = new Uint8Array(alg.learn.length * 2);
  if (!livenessInBits(alg, markBuffers, sizes)) {
    const sets: LiveMap = { setup: [], predict: [], learn: [] };
    livenessInSets(alg, sets);
    for (const c of COMPONENTS) sets[c].forEach((live, i) => { markBuffers[c][i] = live ? 1 : 0; });
  }
  return markBuffers;
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

// Bit of (kind, addr) = bitBase[kind] + addr, with bases sized by the memory
// sizes when they are known and small, otherwise by the largest address used.
const topAddress = new Int32Array(3);
const bitBase = new Int32Array(3);
const bitLimit = new Int32Array(3);

function raiseTops(list: readonly Instruction[]): void {
  for (let i = 0; i < list.length; i++) {
    const ins = list[i]!;
    const o = OUT_KIND[ins.op]!;
    const a = IN1_KIND[ins.op]!;
    const b = IN2_KIND[ins.op]!;
    if (o >= 0 && ins.out > topAddress[o]!) topAddress[o] = ins.out;
    if (a >= 0 && ins.in1 > topAddress[a]!) topAddress[a] = ins.in1;
    if (b >= 0 && ins.in2 > topAddress[b]!) topAddress[b] = ins.in2;
  }
}

// Per instruction (Setup, then Predict, then Learn): the bit it writes, the
// bits it reads, and flags (1: always kept, 2: writes only part of its output),
// so that the fixpoint's repeated passes read three arrays, not the instructions.
let outMask = new Int32Array(256);
let useMask = new Int32Array(256);
let maskFlags = new Uint8Array(256);
// The live cells before each instruction of each component and after its last,
// from the last pass: Setup's at [0, s], Predict's at [s + 1, s + p + 1], Learn's after.
let boundaries = new Int32Array(outMask.length + 3);

/** Encodes `list` from index `at`; false if an address does not fit the bases. */
function encodeMasks(list: readonly Instruction[], at: number): boolean {
  for (let i = 0; i < list.length; i++) {
    const ins = list[i]!;
    const op = ins.op;
    const o = OUT_KIND[op]!;
    const a = IN1_KIND[op]!;
    const b = IN2_KIND[op]!;
    let use = 0;
    if (o >= 0 && ins.out >= bitLimit[o]!) return false;
    if (a >= 0) {
      if (ins.in1 >= bitLimit[a]!) return false;
      use |= 1 << (bitBase[a]! + ins.in1);
    }
    if (b >= 0) {
      if (ins.in2 >= bitLimit[b]!) return false;
      use |= 1 << (bitBase[b]! + ins.in2);
    }
    outMask[at + i] = o >= 0 ? 1 << (bitBase[o]! + ins.out) : 0;
    useMask[at + i] = use;
    maskFlags[at + i] = KEEP_ALWAYS[op]! | (PARTIAL_WRITE[op]! << 1);
  }
  return true;
}

/**
 * Backward pass over `count` encoded instructions from `from`; returns the
 * live-in set. The live sets it meets go to `boundaries` from `at`.
 */
function passMasks(from: number, count: number, liveOut: number, out: Uint8Array, at: number): number {
  let live = liveOut;
  boundaries[at + count] = live;
  for (let k = count - 1; k >= 0; k--) {
    const i = from + k;
    const flags = maskFlags[i]!;
    const bit = outMask[i]!;
    const isLive = (flags & 1) !== 0 || (live & bit) !== 0;
    out[k] = isLive ? 1 : 0;
    if (isLive) {
      if ((flags & 2) === 0) live &= ~bit;
      live |= useMask[i]!;
    }
    boundaries[at + k] = live;
  }
  return live;
}

function setBases(scalars: number, vectors: number, matrices: number): boolean {
  bitBase[0] = 0;
  bitBase[1] = scalars;
  bitBase[2] = scalars + vectors;
  bitLimit[0] = scalars;
  bitLimit[1] = vectors;
  bitLimit[2] = matrices;
  return scalars + vectors + matrices <= 31;
}

function encodeAll(alg: Algorithm): boolean {
  const total = alg.setup.length + alg.predict.length + alg.learn.length;
  if (outMask.length < total) {
    outMask = new Int32Array(total * 2);
    useMask = new Int32Array(total * 2);
    maskFlags = new Uint8Array(total * 2);
    boundaries = new Int32Array(outMask.length + 3);
  }
  return encodeMasks(alg.setup, 0) && encodeMasks(alg.predict, alg.setup.length)
    && encodeMasks(alg.learn, alg.setup.length + alg.predict.length);
}

/** Whether the last liveness analysis ran in bits based on the memory sizes (its `boundaries` then describe the program). */
let bitsFromSizes = false;
/** Liveness analyses so far: tells a Canonicalizer whether `boundaries` still hold its last run's. */
let analyses = 0;

function livenessInBits(alg: Algorithm, marks: MarkMap, sizes: MemorySizes | null): boolean {
  let encoded = sizes !== null && setBases(sizes.scalars, sizes.vectors, sizes.matrices) && encodeAll(alg);
  bitsFromSizes = encoded;
  if (!encoded) {
    topAddress[0] = Math.max(LABEL_SCALAR, PREDICTION_SCALAR);
    topAddress[1] = FEATURES_VECTOR;
    topAddress[2] = -1;
    raiseTops(alg.setup);
    raiseTops(alg.predict);
    raiseTops(alg.learn);
    encoded = setBases(topAddress[0]! + 1, topAddress[1]! + 1, topAddress[2]! + 1) && encodeAll(alg);
    if (!encoded) return false;
  }
  const inputs = (1 << LABEL_SCALAR) | (1 << (bitBase[1]! + FEATURES_VECTOR));
  const prediction = 1 << PREDICTION_SCALAR;
  const predictFrom = alg.setup.length;
  const learnFrom = predictFrom + alg.predict.length;
  let predictIn = 0;
  let learnIn = 0;
  for (;;) {
    const nextPredictIn = passMasks(predictFrom, alg.predict.length, ((learnIn | predictIn) & ~inputs) | prediction, marks.predict, predictFrom + 1);
    const nextLearnIn = passMasks(learnFrom, alg.learn.length, nextPredictIn & ~inputs, marks.learn, learnFrom + 2);
    if (nextPredictIn === predictIn && nextLearnIn === learnIn) break;
    predictIn = nextPredictIn;
    learnIn = nextLearnIn;
  }
  passMasks(0, alg.setup.length, predictIn & ~inputs, marks.setup, 0);
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

/**
 * A program's identity as 64 bits of hash: 52 of them as a number (a KeyIndex
 * key) and a 32-bit check that users of the key compare too. Two different
 * programs share a key with probability about 2^-64 per pair: among the
 * ~10^7 candidates of a long search against a memo of 10^5, about 5e-8.
 */
export type ProgramKey = HashKey;

/** Words per instruction in `CanonicalProgram.code` and `.consts`. */
export const CANONICAL_STRIDE = 4;

/**
 * A program in canonical form: live code only, addresses renamed in order of
 * first use (Predict, then Learn, then Setup; reserved addresses keep theirs).
 */
export class CanonicalProgram {
  private algorithm: Algorithm | null = null;
  private fullKey: ProgramKey | null = null;
  private shape: ProgramKey | null = null;

  constructor(
    /** [op, in1, in2, out] per instruction, in canonical names: Setup, then Predict, then Learn (may run on past the end). */
    readonly code: Int32Array,
    /** [activation, f0, f1, f2] per instruction, as in the original (likewise). */
    readonly consts: Float64Array,
    readonly setupLength: number,
    readonly predictLength: number,
    readonly learnLength: number,
    /**
     * Predict and Learn only, constants included: with the memory Setup
     * leaves, everything a program without random ops does on a task.
     */
    readonly predictLearnKey: ProgramKey,
    /** Whether any instruction draws random numbers (runs then depend on the generator). */
    readonly random: boolean,
    /** The hash's two lanes after predictLearnKey's input: `key` goes on from there. */
    private readonly laneA: number,
    private readonly laneB: number,
  ) {}

  /**
   * Equal keys mean identical instructions, constants included: identical
   * behaviour. Computed on first use (many candidates never need it), from
   * `code` and `consts`: for a Canonicalizer's result, before its next run.
   */
  get key(): ProgramKey {
    if (this.fullKey === null) {
      hashResume(this.laneA, this.laneB);
      hashWord(this.setupLength);
      hashRange(this.code, this.consts, 0, this.setupLength, true);
      this.fullKey = hashEnd();
    }
    return this.fullKey;
  }

  /**
   * Predict and Learn only, constants left out (element indexes of ops 57/58
   * kept): programs of one shape can share one compiled kernel for the
   * training and validation loops, with constants and Setup's results as
   * data. Computed on first use, like `key`.
   */
  get shapeKey(): ProgramKey {
    if (this.shape === null) {
      hashStart();
      hashWord(this.predictLength);
      hashWord(this.learnLength);
      hashRange(this.code, this.consts, this.setupLength, this.length, false);
      this.shape = hashEnd();
    }
    return this.shape;
  }

  /** Instructions in all. */
  get length(): number {
    return this.setupLength + this.predictLength + this.learnLength;
  }

  /** The same program in arrays of its own (a Canonicalizer's result is only valid until its next run). */
  copy(): CanonicalProgram {
    const words = this.length * CANONICAL_STRIDE;
    return new CanonicalProgram(this.code.slice(0, words), this.consts.slice(0, words), this.setupLength, this.predictLength,
      this.learnLength, this.predictLearnKey, this.random, this.laneA, this.laneB);
  }

  get program(): Algorithm {
    if (this.algorithm === null) {
      const list = (from: number, count: number): Instruction[] => Array.from({ length: count }, (_, k) => {
        const i = (from + k) * CANONICAL_STRIDE;
        const { code, consts } = this;
        return newInstruction(code[i]!, code[i + 1]!, code[i + 2]!, code[i + 3]!, consts[i]!, consts[i + 1]!, consts[i + 2]!, consts[i + 3]!);
      });
      const predictFrom = this.setupLength;
      const learnFrom = predictFrom + this.predictLength;
      this.algorithm = {
        setup: list(0, this.setupLength),
        predict: list(predictFrom, this.predictLength),
        learn: list(learnFrom, this.learnLength),
      };
    }
    return this.algorithm;
  }
}

// Which constants of an instruction matter, by op (SPEC §2.1): they enter the key.
const DATA_NONE = 0;
const DATA_SCALAR = 1;
const DATA_VECTOR_ELEMENT = 2;
const DATA_MATRIX_ELEMENT = 3;
const DATA_DISTRIBUTION = 4;
const DATA_KIND = Uint8Array.from(OPS, (op) => {
  switch (op.data) {
    case 'none': return DATA_NONE;
    case 'scalarConst': return DATA_SCALAR;
    case 'vectorConst': return DATA_VECTOR_ELEMENT;
    case 'matrixConst': return DATA_MATRIX_ELEMENT;
    case 'gaussian': case 'uniform': return DATA_DISTRIBUTION;
  }
});

/** New names by kind, indexed by old address, valid where the stamp is the current one. */
const names: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
const stamps: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
const nextName = new Int32Array(3);
let stamp = 0;

function rename(kind: number, addr: number): number {
  if ((kind === 0 && (addr === LABEL_SCALAR || addr === PREDICTION_SCALAR)) || (kind === 1 && addr === FEATURES_VECTOR)) return addr;
  if (addr >= names[kind]!.length) {
    const grown = Math.max(addr + 1, names[kind]!.length * 2);
    const n = new Int32Array(grown); n.set(names[kind]!); names[kind] = n;
    const s = new Int32Array(grown); s.set(stamps[kind]!); stamps[kind] = s;
  }
  if (stamps[kind]![addr] !== stamp) {
    stamps[kind]![addr] = stamp;
    names[kind]![addr] = nextName[kind]!++;
  }
  return names[kind]![addr]!;
}

function countLive(marks: Uint8Array, length: number): number {
  let n = 0;
  for (let i = 0; i < length; i++) n += marks[i]!;
  return n;
}

/** Writes the live instructions of `list`, renamed, from instruction slot `at`; returns whether any draws random numbers. */
function writeRenamed(list: readonly Instruction[], marks: Uint8Array, code: Int32Array, consts: Float64Array, at: number): boolean {
  let random = false;
  let i = at * CANONICAL_STRIDE;
  for (let k = 0; k < list.length; k++) {
    if (marks[k] === 0) continue;
    const ins = list[k]!;
    const op = ins.op;
    const a = IN1_KIND[op]!;
    const b = IN2_KIND[op]!;
    const o = OUT_KIND[op]!;
    code[i] = op;
    code[i + 1] = a >= 0 ? rename(a, ins.in1) : 0;
    code[i + 2] = b >= 0 ? rename(b, ins.in2) : 0;
    code[i + 3] = o >= 0 ? rename(o, ins.out) : 0;
    consts[i] = ins.activation;
    consts[i + 1] = ins.f0;
    consts[i + 2] = ins.f1;
    consts[i + 3] = ins.f2;
    if (KEEP_ALWAYS[op] === 1) random = true;
    i += CANONICAL_STRIDE;
  }
  return random;
}

/**
 * Hashes instructions [from, to) of a canonical program: their code words,
 * then the constants that matter; with `constants` false, only what a
 * kernel's shape depends on (element indexes of ops 57/58).
 */
function hashRange(code: Int32Array, consts: Float64Array, from: number, to: number, constants: boolean): void {
  hashWords(code, from * CANONICAL_STRIDE, to * CANONICAL_STRIDE);
  for (let i = from * CANONICAL_STRIDE; i < to * CANONICAL_STRIDE; i += CANONICAL_STRIDE) {
    switch (DATA_KIND[code[i]!]) {
      case DATA_SCALAR:
        if (constants) hashDouble(consts[i]!);
        break;
      case DATA_VECTOR_ELEMENT:
        hashDouble(consts[i + 1]!);
        if (constants) hashDouble(consts[i + 2]!);
        break;
      case DATA_MATRIX_ELEMENT:
        hashDouble(consts[i + 1]!);
        hashDouble(consts[i + 2]!);
        if (constants) hashDouble(consts[i + 3]!);
        break;
      case DATA_DISTRIBUTION:
        if (constants) { hashDouble(consts[i + 1]!); hashDouble(consts[i + 2]!); }
        break;
    }
  }
}

/**
 * The live cells of an algorithm, as bits numbered by the memory sizes: before
 * each instruction of each component and after its last (Setup's from 0,
 * Predict's from setupLength + 1, Learn's from setupLength + predictLength + 2).
 * Kept with an algorithm, they tell whether an edit of it can change its
 * canonical form, without analysing the edited algorithm.
 */
export class LiveSets {
  constructor(
    readonly bits: readonly number[],
    readonly setupLength: number,
    readonly predictLength: number,
    readonly learnLength: number,
  ) {}

  /** Index in `bits` of the live set before instruction 0 of `component`. */
  start(component: ComponentName): number {
    return component === 'setup' ? 0 : component === 'predict' ? this.setupLength + 1 : this.setupLength + this.predictLength + 2;
  }

  /** The same sets with instruction `index` of `component` dead: inserted (`insert`) or removed (`!insert`). */
  withDeadEdit(component: ComponentName, index: number, insert: boolean): LiveSets {
    const bits = this.bits.slice();
    const at = this.start(component) + index;
    // A dead instruction leaves the live set as it finds it.
    if (insert) bits.splice(at, 0, bits[at]!); else bits.splice(at, 1);
    const d = insert ? 1 : -1;
    return new LiveSets(bits, this.setupLength + (component === 'setup' ? d : 0),
      this.predictLength + (component === 'predict' ? d : 0), this.learnLength + (component === 'learn' ? d : 0));
  }
}

/**
 * Computes canonical forms into arrays of its own, so that the evaluator's
 * hot path allocates no typed array (V8 allocates those above 64 bytes
 * outside its heap, at a cost of microseconds each). Each result is valid
 * until the next `run`.
 */
export class Canonicalizer {
  private code = new Int32Array(64 * CANONICAL_STRIDE);
  private consts = new Float64Array(64 * CANONICAL_STRIDE);

  /** The liveness analysis of the last `run`. */
  private analysis = -1;
  private lastLengths = [0, 0, 0];
  /** Bit of cell (kind, 0), and cells of each kind, as the memory sizes number them. */
  private readonly bitBases: readonly number[];
  private readonly bitLimits: readonly number[];

  /** `sizes`: the memory sizes of the programs to come, if known (it saves a pass and allows `liveSets`). */
  constructor(private readonly sizes: MemorySizes | null = null) {
    this.bitBases = sizes ? [0, sizes.scalars, sizes.scalars + sizes.vectors] : [];
    this.bitLimits = sizes ? [sizes.scalars, sizes.vectors, sizes.matrices] : [];
  }

  /**
   * The live sets found by the last `run` (null if it could not number cells
   * by the memory sizes, or another analysis ran since).
   */
  liveSets(): LiveSets | null {
    if (this.analysis !== analyses || !bitsFromSizes || this.sizes === null) return null;
    const [setupLength, predictLength, learnLength] = this.lastLengths as [number, number, number];
    const bits = new Array<number>(setupLength + predictLength + learnLength + 3);
    for (let i = 0; i < bits.length; i++) bits[i] = boundaries[i]!;
    return new LiveSets(bits, setupLength, predictLength, learnLength);
  }

  /**
   * The live sets of what `edit` makes of an algorithm whose live sets are
   * `parent`, if the edit cannot change the canonical form (it leaves the code
   * alone, or it removes, adds or replaces only dead instructions; the
   * liveness of every other instruction is then unchanged); null otherwise.
   */
  liveSetsAfter(parent: LiveSets, edit: AlgorithmEdit): LiveSets | null {
    const at = parent.start(edit.component) + edit.index;
    switch (edit.kind) {
      case 'same':
        return parent;
      case 'replace':
        return this.deadBefore(edit.removed!, parent.bits[at + 1]!) && this.deadBefore(edit.added!, parent.bits[at + 1]!) ? parent : null;
      case 'insert':
        return this.deadBefore(edit.added!, parent.bits[at]!) ? parent.withDeadEdit(edit.component, edit.index, true) : null;
      case 'remove':
        return this.deadBefore(edit.removed!, parent.bits[at + 1]!) ? parent.withDeadEdit(edit.component, edit.index, false) : null;
      case 'other':
        return null;
    }
  }

  /** Whether `ins` is dead where the cells live after it are `after` (false where unsure). */
  private deadBefore(ins: Instruction, after: number): boolean {
    const op = ins.op;
    if (KEEP_ALWAYS[op] === 1) return false;
    const kind = OUT_KIND[op]!;
    if (kind < 0) return true;
    if (!(ins.out < this.bitLimits[kind]!)) return false;
    return (after & (1 << (this.bitBases[kind]! + ins.out))) === 0;
  }

  run(alg: Algorithm): CanonicalProgram {
    const marks = liveMarks(alg, this.sizes);
    this.analysis = analyses;
    this.lastLengths[0] = alg.setup.length;
    this.lastLengths[1] = alg.predict.length;
    this.lastLengths[2] = alg.learn.length;
    const setupLength = countLive(marks.setup, alg.setup.length);
    const predictLength = countLive(marks.predict, alg.predict.length);
    const learnLength = countLive(marks.learn, alg.learn.length);
    const total = setupLength + predictLength + learnLength;
    if (this.code.length < total * CANONICAL_STRIDE) {
      this.code = new Int32Array(total * 2 * CANONICAL_STRIDE);
      this.consts = new Float64Array(total * 2 * CANONICAL_STRIDE);
    }
    const { code, consts } = this;
    stamp++;
    nextName[0] = 2;
    nextName[1] = 1;
    nextName[2] = 0;
    // Predict and Learn are named first: their names, and so the shape of the
    // kernel that runs them, must not depend on what Setup looks like.
    let random = writeRenamed(alg.predict, marks.predict, code, consts, setupLength);
    random = writeRenamed(alg.learn, marks.learn, code, consts, setupLength + predictLength) || random;
    random = writeRenamed(alg.setup, marks.setup, code, consts, 0) || random;
    // The full key goes on from Predict's and Learn's (one pass over them for both), when asked for.
    hashStart();
    hashWord(predictLength);
    hashWord(learnLength);
    hashRange(code, consts, setupLength, total, true);
    const predictLearnKey = hashSoFar();
    return new CanonicalProgram(code, consts, setupLength, predictLength, learnLength, predictLearnKey, random, hashLane(0), hashLane(1));
  }
}

const canonicalizer = new Canonicalizer();

/** Canonical form of an algorithm (its dead code is removed first, see `liveness`), in arrays of its own. */
export function canonicalize(alg: Algorithm): CanonicalProgram {
  return canonicalizer.run(alg).copy();
}

/** The canonical key in printable form (equal strings: identical behaviour). */
export function canonicalKey(alg: Algorithm): string {
  const { key } = canonicalize(alg);
  return `${key.hash}:${key.check >>> 0}`;
}
