/**
 * A runner executes one algorithm's component functions over memory for a
 * task: Setup, a range of training steps, a validation pass. The executor
 * (executor.ts) drives epochs and fitness on top of any runner, so every
 * engine shares the exact same control flow.
 */
import { type DispatchFn, type DispatchLoops, type EncodedProgram, dispatchLoopsFor, dispatcherFor, encodeProgram } from '../../codegen/dispatch';
import type { TrainFn, ValidateFn } from '../../codegen/jit';
import { WASM_MAX_ERRORS, WASM_MAX_INSTRUCTIONS, type WasmLoops, type WasmMachine, wasmMachineFor } from '../../codegen/wasm/interpreter';
import { TASK_ENTRY, TASK_ENTRY_BYTES } from '../../codegen/wasm/loops';
import { CANONICAL_STRIDE } from '../../codegen/analysis';
import type { Algorithm } from '../ir/algorithm';
import { FEATURES_VECTOR, LABEL_SCALAR, type MemoryLayout, PREDICTION_SCALAR } from '../ir/memory';
import { Interpreter } from '../interp/interpreter';
import type { RandomSource } from '../util/rng';
import type { Task } from '../tasks/task';

export interface Runner {
  setup(m: Float64Array, rng: RandomSource): void;
  readonly train: TrainFn;
  readonly validate: ValidateFn;
  /**
   * Optional: the FEC fingerprint runs (execute() with `numTrain` / `numValid`
   * examples and an error log, then fingerprintHash) of a program without
   * random ops on every task at once, starting from the memory its Setup
   * leaves. Keys go to into[keysAt + i], steps to into[stepsAt + i]. False
   * where it cannot (the caller then runs them one by one).
   */
  fingerprints?(
    afterSetup: Float64Array, tasks: readonly Task[], numTrain: number, numValid: number,
    budgets: readonly number[], maxAbsError: number, into: Float64Array, keysAt: number, stepsAt: number,
  ): boolean;
  /**
   * Optional: full runs (execute() without an error log) of a program without
   * random ops on the tasks with `fullTrain[i]` > 0, in one call: `fullTrain[i]`
   * training steps (at most one epoch's examples) and validation on all the
   * task's validation examples.
   * Each task's validation loss (−1 where training or validation failed) goes
   * to into[lossAt + i], its steps to into[stepsAt + i]. `numTrain` and
   * `numValid` are the fingerprint runs' (the table of tasks is theirs).
   * False where it cannot.
   */
  fullRuns?(
    afterSetup: Float64Array, tasks: readonly Task[], numTrain: number, numValid: number,
    fullTrain: readonly number[], maxAbsError: number, into: Float64Array, lossAt: number, stepsAt: number,
  ): boolean;
}

/** Runs one component function on memory `m`. */
interface Components {
  setup(m: Float64Array, rng: RandomSource): void;
  predict(m: Float64Array, rng: RandomSource): void;
  learn(m: Float64Array, rng: RandomSource): void;
}

/**
 * SPEC §4.2 `Train` and `Validate` over component functions that work on the
 * memory array. The compiled kernels (codegen/jit.ts) must agree with it bit for bit.
 */
function loopRunner(layout: MemoryLayout, run: Components): Runner {
  const F = layout.F;
  const features = layout.offset('v', FEATURES_VECTOR);
  const loadFeatures = (m: Float64Array, X: Float64Array, row: number) => {
    for (let k = 0; k < F; k++) m[features + k] = X[row * F + k]!;
  };
  return {
    setup: run.setup,
    train(m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors) {
      for (let t = begin; t < end; t++) {
        const row = order[t]!;
        loadFeatures(m, X, row);
        m[LABEL_SCALAR] = 0;
        run.predict(m, rng);
        if (accuracy) m[PREDICTION_SCALAR] = 1 / (1 + Math.exp(-m[PREDICTION_SCALAR]!));
        const y = Y[row]!;
        const e = Math.abs(y - m[PREDICTION_SCALAR]!);
        if (Number.isNaN(e) || e > maxAbsError) return begin - t - 1;
        if (errors) errors[t - begin] = e;
        loadFeatures(m, X, row);
        m[LABEL_SCALAR] = y;
        run.learn(m, rng);
      }
      return end - begin;
    },
    validate(m, rng, X, Y, n, maxAbsError, accuracy, errors) {
      let loss = 0;
      for (let t = 0; t < n; t++) {
        loadFeatures(m, X, t);
        m[LABEL_SCALAR] = 0;
        run.predict(m, rng);
        let err: number;
        if (accuracy) {
          const p = 1 / (1 + Math.exp(-m[PREDICTION_SCALAR]!));
          err = p > 1 || p < 0 ? Infinity : (Y[t]! > 0.5) === (p > 0.5) ? 0 : 1;
          loss += err;
        } else {
          err = Y[t]! - m[PREDICTION_SCALAR]!;
          loss += err * err;
        }
        const e = Math.abs(err);
        if (Number.isNaN(e) || e > maxAbsError) return -1 - t;
        if (errors) errors[t] = e;
      }
      return loss;
    },
  };
}

/** The reference: the op table's `exec` functions, one instruction at a time. */
export function interpreterRunner(alg: Algorithm, layout: MemoryLayout): Runner {
  let interp: Interpreter | null = null;
  const on = (m: Float64Array, rng: RandomSource): Interpreter => {
    // The executor allocates a fresh memory per run; reuse the interpreter while it is the same.
    if (interp === null || interp.memory !== m || interp.rng !== rng) interp = new Interpreter(layout, m, rng);
    return interp;
  };
  return loopRunner(layout, {
    setup: (m, rng) => on(m, rng).run(alg.setup),
    predict: (m, rng) => on(m, rng).run(alg.predict),
    learn: (m, rng) => on(m, rng).run(alg.learn),
  });
}

/** The generated dispatching interpreter (codegen/dispatch.ts) over a program. */
export function dispatchRunner(alg: Algorithm, layout: MemoryLayout): Runner {
  return encodedRunner(encodeProgram(alg, layout), layout);
}

/**
 * The generated dispatching interpreter over an already encoded program (a
 * class: one object per program, where closures would be four).
 */
class EncodedRunner implements Runner {
  private readonly run: DispatchFn;
  private readonly loops: DispatchLoops;

  constructor(private readonly encoded: EncodedProgram, layout: MemoryLayout) {
    this.run = dispatcherFor(layout.F);
    this.loops = dispatchLoopsFor(layout);
  }

  setup(m: Float64Array, rng: RandomSource): void {
    const { code, consts, setupEnd } = this.encoded;
    this.run(code, consts, m, rng, 0, setupEnd);
  }

  train(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, order: Int32Array,
    begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    const { code, consts, setupEnd, predictEnd, learnEnd } = this.encoded;
    return this.loops.train(code, setupEnd, predictEnd, learnEnd, m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors, consts);
  }

  validate(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, n: number,
    maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    const { code, consts, setupEnd, predictEnd } = this.encoded;
    return this.loops.validate(code, setupEnd, predictEnd, m, rng, X, Y, n, maxAbsError, accuracy, errors, consts);
  }
}

export function encodedRunner(encoded: EncodedProgram, layout: MemoryLayout): Runner {
  return new EncodedRunner(encoded, layout);
}

/**
 * The WebAssembly interpreter (codegen/wasm/interpreter.ts), or a shape
 * kernel of the program's shape, over an encoded program. The module has its
 * own memory: each call copies the program memory in and out (a few dozen
 * numbers), the program's code once per program, and task data once per
 * task. Runs it has no room for go to the JavaScript dispatcher.
 */
class WasmRunner implements Runner {
  private slowRunner: Runner | null = null;

  constructor(
    private readonly encoded: EncodedProgram, private readonly layout: MemoryLayout, private readonly machine: WasmMachine,
    private readonly loops: WasmLoops = machine,
  ) {}

  /** The JavaScript dispatcher, for runs whose data the module has no room for (rare: made when needed). */
  private get fallback(): Runner {
    this.slowRunner ??= new EncodedRunner(this.encoded, this.layout);
    return this.slowRunner;
  }

  /** Puts this program's code and constants into the module's memory, unless they are there already. */
  private load(): void {
    const { machine } = this;
    if (machine.loaded === this) return;
    const { code, consts, learnEnd } = this.encoded;
    const { i32, f64 } = machine;
    const codeAt = machine.regions.code >> 2;
    const constAt = machine.regions.consts >> 3;
    for (let i = 0; i < learnEnd; i++) {
      i32[codeAt + i] = code[i]!;
      f64[constAt + i] = consts[i]!;
    }
    machine.loaded = this;
  }

  private enter(m: Float64Array, rng: RandomSource): void {
    const { machine } = this;
    this.load();
    machine.rng = rng;
    const { f64 } = machine;
    const at = machine.regions.memory >> 3;
    for (let i = 0; i < m.length; i++) f64[at + i] = m[i]!;
  }

  private leave(m: Float64Array): void {
    const { f64 } = this.machine;
    const at = this.machine.regions.memory >> 3;
    for (let i = 0; i < m.length; i++) m[i] = f64[at + i]!;
  }

  private copyErrors(from: number, errors: Float64Array, count: number): void {
    const { f64 } = this.machine;
    const at = from >> 3;
    for (let i = 0; i < count; i++) errors[i] = f64[at + i]!;
  }

  setup(m: Float64Array, rng: RandomSource): void {
    this.enter(m, rng);
    this.machine.run(0, this.encoded.setupEnd);
    this.leave(m);
  }

  fingerprints(
    afterSetup: Float64Array, tasks: readonly Task[], numTrain: number, numValid: number,
    budgets: readonly number[], maxAbsError: number, into: Float64Array, keysAt: number, stepsAt: number,
  ): boolean {
    const table = this.prepareTasks(afterSetup, tasks, numTrain, numValid);
    if (table < 0) return false;
    const { f64 } = this.machine;
    for (let k = 0; k < tasks.length; k++) f64[(table + k * TASK_ENTRY_BYTES + TASK_ENTRY.budget) >> 3] = budgets[k]!;
    const { setupEnd, predictEnd, learnEnd } = this.encoded;
    this.loops.fingerprints(setupEnd, predictEnd, learnEnd, table, tasks.length, maxAbsError);
    this.results(tasks, into, keysAt, stepsAt, null);
    return true;
  }

  fullRuns(
    afterSetup: Float64Array, tasks: readonly Task[], numTrain: number, numValid: number,
    fullTrain: readonly number[], maxAbsError: number, into: Float64Array, lossAt: number, stepsAt: number,
  ): boolean {
    const table = this.prepareTasks(afterSetup, tasks, numTrain, numValid);
    if (table < 0) return false;
    const { i32 } = this.machine;
    for (let k = 0; k < tasks.length; k++) i32[(table + k * TASK_ENTRY_BYTES + TASK_ENTRY.fullTrain) >> 2] = fullTrain[k]!;
    const { setupEnd, predictEnd, learnEnd } = this.encoded;
    this.loops.fullRuns(setupEnd, predictEnd, learnEnd, table, tasks.length, maxAbsError);
    this.results(tasks, into, lossAt, stepsAt, fullTrain);
    return true;
  }

  /** The task table's address (-1 if there is none), with this program loaded and its memory after Setup in the snapshot region. */
  private prepareTasks(afterSetup: Float64Array, tasks: readonly Task[], numTrain: number, numValid: number): number {
    const { machine } = this;
    const table = machine.taskTable(tasks, numTrain, numValid);
    if (table < 0) return -1;
    this.load();
    const { f64 } = machine;
    const snapshot = machine.regions.snapshot >> 3;
    for (let i = 0; i < afterSetup.length; i++) f64[snapshot + i] = afterSetup[i]!;
    return table;
  }

  /** Each task's two numbers in the fingerprints region into into[firstAt + k] and into[secondAt + k] (only where only[k] > 0, if given). */
  private results(tasks: readonly Task[], into: Float64Array, firstAt: number, secondAt: number, only: readonly number[] | null): void {
    const { f64 } = this.machine;
    const out = this.machine.regions.fingerprints >> 3;
    for (let k = 0; k < tasks.length; k++) {
      if (only !== null && !(only[k]! > 0)) continue;
      into[firstAt + k] = f64[out + 2 * k]!;
      into[secondAt + k] = f64[out + 2 * k + 1]!;
    }
  }

  train(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, order: Int32Array,
    begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    const { machine } = this;
    const at = machine.placeAll([X, Y, order]);
    if (at === null || (errors !== null && end - begin > WASM_MAX_ERRORS)) {
      return this.fallback.train(m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors);
    }
    const [x, y, o] = at as [number, number, number];
    const { setupEnd, predictEnd, learnEnd } = this.encoded;
    this.enter(m, rng);
    const done = this.loops.train(setupEnd, predictEnd, learnEnd, x, y, o, begin, end, maxAbsError, accuracy ? 1 : 0,
      errors === null ? -1 : machine.regions.trainErrors);
    this.leave(m);
    if (errors !== null) this.copyErrors(machine.regions.trainErrors, errors, done < 0 ? -done - 1 : done);
    return done;
  }

  validate(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, n: number,
    maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    const { machine } = this;
    const at = machine.placeAll([X, Y]);
    if (at === null || (errors !== null && n > WASM_MAX_ERRORS)) {
      return this.fallback.validate(m, rng, X, Y, n, maxAbsError, accuracy, errors);
    }
    const [x, y] = at as [number, number];
    const { setupEnd, predictEnd } = this.encoded;
    this.enter(m, rng);
    const loss = this.loops.validate(setupEnd, predictEnd, x, y, n, maxAbsError, accuracy ? 1 : 0,
      errors === null ? -1 : machine.regions.validErrors);
    this.leave(m);
    if (errors !== null) this.copyErrors(machine.regions.validErrors, errors, loss < 0 ? -1 - loss : n);
    return loss;
  }
}

/** Whether the program fits the module's code region (a shape's kernel does not bound its Setup). */
function fitsModule(encoded: EncodedProgram): boolean {
  return encoded.learnEnd <= WASM_MAX_INSTRUCTIONS * CANONICAL_STRIDE;
}

/**
 * A WebAssembly shape kernel (codegen/wasm/kernel.ts) over an encoded program
 * of its shape, Setup interpreted; the JavaScript dispatcher where the
 * program is too long for the module.
 */
export function wasmKernelRunner(encoded: EncodedProgram, layout: MemoryLayout, machine: WasmMachine, kernel: WasmLoops): Runner {
  return fitsModule(encoded) ? new WasmRunner(encoded, layout, machine, kernel) : new EncodedRunner(encoded, layout);
}

/**
 * The WebAssembly interpreter over an encoded program, or the JavaScript
 * dispatcher where there is none for the layout or the program is too long for it.
 */
export function wasmRunner(encoded: EncodedProgram, layout: MemoryLayout, machine = wasmMachineFor(layout)): Runner {
  return machine !== null && fitsModule(encoded) ? new WasmRunner(encoded, layout, machine) : new EncodedRunner(encoded, layout);
}
