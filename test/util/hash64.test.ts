import { describe, expect, it } from 'vitest';
import { hashDouble, hashEnd, hashSoFar, hashStart, hashWord } from '../../src/util/hash64';

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
});
