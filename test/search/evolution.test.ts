/**
 * Regularized evolution (SPEC §7.2) with deterministic stubs for the
 * evaluator, generator, mutator and (where exact draws matter) the generator of
 * tournament indices.
 */
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../src/ir/algorithm';
import { makeInstruction } from '../../src/ir/instruction';
import { type EvolutionLimits, type FitnessFunction, type ProgressEvent, RegularizedEvolution } from '../../src/search/evolution';
import type { Generator } from '../../src/search/generator';
import type { Mutator } from '../../src/search/mutator';
import { Rng } from '../../src/util/rng';

/** Algorithms carry an id in setup[0].activation. */
const tagged = (id: number): Algorithm => ({ setup: [makeInstruction({ op: 56, out: 1, activation: id })], predict: [], learn: [] });
const idOf = (a: Algorithm): number => a.setup[0]!.activation;

class StubWorld {
  nextId = 0;
  mutateCalls: Array<{ parent: number; count: number; child: number }> = [];
  evaluated: number[] = [];
  steps = 0;
  readonly generator: Generator;
  readonly mutator: Mutator;
  readonly evaluator: FitnessFunction;

  constructor(fitnessOf: (id: number) => number, stepsPerEval = 1) {
    const self = this;
    this.generator = { initModel: () => tagged(self.nextId++) } as unknown as Generator;
    this.mutator = {
      mutate(parent: Algorithm, count = 1): Algorithm {
        // Initial population: mutate(·, 0) returns the algorithm itself.
        const child = count === 0 ? parent : tagged(self.nextId++);
        self.mutateCalls.push({ parent: idOf(parent), count, child: idOf(child) });
        return child;
      },
    } as unknown as Mutator;
    this.evaluator = {
      evaluate(a: Algorithm): number {
        self.evaluated.push(idOf(a));
        self.steps += stepsPerEval;
        return fitnessOf(idOf(a));
      },
      get steps(): number { return self.steps; },
      lastFacts: null,
    };
  }
}

const makeWorld = (fitnessOf: (id: number) => number, stepsPerEval = 1): StubWorld => new StubWorld(fitnessOf, stepsPerEval);

/** An Rng whose uniformInt returns scripted values (other methods unused by evolution). */
function scriptedRng(values: number[]): Rng {
  const rng = new Rng(1);
  let i = 0;
  rng.uniformInt = (lo: number, hi: number) => {
    if (i >= values.length) throw new Error('script exhausted');
    const v = values[i++]!;
    if (v < lo || v >= hi) throw new Error(`scripted value ${v} outside [${lo}, ${hi})`);
    return v;
  };
  return rng;
}

const NO_LIMIT: EvolutionLimits = { maxTrainSteps: Infinity, maxIndividuals: Infinity, maxMillis: Infinity };

describe('tournament', () => {
  it('picks the strictly best of the drawn indices; ties go to the earliest drawn', () => {
    const fit = [0.5, 0.5, 0.2, 0.9, 0.9, 0.1];
    const w = makeWorld((id) => fit[id]!);
    const draws = [
      [2, 1, 0, 5], // 1 and 0 tie at 0.5: the earlier drawn (1) wins
      [0, 1, 2, 5], // 0 wins the tie
      [5, 4, 3, 4], // 4 (0.9) drawn before 3 (0.9)
      [2, 2, 2, 2],
      [5, 2, 5, 5],
    ];
    const evo = new RegularizedEvolution(scriptedRng(draws.flat()), 6, 4, 1000, w.generator, w.evaluator, w.mutator);
    evo.init();
    expect(Array.from(evo.fitnesses)).toEqual(fit);
    for (const winner of [1, 0, 4, 2, 2]) expect(evo.tournament()).toBe(winner);
  });

  it('matches a model of T draws with replacement from the real generator', () => {
    const P = 50;
    const T = 7;
    const w = makeWorld((id) => Math.floor(((id * 7919) % 97) / 10) / 10); // many ties
    const rng = new Rng(77);
    const evo = new RegularizedEvolution(rng, P, T, 1000, w.generator, w.evaluator, w.mutator);
    evo.init();
    for (let k = 0; k < 2000; k++) {
      const probe = rng.clone();
      let best = -1;
      for (let t = 0; t < T; t++) {
        const i = probe.uniformInt(0, P);
        if (best < 0 || evo.fitnesses[i]! > evo.fitnesses[best]!) best = i;
      }
      expect(evo.tournament()).toBe(best);
      expect(rng.nextUint32()).toBe(probe.nextUint32()); // exactly T draws
    }
  });
});

describe('init and run', () => {
  it('init fills every slot with generator.initModel() passed through mutate(·, 0), evaluating each once', () => {
    const w = makeWorld((id) => id / 100);
    const evo = new RegularizedEvolution(new Rng(1), 5, 2, 1000, w.generator, w.evaluator, w.mutator);
    expect(evo.init()).toBe(5);
    expect(w.mutateCalls).toEqual([0, 1, 2, 3, 4].map((i) => ({ parent: i, count: 0, child: i })));
    expect(w.evaluated).toEqual([0, 1, 2, 3, 4]);
    expect(evo.individuals).toBe(5);
    expect(evo.algorithms.map(idOf)).toEqual([0, 1, 2, 3, 4]);
  });

  it('replaces the oldest (slot order); tournaments see the children already placed this generation', () => {
    // Fitness = id: every child beats everything before it.
    const P = 4;
    const w = makeWorld((id) => id);
    // Tournament size 2; draws per child (slot 0..3), then the next generation.
    const draws = [
      0, 1, // child 4 ← parent 1 (slot 1); placed in slot 0
      0, 2, // slot 0 now holds child 4 (fitness 4) → parent 4; child 5 in slot 1
      3, 1, // slot 1 = child 5 (5) beats slot 3 (3) → parent 5; child 6 in slot 2
      3, 3, // parent 3 (the oldest can win its own replacement's tournament); child 7 in slot 3
      2, 3, // next generation: slot 2 = 6, slot 3 = 7 → parent 7; child 8 in slot 0
      1, 0, // slot 1 = 5, slot 0 = 8 → parent 8; child 9 in slot 1
      2, 2, // parent 6; child 10 in slot 2
      0, 1, // slot 0 = 8, slot 1 = 9 → parent 9; child 11 in slot 3
    ];
    const evo = new RegularizedEvolution(scriptedRng(draws), P, 2, 1000, w.generator, w.evaluator, w.mutator);
    evo.init();
    evo.run({ ...NO_LIMIT, maxIndividuals: 12 });
    const children = w.mutateCalls.filter((c) => c.count === 1);
    expect(children.map((c) => [c.parent, c.child])).toEqual([[1, 4], [4, 5], [5, 6], [3, 7], [7, 8], [8, 9], [6, 10], [9, 11]]);
    expect(evo.algorithms.map(idOf)).toEqual([8, 9, 10, 11]);
    expect(Array.from(evo.fitnesses)).toEqual([8, 9, 10, 11]);
    expect(evo.individuals).toBe(12);
    expect(w.evaluated).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // every child evaluated once, in order
  });

  it('an unchanged child (mutation skipped) is still re-evaluated', () => {
    const w = makeWorld(() => 0.5);
    const sameMutator = { mutate: (a: Algorithm) => a } as unknown as Mutator;
    const evo = new RegularizedEvolution(new Rng(2), 3, 2, 1000, w.generator, w.evaluator, sameMutator);
    evo.init();
    evo.run({ ...NO_LIMIT, maxIndividuals: 9 });
    expect(w.evaluated).toHaveLength(9);
  });

  it('stops by max individuals only between whole generations', () => {
    for (const [max, expected] of [[10, 10], [11, 20], [35, 40], [40, 40], [5, 10]] as const) {
      const w = makeWorld(() => 0.5);
      const evo = new RegularizedEvolution(new Rng(3), 10, 3, 1000, w.generator, w.evaluator, w.mutator);
      evo.init();
      evo.run({ ...NO_LIMIT, maxIndividuals: max });
      expect(evo.individuals).toBe(expected);
      expect(w.evaluated).toHaveLength(expected);
    }
  });

  it('stops by the train-step budget (counted from the start of run) after whole generations, and returns the steps used', () => {
    const w = makeWorld(() => 0.5, 7);
    const evo = new RegularizedEvolution(new Rng(4), 10, 3, 1000, w.generator, w.evaluator, w.mutator);
    evo.init(); // 70 steps, not counted by run
    // 70 steps per generation: after 1 generation 70 < 100, after 2 generations 140 ≥ 100.
    expect(evo.run({ ...NO_LIMIT, maxTrainSteps: 100 })).toBe(140);
    expect(evo.individuals).toBe(30);
    expect(w.steps).toBe(210);
    // A zero budget runs nothing.
    expect(evo.run({ ...NO_LIMIT, maxTrainSteps: 0 })).toBe(0);
    expect(evo.individuals).toBe(30);
    // Exactly one generation's worth: stops after it.
    expect(evo.run({ ...NO_LIMIT, maxTrainSteps: 70 })).toBe(70);
    // Both limits: whichever is reached first.
    expect(evo.run({ ...NO_LIMIT, maxTrainSteps: 1000, maxIndividuals: 60 })).toBe(140);
    expect(evo.individuals).toBe(60);
  });
});

describe('progress and statistics', () => {
  it('reports at init, then whenever progress_every more individuals exist (checked after generations)', () => {
    const w = makeWorld((id) => (id % 10) / 10);
    const events: ProgressEvent[] = [];
    const evo = new RegularizedEvolution(new Rng(5), 10, 3, 25, w.generator, w.evaluator, w.mutator, (e) => events.push(e));
    evo.init();
    evo.run({ ...NO_LIMIT, maxIndividuals: 100 });
    // Last printed 10 → next at ≥ 35: 40; then ≥ 65: 70; then ≥ 95: 100.
    expect(events.map((e) => e.individuals)).toEqual([10, 40, 70, 100]);
    for (const e of events) {
      expect(e.elapsedSeconds).toBeGreaterThanOrEqual(0);
      expect(e.best).toBeLessThanOrEqual(1);
    }
    const first = events[0]!;
    expect(first.mean).toBeCloseTo(0.45, 12);
    expect(first.best).toBe(0.9);
    expect(first.bestIndex).toBe(9);
  });

  it('progress_every 1 reports after init and after every generation', () => {
    const w = makeWorld(() => 0.1);
    const events: number[] = [];
    const evo = new RegularizedEvolution(new Rng(5), 4, 2, 1, w.generator, w.evaluator, w.mutator, (e) => events.push(e.individuals));
    evo.init();
    evo.run({ ...NO_LIMIT, maxIndividuals: 16 });
    expect(events).toEqual([4, 8, 12, 16]);
  });

  it('stats: mean, population stdev, best = first index with the maximal fitness; best() returns it', () => {
    const fit = [0.1, 0.5, 0.3, 0.5];
    const w = makeWorld((id) => fit[id]!);
    const evo = new RegularizedEvolution(new Rng(6), 4, 2, 1000, w.generator, w.evaluator, w.mutator);
    evo.init();
    const s = evo.stats();
    expect(s.mean).toBeCloseTo(0.35, 14);
    expect(s.stdev).toBeCloseTo(Math.sqrt((0.01 + 0.25 + 0.09 + 0.25) / 4 - 0.35 ** 2), 14);
    expect(s.best).toBe(0.5);
    expect(s.bestIndex).toBe(1);
    const b = evo.best();
    expect(b.fitness).toBe(0.5);
    expect(b.algorithm).toBe(evo.algorithms[1]);
    // Constant population: stdev is exactly 0 (clamped, never NaN).
    const w2 = makeWorld(() => 0.7);
    const evo2 = new RegularizedEvolution(new Rng(6), 7, 2, 1000, w2.generator, w2.evaluator, w2.mutator);
    evo2.init();
    expect(evo2.stats().stdev).toBe(0);
    expect(evo2.stats().bestIndex).toBe(0);
  });

  it('checks population and tournament sizes', () => {
    const w = makeWorld(() => 0);
    expect(() => new RegularizedEvolution(new Rng(1), 0, 1, 1, w.generator, w.evaluator, w.mutator)).toThrow();
    expect(() => new RegularizedEvolution(new Rng(1), 5, 0, 1, w.generator, w.evaluator, w.mutator)).toThrow();
  });
});
