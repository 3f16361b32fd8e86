import { describe, expect, it } from 'vitest';
import { algorithmsEqual } from '../../src/ir/algorithm';
import { OPS } from '../../src/ir/ops';
import { Randomizer } from '../../src/search/randomizer';
import { packAlgorithms, packedRanges, repack, unpackAlgorithms } from '../../src/search/packed';
import { Rng } from '../../src/util/rng';
import { NN_SIZES } from '../eval/helpers';

describe('packed algorithms (migrants between threads)', () => {
  const randomizer = new Randomizer(NN_SIZES, new Rng(5));
  const ops = OPS.map((op) => op.id);
  const rng = new Rng(6);
  const algs = Array.from({ length: 30 }, (_, k) => ({
    setup: Array.from({ length: k % 4 }, () => randomizer.instruction(ops[rng.uniformInt(0, ops.length)]!)),
    predict: Array.from({ length: (k * 7) % 5 }, () => randomizer.instruction(ops[rng.uniformInt(0, ops.length)]!)),
    learn: Array.from({ length: (k * 3) % 6 }, () => randomizer.instruction(ops[rng.uniformInt(0, ops.length)]!)),
  }));
  algs.push({ setup: [], predict: [], learn: [{ op: 56, in1: 0, in2: 0, out: 2, activation: -0, f0: 0, f1: 0, f2: 0 }] });

  it('round-trips every field exactly, -0 included', () => {
    const back = unpackAlgorithms(packAlgorithms(algs));
    expect(back).toEqual(algs);
    back.forEach((a, i) => expect(algorithmsEqual(a, algs[i]!)).toBe(true));
    expect(Object.is(back.at(-1)!.learn[0]!.activation, -0)).toBe(true);
  });

  it('regroups packed algorithms without unpacking them', () => {
    const packed = packAlgorithms(algs);
    const ranges = packedRanges(packed);
    expect(ranges).toHaveLength(algs.length);
    const order = [5, 0, 30, 17];
    expect(unpackAlgorithms(repack(order.map((k) => [packed, ranges[k]![0], ranges[k]![1]] as const)))).toEqual(order.map((k) => algs[k]));
  });
});
