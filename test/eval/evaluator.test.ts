/**
 * The evaluator (SPEC §4.3): FEC, train budget, fitness combination. Its
 * canonical-program memo must be invisible: a stream of mutated algorithms
 * gives exactly the fitnesses and step counts of a reference evaluator
 * written here from the SPEC, with no memo and no dead-code removal.
 */
import { describe, expect, it } from 'vitest';
import type { FecSpec, FitnessCombinationMode } from '../../src/config/types';
import { type EngineName } from '../../src/eval/engine';
import { Evaluator, FEC_RANDOM_SEED, type ProgramFacts } from '../../src/eval/evaluator';
import { ErrorLog, execute } from '../../src/eval/executor';
import { FecCache } from '../../src/eval/fec-cache';
import { fingerprintHash } from '../../src/eval/fec-hash';
import { combineFitnesses } from '../../src/eval/fitness';
import { interpreterRunner } from '../../src/eval/runner';
import { TrainBudget, instructionsCost } from '../../src/eval/train-budget';
import type { Algorithm, AlgorithmEdit } from '../../src/ir/algorithm';
import { linearModel, neuralNet } from '../../src/ir/hand-designed';
import { NO_OP_INSTRUCTION } from '../../src/ir/instruction';
import { type MemorySizes, MemoryLayout } from '../../src/ir/memory';
import { Generator, padAlgorithm } from '../../src/search/generator';
import { Mutator } from '../../src/search/mutator';
import { Randomizer } from '../../src/search/randomizer';
import { buildTasks } from '../../src/tasks/build';
import type { Task } from '../../src/tasks/task';
import { Rng } from '../../src/util/rng';
import {
  DEMO_OPS, DEMO_SIZES, I, LINEAR, alg, fixedSpec, opId, sAdd, sConst, squash, taskSpec,
} from './helpers';

/** SPEC §4.3 taken literally: no memo, no simplification, the reference interpreter. */
class ReferenceEvaluator {
  steps = 0;
  readonly cache: FecCache | null;
  private readonly fecRng = new Rng(FEC_RANDOM_SEED);

  constructor(
    private readonly tasks: readonly Task[], private readonly sizes: MemorySizes, private readonly mode: FitnessCombinationMode,
    private readonly rng: Rng, private readonly maxAbsError: number, private readonly fec: FecSpec | null,
    private readonly budget: TrainBudget | null,
  ) {
    this.cache = fec ? new FecCache(fec.cacheSize, fec.forgetEvery) : null;
  }

  evaluate(a: Algorithm): number {
    const fits: number[] = [];
    for (const task of this.tasks) {
      const maxTrain = task.numTrainExamples * task.epochs.length;
      expect(maxTrain).toBeGreaterThanOrEqual(10);
      const nTrain = this.budget ? this.budget.trainExamples(a, maxTrain) : maxTrain;
      const layout = new MemoryLayout(task.F, this.sizes);
      const full = () => {
        const ex = execute(interpreterRunner(a, layout), layout, task, this.rng,
          { numAllTrain: nTrain, numValid: task.numValidExamples, maxAbsError: this.maxAbsError });
        this.steps += ex.steps;
        return ex.fitness;
      };
      if (this.fec && this.cache) {
        this.fecRng.seed(FEC_RANDOM_SEED);
        const errors = new ErrorLog();
        const pre = execute(interpreterRunner(a, layout), layout, task, this.fecRng, {
          numAllTrain: this.fec.numTrainExamples, numValid: this.fec.numValidExamples, maxAbsError: this.maxAbsError, errors,
        });
        this.steps += pre.steps;
        const h = fingerprintHash(errors, task.index, nTrain);
        const hit = this.cache.find(h);
        if (hit.found) {
          fits.push(hit.fitness);
        } else {
          const f = full();
          this.cache.insert(h, f);
          fits.push(f);
        }
      } else {
        fits.push(full());
      }
    }
    const combined = combineFitnesses(fits, this.mode);
    expect(combined).toBeGreaterThanOrEqual(0);
    expect(combined).toBeLessThanOrEqual(1);
    return combined;
  }
}

const DEMO_INIT = { setup: 10, predict: 2, learn: 8 };

function streamMutator(ops: readonly number[], sizes: MemorySizes, rng: Rng): Mutator {
  const limits = { ops, minSize: 1, maxSize: 14 };
  return new Mutator({
    mutationTypes: ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE', 'RANDOMIZE_COMPONENT_FUNCTION_MUTATION_TYPE',
      'INSERT_INSTRUCTION_MUTATION_TYPE', 'REMOVE_INSTRUCTION_MUTATION_TYPE'],
    mutateProb: 0.9, setup: limits, predict: limits, learn: limits,
  }, new Randomizer(sizes, rng), rng);
}

/** An algorithm of a stream, with the index of its parent in the stream (-1: none) and what the mutator did to it. */
interface StreamItem { readonly alg: Algorithm; readonly parent: number; readonly edit: AlgorithmEdit | null }

/** A search-like stream: a pool seeded with random programs and the linear model; children of random pool members. */
function algorithmStream(ops: readonly number[], seed: number, n: number): StreamItem[] {
  const rng = new Rng(seed);
  const mutator = streamMutator(ops, DEMO_SIZES, rng);
  const gen = new Generator('RANDOM_ALGORITHM', DEMO_INIT, mutator);
  const pool: number[] = [];
  const out: StreamItem[] = [];
  for (let i = 0; i < 20; i++) {
    pool.push(out.length);
    out.push({ alg: i % 4 === 0 ? padAlgorithm(linearModel(0.01 * (1 + (i % 3))), DEMO_INIT) : gen.initModel(), parent: -1, edit: null });
  }
  while (out.length < n) {
    const parent = pool[rng.uniformInt(0, pool.length)]!;
    const child = mutator.mutate(out[parent]!.alg, 1);
    pool[rng.uniformInt(0, pool.length)] = out.length;
    out.push({ alg: child, parent, edit: { ...mutator.edit } });
  }
  return out;
}

function linearTasks(): Task[] {
  return buildTasks({ tasks: [
    taskSpec(LINEAR, { numTrainExamples: 20, numValidExamples: 12, numTasks: 2, dataSeeds: [31, 32], paramSeeds: [41, 42] }),
    taskSpec(LINEAR, { numTrainExamples: 10, numValidExamples: 10, numTrainEpochs: 3, dataSeeds: [33], paramSeeds: [43] }),
  ] });
}

interface Case {
  fec: FecSpec | null; budget: TrainBudget | null; ops: readonly number[]; mode: FitnessCombinationMode; seed: number; tasks?: Task[];
}

/**
 * Evaluates a stream with the reference and with two evaluators per engine:
 * one told each child's parent facts and edit (its memo key may then be
 * inherited), one not.
 */
function compareWithReference(c: Case, n: number, engines: readonly EngineName[]): {
  memoHits: number; fecHits: number; positives: number; keysInherited: number;
} {
  const tasks = c.tasks ?? linearTasks();
  const stream = algorithmStream(c.ops, c.seed, n);
  const ref = new ReferenceEvaluator(tasks, DEMO_SIZES, c.mode, new Rng(c.seed + 1), 100, c.fec, c.budget);
  const evs = engines.flatMap((engine) => [true, false].map((told) => ({
    told,
    ev: new Evaluator({ tasks, sizes: DEMO_SIZES, mode: c.mode, rng: new Rng(c.seed + 1), maxAbsError: 100, fec: c.fec, budget: c.budget, engine }),
    facts: [] as Array<ProgramFacts | null>,
  })));
  let positives = 0;
  stream.forEach(({ alg: a, parent, edit }, i) => {
    const expected = ref.evaluate(a);
    if (expected > 0) positives++;
    for (const { told, ev, facts } of evs) {
      const got = told && parent >= 0 ? ev.evaluate(a, facts[parent], edit) : ev.evaluate(a);
      facts.push(ev.lastFacts);
      if (!Object.is(got, expected) || ev.steps !== ref.steps) {
        throw new Error(`evaluation ${i}: fitness ${got} vs reference ${expected}, steps ${ev.steps} vs ${ref.steps}`);
      }
    }
  });
  for (const { ev } of evs) {
    if (ref.cache) {
      expect(ev.cache!.hits).toBe(ref.cache.hits);
      expect(ev.cache!.lookups).toBe(ref.cache.lookups);
      expect(ev.cache!.entries()).toEqual(ref.cache.entries());
    } else {
      expect(ev.cache).toBeNull();
    }
  }
  const told = evs.filter((e) => e.told);
  for (const { ev } of evs) {
    if (!told.some((e) => e.ev === ev)) expect(ev.keysInherited).toBe(0);
  }
  return {
    memoHits: Math.min(...evs.map((e) => e.ev.memoHits)), fecHits: ref.cache?.hits ?? 0, positives,
    keysInherited: Math.min(...told.map((e) => e.ev.keysInherited)),
  };
}

const FEC: FecSpec = { numTrainExamples: 10, numValidExamples: 10, cacheSize: 100000, forgetEvery: 100 };

describe('the evaluator memo is invisible (reference evaluator from SPEC §4.3)', () => {
  it('demo op set, FEC on: identical fitness sequence, steps, and cache contents', () => {
    const r = compareWithReference({ fec: FEC, budget: null, ops: DEMO_OPS, mode: 'MEAN_FITNESS_COMBINATION', seed: 11 }, 700, ['auto', 'interpreter']);
    expect(r.keysInherited).toBeGreaterThan(100);
    expect(r.memoHits).toBeGreaterThan(100);
    expect(r.fecHits).toBeGreaterThan(100);
    expect(r.positives).toBeGreaterThan(50);
  });

  it('demo op set, FEC off, MEDIAN', () => {
    const r = compareWithReference({ fec: null, budget: null, ops: DEMO_OPS, mode: 'MEDIAN_FITNESS_COMBINATION', seed: 12 }, 400, ['auto']);
    expect(r.memoHits).toBeGreaterThan(50);
  });

  it('random ops (shared random stream), small cache and forget_every 3', () => {
    const ops = [...DEMO_OPS, opId('VECTOR_GAUSSIAN_SET_OP'), opId('SCALAR_UNIFORM_SET_OP'), opId('VECTOR_UNIFORM_SET_OP')];
    const r = compareWithReference({
      fec: { numTrainExamples: 5, numValidExamples: 7, cacheSize: 30, forgetEvery: 3 }, budget: null, ops,
      mode: 'MEAN_FITNESS_COMBINATION', seed: 13,
    }, 500, ['auto', 'jit']);
    expect(r.fecHits).toBeGreaterThan(50);
  });

  it('ACCURACY tasks (fingerprints through the sigmoid), FEC on', () => {
    // Binary labels of a random linear rule over random features, F = 4.
    const rng = new Rng(51);
    const rows = (n: number) => Array.from({ length: n }, () => Array.from({ length: 4 }, () => rng.gaussian(0, 1)));
    const label = (x: number[]) => (x[0]! - 0.5 * x[1]! + 0.25 * x[3]! > 0 ? 1 : 0);
    const tasks = buildTasks({ tasks: [0, 1, 2].map(() => {
      const train = rows(20);
      const valid = rows(12);
      return fixedSpec({ train, trainLabels: train.map(label), valid, validLabels: valid.map(label) }, { featuresSize: 4, evalType: 'ACCURACY' });
    }) });
    const r = compareWithReference({ fec: FEC, budget: null, ops: DEMO_OPS, mode: 'MEAN_FITNESS_COMBINATION', seed: 15, tasks }, 500, ['auto', 'dispatch']);
    expect(r.fecHits).toBeGreaterThan(50);
    expect(r.positives).toBeGreaterThan(50);
  });

  it('train budget on (some algorithms rejected): the memo keys include the budget', () => {
    const gen = new Generator('NEURAL_NET_ALGORITHM', DEMO_INIT, streamMutator(DEMO_OPS, DEMO_SIZES, new Rng(1)));
    const budget = new TrainBudget(gen.modelById('NEURAL_NET_ALGORITHM'), 0.5);
    const stream = algorithmStream(DEMO_OPS, 14, 300);
    const rejected = stream.filter((item) => budget.trainExamples(item.alg, 20) === 0).length;
    expect(rejected).toBeGreaterThan(20);
    expect(rejected).toBeLessThan(280);
    // Budgets count dead instructions too: no memo key is inherited.
    expect(compareWithReference({ fec: FEC, budget, ops: DEMO_OPS, mode: 'MEAN_FITNESS_COMBINATION', seed: 14 }, 300, ['auto']).keysInherited).toBe(0);
    compareWithReference({ fec: null, budget, ops: DEMO_OPS, mode: 'MEAN_FITNESS_COMBINATION', seed: 14 }, 300, ['dispatch']);
  });
});

describe('evaluator: FEC behaviour', () => {
  const tasks = () => buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 20, numValidExamples: 10, dataSeeds: [3], paramSeeds: [4] })] });
  // Random weights, no learning: the fitness depends on the shared random stream.
  const randomGuess = alg([I('VECTOR_GAUSSIAN_SET_OP', { out: 1, f0: 0, f1: 1 })], [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })], []);

  it('a cache hit returns the stored fitness and only counts fingerprint steps; forget_every re-evaluates', () => {
    const ev = new Evaluator({
      tasks: tasks(), sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(5), maxAbsError: 100,
      fec: { numTrainExamples: 10, numValidExamples: 10, cacheSize: 100, forgetEvery: 3 },
    });
    const fits: number[] = [];
    const steps: number[] = [];
    for (let i = 0; i < 7; i++) {
      fits.push(ev.evaluate(randomGuess));
      steps.push(ev.steps);
    }
    expect(fits[1]).toBe(fits[0]);
    expect(fits[2]).toBe(fits[0]);
    expect(fits[3]).not.toBe(fits[0]); // dropped after 2 reuses: real run with fresh random weights
    expect(fits[4]).toBe(fits[3]);
    expect(fits[5]).toBe(fits[3]);
    expect(fits[6]).not.toBe(fits[3]);
    expect(steps).toEqual([30, 40, 50, 80, 90, 100, 130]);
    expect(ev.cache!.hits).toBe(4);
    expect(ev.cache!.lookups).toBe(7);
  });

  it('without FEC a random algorithm is re-run every time (fitness noise)', () => {
    const ev = new Evaluator({ tasks: tasks(), sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(5), maxAbsError: 100 });
    const a = ev.evaluate(randomGuess);
    const b = ev.evaluate(randomGuess);
    expect(a).not.toBe(b);
    expect(ev.steps).toBe(40);
    expect(ev.cache).toBeNull();
  });

  it('functionally equivalent programs share a cache entry; the fingerprint run uses its own fixed-seed generator', () => {
    const rng = new Rng(5);
    const ev = new Evaluator({ tasks: tasks(), sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng, maxAbsError: 100, fec: FEC });
    const lm = padAlgorithm(linearModel(0.01), DEMO_INIT);
    const f = ev.evaluate(lm);
    const before = rng.clone();
    // Same computation, different scratch address for the correction (v2 ↔ v1 roles kept), plus dead code.
    const renamed: Algorithm = {
      setup: [I('SCALAR_CONST_SET_OP', { out: 3, activation: 0.01 })],
      predict: [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 }), sAdd(2, 2, 2)],
      learn: [I('SCALAR_DIFF_OP', { in1: 0, in2: 1, out: 2 }), I('SCALAR_PRODUCT_OP', { in1: 3, in2: 2, out: 2 }),
        I('SCALAR_VECTOR_PRODUCT_OP', { in1: 2, in2: 0, out: 2 }), I('VECTOR_SUM_OP', { in1: 1, in2: 2, out: 1 })],
    };
    expect(ev.evaluate(renamed)).toBe(f);
    expect(ev.cache!.hits).toBe(1);
    expect(rng.nextUint32()).toBe(before.nextUint32()); // a hit does not touch the shared generator
  });
});

describe('evaluator: memo keyed by what Setup leaves', () => {
  const tasks = () => buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 20, numValidExamples: 10, numTasks: 2, dataSeeds: [3, 5], paramSeeds: [4, 6] })] });
  const predict = [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })];
  const learn = [I('SCALAR_DIFF_OP', { in1: 0, in2: 1, out: 2 }), I('SCALAR_PRODUCT_OP', { in1: 3, in2: 2, out: 2 }),
    I('SCALAR_VECTOR_PRODUCT_OP', { in1: 2, in2: 0, out: 2 }), I('VECTOR_SUM_OP', { in1: 1, in2: 2, out: 1 })];
  const plain = alg([sConst(3, 0.01)], predict, learn);
  // A different live Setup that leaves the same memory: s0 is 0 while Setup runs.
  const roundabout = alg([sConst(3, 0.01), sAdd(3, 3, 0)], predict, learn);
  const evaluator = (engine: EngineName) => new Evaluator({
    tasks: tasks(), sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(5), maxAbsError: 100, fec: FEC, engine,
  });

  it('a program whose Setup leaves the memory of one seen before is answered from the memo, as if it had run', () => {
    // The reference interpreter runs programs as written, so it keys by canonical form and runs the second one.
    const [auto, reference] = (['auto', 'interpreter'] as const).map(evaluator);
    for (const ev of [auto, reference]) ev.evaluate(plain);
    const hits = [auto.memoHits, reference.memoHits];
    expect(auto.evaluate(roundabout)).toBe(reference.evaluate(roundabout));
    expect(auto.steps).toBe(reference.steps);
    expect(auto.cache!.entries()).toEqual(reference.cache!.entries());
    expect([auto.memoHits - hits[0]!, reference.memoHits - hits[1]!]).toEqual([2, 0]);
  });
});

describe('train budget (SPEC §7.6)', () => {
  // Costs from the SPEC table, independent of the op table.
  const COST: Record<string, number> = {
    NO_OP: 3013921, SCALAR_SUM_OP: 4703759, SCALAR_DIFF_OP: 5102027, SCALAR_PRODUCT_OP: 4418347, SCALAR_CONST_SET_OP: 3691108,
    VECTOR_INNER_PRODUCT_OP: 4294617, SCALAR_VECTOR_PRODUCT_OP: 3705015, VECTOR_SUM_OP: 4701519, VECTOR_HEAVYSIDE_OP: 3965743,
    VECTOR_PRODUCT_OP: 4504555, VECTOR_OUTER_PRODUCT_OP: 9833707, MATRIX_SUM_OP: 5579381, MATRIX_VECTOR_PRODUCT_OP: 9310002,
    VECTOR_MAX_OP: 3974229, VECTOR_GAUSSIAN_SET_OP: 77483018, MATRIX_GAUSSIAN_SET_OP: 277690384, MATRIX_MATRIX_PRODUCT_OP: 14516296,
  };
  const nameOf = (id: number) => Object.keys(COST).find((k) => opId(k) === id)!;
  const cost = (list: readonly { op: number }[]) => list.reduce((s, i) => s + COST[nameOf(i.op)]!, 0);

  it('the cost of a list is the sum of the SPEC costs', () => {
    const nn = neuralNet(0.01, 0.1, 0.1);
    for (const c of ['setup', 'predict', 'learn'] as const) expect(instructionsCost(nn[c])).toBe(cost(nn[c]));
    expect(instructionsCost([])).toBe(0);
  });

  it('accepts up to factor × the padded baseline and rejects above it', () => {
    const sizes = { setup: 20, predict: 20, learn: 20 };
    const gen = new Generator('NEURAL_NET_ALGORITHM', sizes, streamMutator(DEMO_OPS, DEMO_SIZES, new Rng(1)));
    const base = gen.modelById('NEURAL_NET_ALGORITHM');
    expect(base.predict).toHaveLength(20); // padded
    const budget = new TrainBudget(base, 2);
    const B = 1000;
    const baseline = cost(base.setup) + B * (cost(base.predict) + cost(base.learn));
    // Candidates: k matrix products in Learn (one Predict instruction); find where the threshold falls.
    const mm = I('MATRIX_MATRIX_PRODUCT_OP');
    let sawAccept = false;
    let sawReject = false;
    for (let k = 0; k < 60; k++) {
      const cand = alg([], [I('VECTOR_INNER_PRODUCT_OP', { in1: 1, in2: 0, out: 1 })], Array.from({ length: k }, () => mm));
      const c = B * (cost(cand.predict) + cost(cand.learn));
      const expected = c <= 2 * baseline ? B : 0;
      expect(budget.trainExamples(cand, B)).toBe(expected);
      if (expected) sawAccept = true; else sawReject = true;
    }
    expect(sawAccept && sawReject).toBe(true);
    // The padding matters: a candidate between 2× the unpadded and 2× the padded baseline.
    const unpadded = new TrainBudget(neuralNet(0.01, 0.1, 0.1), 2);
    let between = 0;
    for (let k = 0; k < 60; k++) {
      const cand = alg([], [NO_OP_INSTRUCTION], Array.from({ length: k }, () => mm));
      if (budget.trainExamples(cand, B) === B && unpadded.trainExamples(cand, B) === 0) between++;
    }
    expect(between).toBeGreaterThan(0);
    // Setup cost counts once, step cost B times.
    const heavySetup = alg(Array.from({ length: 200 }, () => I('MATRIX_GAUSSIAN_SET_OP')), [NO_OP_INSTRUCTION], []);
    expect(budget.trainExamples(heavySetup, 1000)).toBe(1000);
    expect(budget.trainExamples(heavySetup, 1)).toBe(0);
  });

  it('Predict and Learn both empty is an error', () => {
    const budget = new TrainBudget(neuralNet(0.01, 0.1, 0.1), 2);
    expect(() => budget.trainExamples(alg([NO_OP_INSTRUCTION], [], []), 10)).toThrow();
  });

  it('an over-budget algorithm gets no training and fitness 0, even when an equivalent cheap one is cached', () => {
    const gen = new Generator('NEURAL_NET_ALGORITHM', DEMO_INIT, streamMutator(DEMO_OPS, DEMO_SIZES, new Rng(1)));
    const budget = new TrainBudget(gen.modelById('NEURAL_NET_ALGORITHM'), 2);
    const tasks = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 100, numValidExamples: 10, dataSeeds: [8], paramSeeds: [9] })] });
    const lm = padAlgorithm(linearModel(0.01), DEMO_INIT);
    // The same model plus 30 dead matrix products in Learn: same behaviour, over budget.
    const heavy: Algorithm = { ...lm, learn: [...lm.learn, ...Array.from({ length: 30 }, () => I('MATRIX_MATRIX_PRODUCT_OP'))] };
    expect(budget.trainExamples(lm, 100)).toBe(100);
    expect(budget.trainExamples(heavy, 100)).toBe(0);
    for (const fec of [FEC, null]) {
      const ev = new Evaluator({ tasks, sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(1), maxAbsError: 100, fec, budget });
      const good = ev.evaluate(lm);
      expect(good).toBeGreaterThan(0.5);
      const steps = ev.steps;
      expect(ev.evaluate(heavy)).toBe(0);
      expect(ev.steps - steps).toBe(fec ? 10 : 0); // only the fingerprint run trains
      expect(ev.evaluate(lm)).toBe(good);
      // Without a budget the heavy one is as good as the linear model.
      const free = new Evaluator({ tasks, sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(1), maxAbsError: 100, fec });
      expect(free.evaluate(heavy)).toBe(good);
    }
  });
});

describe('fitness combination', () => {
  it('MEAN is the arithmetic mean; MEDIAN is the element at ⌊n/2⌋ of the sorted values (upper median)', () => {
    expect(combineFitnesses([0.2, 0.4, 0.9], 'MEAN_FITNESS_COMBINATION')).toBeCloseTo(0.5, 15);
    expect(combineFitnesses([0.9, 0.1, 0.5], 'MEDIAN_FITNESS_COMBINATION')).toBe(0.5);
    expect(combineFitnesses([0.4, 0.1, 0.3, 0.2], 'MEDIAN_FITNESS_COMBINATION')).toBe(0.3);
    expect(combineFitnesses([0.7, 0.2], 'MEDIAN_FITNESS_COMBINATION')).toBe(0.7);
    expect(combineFitnesses([0.6], 'MEDIAN_FITNESS_COMBINATION')).toBe(0.6);
    expect(combineFitnesses([0, 1, 1, 0.5, 0.25], 'MEDIAN_FITNESS_COMBINATION')).toBe(0.5);
    expect(() => combineFitnesses([], 'MEAN_FITNESS_COMBINATION')).toThrow();
  });

  it('the evaluator combines per-task fitnesses (different labels per task, the empty algorithm)', () => {
    // Constant-zero prediction; task k has valid label k → fitness squash(k).
    const specs = [3, 0, 2, 1].map((y) => fixedSpec({ train: Array(10).fill(0), trainLabels: Array(10).fill(0), valid: [0], validLabels: [y] }));
    const tasks = buildTasks({ tasks: specs });
    const per = [3, 0, 2, 1].map(squash);
    const empty = alg([], [], []);
    const mean = new Evaluator({ tasks, sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(1), maxAbsError: 100 });
    expect(mean.evaluate(empty)).toBeCloseTo(per.reduce((s, x) => s + x, 0) / 4, 14);
    const median = new Evaluator({ tasks, sizes: DEMO_SIZES, mode: 'MEDIAN_FITNESS_COMBINATION', rng: new Rng(1), maxAbsError: 100 });
    expect(median.evaluate(empty)).toBeCloseTo(squash(1), 14); // sorted: squash(3) < squash(2) < squash(1) < squash(0)
    expect(median.evaluatePerTask(empty).map((x) => +x.toFixed(12))).toEqual(per.map((x) => +x.toFixed(12)));
  });
});

describe('evaluator construction', () => {
  it('needs tasks, at least 10 training examples each, and FEC counts within the tasks', () => {
    const base = { sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION' as const, rng: new Rng(1), maxAbsError: 100 };
    expect(() => new Evaluator({ ...base, tasks: [] })).toThrow();
    const nine = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 9 })] });
    expect(() => new Evaluator({ ...base, tasks: nine })).toThrow();
    // 5 examples × 2 epochs = 10 is enough.
    const fiveTwice = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 5, numTrainEpochs: 2 })] });
    expect(() => new Evaluator({ ...base, tasks: fiveTwice })).not.toThrow();
    const small = buildTasks({ tasks: [taskSpec(LINEAR, { numTrainExamples: 10, numValidExamples: 5 })] });
    expect(() => new Evaluator({ ...base, tasks: small, fec: FEC })).toThrow();
    expect(() => new Evaluator({ ...base, tasks: small, fec: { ...FEC, numValidExamples: 5 } })).not.toThrow();
  });

  it('evaluates tasks of different feature sizes and eval types in one collection', () => {
    const tasks = buildTasks({ tasks: [
      taskSpec(LINEAR, { featuresSize: 2, numTrainExamples: 50, numValidExamples: 10 }),
      taskSpec(LINEAR, { featuresSize: 8, numTrainExamples: 50, numValidExamples: 10 }),
      fixedSpec({ train: Array(10).fill(1), trainLabels: Array(10).fill(1), valid: [1, -1], validLabels: [1, 0] }, { evalType: 'ACCURACY' }),
    ] });
    const ev = new Evaluator({
      tasks, sizes: DEMO_SIZES, mode: 'MEAN_FITNESS_COMBINATION', rng: new Rng(1), maxAbsError: 100, fec: { ...FEC, numValidExamples: 2 },
    });
    const per = ev.evaluatePerTask(linearModel(0.1));
    expect(per[0]).toBeGreaterThan(0.5);
    expect(per[1]).toBeGreaterThan(0.3);
    expect(per[2]).toBe(1); // weights learn the sign of the feature
    const f = ev.evaluate(linearModel(0.1));
    expect(f).toBeCloseTo((per[0]! + per[1]! + per[2]!) / 3, 14);
  });
});
