/**
 * Task seeds (SPEC §5.2) and their randomisation between experiments (SPEC §7.7).
 */
import type { TaskCollection, TaskSpec } from '../config/types';
import { hashMix, Rng } from '../util/rng';

export const DEFAULT_PARAM_SEEDS: readonly number[] = Object.freeze([1001, 1012, 1010, 1000, 1006, 1008, 1007, 1003]);
export const DEFAULT_DATA_SEEDS: readonly number[] = Object.freeze([11001, 11012, 11010, 11000, 11006, 11008, 11007, 11003]);

export interface TaskSeeds {
  readonly paramSeed: number;
  readonly dataSeed: number;
}

/**
 * The i-th seed of a list: the list's entry if there is one, else the last
 * entry plus (i − len + 1), modulo 2³². Seeds may therefore collide (faithful).
 */
export function expandSeed(first: readonly number[], i: number): number {
  if (first.length === 0) throw new RangeError('expandSeed: empty seed list');
  if (i < first.length) return first[i]! >>> 0;
  return (first[first.length - 1]! + (i - first.length + 1)) >>> 0;
}

/** Seeds of the i-th task (0-based) of a spec; the defaults apply to empty lists. */
export function seedsFor(spec: TaskSpec, i: number): TaskSeeds {
  const params = spec.paramSeeds.length > 0 ? spec.paramSeeds : DEFAULT_PARAM_SEEDS;
  const data = spec.dataSeeds.length > 0 ? spec.dataSeeds : DEFAULT_DATA_SEEDS;
  return { paramSeed: expandSeed(params, i), dataSeed: expandSeed(data, i) };
}

export const RANDOMIZE_PARAM_SEEDS_SALT = 85652777;
export const RANDOMIZE_DATA_SEEDS_SALT = 38272328;

/**
 * `RandomizeTaskSeeds`: every spec gets num_tasks fresh param seeds and
 * num_tasks fresh data seeds, each in [2, 2³²−2]. Returns a new collection.
 */
export function randomizeTaskSeeds(collection: TaskCollection, seed: number): TaskCollection {
  const paramRng = new Rng(hashMix(RANDOMIZE_PARAM_SEEDS_SALT, seed));
  const dataRng = new Rng(hashMix(RANDOMIZE_DATA_SEEDS_SALT, seed));
  const tasks = collection.tasks.map((spec): TaskSpec => {
    const paramSeeds: number[] = [];
    const dataSeeds: number[] = [];
    for (let i = 0; i < spec.numTasks; i++) paramSeeds.push(paramRng.uniformRandomSeed());
    for (let i = 0; i < spec.numTasks; i++) dataSeeds.push(dataRng.uniformRandomSeed());
    return { ...spec, paramSeeds, dataSeeds };
  });
  return { ...collection, tasks };
}
