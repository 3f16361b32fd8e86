import { describe, expect, it } from 'vitest';
import { buildTasks } from '../../src/tasks/build';
import { EPOCHS_SEED_OFFSET, makeTrainOrder, shuffleInPlace } from '../../src/tasks/epochs';
import { Rng } from '../../src/util/rng';
import { LINEAR, spec } from './helpers';

const identity = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('epoch schedule', () => {
  const N = 20;
  const [task] = buildTasks({ tasks: [spec(LINEAR, { numTrainExamples: N, numTrainEpochs: 4, dataSeeds: [77] })] });

  it('epoch 0 is the identity; later epochs are permutations, shuffled cumulatively', () => {
    expect(task!.epochs).toHaveLength(4);
    expect(Array.from(task!.epochs[0]!)).toEqual(identity(N));
    for (let e = 1; e < 4; e++) {
      const ep = Array.from(task!.epochs[e]!);
      expect([...ep].sort((a, b) => a - b)).toEqual(identity(N));
      expect(ep).not.toEqual(identity(N));
      expect(ep).not.toEqual(Array.from(task!.epochs[e - 1]!));
    }
    // Cumulative: epoch e+1 is epoch e shuffled by the next draws of one stream.
    const rng = new Rng((77 + EPOCHS_SEED_OFFSET) >>> 0);
    const perm = Int32Array.from(identity(N));
    for (let e = 0; e < 4; e++) {
      expect(Array.from(task!.epochs[e]!)).toEqual(Array.from(perm));
      shuffleInPlace(perm, rng);
    }
  });

  it('trainOrder is all epochs concatenated', () => {
    expect(task!.trainOrder).toHaveLength(N * 4);
    expect(Array.from(task!.trainOrder)).toEqual(task!.epochs.flatMap((e) => Array.from(e)));
  });

  it('depends on the data seed only (not on the param seed or validation size)', () => {
    const a = makeTrainOrder(N, 5, 3, 77);
    const b = makeTrainOrder(N, 500, 3, 77);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(makeTrainOrder(N, 5, 3, 78))).not.toEqual(Array.from(a));
    const [other] = buildTasks({ tasks: [spec(LINEAR, { numTrainExamples: N, numTrainEpochs: 4, dataSeeds: [77], paramSeeds: [5] })] });
    expect(Array.from(other!.trainOrder)).toEqual(Array.from(task!.trainOrder));
  });

  it('handles the seed offset modulo 2^32', () => {
    const order = makeTrainOrder(10, 2, 2, 4294967295);
    const rng = new Rng((4294967295 + EPOCHS_SEED_OFFSET) % 4294967296);
    const perm = Int32Array.from(identity(10));
    shuffleInPlace(perm, rng);
    expect(Array.from(order.subarray(10))).toEqual(Array.from(perm));
  });
});
