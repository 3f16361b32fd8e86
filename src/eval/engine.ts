/**
 * Engines that run an algorithm on a task, all bit-identical:
 * - `interpreter`: the reference interpreter (the op table's `exec`);
 * - `dispatch`: the interpreter generated from the op table's templates,
 *   shared by all programs of one feature size, so it is always hot;
 * - `wasm`: the same interpreter in WebAssembly (codegen/wasm/), for F ≤ 32;
 * - `jit`: a task kernel compiled per algorithm and feature size;
 * - `auto`: a kernel shared by all programs of the same shape once that
 *   shape has had enough work (kernels.ts), and `wasm` until then; `jit`
 *   for long evaluations where the layout has no WebAssembly interpreter.
 */
import { compileTaskKernel } from '../../codegen/jit';
import { type CanonicalProgram, canonicalize } from '../../codegen/analysis';
import { encodeCanonical } from '../../codegen/dispatch';
import { wasmMachineFor } from '../../codegen/wasm/interpreter';
import type { Algorithm } from '../ir/algorithm';
import { KernelCache } from './kernels';
import type { MemoryLayout } from '../ir/memory';
import { type Runner, encodedRunner, interpreterRunner, wasmRunner } from './runner';

export const ENGINES = ['auto', 'jit', 'wasm', 'dispatch', 'interpreter'] as const;
export type EngineName = (typeof ENGINES)[number];

/**
 * Training steps one compiled kernel must run before compiling beats the
 * dispatching interpreter. V8 only optimises a fresh function after a few
 * thousand loop iterations; until then it runs in V8's bytecode interpreter.
 * Only for layouts without a WebAssembly interpreter: where there is one, the
 * kernel cache beats a JavaScript kernel per program (README, "Long
 * evaluations in a search": a search of 10 tasks × 8000 examples ran 4.4x to
 * 10x faster at F = 4, 16 and 32).
 */
export const AUTO_JIT_MIN_STEPS = 20_000;

/**
 * A runner for one program. Programs run in canonical form (same predictions,
 * see codegen/analysis.ts); the reference interpreter runs them as written.
 * Callers that evaluate many programs pass their canonical form and a shared
 * kernel cache.
 */
export function makeRunner(
  engine: EngineName, alg: Algorithm, layout: MemoryLayout, expectedSteps: number,
  shared?: { readonly canonical: CanonicalProgram; readonly kernels: KernelCache },
): Runner {
  if (engine === 'interpreter') return interpreterRunner(alg, layout);
  const canonical = shared?.canonical ?? canonicalize(alg);
  switch (engine) {
    case 'dispatch': return encodedRunner(encodeCanonical(canonical, layout), layout);
    case 'wasm': return wasmRunner(encodeCanonical(canonical, layout), layout);
    case 'jit': return compileTaskKernel(canonical.program, layout);
    case 'auto':
      return expectedSteps >= AUTO_JIT_MIN_STEPS && wasmMachineFor(layout) === null
        ? compileTaskKernel(canonical.program, layout)
        : (shared?.kernels ?? new KernelCache()).runner(canonical, layout, expectedSteps);
  }
}
