/**
 * Shape kernels: programs that differ only in their constants share one
 * compiled kernel, compiled once the shape is hot, and each still gets exactly
 * the reference result for its own constants.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize, simplify } from '../../codegen/analysis';
import { WASM_MAX_INSTRUCTIONS } from '../../codegen/wasm/interpreter';
import { execute } from '../../src/eval/executor';
import { COMPILE_AT_ONCE, KernelCache, type KernelPolicy } from '../../src/eval/kernels';
import { interpreterRunner } from '../../src/eval/runner';
import { linearModel } from '../../src/ir/hand-designed';
import { MemoryLayout } from '../../src/ir/memory';
import { buildTasks } from '../../src/tasks/build';
import { Rng } from '../../src/util/rng';
import { LINEAR, sAdd, taskSpec } from './helpers';

describe('KernelCache', () => {
  const layout = new MemoryLayout(4, { scalars: 4, vectors: 3, matrices: 1 });
  const [task] = buildTasks({ tasks: [taskSpec(LINEAR, { featuresSize: 4, numTrainExamples: 50, numValidExamples: 20 })] });
  const options = { numAllTrain: 50, numValid: 20, maxAbsError: 100 };

  const rates = [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, -0.3];
  const perUse = (() => { const c = canonicalize(simplify(linearModel(0.01))); return 50 * (c.predictLength + c.learnLength); })();
  const policies: Array<[string, KernelPolicy]> = [
    ['JavaScript kernels, after 3 uses', { ...COMPILE_AT_ONCE, jsAfterUses: 3, wasm: false }],
    ['WebAssembly kernels, after 3 uses worth of work', { ...COMPILE_AT_ONCE, wasmAfterWork: 3 * perUse + 1 }],
  ];
  for (const [name, policy] of policies) {
    it(`interprets a shape until it is hot, then compiles it once for all constants: ${name}`, () => {
      const cache = new KernelCache(policy);
      for (const lr of rates) {
        const alg = linearModel(lr);
        const expected = execute(interpreterRunner(alg, layout), layout, task!, new Rng(1), options);
        const got = execute(cache.runner(canonicalize(simplify(alg)), layout, 50), layout, task!, new Rng(1), options);
        expect(got.fitness).toBe(expected.fitness);
        expect(got.steps).toBe(expected.steps);
      }
      expect(cache.stats.compiled).toBe(1);
      expect(cache.stats.interpretedRuns).toBe(3);
      expect(cache.stats.compiledRuns).toBe(rates.length - 3);
    });
  }

  it('gives the reference result for a program of a compiled shape too long for the WebAssembly module', () => {
    const base = linearModel(0.01);
    // Setup is not part of the shape: a long one (accumulating into the learning rate s2, so it stays live).
    const alg = { ...base, setup: [...base.setup, ...Array.from({ length: WASM_MAX_INSTRUCTIONS + 10 }, () => sAdd(2, 2, 3))] };
    const canonical = canonicalize(simplify(alg));
    expect(canonical.length).toBeGreaterThan(WASM_MAX_INSTRUCTIONS);
    const expected = execute(interpreterRunner(alg, layout), layout, task!, new Rng(1), options);
    const cache = new KernelCache(COMPILE_AT_ONCE);
    const got = execute(cache.runner(canonical, layout, 50), layout, task!, new Rng(1), options);
    expect(cache.stats.compiledRuns).toBe(1);
    expect(got.fitness).toBe(expected.fitness);
    expect(got.steps).toBe(expected.steps);
  });

  it('keeps different shapes apart', () => {
    const cache = new KernelCache(COMPILE_AT_ONCE);
    const a = canonicalize(simplify(linearModel(0.01)));
    const b = canonicalize(simplify({ ...linearModel(0.01), predict: [] }));
    expect(a.shapeKey).not.toBe(b.shapeKey);
    cache.runner(a, layout);
    cache.runner(b, layout);
    expect(cache.stats.compiled).toBe(2);
  });

  it('serves equal layouts from one table, and keeps layouts with other offsets apart (another WebAssembly module too)', () => {
    const cache = new KernelCache(COMPILE_AT_ONCE);
    const c = canonicalize(simplify(linearModel(0.01)));
    cache.runner(c, new MemoryLayout(2, { scalars: 4, vectors: 3, matrices: 0 }));
    cache.runner(c, new MemoryLayout(2, { scalars: 4, vectors: 3, matrices: 0 }));
    expect(cache.stats.compiled).toBe(1);
    // Same feature size, scalars and total size, but a matrix where two vectors were: other offsets, another kernel.
    const other = new MemoryLayout(2, { scalars: 4, vectors: 1, matrices: 1 });
    expect(other.size).toBe(new MemoryLayout(2, { scalars: 4, vectors: 3, matrices: 0 }).size);
    const [task2] = buildTasks({ tasks: [taskSpec(LINEAR, { featuresSize: 2, numTrainExamples: 50, numValidExamples: 20 })] });
    const expected = execute(interpreterRunner(linearModel(0.01), other), other, task2!, new Rng(1), options);
    const got = execute(cache.runner(c, other), other, task2!, new Rng(1), options);
    expect(cache.stats.compiled).toBe(2);
    expect(got.fitness).toBe(expected.fitness);
  });
});
