/**
 * Exported modules (codegen/export.ts), transpiled and imported for real,
 * give exactly the predictions (Object.is) and fitness the engine computes on
 * the same task data: the linear regressor, the neural network, evolved
 * samples, and random programs over all 65 ops at several feature sizes.
 * Every module type-checks under `strict` (TypeScript compiler API), and the
 * `--bundle` JavaScript runs in plain Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleModule, checkModuleName, defaultModuleName, exportModule } from '../../codegen/export';
import { makeRunner } from '../../src/eval/engine';
import { execute } from '../../src/eval/executor';
import { interpreterRunner } from '../../src/eval/runner';
import type { Algorithm } from '../../src/ir/algorithm';
import { linearModel, neuralNet } from '../../src/ir/hand-designed';
import { type MemorySizes, MemoryLayout } from '../../src/ir/memory';
import { Mutator } from '../../src/search/mutator';
import { Randomizer } from '../../src/search/randomizer';
import { padAlgorithm } from '../../src/search/generator';
import { buildTasks } from '../../src/tasks/build';
import type { Task } from '../../src/tasks/task';
import { loadAlgorithmFile } from '../../src/text/load';
import { UserError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { algorithm, memorySizes } from '../codegen/arbitraries';
import { ALL_OPS, DEMO_SIZES, LINEAR, NN, NN_SIZES, increment, listing, taskSpec } from '../eval/helpers';
import {
  type ModelClass, cleanUpModules, importJs, importModel, importTs, predictionMismatch, runInterpreter, runModel, typeCheck,
} from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const BIG: MemorySizes = { scalars: 20, vectors: 20, matrices: 20 };
const provenance = { source: 'test', toolVersion: '0.0.0-test' };

/**
 * Modules generated here, type-checked together at the end: the first of each
 * kind (name without its number) and size, raw or not, to keep the check fast.
 */
const generated: Record<string, string> = {};
const kinds = new Set<string>();

function exportFor(alg: Algorithm, F: number, sizes: MemorySizes, name: string, raw = false): string {
  const ts = exportModule(alg, { featuresSize: F, sizes, name, provenance, raw });
  const kind = `${name.replace(/\d+$/, '')}/${F}/${raw}`;
  if (!kinds.has(kind)) {
    kinds.add(kind);
    generated[`${name}_${Object.keys(generated).length}.ts`] = ts;
  }
  return ts;
}

afterAll(() => cleanUpModules());

/** The engine's fitness and steps: the real executor, over the interpreter and over the JIT. */
function engine(alg: Algorithm, layout: MemoryLayout, task: Task, seed: number) {
  const options = { numAllTrain: task.trainOrder.length, numValid: task.numValidExamples, maxAbsError: 100 };
  const interp = execute(interpreterRunner(alg, layout), layout, task, new Rng(seed), options);
  const jit = execute(makeRunner('jit', alg, layout, 1e9), layout, task, new Rng(seed), options);
  expect(Object.is(jit.fitness, interp.fitness)).toBe(true);
  return interp;
}

/** Module vs engine on one task: same predictions, fitness and steps. Returns the fitness. */
function expectSame(Model: ModelClass, alg: Algorithm, sizes: MemorySizes, task: Task, seed: number): number {
  const layout = new MemoryLayout(task.F, sizes);
  const oracle = runInterpreter(alg, layout, task, new Rng(seed));
  const ours = runModel(Model, task, new Rng(seed));
  const reference = engine(alg, layout, task, seed);
  const problem = predictionMismatch(oracle.predictions, ours.predictions);
  if (problem) throw new Error(`exported module differs from the interpreter on task ${task.index} (${task.kind}): ${problem}\n${listing(alg)}`);
  expect(oracle.fitness).toBe(reference.fitness);
  expect(oracle.steps).toBe(reference.steps);
  expect(Object.is(ours.fitness, reference.fitness)).toBe(true);
  expect(ours.steps).toBe(reference.steps);
  return ours.fitness;
}

function tasksFor(F: number, extra: { nn?: boolean; epochs?: number } = {}): Task[] {
  const rng = new Rng(97 * F);
  const row = () => Array.from({ length: F }, () => rng.gaussian(0, 1));
  const E = extra.epochs ?? 2;
  const specs = [
    taskSpec(LINEAR, { featuresSize: F, numTrainExamples: 30, numValidExamples: 10, numTrainEpochs: E, dataSeeds: [7], paramSeeds: [8] }),
    taskSpec(increment(0.1), { featuresSize: F, numTrainExamples: 10, numValidExamples: 5, numTrainEpochs: E }),
    taskSpec({
      kind: 'unit_test_fixed_task',
      trainFeatures: Array.from({ length: 12 }, row), trainLabels: Array.from({ length: 12 }, () => rng.uniformInt(0, 2)),
      validFeatures: Array.from({ length: 8 }, row), validLabels: Array.from({ length: 8 }, () => rng.uniformInt(0, 2)),
    }, { featuresSize: F, numTrainExamples: 12, numValidExamples: 8, numTrainEpochs: E, evalType: 'ACCURACY' }),
  ];
  if (extra.nn && F >= 4) specs.push(taskSpec(NN, { featuresSize: F, numTrainExamples: 40, numValidExamples: 10, numTrainEpochs: E }));
  return buildTasks({ tasks: specs });
}

describe('the exported linear regressor', () => {
  it('predicts and trains exactly as the engine on linear tasks, and learns (fitness > 0.99)', async () => {
    const alg = linearModel(0.01);
    const Model = await importModel(exportFor(alg, 4, DEMO_SIZES, 'LinearRegressor'), 'LinearRegressor');
    expect(Model.featuresSize).toBe(4);
    const tasks = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 1000, numValidExamples: 100, paramSeeds: [100], dataSeeds: [1000] })] });
    expect(expectSame(Model, alg, DEMO_SIZES, tasks[0]!, 1)).toBeGreaterThan(0.999);
    for (const task of tasksFor(4)) expectSame(Model, alg, DEMO_SIZES, task, 2);
  });

  it('replicates the executor on an ACCURACY task (sigmoid written back before Learn)', async () => {
    const alg = linearModel(0.5);
    const Model = await importModel(exportFor(alg, 4, DEMO_SIZES, 'Classifier'), 'Classifier');
    const accuracy = tasksFor(4, { epochs: 3 }).find((t) => t.evalType === 'ACCURACY')!;
    expectSame(Model, alg, DEMO_SIZES, accuracy, 3);
  });

  it('checks the number of features, and setup() starts over', async () => {
    const Model = await importModel(exportFor(linearModel(0.1), 2, DEMO_SIZES, 'Small'), 'Small');
    const model = new Model();
    expect(() => model.predict([1, 2, 3])).toThrow(RangeError);
    expect(model.predict([1, 2])).toBe(0);
    model.trainStep([1, 2], 5);
    const trained = model.predict(new Float64Array([1, 2]));
    expect(trained).not.toBe(0);
    model.setup();
    expect(model.predict([1, 2])).toBe(0);
  });
});

describe('the exported neural network', () => {
  it('matches the engine on the 2-layer NN task, with SeededRandom and with the engine generator', async () => {
    const alg = neuralNet(0.01, 0.1, 0.1);
    const ts = exportFor(alg, 4, NN_SIZES, 'NeuralNet');
    const mod = await importTs(ts);
    const Model = mod.NeuralNet as ModelClass;
    const SeededRandom = mod.SeededRandom as new (seed: number) => { nextUint32(): number; uniformOpen(a: number, b: number): number; gaussian(m: number, s: number): number };
    const task = tasksFor(4, { nn: true }).find((t) => t.kind === 'scalar_2layer_nn_regression_task')!;
    const fitness = expectSame(Model, alg, NN_SIZES, task, 10000);
    expect(fitness).toBeGreaterThan(0.5);
    // The module's own generator draws exactly the engine's numbers: same run from the same seed.
    const own = runModel(Model, task, new SeededRandom(10000));
    const oracle = runInterpreter(alg, new MemoryLayout(4, NN_SIZES), task, new Rng(10000));
    expect(predictionMismatch(own.predictions, oracle.predictions)).toBeNull();
    // Without a generator: SeededRandom(1).
    expect(predictionMismatch(runModel(Model, task, undefined).predictions, runModel(Model, task, new Rng(1)).predictions)).toBeNull();
    for (const t of tasksFor(4)) expectSame(Model, alg, NN_SIZES, t, 5);
  });

  it('SeededRandom is the engine generator, draw for draw', async () => {
    const mod = await importTs(exportFor(neuralNet(0.01, 0.1, 0.1), 2, NN_SIZES, 'Net2'));
    const SeededRandom = mod.SeededRandom as new (seed: number) => { nextUint32(): number; uniformOpen(a: number, b: number): number; gaussian(m: number, s: number): number };
    for (const seed of [0, 1, 5489, 4294967295, 123456789]) {
      const a = new SeededRandom(seed);
      const b = new Rng(seed);
      for (let i = 0; i < 700; i++) {
        expect(a.nextUint32()).toBe(b.nextUint32());
        expect(a.uniformOpen(-1, 2)).toBe(b.uniformOpen(-1, 2));
        expect(a.gaussian(0.5, 3)).toBe(b.gaussian(0.5, 3));
      }
      expect(a.uniformOpen(2, 1)).toBe(2);
    }
  });
});

describe('evolved and random programs', () => {
  it('the evolved/random samples (samples/algorithms/random_*.txt), simplified and raw', async () => {
    for (const n of [1, 2, 3, 4]) {
      const alg = loadAlgorithmFile(join(ROOT, 'samples', 'algorithms', `random_${n}.txt`), BIG);
      for (const raw of [false, true]) {
        const Model = await importModel(exportFor(alg, 4, BIG, `Random${n}`, raw), `Random${n}`);
        for (const task of tasksFor(4, { nn: true })) expectSame(Model, alg, BIG, task, n);
      }
    }
  });

  it('mutated linear regressors and neural networks', async () => {
    const rng = new Rng(8);
    const sizes = NN_SIZES;
    const limits = { ops: ALL_OPS, minSize: 0, maxSize: 0 };
    const mutator = new Mutator({
      mutationTypes: ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'INSERT_INSTRUCTION_MUTATION_TYPE', 'REMOVE_INSTRUCTION_MUTATION_TYPE'],
      mutateProb: 1, setup: limits, predict: limits, learn: limits,
    }, new Randomizer(sizes, rng), rng);
    const tasks = tasksFor(4, { nn: true });
    let learned = 0;
    for (let p = 0; p < 8; p++) {
      let alg: Algorithm = p % 2 === 0 ? linearModel(0.01) : neuralNet(0.01, 0.1, 0.1);
      for (let k = 0; k < 2; k++) alg = mutator.mutate(alg, 1);
      const Model = await importModel(exportFor(alg, 4, sizes, `Mutant${p}`), `Mutant${p}`);
      for (const task of tasks) if (expectSame(Model, alg, sizes, task, p) > 0.6) learned++;
    }
    expect(learned).toBeGreaterThan(4);
  });

  for (const F of [1, 2, 4, 8, 16]) {
    it(`random programs over all 65 ops, F = ${F}`, async () => {
      const rng = new Rng(4000 + F);
      const tasks = tasksFor(F, { epochs: 2 });
      for (let p = 0; p < (F === 16 ? 3 : 8); p++) {
        const sizes: MemorySizes = { scalars: rng.uniformInt(3, 7), vectors: rng.uniformInt(2, 5), matrices: rng.uniformInt(1, 3) };
        const limits = { ops: ALL_OPS, minSize: 0, maxSize: 0 };
        const mutator = new Mutator({
          mutationTypes: ['ALTER_PARAM_MUTATION_TYPE'], mutateProb: 1, setup: limits, predict: limits, learn: limits,
        }, new Randomizer(sizes, rng), rng);
        const list = (n: number) => Array.from({ length: n }, () => mutator.randomInstruction('learn'));
        const alg: Algorithm = { setup: list(rng.uniformInt(0, 6)), predict: list(rng.uniformInt(1, 8)), learn: list(rng.uniformInt(0, 8)) };
        const Model = await importModel(exportFor(alg, F, sizes, `R${F}_${p}`, p % 4 === 3), `R${F}_${p}`);
        for (const task of tasks) expectSame(Model, alg, sizes, task, p);
      }
    });
  }

  it('programs with extreme constants (NaN, ±Infinity, -0, huge, subnormal) keep every bit', async () => {
    const cases = fc.sample(
      fc.tuple(fc.constantFrom(1, 2, 4), memorySizes).chain(([F, sizes]) => fc.record({
        F: fc.constant(F), sizes: fc.constant(sizes), alg: algorithm(sizes, 8),
      })),
      { seed: 20240601, numRuns: 30 },
    );
    const tasks = new Map([1, 2, 4].map((F) => [F, tasksFor(F, { epochs: 1 })]));
    for (const [i, c] of cases.entries()) {
      const Model = await importModel(exportFor(c.alg, c.F, c.sizes, `Extreme${i}`, i % 3 === 0), `Extreme${i}`);
      for (const task of tasks.get(c.F)!) expectSame(Model, c.alg, c.sizes, task, i);
    }
  });
});

describe('the module itself', () => {
  it('has the provenance header, doc comments with the original instructions, and no imports', () => {
    const alg = padAlgorithm(linearModel(0.01), { setup: 2, predict: 2, learn: 5 });
    const ts = exportModule(alg, {
      featuresSize: 4, sizes: DEMO_SIZES, name: 'LinearRegressor',
      provenance: { source: 'runs/best.txt', fitness: 0.9876, fitnessNote: 'final evaluation', toolVersion: '1.2.3' },
    });
    expect(ts).toMatch(/^\/\*\n \* LinearRegressor: an algorithm exported by automl-zero 1\.2\.3/);
    expect(ts).toContain('Source:        "runs/best.txt"');
    expect(ts).toContain('Features size: F = 4');
    expect(ts).toContain('Memory:        4 scalars, 3 vectors, 1 matrices');
    expect(ts).toContain('Fitness:       0.9876 (final evaluation)');
    expect(ts).toContain('6 of 9 kept');
    expect(ts).toMatch(/Dropped:\n \* {3}Setup 2 +NoOp\(\) +-- no-op/);
    expect(ts).toContain('    /** s3 = s2 * s3 */\n    s[3] = s[2] * s[3];');
    expect(ts).toContain('export class LinearRegressor {');
    expect(ts).toContain('constructor(random?: RandomSource)');
    expect(ts).toContain('predict(features: ArrayLike<number>): number');
    expect(ts).toContain('learn(features: ArrayLike<number>, label: number): void');
    expect(ts).not.toMatch(/^import /m);
    expect(ts).not.toContain('require(');
    expect(ts).not.toContain('SeededRandom'); // no random ops: no generator
  });

  it('keeps a hostile source name inside the comment', async () => {
    const source = 'x */ globalThis.pwned = 1; /*\n\u2028y';
    const ts = exportModule(linearModel(0.01), { featuresSize: 2, sizes: DEMO_SIZES, name: 'Safe', provenance: { source, toolVersion: '1' } });
    expect(ts).not.toContain('\u2028');
    expect(ts.split('\n').filter((l) => l.includes('pwned'))).toHaveLength(1);
    await importTs(ts);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    generated['Safe.ts'] = ts;
  });

  it('rejects bad names, feature sizes and programs that do not fit the memory', () => {
    for (const name of ['', '1abc', 'a-b', 'class', 'Math', 'RandomSource', 'SeededRandom', 'x'.repeat(101), 'naïve']) {
      expect(() => checkModuleName(name)).toThrow(UserError);
    }
    expect(() => exportModule(linearModel(0.01), { featuresSize: 3, sizes: DEMO_SIZES, name: 'A', provenance })).toThrow(/features size 3/);
    expect(() => exportModule(linearModel(0.01), { featuresSize: 4, sizes: { scalars: 3, vectors: 3, matrices: 0 }, name: 'A', provenance })).toThrow(/s3/);
    expect(defaultModuleName('samples/algorithms/linear_regressor.txt')).toBe('LinearRegressor');
    expect(defaultModuleName('random_1.txt')).toBe('Random1');
    expect(defaultModuleName('1.txt')).toBe('Model');
    expect(defaultModuleName('class.json')).toBe('Class');
  });

  it('the bundle is a standalone ES module that runs in plain Node', async () => {
    const alg = neuralNet(0.01, 0.1, 0.1);
    const ts = exportFor(alg, 4, NN_SIZES, 'Bundled');
    const js = await bundleModule(ts);
    expect(js).not.toMatch(/\bimport\b|\brequire\(/);
    expect(js.startsWith('/*\n * Bundled: an algorithm exported by automl-zero')).toBe(true);
    const mod = await importJs(js);
    const task = tasksFor(4, { nn: true }).find((t) => t.kind === 'scalar_2layer_nn_regression_task')!;
    const oracle = runInterpreter(alg, new MemoryLayout(4, NN_SIZES), task, new Rng(3));
    expect(predictionMismatch(runModel(mod.Bundled as ModelClass, task, new Rng(3)).predictions, oracle.predictions)).toBeNull();
  });

  it('every generated module type-checks under strict (TypeScript compiler API)', () => {
    const files = { ...generated };
    for (const name of ['linear_regressor.ts', 'neural_net.ts']) files[name] = readFileSync(join(ROOT, 'samples', 'exported', name), 'utf8');
    expect(Object.keys(files).length).toBeGreaterThan(12);
    // A user of the module: the public API is typed.
    files['use.ts'] = [
      "import { LinearRegressor } from './linear_regressor';",
      "import { NeuralNet, SeededRandom, type RandomSource } from './neural_net';",
      'const a: LinearRegressor = new LinearRegressor();',
      'const p: number = a.predict([1, 2, 3, 4]) + a.predictProbability(new Float64Array(4));',
      'a.learn([1, 2, 3, 4], p);',
      'const r: RandomSource = new SeededRandom(7);',
      'const n = new NeuralNet(r);',
      'const q: number = n.trainStep([1, 2, 3, 4], 0.5, { classification: true, maxAbsError: 100 });',
      'n.setup();',
      'export const out = [p, q, NeuralNet.featuresSize];',
      '// @ts-expect-error features must be numbers',
      "n.predict(['a']);",
      '// @ts-expect-error memory is private',
      'n.s;',
    ].join('\n');
    expect(typeCheck(files)).toEqual([]);
  });
});
