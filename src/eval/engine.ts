/**
 * Engines that run an algorithm on a task, all bit-identical:
 * - `interpreter`: the reference interpreter (the op table's `exec`);
 * - `dispatch`: the interpreter generated from the op table's templates,
 *   shared by all programs of one feature size, so it is always hot;
 * - `jit`: a task kernel compiled per algorithm and feature size;
 * - `auto`: `jit` when one evaluation is long enough to pay for compiling,
 *   `dispatch` otherwise.
 */
import { compileTaskKernel } from '../../codegen/jit';
import type { Algorithm } from '../ir/algorithm';
import type { MemoryLayout } from '../ir/memory';
import { type Runner, dispatchRunner, interpreterRunner } from './runner';

export const ENGINES = ['auto', 'jit', 'dispatch', 'interpreter'] as const;
export type EngineName = (typeof ENGINES)[number];

/**
 * Training steps one compiled kernel must run before compiling beats the
 * dispatching interpreter. V8 only optimises a fresh function after a few
 * thousand loop iterations; until then it runs in V8's bytecode interpreter.
 */
export const AUTO_JIT_MIN_STEPS = 20_000;

export function makeRunner(engine: EngineName, alg: Algorithm, layout: MemoryLayout, expectedSteps: number): Runner {
  switch (engine) {
    case 'interpreter': return interpreterRunner(alg, layout);
    case 'dispatch': return dispatchRunner(alg, layout);
    case 'jit': return compileTaskKernel(alg, layout);
    case 'auto': return expectedSteps >= AUTO_JIT_MIN_STEPS ? compileTaskKernel(alg, layout) : dispatchRunner(alg, layout);
  }
}
