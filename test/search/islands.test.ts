/**
 * Islands in worker threads: a run depends only on the seed and the number of
 * workers, islands really exchange migrants, and the combined view adds up.
 * (The worker bundle is built by test/global-setup.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec, TaskCollection } from '../../src/config/types';
import { opByName } from '../../src/ir/ops';
import { runSearch } from '../../src/experiment/search';
import { createIsland, sampleIndices } from '../../src/search/island';
import { IslandSearch, IslandWorkers } from '../../src/search/islands';
import { printAlgorithm } from '../../src/text/print';
import { Rng } from '../../src/util/rng';

const OPS = ['SCALAR_CONST_SET_OP', 'VECTOR_INNER_PRODUCT_OP', 'SCALAR_DIFF_OP', 'SCALAR_PRODUCT_OP',
  'SCALAR_VECTOR_PRODUCT_OP', 'VECTOR_SUM_OP'].map((n) => opByName(n)!.id);
const TASKS: TaskCollection = { tasks: [{
  featuresSize: 4, numTrainExamples: 50, numTrainEpochs: 1, numValidExamples: 20, numTasks: 3,
  dataSeeds: [], paramSeeds: [], evalType: 'RMS_ERROR', task: { kind: 'scalar_linear_regression_task' },
}] };
const SPEC: ExperimentSpec = {
  searchTasks: TASKS, setupOps: OPS, predictOps: OPS, learnOps: OPS,
  setupSizeInit: 5, predictSizeInit: 2, learnSizeInit: 5, trainBudget: null, maxAbsError: 100,
  fec: { numTrainExamples: 10, numValidExamples: 10, cacheSize: 1000, forgetEvery: 100 },
  fitnessCombinationMode: 'MEAN_FITNESS_COMBINATION', populationSize: 40, tournamentSize: 5,
  initialPopulation: 'RANDOM_ALGORITHM', maxTrainSteps: 1e12, maxIndividuals: null, maxSeconds: null,
  mutationTypes: ['ALTER_PARAM_MUTATION_TYPE', 'RANDOMIZE_INSTRUCTION_MUTATION_TYPE'], mutateProb: 0.9,
  mutateSetupSizeMin: 0, mutateSetupSizeMax: 0, mutatePredictSizeMin: 0, mutatePredictSizeMax: 0,
  mutateLearnSizeMin: 0, mutateLearnSizeMax: 0, progressEvery: 1000, memorySizes: { scalars: 4, vectors: 3, matrices: 1 },
};

function search(workers: number, seed: number, generations: number, threads?: IslandWorkers) {
  const islands = new IslandSearch({ workers, spec: SPEC, tasks: TASKS, sizes: SPEC.memorySizes!, engine: 'auto', migrationInterval: 2 }, new Rng(seed), threads);
  try {
    islands.init();
    for (let g = 0; g < generations; g++) islands.generation();
    const best = islands.best();
    return { best: printAlgorithm(best.algorithm), fitness: best.fitness, stats: islands.stats(), individuals: islands.individuals, steps: islands.steps };
  } finally {
    islands.close();
  }
}

describe('IslandSearch', () => {
  it('is reproducible for a seed and a worker count', () => {
    const a = search(2, 7, 6);
    const b = search(2, 7, 6);
    expect(b).toEqual(a);
    expect(a.individuals).toBe(2 * 40 * 7);
    expect(a.steps).toBeGreaterThan(0);
  });

  it('runs in worker threads kept from an earlier search exactly as in new ones', () => {
    const threads = new IslandWorkers(2);
    try {
      const ids = threads.threadIds;
      search(2, 3, 5, threads);
      const reused = search(2, 7, 6, threads);
      expect(threads.threadIds).toEqual(ids);
      expect(reused).toEqual(search(2, 7, 6));
    } finally {
      threads.close();
    }
    expect(() => search(2, 7, 1, threads)).toThrow(/closed/);
    const two = new IslandWorkers(2);
    try {
      expect(() => search(3, 7, 1, two)).toThrow(/3 islands given 2 workers/);
    } finally {
      two.close();
    }
  });

  it('depends on the seed', () => {
    expect(search(2, 8, 4)).not.toEqual(search(2, 7, 4));
  });

  it('islands given one seed and no migrations each run exactly the in-process search of that seed', () => {
    const islands = new IslandSearch({
      workers: 2, spec: SPEC, tasks: TASKS, sizes: SPEC.memorySizes!, engine: 'auto',
      migrationInterval: Number.POSITIVE_INFINITY, seeds: [17, 17],
    }, new Rng(3));
    const alone = createIsland(SPEC, TASKS, SPEC.memorySizes!, 'auto', 17);
    try {
      islands.init();
      alone.evolution.init();
      for (let g = 0; g < 12; g++) { // past the default migration interval (10)
        islands.generation();
        alone.evolution.generation();
      }
      const expected = Array.from(alone.evolution.fitnesses);
      const statuses = (islands as unknown as { statuses: Array<{ fitnesses: Float64Array }> }).statuses;
      expect(statuses.map((s) => Array.from(s.fitnesses))).toEqual([expected, expected]);
      expect(islands.individuals).toBe(2 * alone.evolution.individuals);
    } finally {
      islands.close();
    }
  });

  it('equals an in-thread model of the migrations, also when the run ends on one', () => {
    for (const generations of [5, 4]) { // migrations after generations 2 and 4
      const coordinator = new Rng(21);
      const islands = new IslandSearch({ workers: 2, spec: SPEC, tasks: TASKS, sizes: SPEC.memorySizes!, engine: 'auto', migrationInterval: 2 }, new Rng(21));
      const model = [0, 1].map(() => createIsland(SPEC, TASKS, SPEC.memorySizes!, 'auto', coordinator.uniformRandomSeed()));
      const per = SPEC.populationSize / 2;
      const populations = () => (islands as unknown as { statuses: Array<{ fitnesses: Float64Array }> }).statuses.map((s) => Array.from(s.fitnesses));
      try {
        islands.init();
        for (const m of model) m.evolution.init();
        for (let g = 1; g <= generations; g++) {
          islands.generation();
          for (const m of model) m.evolution.generation();
          // Populations as they stand after the generations, before the migration that may follow them.
          expect(populations()).toEqual(model.map((m) => Array.from(m.evolution.fitnesses)));
          if (g % 2 !== 0) continue;
          // Each island sends a random sample; the coordinator shuffles them all and deals them out evenly.
          const sent = model.flatMap(({ evolution, rng }) => sampleIndices(rng, SPEC.populationSize, per)
            .map((i) => ({ algorithm: evolution.algorithms[i]!, fitness: evolution.fitnesses[i]! })));
          const order = sampleIndices(coordinator, sent.length, sent.length);
          model.forEach(({ evolution, rng }, island) => {
            const mine = order.slice(island * per, (island + 1) * per).map((k) => sent[k]!);
            sampleIndices(rng, SPEC.populationSize, per).forEach((slot, k) => evolution.replace(slot, mine[k]!.algorithm, mine[k]!.fitness));
          });
        }
        // The migration the run ended on is part of the populations the best is chosen from.
        const bests = model.map((m) => m.evolution.best());
        const expected = bests[1]!.fitness > bests[0]!.fitness ? bests[1]! : bests[0]!;
        const best = islands.best();
        expect(best.fitness).toBe(expected.fitness);
        expect(printAlgorithm(best.algorithm)).toBe(printAlgorithm(expected.algorithm));
        expect(islands.individuals).toBe(model[0]!.evolution.individuals + model[1]!.evolution.individuals);
      } finally {
        islands.close();
      }
    }
  });

  it('combines the statistics of all islands', () => {
    const r = search(3, 11, 2);
    expect(r.individuals).toBe(3 * 40 * 3);
    expect(r.stats.best).toBe(r.fitness);
    expect(r.stats.mean).toBeLessThanOrEqual(r.stats.best);
  });
});

describe('runSearch with workers', () => {
  const run = {
    searchExperimentSpec: { ...SPEC, maxIndividuals: 400 },
    selectTasks: TASKS,
    finalTasks: TASKS,
    maxExperiments: 2,
    randomSeed: 5,
    randomizeTaskSeeds: true,
    sufficientFitness: Number.MAX_VALUE,
  };
  const summary = (workers: number) => {
    const r = runSearch(run, { workers });
    return { experiments: r.experiments.map((e) => [e.searchFitness, e.selectFitness, e.individuals, e.trainSteps]), final: r.finalFitness, algorithm: r.algorithmText };
  };

  it('runs islands as one search, reproducibly for a seed and worker count', () => {
    const a = summary(2);
    expect(summary(2)).toEqual(a);
    expect(a.experiments).toHaveLength(2);
    // Limits are checked between generations of all islands: 2 islands x 40, until 400 individuals.
    for (const e of a.experiments) expect(e[2]).toBe(400);
    expect(summary(1)).not.toEqual(a);
  });
});
