import { describe, expect, it } from 'vitest';
import { hashDouble, hashEnd, hashLane, hashNonZeroDoubles, hashResume, hashSoFar, hashStart, hashWord } from '../../src/util/hash64';

const prefix = () => {
  hashStart();
  hashWord(7);
  hashDouble(0.25);
};

describe('hash64', () => {
  it('hashSoFar is the key of what was added so far, and leaves the hash to go on as if it had not been asked', () => {
    prefix();
    const short = hashEnd();
    prefix();
    hashWord(9);
    const long = hashEnd();
    prefix();
    expect(hashSoFar()).toEqual(short);
    hashWord(9);
    expect(hashEnd()).toEqual(long);
    expect(long).not.toEqual(short);
  });

  it('tells -0 from 0 and words apart by order', () => {
    const of = (add: () => void) => { hashStart(); add(); return hashEnd(); };
    expect(of(() => hashDouble(0))).not.toEqual(of(() => hashDouble(-0)));
    expect(of(() => { hashWord(1); hashWord(2); })).not.toEqual(of(() => { hashWord(2); hashWord(1); }));
  });

  it('hashNonZeroDoubles tells memories apart by every cell: value, position, -0 and NaN payloads', () => {
    const of = (cells: number[]) => { hashStart(); hashNonZeroDoubles(Float64Array.from(cells), cells.length); return hashEnd(); };
    const nan2 = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0]!;
    const memories = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [-0, 0, 0], [0, -0, 0], [NaN, 0, 0], [nan2, 0, 0], [1, 1, 0], [2, 0, 0]];
    const keys = memories.map((m) => JSON.stringify(of(m)));
    expect(new Set(keys).size).toBe(memories.length);
    expect(of([0, 1, 0])).toEqual(of([0, 1, 0]));
  });

  it('hashResume goes on from the lanes hashLane gave', () => {
    prefix();
    const [a, b] = [hashLane(0), hashLane(1)];
    hashWord(9);
    const direct = hashEnd();
    hashStart();
    hashResume(a, b);
    hashWord(9);
    expect(hashEnd()).toEqual(direct);
  });
});
