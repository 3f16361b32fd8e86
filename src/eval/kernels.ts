/**
 * Compiled kernels shared by every program whose Predict and Learn have one
 * canonical shape (live code, renamed addresses, constants aside); each
 * program's constants and the memory its Setup leaves are the kernel's data. A shape is compiled only once it has
 * been executed `hotAfter` times: a fresh function runs in V8's bytecode
 * interpreter until V8 has seen it run a while, so compiling a shape that is
 * never seen again costs more than interpreting it. Until then, and for
 * shapes that stay cold, the generated dispatching interpreter runs it.
 */
import { type CanonicalProgram } from '../../codegen/analysis';
import { constantPoolOf } from '../../codegen/dispatch';
import { type TaskKernel, compileTaskKernel } from '../../codegen/jit';
import type { MemoryLayout } from '../ir/memory';
import { type Runner, dispatchRunner } from './runner';

export interface KernelStats {
  compiled: number;
  compiledRuns: number;
  interpretedRuns: number;
  compileMillis: number;
}

interface ShapeEntry {
  uses: number;
  kernel: TaskKernel | null;
}

export class KernelCache {
  private readonly shapes = new Map<string, ShapeEntry>();
  readonly stats: KernelStats = { compiled: 0, compiledRuns: 0, interpretedRuns: 0, compileMillis: 0 };

  /**
   * @param hotAfter executions of a shape before it is compiled (0: compile at once).
   * @param capacity shapes remembered; beyond it all are dropped, so that
   *   compiled functions of shapes gone from the population can be collected.
   */
  constructor(readonly hotAfter: number, readonly capacity = 20_000) {}

  runner(canonical: CanonicalProgram, layout: MemoryLayout): Runner {
    const key = `${layout.F}:${canonical.shapeKey}`;
    let entry = this.shapes.get(key);
    if (!entry) {
      if (this.shapes.size >= this.capacity) this.shapes.clear();
      entry = { uses: 0, kernel: null };
      this.shapes.set(key, entry);
    }
    entry.uses++;
    const { setup, predict, learn } = canonical.program;
    const loop = { setup: [], predict, learn };
    if (entry.kernel === null && entry.uses > this.hotAfter) {
      const start = performance.now();
      entry.kernel = compileTaskKernel(loop, layout, { constantPool: true });
      this.stats.compileMillis += performance.now() - start;
      this.stats.compiled++;
    }
    if (entry.kernel === null) {
      this.stats.interpretedRuns++;
      return dispatchRunner(canonical.program, layout);
    }
    this.stats.compiledRuns++;
    return withConstants(entry.kernel, constantPoolOf(loop), dispatchRunner({ setup, predict: [], learn: [] }, layout));
  }
}

/** The shared kernel runs training and validation; Setup, different for each program, is interpreted. */
function withConstants(kernel: TaskKernel, C: Float64Array, setupRunner: Runner): Runner {
  return {
    setup: setupRunner.setup,
    train: (m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors) =>
      kernel.train(m, rng, X, Y, order, begin, end, maxAbsError, accuracy, errors, C),
    validate: (m, rng, X, Y, n, maxAbsError, accuracy, errors) =>
      kernel.validate(m, rng, X, Y, n, maxAbsError, accuracy, errors, C),
  };
}
