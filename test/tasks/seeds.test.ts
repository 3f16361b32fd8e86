import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_SEEDS, DEFAULT_PARAM_SEEDS, expandSeed, randomizeTaskSeeds, seedsFor } from '../../src/tasks/seeds';
import { hashMix, Rng } from '../../src/util/rng';
import { LINEAR, NN, spec } from './helpers';

describe('seedsFor', () => {
  it('uses the default lists and continues +1 past them', () => {
    const s = spec(LINEAR, { numTasks: 11 });
    const params = Array.from({ length: 11 }, (_, i) => seedsFor(s, i).paramSeed);
    const data = Array.from({ length: 11 }, (_, i) => seedsFor(s, i).dataSeed);
    expect(params).toEqual([1001, 1012, 1010, 1000, 1006, 1008, 1007, 1003, 1004, 1005, 1006]);
    expect(data).toEqual([11001, 11012, 11010, 11000, 11006, 11008, 11007, 11003, 11004, 11005, 11006]);
    expect(DEFAULT_PARAM_SEEDS).toHaveLength(8);
    expect(DEFAULT_DATA_SEEDS).toHaveLength(8);
  });

  it('uses given lists, each independently', () => {
    const s = spec(LINEAR, { paramSeeds: [7, 3], dataSeeds: [100] });
    expect([0, 1, 2, 3].map((i) => seedsFor(s, i))).toEqual([
      { paramSeed: 7, dataSeed: 100 },
      { paramSeed: 3, dataSeed: 101 },
      { paramSeed: 4, dataSeed: 102 },
      { paramSeed: 5, dataSeed: 103 },
    ]);
  });

  it('wraps modulo 2^32', () => {
    expect(expandSeed([4294967295], 1)).toBe(0);
    expect(expandSeed([4294967294], 3)).toBe(1);
  });
});

describe('randomizeTaskSeeds', () => {
  const collection = { tasks: [spec(LINEAR, { numTasks: 2, paramSeeds: [1], dataSeeds: [2] }), spec(NN, { numTasks: 3 })] };

  it('is deterministic and replaces every list with num_tasks seeds in (1, 2^32-1)', () => {
    const a = randomizeTaskSeeds(collection, 12345);
    const b = randomizeTaskSeeds(collection, 12345);
    expect(a).toEqual(b);
    expect(a.tasks.map((t) => [t.paramSeeds.length, t.dataSeeds.length])).toEqual([[2, 2], [3, 3]]);
    for (const t of a.tasks) {
      for (const s of [...t.paramSeeds, ...t.dataSeeds]) {
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(2);
        expect(s).toBeLessThanOrEqual(4294967294);
      }
    }
    // Other fields are kept; the input is untouched.
    expect(a.tasks[1]!.task).toEqual(NN);
    expect(a.tasks[0]!.numTrainExamples).toBe(10);
    expect(collection.tasks[0]!.paramSeeds).toEqual([1]);
    expect(collection.tasks[1]!.dataSeeds).toEqual([]);
  });

  it('draws param seeds and data seeds from their own streams, spec by spec', () => {
    const a = randomizeTaskSeeds(collection, 99);
    const p = new Rng(hashMix(85652777, 99));
    const d = new Rng(hashMix(38272328, 99));
    const params = Array.from({ length: 5 }, () => p.uniformRandomSeed());
    const data = Array.from({ length: 5 }, () => d.uniformRandomSeed());
    expect([...a.tasks[0]!.paramSeeds, ...a.tasks[1]!.paramSeeds]).toEqual(params);
    expect([...a.tasks[0]!.dataSeeds, ...a.tasks[1]!.dataSeeds]).toEqual(data);
  });

  it('differs for different seeds', () => {
    expect(randomizeTaskSeeds(collection, 1)).not.toEqual(randomizeTaskSeeds(collection, 2));
  });
});
