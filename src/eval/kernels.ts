/**
 * Compiled kernels shared by every program whose Predict and Learn have one
 * canonical shape (live code, renamed addresses, constants aside); each
 * program's constants and the memory its Setup leaves are the kernel's data.
 * A shape is compiled only once it is hot: compiling a shape that is never
 * seen again costs more than interpreting it. Until then, and for shapes
 * that stay cold, the WebAssembly interpreter runs it
 * (codegen/wasm/interpreter.ts).
 *
 * Kernels are WebAssembly (codegen/wasm/kernel.ts) where the layout has a
 * WebAssembly interpreter: fast from their first call, but about 1 ms to
 * build and compile (with compiler threads), and about 2 ns faster than the
 * interpreter per instruction and example. So a shape is compiled once the
 * work it has been given (expected training steps × instructions, summed
 * over its uses) would have paid for compiling twice: long evaluations get
 * kernels after a few uses, the demo's short ones rarely. Elsewhere kernels
 * are JavaScript, which V8 runs in its bytecode interpreter until it has
 * seen it run a while: those wait for a number of uses (measured on the demo).
 */
import { CANONICAL_STRIDE, type CanonicalProgram } from '../../codegen/analysis';
import { encodeCanonical } from '../../codegen/dispatch';
import { type TaskKernel, compileTaskKernel } from '../../codegen/jit';
import { type WasmLoops, type WasmMachine, wasmMachineFor } from '../../codegen/wasm/interpreter';
import { compileWasmKernel } from '../../codegen/wasm/kernel';
import { Unsupported } from '../../codegen/wasm/translate';
import type { MemoryLayout } from '../ir/memory';
import type { RandomSource } from '../util/rng';
import type { Task } from '../tasks/task';
import { KeySlots } from './key-slots';
import { type Runner, wasmKernelRunner, wasmRunner } from './runner';

/** A shape's compiled kernel: WebAssembly where the layout has a WebAssembly interpreter, JavaScript otherwise. */
type ShapeKernel = { readonly wasm: WasmLoops; readonly js?: undefined } | { readonly js: TaskKernel; readonly wasm?: undefined };

export interface KernelPolicy {
  /** Uses of a shape before it gets a JavaScript kernel (0: at once). */
  readonly jsAfterUses: number;
  /** Work (expected training steps × instructions, summed over uses) before it gets a WebAssembly kernel. */
  readonly wasmAfterWork: number;
  /** Shapes remembered per layout; beyond it all are dropped, so that kernels gone from the population can be collected. */
  readonly capacity: number;
  /** Use WebAssembly where it can (false: JavaScript kernels only, for tests). */
  readonly wasm: boolean;
}

/** 50 uses: measured on the demo (10: slower, 200: no faster). */
export const DEFAULT_KERNEL_POLICY: KernelPolicy = { jsAfterUses: 50, wasmAfterWork: 1_000_000, capacity: 20_000, wasm: true };

/** Compile every shape at once (tests). */
export const COMPILE_AT_ONCE: KernelPolicy = { ...DEFAULT_KERNEL_POLICY, jsAfterUses: 0, wasmAfterWork: 0 };

export interface KernelStats {
  compiled: number;
  compiledRuns: number;
  interpretedRuns: number;
  compileMillis: number;
}

/** The shapes seen at one feature size: how often each ran, and its kernel once compiled. */
class ShapeTable {
  readonly slots: KeySlots;
  readonly uses: Int32Array;
  readonly work: Float64Array;
  readonly kernels: Array<ShapeKernel | null>;
  // The latest runner's encoded program and constant pool (allocating typed arrays per program is slow).
  code: Int32Array = new Int32Array(64 * CANONICAL_STRIDE);
  pool: Float64Array = new Float64Array(64 * CANONICAL_STRIDE);

  constructor(capacity: number, readonly machine: WasmMachine | null) {
    this.slots = new KeySlots(capacity);
    this.uses = new Int32Array(capacity);
    this.work = new Float64Array(capacity);
    this.kernels = new Array<ShapeKernel | null>(capacity).fill(null);
  }
}

export class KernelCache {
  /** By placement: layouts that place every address alike share their kernels. */
  private readonly tables = new Map<string, ShapeTable>();
  readonly stats: KernelStats = { compiled: 0, compiledRuns: 0, interpretedRuns: 0, compileMillis: 0 };

  constructor(readonly policy: KernelPolicy = DEFAULT_KERNEL_POLICY) {}

  /**
   * A runner for `canonical`, valid until the next call for the same layout;
   * `expectedSteps`: the training steps it may run (all tasks, whole budget).
   */
  runner(canonical: CanonicalProgram, layout: MemoryLayout, expectedSteps = 0): Runner {
    const key = layout.placement;
    let table = this.tables.get(key);
    if (!table) {
      table = new ShapeTable(this.policy.capacity, this.policy.wasm ? wasmMachineFor(layout) : null);
      this.tables.set(key, table);
    }
    const slot = table.slots.find(canonical.shapeKey);
    if (table.slots.fresh) {
      table.uses[slot] = 0;
      table.work[slot] = 0;
      table.kernels[slot] = null;
    }
    const uses = ++table.uses[slot]!;
    const work = (table.work[slot]! += expectedSteps * (canonical.predictLength + canonical.learnLength));
    const encoded = encodeCanonical(canonical, layout, table.code);
    table.code = encoded.code;
    let kernel = table.kernels[slot]!;
    const { machine } = table;
    if (kernel === null && (machine ? work >= this.policy.wasmAfterWork : uses > this.policy.jsAfterUses)) {
      kernel = this.compile(canonical, layout, machine);
      table.kernels[slot] = kernel;
    }
    if (kernel === null) {
      this.stats.interpretedRuns++;
      return wasmRunner(encoded, layout, machine);
    }
    this.stats.compiledRuns++;
    if (kernel.wasm) return wasmKernelRunner(encoded, layout, machine!, kernel.wasm);
    // The JavaScript kernel's constant pool is Predict's and Learn's part of the program's.
    const from = canonical.setupLength * CANONICAL_STRIDE;
    const words = canonical.length * CANONICAL_STRIDE - from;
    if (table.pool.length < words) table.pool = new Float64Array(words * 2);
    for (let i = 0; i < words; i++) table.pool[i] = canonical.consts[from + i]!;
    return new KernelRunner(kernel.js, table.pool, wasmRunner(encoded, layout, machine));
  }

  private compile(canonical: CanonicalProgram, layout: MemoryLayout, machine: WasmMachine | null): ShapeKernel {
    const start = performance.now();
    let kernel: ShapeKernel | null = null;
    if (machine) {
      try {
        kernel = { wasm: compileWasmKernel(canonical.program, machine) };
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
      }
    }
    if (kernel === null) {
      const { predict, learn } = canonical.program;
      kernel = { js: compileTaskKernel({ setup: [], predict, learn }, layout, { constantPool: true }) };
    }
    this.stats.compileMillis += performance.now() - start;
    this.stats.compiled++;
    return kernel;
  }
}

/** The shared kernel runs training and validation; Setup, different for each program, is interpreted. */
class KernelRunner implements Runner {
  constructor(private readonly kernel: TaskKernel, private readonly C: Float64Array, private readonly setupRunner: Runner) {}

  setup(m: Float64Array, rng: RandomSource): void {
    this.setupRunner.setup(m, rng);
  }

  // Fingerprint runs are short: the interpreter that runs Setup runs them all in one call.
  fingerprints(
    afterSetup: Float64Array, tasks: readonly Task[], numTrain: number, numValid: number,
    budgets: readonly number[], maxAbsError: number, into: Float64Array, keysAt: number, stepsAt: number,
  ): boolean {
    return this.setupRunner.fingerprints?.(afterSetup, tasks, numTrain, numValid, budgets, maxAbsError, into, keysAt, stepsAt) ?? false;
  }

  train(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, order: Int32Array,
    begin: number, end: number, maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    return this.kernel.train(m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors, this.C);
  }

  validate(
    m: Float64Array, rng: RandomSource, X: Float64Array, Y: Float64Array, n: number,
    maxAbsError: number, accuracy: boolean, errors: Float64Array | null,
  ): number {
    return this.kernel.validate(m, rng, X, Y, n, maxAbsError, accuracy, errors, this.C);
  }
}
