/**
 * The executor's loops in WebAssembly: `train` and `validate` (SPEC §4.2, as
 * trainLoop / validateLoop in jit.ts) and `fingerprints` (the FEC runs of
 * execute() on every task, and their hash as in fec-hash.ts). They are
 * written once over a ProgramBody: the interpreter's body is a copy of its
 * dispatch loop over memory; a shape kernel's body is the program itself, inline,
 * over locals.
 *
 * Every module with these loops has the same signatures, so one runner
 * drives them all:
 * - train(predictBegin, predictEnd, learnEnd, X, Y, order, begin, end, maxAbsError, accuracy, errors) → steps, or −steps
 * - validate(predictBegin, predictEnd, X, Y, n, maxAbsError, accuracy, errors) → loss, or −1 − t
 * - fingerprints(setupEnd, predictEnd, learnEnd, table, count, maxAbsError)
 * - fullRuns(setupEnd, predictEnd, learnEnd, table, count, maxAbsError)
 * (addresses in bytes; errors −1 for none).
 */
import { HASH_FINISH_XOR, HASH_MULTIPLIER, HASH_SHIFT, HASH_START } from '../../src/util/hash64';
import { Code, type DefinedFunction, F64, I32, I64, OP, type ValueType } from './binary';

/** Byte addresses of the regions the loops use (see interpreter.ts). */
export interface LoopRegions {
  readonly memory: number;
  readonly snapshot: number;
  readonly fingerprints: number;
  readonly trainErrors: number;
  readonly validErrors: number;
}

/** How the loops reach the program's memory cells and run its Predict and Learn. */
export interface ProgramBody {
  /** Locals the body needs after the function's own. */
  readonly locals: readonly ValueType[];
  /** The cells from the memory region (on entry). */
  load(code: Code): void;
  /** The cells back into the memory region (before returning). */
  store(code: Code): void;
  /** The features vector from the row at the byte address in local `xrow`. */
  loadFeatures(code: Code, xrow: number): void;
  /** s0 = the value `push` pushes. */
  setLabel(code: Code, push: () => void): void;
  /** Pushes s1. */
  prediction(code: Code): void;
  /** s1 = the value `push` pushes. */
  setPrediction(code: Code, push: () => void): void;
  /** Predict (parameters 0 and 1 hold its code range) and Learn (parameters 1 and 2). */
  predict(code: Code): void;
  learn(code: Code): void;
}

/** A body for functions whose own locals end before `firstLocal`. */
export type BodyFactory = (firstLocal: number) => ProgramBody;

/**
 * Where the body's locals start in `train` and `validate` (validate pads its
 * own locals to match), so that a kernel's Predict is translated once for both.
 */
export const LOOP_BODY_FIRST_LOCAL = 15;

export interface LoopFunction {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  readonly locals: readonly ValueType[];
  readonly code: Code;
}

/** A loop function as a module's function, exported under `name`. */
export function asDefined(f: LoopFunction, name?: string): DefinedFunction {
  return { type: { params: f.params, results: f.results }, locals: f.locals, code: f.code, export: name };
}

/** Pushes `1 / (1 + exp(-s1))`. */
function sigmoidOfPrediction(code: Code, body: ProgramBody, exp: number): void {
  code.f64Const(1).f64Const(1);
  body.prediction(code);
  code.op(OP.f64Neg).call(exp).op(OP.f64Add).op(OP.f64Div);
}

const TRAIN_PARAMS: ValueType[] = [I32, I32, I32, I32, I32, I32, I32, I32, F64, I32, I32];

export function trainFunction(F: number, makeBody: BodyFactory, exp: number): LoopFunction {
  const [X, Y, order, begin, end, maxAbsError, accuracy, errors] = [3, 4, 5, 6, 7, 8, 9, 10];
  const [t, xrow, y, e] = [11, 12, 13, 14];
  const own: ValueType[] = [I32, I32, F64, F64];
  const body = makeBody(TRAIN_PARAMS.length + own.length);
  if (TRAIN_PARAMS.length + own.length !== LOOP_BODY_FIRST_LOCAL) throw new Error('train: body locals misplaced');
  const code = new Code();
  body.load(code);
  code.localGet(begin).localSet(t).block().loop();
  code.localGet(t).localGet(end).op(OP.i32GeS).brIf(1);
  // row = order[t]; xrow = X + row * F * 8; y = Y[row]
  code.localGet(order).localGet(t).i32Const(2).op(OP.i32Shl).op(OP.i32Add).i32Load(0).localTee(xrow);
  code.i32Const(3).op(OP.i32Shl).localGet(Y).op(OP.i32Add).f64Load(0).localSet(y);
  code.localGet(X).localGet(xrow).i32Const(F * 8).op(OP.i32Mul).op(OP.i32Add).localSet(xrow);
  body.loadFeatures(code, xrow);
  body.setLabel(code, () => code.f64Const(0));
  body.predict(code);
  code.localGet(accuracy).if();
  body.setPrediction(code, () => sigmoidOfPrediction(code, body, exp));
  code.end();
  code.localGet(y);
  body.prediction(code);
  code.op(OP.f64Sub).op(OP.f64Abs).localSet(e);
  code.localGet(e).localGet(e).op(OP.f64Ne).localGet(e).localGet(maxAbsError).op(OP.f64Gt).op(OP.i32Or).if();
  body.store(code);
  code.localGet(begin).localGet(t).op(OP.i32Sub).i32Const(1).op(OP.i32Sub).op(OP.f64ConvertI32S).return().end();
  code.localGet(errors).i32Const(-1).op(OP.i32Ne).if();
  code.localGet(errors).localGet(t).localGet(begin).op(OP.i32Sub).i32Const(3).op(OP.i32Shl).op(OP.i32Add).localGet(e).f64Store(0).end();
  body.loadFeatures(code, xrow);
  body.setLabel(code, () => code.localGet(y));
  body.learn(code);
  code.localGet(t).i32Const(1).op(OP.i32Add).localSet(t).br(0).end().end();
  body.store(code);
  code.localGet(end).localGet(begin).op(OP.i32Sub).op(OP.f64ConvertI32S);
  return { params: TRAIN_PARAMS, results: [F64], locals: [...own, ...body.locals], code };
}

const VALIDATE_PARAMS: ValueType[] = [I32, I32, I32, I32, I32, F64, I32, I32];

export function validateFunction(F: number, makeBody: BodyFactory, exp: number): LoopFunction {
  const [X, Y, n, maxAbsError, accuracy, errors] = [2, 3, 4, 5, 6, 7];
  const [t, xrow, loss, err, p, e] = [8, 9, 10, 11, 12, 13];
  const own: ValueType[] = [I32, I32, F64, F64, F64, F64, I32 /* unused: pads to LOOP_BODY_FIRST_LOCAL */];
  const body = makeBody(VALIDATE_PARAMS.length + own.length);
  if (VALIDATE_PARAMS.length + own.length !== LOOP_BODY_FIRST_LOCAL) throw new Error('validate: body locals misplaced');
  const labelOfT = (c: Code) => c.localGet(Y).localGet(t).i32Const(3).op(OP.i32Shl).op(OP.i32Add).f64Load(0);
  const code = new Code();
  body.load(code);
  code.f64Const(0).localSet(loss).i32Const(0).localSet(t).block().loop();
  code.localGet(t).localGet(n).op(OP.i32GeS).brIf(1);
  code.localGet(X).localGet(t).i32Const(F * 8).op(OP.i32Mul).op(OP.i32Add).localSet(xrow);
  body.loadFeatures(code, xrow);
  body.setLabel(code, () => code.f64Const(0));
  body.predict(code);
  code.localGet(accuracy).if();
  {
    sigmoidOfPrediction(code, body, exp);
    code.localSet(p);
    // err = p > 1 || p < 0 ? Infinity : ((Y[t] > 0.5) === (p > 0.5) ? 0 : 1)
    code.f64Const(Infinity).f64Const(0).f64Const(1);
    labelOfT(code).f64Const(0.5).op(OP.f64Gt).localGet(p).f64Const(0.5).op(OP.f64Gt).op(OP.i32Eq);
    code.op(OP.select);
    code.localGet(p).f64Const(1).op(OP.f64Gt).localGet(p).f64Const(0).op(OP.f64Lt).op(OP.i32Or);
    code.op(OP.select).localSet(err);
    code.localGet(loss).localGet(err).op(OP.f64Add).localSet(loss);
  }
  code.else();
  {
    labelOfT(code);
    body.prediction(code);
    code.op(OP.f64Sub).localSet(err);
    code.localGet(loss).localGet(err).localGet(err).op(OP.f64Mul).op(OP.f64Add).localSet(loss);
  }
  code.end();
  code.localGet(err).op(OP.f64Abs).localSet(e);
  code.localGet(e).localGet(e).op(OP.f64Ne).localGet(e).localGet(maxAbsError).op(OP.f64Gt).op(OP.i32Or).if();
  body.store(code);
  code.i32Const(-1).localGet(t).op(OP.i32Sub).op(OP.f64ConvertI32S).return().end();
  code.localGet(errors).i32Const(-1).op(OP.i32Ne).if();
  code.localGet(errors).localGet(t).i32Const(3).op(OP.i32Shl).op(OP.i32Add).localGet(e).f64Store(0).end();
  code.localGet(t).i32Const(1).op(OP.i32Add).localSet(t).br(0).end().end();
  body.store(code);
  code.localGet(loss);
  return { params: VALIDATE_PARAMS, results: [F64], locals: [...own, ...body.locals], code };
}

/**
 * Task table entries of `fingerprints` and `fullRuns` (bytes): features,
 * labels, order, validation features and labels (addresses), accuracy (0/1),
 * task index, the fingerprint runs' training and validation examples, the
 * task's validation examples, the train budget as a double at 40, and the
 * training examples of a full run at 48 (0: no full run on this task).
 */
export const TASK_ENTRY_BYTES = 56;
export const TASK_ENTRY = {
  X: 0, Y: 4, order: 8, validX: 12, validY: 16, accuracy: 20, index: 24, numTrain: 28, numValid: 32, allValid: 36, budget: 40, fullTrain: 48,
} as const;

const FINGERPRINTS_PARAMS: ValueType[] = [I32, I32, I32, I32, I32, F64];

/**
 * For the task entry at local `entry`, in a function with the parameters of
 * `fingerprints`: memory from the Setup snapshot, then `train` over the first
 * `countField` examples (errors logged at `errors`, or -1), its result left
 * as an i32 in local `done`.
 */
function trainFromSnapshot(
  code: Code, regions: LoopRegions, memoryBytes: number, train: number,
  locals: { entry: number; maxAbsError: number; done: number }, countField: number, errors: number,
): void {
  const field = (offset: number) => code.localGet(locals.entry).i32Load(offset);
  code.i32Const(regions.memory).i32Const(regions.snapshot).i32Const(memoryBytes).memoryCopy();
  code.localGet(0).localGet(1).localGet(2);
  field(TASK_ENTRY.X); field(TASK_ENTRY.Y); field(TASK_ENTRY.order);
  code.i32Const(0);
  field(countField);
  code.localGet(locals.maxAbsError);
  field(TASK_ENTRY.accuracy);
  code.i32Const(errors).call(train).op(OP.i32TruncF64S).localSet(locals.done);
}

/** `validate` of the task entry at local `entry` over `countField` examples (errors at `errors`, or -1): pushes the loss. */
function validateEntry(code: Code, validate: number, locals: { entry: number; maxAbsError: number }, countField: number, errors: number): void {
  const field = (offset: number) => code.localGet(locals.entry).i32Load(offset);
  code.localGet(0).localGet(1);
  field(TASK_ENTRY.validX); field(TASK_ENTRY.validY); field(countField);
  code.localGet(locals.maxAbsError);
  field(TASK_ENTRY.accuracy);
  code.i32Const(errors).call(validate);
}

/**
 * For each task of the table: memory from the Setup snapshot, one epoch of
 * training (errors logged), validation (errors logged) as execute() runs an
 * FEC fingerprint, then fingerprintHash of the log; the key and the steps
 * go to the fingerprints region.
 */
export function fingerprintsFunction(
  memoryBytes: number, regions: LoopRegions, functions: { train: number; validate: number },
): LoopFunction {
  const [table, count, maxAbsError] = [3, 4, 5];
  const [k, entry, done, trainCount, validCount, a, j, loss, bits, laneA, laneB, t] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const own: ValueType[] = [I32, I32, I32, I32, I32, I32, I32, F64, I64, I32, I32, I32];
  const code = new Code();
  /** mix(h, v) of util/hash64.ts on the two values on the stack, inline: a call per hashed word measured 3% slower in the search. */
  const mix = () => code.op(OP.i32Xor).i32Const(HASH_MULTIPLIER | 0).op(OP.i32Mul).localTee(t)
    .localGet(t).i32Const(HASH_SHIFT).op(OP.i32ShrU).op(OP.i32Xor);
  const field = (offset: number) => code.localGet(entry).i32Load(offset);
  const hashWord = (push: () => void) => {
    code.localGet(laneA);
    push();
    mix().localTee(a).localSet(laneA);
    code.localGet(laneB);
    push();
    code.localGet(a).op(OP.i32Xor);
    mix().localSet(laneB);
  };
  const hashDouble = (push: () => void) => {
    push();
    code.op(OP.i64ReinterpretF64).localSet(bits);
    code.localGet(laneA).localGet(bits).op(OP.i32WrapI64);
    mix().localTee(a).localSet(laneA);
    code.localGet(laneB).localGet(bits).i64Small(32).op(OP.i64ShrU).op(OP.i32WrapI64).localGet(a).op(OP.i32Xor);
    mix().localSet(laneB);
  };
  /** hashDoubles(errors at `from`, the count in local `n`), -0 as +0. */
  const hashErrors = (from: number, n: number) => {
    code.i32Const(0).localSet(j).block().loop();
    code.localGet(j).localGet(n).op(OP.i32GeS).brIf(1);
    hashDouble(() => code.localGet(j).i32Const(3).op(OP.i32Shl).f64Load(from).f64Const(0).op(OP.f64Add));
    code.localGet(j).i32Const(1).op(OP.i32Add).localSet(j).br(0).end().end();
  };

  code.i32Const(0).localSet(k).block().loop();
  code.localGet(k).localGet(count).op(OP.i32GeS).brIf(1);
  code.localGet(table).localGet(k).i32Const(TASK_ENTRY_BYTES).op(OP.i32Mul).op(OP.i32Add).localSet(entry);
  const locals = { entry, maxAbsError, done };
  trainFromSnapshot(code, regions, memoryBytes, functions.train, locals, TASK_ENTRY.numTrain, regions.trainErrors);
  code.localGet(done).i32Const(0).op(OP.i32LtS).if();
  code.i32Const(-1).localGet(done).op(OP.i32Sub).localSet(trainCount);
  code.i32Const(0).localSet(validCount);
  code.else();
  code.localGet(done).localSet(trainCount);
  validateEntry(code, functions.validate, locals, TASK_ENTRY.numValid, regions.validErrors);
  code.localSet(loss);
  code.localGet(loss).f64Const(0).op(OP.f64Lt).if();
  code.f64Const(-1).localGet(loss).op(OP.f64Sub).op(OP.i32TruncF64S).localSet(validCount);
  code.else();
  field(TASK_ENTRY.numValid).localSet(validCount);
  code.end();
  code.end();
  // fingerprintHash: counts, errors, task index, train budget; finish; the 52-bit value.
  code.i32Const(HASH_START[0]).localSet(laneA).i32Const(HASH_START[1] | 0).localSet(laneB);
  hashWord(() => code.localGet(trainCount));
  hashWord(() => code.localGet(validCount));
  hashErrors(regions.trainErrors, trainCount);
  hashErrors(regions.validErrors, validCount);
  hashWord(() => field(TASK_ENTRY.index));
  hashDouble(() => code.localGet(entry).f64Load(TASK_ENTRY.budget));
  code.localGet(laneA).localGet(laneB);
  mix().localTee(a).localSet(laneA);
  code.localGet(laneB).i32Const(HASH_FINISH_XOR | 0).op(OP.i32Xor).localGet(a);
  mix().localSet(laneB);
  const out = (slot: number) => code.localGet(k).i32Const(4).op(OP.i32Shl).i32Const(slot * 8).op(OP.i32Add);
  out(0);
  code.localGet(laneB).i32Const(0xfffff).op(OP.i32And).op(OP.f64ConvertI32U).f64Const(4294967296).op(OP.f64Mul);
  code.localGet(laneA).op(OP.f64ConvertI32U).op(OP.f64Add).f64Store(regions.fingerprints);
  // Steps: those done, the failing one included.
  out(1);
  code.localGet(done).i32Const(0).op(OP.i32LtS).if();
  code.i32Const(0).localGet(done).op(OP.i32Sub).localSet(done).end();
  code.localGet(done).op(OP.f64ConvertI32S).f64Store(regions.fingerprints);
  code.localGet(k).i32Const(1).op(OP.i32Add).localSet(k).br(0).end().end();
  return { params: FINGERPRINTS_PARAMS, results: [], locals: own, code };
}

/**
 * For each task of the table with a full run asked for (`fullTrain` > 0): memory
 * from the Setup snapshot, `fullTrain` steps of training and validation on all
 * of the task's validation examples, as execute() runs a task of one epoch;
 * the loss (−1 if training or validation failed) and the steps go to the
 * fingerprints region.
 */
export function fullRunsFunction(memoryBytes: number, regions: LoopRegions, functions: { train: number; validate: number }): LoopFunction {
  const [table, count, maxAbsError] = [3, 4, 5];
  const [k, entry, done, loss] = [6, 7, 8, 9];
  const own: ValueType[] = [I32, I32, I32, F64];
  const code = new Code();
  const field = (offset: number) => code.localGet(entry).i32Load(offset);
  const out = (slot: number) => code.localGet(k).i32Const(4).op(OP.i32Shl).i32Const(slot * 8).op(OP.i32Add);
  code.i32Const(0).localSet(k).block().loop();
  code.localGet(k).localGet(count).op(OP.i32GeS).brIf(1);
  code.localGet(table).localGet(k).i32Const(TASK_ENTRY_BYTES).op(OP.i32Mul).op(OP.i32Add).localSet(entry);
  field(TASK_ENTRY.fullTrain).if();
  const locals = { entry, maxAbsError, done };
  trainFromSnapshot(code, regions, memoryBytes, functions.train, locals, TASK_ENTRY.fullTrain, -1);
  code.localGet(done).i32Const(0).op(OP.i32LtS).if();
  // Steps: those done, the failing one included.
  code.f64Const(-1).localSet(loss).i32Const(0).localGet(done).op(OP.i32Sub).localSet(done);
  code.else();
  validateEntry(code, functions.validate, locals, TASK_ENTRY.allValid, -1);
  code.localSet(loss);
  code.localGet(loss).f64Const(0).op(OP.f64Lt).if();
  code.f64Const(-1).localSet(loss).end();
  code.end();
  out(0);
  code.localGet(loss).f64Store(regions.fingerprints);
  out(1);
  code.localGet(done).op(OP.f64ConvertI32S).f64Store(regions.fingerprints);
  code.end();
  code.localGet(k).i32Const(1).op(OP.i32Add).localSet(k).br(0).end().end();
  return { params: FINGERPRINTS_PARAMS, results: [], locals: own, code };
}
