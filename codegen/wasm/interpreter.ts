/**
 * The WebAssembly interpreter: the dispatching interpreter of dispatch.ts
 * (same encoded programs, same op templates, same training and validation
 * loops) as one WebAssembly module per memory layout. WebAssembly is compiled
 * to machine code when the module is instantiated, and its memory accesses
 * need no bounds checks in JavaScript's sense, so short runs of programs seen
 * once (the FEC fingerprints, shapes that never get hot) run faster than in
 * the JavaScript dispatcher.
 *
 * Linear memory (byte offsets fixed per module, so they are load/store
 * immediates): the scratch matrix T, the program memory m, the snapshot of m
 * after Setup, the fingerprint results, the encoded code and constants, the
 * error logs, then task data (and task tables) placed on first use.
 */
import { FEATURES_VECTOR, LABEL_SCALAR, type MemoryLayout, PREDICTION_SCALAR } from '../../src/ir/memory';
import { OPS } from '../../src/ir/ops';
import type { Task } from '../../src/tasks/task';
import type { RandomSource } from '../../src/util/rng';
import { CANONICAL_STRIDE } from '../analysis';
import { type DispatchFn, dispatcherFor, dynamicEmitter } from '../dispatch';
import { Code, type DefinedFunction, F64, I32, type ImportedFunction, OP, type ValueType, moduleBytes } from './binary';
import {
  type BodyFactory, LOOP_BODY_FIRST_LOCAL, TASK_ENTRY, TASK_ENTRY_BYTES,
  asDefined, fingerprintsFunction, fullRunsFunction, trainFunction, validateFunction,
} from './loops';
import { Unsupported, translateStatements } from './translate';

/** Longest program (instructions) and error logs (examples) the module has room for. */
export const WASM_MAX_INSTRUCTIONS = 4096;
export const WASM_MAX_ERRORS = 1 << 16;
/** Most tasks one `fingerprints` call covers. */
export const WASM_MAX_TASKS = 4096;
/**
 * Bytes of task data a module holds. When the data region is full, what it
 * holds is forgotten and its space reused; data that does not fit even then
 * stays out (its runs go to the JavaScript dispatcher).
 */
const MAX_DATA_BYTES = 512 * 2 ** 20;
const PAGE = 65536;

export interface Regions {
  readonly scratch: number;
  readonly memory: number;
  /** The memory as Setup leaves it, copied into `memory` before each fingerprint run. */
  readonly snapshot: number;
  /** Per task of a `fingerprints` call: its key and steps. */
  readonly fingerprints: number;
  readonly code: number;
  readonly consts: number;
  readonly trainErrors: number;
  readonly validErrors: number;
  readonly data: number;
}

function regionsFor(layout: MemoryLayout): Regions {
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const scratch = 0;
  const memory = align(scratch + layout.F * layout.F * 8);
  const snapshot = align(memory + layout.size * 8);
  const fingerprints = align(snapshot + layout.size * 8);
  const code = align(fingerprints + WASM_MAX_TASKS * 16);
  const consts = align(code + WASM_MAX_INSTRUCTIONS * CANONICAL_STRIDE * 4);
  const trainErrors = align(consts + WASM_MAX_INSTRUCTIONS * CANONICAL_STRIDE * 8);
  const validErrors = trainErrors + WASM_MAX_ERRORS * 8;
  return {
    scratch, memory, snapshot, fingerprints, code, consts, trainErrors, validErrors, data: validErrors + WASM_MAX_ERRORS * 8,
  };
}

/** The calls from WebAssembly into JavaScript: ops outside the template language, Math functions, the random source. */
export interface Imports {
  readonly list: ImportedFunction[];
  readonly functions: Array<(...args: number[]) => number | void>;
  index(callee: string): number;
}

export function importsFor(machine: () => WasmMachine): Imports {
  const list: ImportedFunction[] = [];
  const functions: Array<(...args: number[]) => number | void> = [];
  const byName = new Map<string, number>();
  const add = (name: string, params: number, fn: (...args: number[]) => number | void, result: boolean): number => {
    list.push({ module: 'js', name, type: { params: new Array(params).fill(F64), results: result ? [F64] : [] } });
    functions.push(fn);
    byName.set(name, list.length - 1);
    return list.length - 1;
  };
  list.push({ module: 'js', name: 'fallback', type: { params: [I32], results: [] } });
  functions.push((pc: number) => machine().fallback(pc));
  return {
    list,
    functions,
    index(callee) {
      const known = byName.get(callee);
      if (known !== undefined) return known;
      const [object, name] = callee.split('.') as [string, string];
      if (object === 'Math' && typeof (Math as unknown as Record<string, unknown>)[name] === 'function') {
        const fn = (Math as unknown as Record<string, (...a: number[]) => number>)[name]!;
        return add(callee, fn.length, fn, true);
      }
      if (object === 'R' && (name === 'gaussian' || name === 'uniformOpen')) {
        return add(callee, 2, (x, y) => machine().rng[name](x!, y!), true);
      }
      throw new Unsupported(`no import for ${callee}`);
    },
  };
}

/**
 * The dispatch loop's locals: the range it runs and the templates' names.
 * Every function holding a copy of the loop has them from
 * LOOP_BODY_FIRST_LOCAL on (`run` pads its locals up to there), so that the
 * op templates are translated once per module.
 */
const DISPATCH_LOCALS = ['end', 'pc', 'o', 'a', 'b', 'i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'];
/** The operand locals, which the dispatch loop holds as byte offsets (×8): m[a + 2] is then one load at a constant offset from a. */
const OPERANDS: ReadonlySet<string> = new Set(['o', 'a', 'b']);

function dispatchLocal(name: string): number {
  const i = DISPATCH_LOCALS.indexOf(name);
  if (i < 0) throw new Unsupported(`unknown name ${name}`);
  return LOOP_BODY_FIRST_LOCAL + i;
}

/** Runs `loop` (the dispatch loop) over the code from the instruction at local `begin` to the one at local `end`. */
function enterLoop(code: Code, begin: number, end: number, loop: Code): Code {
  return code.localGet(begin).localSet(dispatchLocal('pc')).localGet(end).localSet(dispatchLocal('end')).append(loop);
}

/**
 * The dispatch loop from the instruction at local `pc` to the one at local
 * `end`, one case per op, translated from its template or calling back.
 */
function dispatchLoop(layout: MemoryLayout, regions: Regions, imports: Imports, translate: boolean): Code {
  const code = new Code();
  const [pc, end, o, a, b] = ['pc', 'end', 'o', 'a', 'b'].map(dispatchLocal) as [number, number, number, number, number];
  const emitter = dynamicEmitter(layout.F);
  const cases = OPS.map((op) => {
    const body = new Code();
    try {
      if (!translate) throw new Unsupported('translation turned off');
      translateStatements(op.emit(emitter).join('\n'), {
        code: body, local: dispatchLocal, arrays: { m: regions.memory, T: regions.scratch, C: regions.consts }, imported: (c) => imports.index(c),
        byteOffsets: OPERANDS,
      });
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      body.bytes.length = 0;
      body.localGet(pc).call(0);
    }
    return body;
  });
  code.block().loop();
  code.localGet(pc).localGet(end).op(OP.i32GeS).brIf(1);
  // Operands are memory indexes; the cases read them as byte offsets (see OPERANDS).
  const field = (k: number, into: number) => code.localGet(pc).i32Const(2).op(OP.i32Shl).i32Load(regions.code + 4 * k)
    .i32Const(3).op(OP.i32Shl).localSet(into);
  field(1, o);
  field(2, a);
  field(3, b);
  // block $next, block $default, one block per case; br_table jumps to the end of case k's block.
  code.block().block();
  for (let k = 0; k < cases.length; k++) code.block();
  code.localGet(pc).i32Const(2).op(OP.i32Shl).i32Load(regions.code);
  code.brTable(cases.map((_, k) => k), cases.length);
  cases.forEach((body, k) => {
    code.end();
    code.append(body);
    code.br(cases.length - k);
  });
  code.end().op(OP.unreachable).end();
  code.localGet(pc).i32Const(CANONICAL_STRIDE).op(OP.i32Add).localSet(pc).br(0).end().end();
  return code;
}

/** `run(begin, end)`: a copy of the dispatch loop as a function (Setup, and calls from JavaScript). */
function runFunction(loop: Code): DefinedFunction {
  const locals = new Array<ValueType>(LOOP_BODY_FIRST_LOCAL - 2 + DISPATCH_LOCALS.length).fill(I32);
  return { type: { params: [I32, I32], results: [] }, locals, code: enterLoop(new Code(), 0, 1, loop), export: 'run' };
}

/**
 * The interpreter's program body: cells in the memory region, Predict and
 * Learn run by copies of the dispatch loop inside the training and validation
 * loops, over locals of their own after the loops': the demo ran 3% faster
 * than with a call to `run` for each (alternating runs, README).
 */
function interpreterBody(layout: MemoryLayout, regions: Regions, loop: Code): BodyFactory {
  const features = regions.memory + layout.offset('v', FEATURES_VECTOR) * 8;
  const label = regions.memory + LABEL_SCALAR * 8;
  const prediction = regions.memory + PREDICTION_SCALAR * 8;
  return (firstLocal) => {
    if (firstLocal !== LOOP_BODY_FIRST_LOCAL) throw new Error(`interpreter loop locals start at ${LOOP_BODY_FIRST_LOCAL}, not ${firstLocal}`);
    return {
      locals: DISPATCH_LOCALS.map(() => I32),
      load() {},
      store() {},
      loadFeatures(code, xrow) {
        for (let k = 0; k < layout.F; k++) code.i32Const(0).localGet(xrow).f64Load(k * 8).f64Store(features + k * 8);
      },
      setLabel(code, push) {
        code.i32Const(0);
        push();
        code.f64Store(label);
      },
      prediction: (code) => code.i32Const(0).f64Load(prediction),
      setPrediction(code, push) {
        code.i32Const(0);
        push();
        code.f64Store(prediction);
      },
      // Predict is the code from parameter 0 to parameter 1, Learn from parameter 1 to parameter 2.
      predict: (code) => enterLoop(code, 0, 1, loop),
      learn: (code) => enterLoop(code, 1, 2, loop),
    };
  };
}

export type WasmTrain = (
  predictBegin: number, predictEnd: number, learnEnd: number, X: number, Y: number, order: number,
  begin: number, end: number, maxAbsError: number, accuracy: number, errors: number,
) => number;
export type WasmValidate = (
  predictBegin: number, predictEnd: number, X: number, Y: number, n: number, maxAbsError: number, accuracy: number, errors: number,
) => number;
export type WasmFingerprints = (setupEnd: number, predictEnd: number, learnEnd: number, table: number, count: number, maxAbsError: number) => void;
export type WasmFullRuns = WasmFingerprints;

/** The loops of a module (the interpreter's, or a shape kernel's: same signatures). */
export interface WasmLoops {
  readonly train: WasmTrain;
  readonly validate: WasmValidate;
  readonly fingerprints: WasmFingerprints;
  readonly fullRuns: WasmFullRuns;
}

/** One instance of the module for a memory layout, with its memory and the task data placed in it. */
export class WasmMachine implements WasmLoops {
  readonly regions: Regions;
  rng: RandomSource;
  readonly run: (begin: number, end: number) => void;
  readonly train: WasmTrain;
  readonly validate: WasmValidate;
  readonly fingerprints: WasmFingerprints;
  readonly fullRuns: WasmFullRuns;
  /** The program whose code and constants are in memory (any object standing for it). */
  loaded: object | null = null;
  readonly memory: WebAssembly.Memory;
  private readonly dispatch: DispatchFn;
  private placed = new WeakMap<Float64Array | Int32Array, number>();
  private tables = new WeakMap<readonly Task[], { numTrain: number; numValid: number; at: number }>();
  private dataEnd: number;
  /** Times the data region was emptied: when it was full, and as experiments start (see forgetData, forgetTaskData). */
  dataResets = 0;
  f64!: Float64Array;
  i32!: Int32Array;
  private codeView!: Int32Array;
  private constView!: Float64Array;
  private memoryView!: Float64Array;

  constructor(
    readonly layout: MemoryLayout, bytes: Uint8Array, readonly imports: Imports, regions: Regions,
    private readonly maxDataBytes = MAX_DATA_BYTES,
  ) {
    this.regions = regions;
    this.rng = { uniformOpen: () => Number.NaN, gaussian: () => Number.NaN };
    this.dispatch = dispatcherFor(layout.F);
    const env: Record<string, (...args: number[]) => number | void> = {};
    imports.list.forEach((imp, i) => { env[imp.name] = imports.functions[i]!; });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { js: env });
    const exports = instance.exports as Record<string, unknown>;
    this.memory = exports.memory as WebAssembly.Memory;
    this.run = exports.run as (begin: number, end: number) => void;
    this.train = exports.train as WasmTrain;
    this.validate = exports.validate as WasmValidate;
    this.fingerprints = exports.fingerprints as WasmFingerprints;
    this.fullRuns = exports.fullRuns as WasmFullRuns;
    this.dataEnd = regions.data;
    this.views();
  }

  private views(): void {
    const { buffer } = this.memory;
    const r = this.regions;
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.codeView = new Int32Array(buffer, r.code, WASM_MAX_INSTRUCTIONS * CANONICAL_STRIDE);
    this.constView = new Float64Array(buffer, r.consts, WASM_MAX_INSTRUCTIONS * CANONICAL_STRIDE);
    this.memoryView = new Float64Array(buffer, r.memory, this.layout.size);
  }

  /** Runs the instruction at `pc` with the JavaScript dispatcher (ops the module calls back for). */
  fallback(pc: number): void {
    this.dispatch(this.codeView, this.constView, this.memoryView, this.rng, pc, pc + CANONICAL_STRIDE);
  }

  /** `bytes` (a multiple of 8) of the data region, growing the memory if needed; -1 if there is no room. */
  private allocate(bytes: number): number {
    const at = this.dataEnd;
    const end = at + bytes;
    if (end - this.regions.data > this.maxDataBytes) return -1;
    if (end > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE));
      this.views();
    }
    this.dataEnd = end;
    return at;
  }

  /**
   * Forgets the arrays and task tables placed so far, so that their space is
   * reused; false if there were none. Addresses given out before are then
   * invalid, so it happens only before a run places its arrays.
   */
  forgetData(): boolean {
    if (this.dataEnd === this.regions.data) return false;
    this.placed = new WeakMap();
    this.tables = new WeakMap();
    this.dataEnd = this.regions.data;
    this.dataResets++;
    return true;
  }

  /**
   * The byte addresses of the arrays of one run, copied into the module's
   * memory on first use; where they do not all fit beside what it holds, the
   * data region is emptied first. Null if they do not fit even then.
   */
  placeAll(arrays: ReadonlyArray<Float64Array | Int32Array>): number[] | null {
    let at = arrays.map((a) => this.place(a));
    if (at.some((x) => x < 0) && this.forgetData()) at = arrays.map((a) => this.place(a));
    return at.some((x) => x < 0) ? null : at;
  }

  /** The byte address of `array` in the module's memory, copied there on first use; -1 if there is no room. */
  place(array: Float64Array | Int32Array): number {
    const known = this.placed.get(array);
    if (known !== undefined) return known;
    const at = this.allocate(Math.ceil(array.byteLength / 8) * 8);
    if (at < 0) return -1;
    if (array instanceof Float64Array) this.f64.set(array, at / 8);
    else this.i32.set(array, at / 4);
    this.placed.set(array, at);
    return at;
  }

  /**
   * The table of `tasks` for `fingerprints` runs of `numTrain` training and
   * `numValid` validation examples, and for `fullRuns`, made on first use
   * (train budgets and full runs' training examples are written per call); -1 where a task does not fit: more than one epoch
   * of training, too many errors to log, or no room for its data even in an emptied data region.
   */
  taskTable(tasks: readonly Task[], numTrain: number, numValid: number): number {
    const known = this.tables.get(tasks);
    if (known !== undefined && known.numTrain === numTrain && known.numValid === numValid) return known.at;
    let at = -1;
    const fits = tasks.length <= WASM_MAX_TASKS && numTrain <= WASM_MAX_ERRORS && numValid <= WASM_MAX_ERRORS
      && tasks.every((t) => t.F === this.layout.F && numTrain <= t.numTrainExamples && numValid <= t.numValidExamples);
    if (fits) {
      at = this.placeTable(tasks, numTrain, numValid);
      if (at < 0 && this.forgetData()) at = this.placeTable(tasks, numTrain, numValid);
    }
    this.tables.set(tasks, { numTrain, numValid, at });
    return at;
  }

  /** The task table and the tasks' data placed in the data region; -1 if there is no room. */
  private placeTable(tasks: readonly Task[], numTrain: number, numValid: number): number {
    const places = tasks.map((t) => [t.trainFeatures, t.trainLabels, t.trainOrder, t.validFeatures, t.validLabels].map((a) => this.place(a)));
    const table = places.every((p) => p.every((x) => x >= 0)) ? this.allocate(tasks.length * TASK_ENTRY_BYTES) : -1;
    if (table < 0) return -1;
    tasks.forEach((t, k) => {
      const entry = table + k * TASK_ENTRY_BYTES;
      const [X, Y, order, validX, validY] = places[k]!;
      const fields: Array<[keyof typeof TASK_ENTRY, number]> = [
        ['X', X!], ['Y', Y!], ['order', order!], ['validX', validX!], ['validY', validY!],
        ['accuracy', t.evalType === 'ACCURACY' ? 1 : 0], ['index', t.index | 0], ['numTrain', numTrain], ['numValid', numValid],
        ['allValid', t.numValidExamples], ['fullTrain', 0],
      ];
      for (const [name, value] of fields) this.i32[(entry + TASK_ENTRY[name]) >> 2] = value;
    });
    return table;
  }
}

export interface MachineOptions {
  /** Translate the op templates (default); false runs every op through the JavaScript dispatcher (to test that path). */
  readonly translate?: boolean;
  /** Bytes of task data it holds (default MAX_DATA_BYTES; smaller to test a full data region). */
  readonly maxDataBytes?: number;
}

/** train, validate, fingerprints and fullRuns as functions `first`, `first + 1`, ... of a module. */
function loopFunctions(layout: MemoryLayout, regions: Regions, body: BodyFactory, exp: number, first: number): DefinedFunction[] {
  return [
    asDefined(trainFunction(layout.F, body, exp), 'train'),
    asDefined(validateFunction(layout.F, body, exp), 'validate'),
    ...fixedLoopFunctions(layout.size * 8, regions, first),
  ];
}

/** The loops that do not depend on the program body, as functions `first + 2`, ... after train and validate at `first`. */
export function fixedLoopFunctions(memoryBytes: number, regions: Regions, first: number): DefinedFunction[] {
  const functions = { train: first, validate: first + 1 };
  return [
    asDefined(fingerprintsFunction(memoryBytes, regions, functions), 'fingerprints'),
    asDefined(fullRunsFunction(memoryBytes, regions, functions), 'fullRuns'),
  ];
}

/** Builds the module for `layout` from the op table and instantiates it. */
export function buildWasmMachine(layout: MemoryLayout, options: MachineOptions = {}): WasmMachine {
  const regions = regionsFor(layout);
  let machine: WasmMachine | null = null;
  const imports = importsFor(() => machine!);
  const loop = dispatchLoop(layout, regions, imports, options.translate ?? true);
  const exp = imports.index('Math.exp');
  // Function indices: the imports, then run and the loops.
  const first = imports.list.length;
  const functions: DefinedFunction[] = [
    runFunction(loop),
    ...loopFunctions(layout, regions, interpreterBody(layout, regions, loop), exp, first + 1),
  ];
  const bytes = moduleBytes({ imports: imports.list, functions, memory: { pages: Math.ceil(regions.data / PAGE) + 1 } });
  machine = new WasmMachine(layout, bytes, imports, regions, options.maxDataBytes);
  return machine;
}

/**
 * Largest feature size given a module: the templates unroll sums, so a
 * module's size grows with F² (a matrix norm at F = 256 alone would be
 * about a megabyte), while long evaluations are compiled anyway.
 */
export const WASM_MAX_F = 32;

const machines = new Map<string, WasmMachine | null>();

/**
 * Empties the data regions of all the interpreters built so far. A search
 * calls it as each experiment starts: the tasks placed before are not used
 * again, and a data region that kept them would fill up over a long search
 * (and the memory, which never shrinks, grow with it) before it started over.
 */
export function forgetTaskData(): void {
  for (const machine of machines.values()) machine?.forgetData();
}

/**
 * The shared WebAssembly interpreter for `layout`, built once; null where
 * there is none (F above WASM_MAX_F, or no WebAssembly in this runtime).
 */
export function wasmMachineFor(layout: MemoryLayout): WasmMachine | null {
  const key = layout.placement;
  let machine = machines.get(key);
  if (machine === undefined) {
    machine = null;
    if (layout.F <= WASM_MAX_F && typeof WebAssembly === 'object') {
      try {
        machine = buildWasmMachine(layout);
      } catch {
        machine = null;
      }
    }
    machines.set(key, machine);
  }
  return machine;
}
