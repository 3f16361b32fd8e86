/**
 * The functional-equivalence cache and fingerprint hash (SPEC §6).
 */
import { describe, expect, it } from 'vitest';
import { FecCache } from '../../src/eval/fec-cache';
import { ErrorLog } from '../../src/eval/executor';
import { fingerprintHash } from '../../src/eval/fec-hash';
import { Rng } from '../../src/util/rng';

const keys = (c: FecCache) => c.entries().map((e) => e.key);

describe('FecCache', () => {
  it('misses on an empty cache and counts lookups', () => {
    const c = new FecCache(10, 100);
    expect(c.find(1)).toEqual({ found: false, fitness: 0 });
    expect(c.lookups).toBe(1);
    expect(c.hits).toBe(0);
  });

  it('fitnessOf is find as one number: NaN on a miss, the fitness on a hit, with the same bookkeeping', () => {
    const c = new FecCache(10, 2);
    expect(c.fitnessOf(7)).toBeNaN();
    c.insert(7, 0.25);
    expect(c.fitnessOf(7)).toBe(0.25); // count 2 = forget_every: read, then erased
    expect(c.fitnessOf(7)).toBeNaN();
    expect([c.lookups, c.hits]).toEqual([3, 1]);
  });

  it('keeps LRU order: a hit moves the entry to most recent; eviction drops the least recent', () => {
    const c = new FecCache(3, 0);
    c.insert(1, 0.1);
    c.insert(2, 0.2);
    c.insert(3, 0.3);
    expect(keys(c)).toEqual([1, 2, 3]); // least to most recent
    expect(c.find(1)).toEqual({ found: true, fitness: 0.1 });
    expect(keys(c)).toEqual([2, 3, 1]);
    c.insert(4, 0.4); // size 4 > 3: evict 2
    expect(keys(c)).toEqual([3, 1, 4]);
    expect(c.find(2).found).toBe(false);
    expect(c.find(3)).toEqual({ found: true, fitness: 0.3 });
    c.insert(5, 0.5); // evict 1
    expect(keys(c)).toEqual([4, 3, 5]);
    expect(c.size).toBe(3);
    expect(c.hits).toBe(2);
    expect(c.lookups).toBe(3);
  });

  it('never holds more than cache_size entries, keeping the most recent ones', () => {
    const c = new FecCache(50, 0);
    for (let k = 0; k < 1000; k++) {
      c.insert(k * 7919, k / 1000);
      expect(c.size).toBe(Math.min(k + 1, 50));
    }
    expect(keys(c)).toEqual(Array.from({ length: 50 }, (_, i) => (950 + i) * 7919));
    for (let k = 0; k < 950; k++) expect(c.find(k * 7919).found).toBe(false);
    for (let k = 950; k < 1000; k++) expect(c.find(k * 7919)).toEqual({ found: true, fitness: k / 1000 });
  });

  it('forget_every: an entry is reused forget_every − 1 times, then dropped (after being read)', () => {
    for (const forget of [2, 3, 100]) {
      const c = new FecCache(10, forget);
      c.insert(42, 0.5); // count 1
      for (let i = 1; i < forget; i++) {
        expect(c.find(42)).toEqual({ found: true, fitness: 0.5 });
      }
      expect(c.size).toBe(0);
      expect(c.find(42).found).toBe(false);
      // A fresh insert starts counting again.
      c.insert(42, 0.7);
      expect(c.find(42)).toEqual({ found: true, fitness: 0.7 });
      expect(c.entries()[0]?.count ?? 'dropped').toBe(forget === 2 ? 'dropped' : 2);
    }
  });

  it('forget_every = 0 never forgets', () => {
    const c = new FecCache(2, 0);
    c.insert(9, 0.25);
    for (let i = 0; i < 1000; i++) expect(c.find(9)).toEqual({ found: true, fitness: 0.25 });
    expect(c.entries()).toEqual([{ key: 9, fitness: 0.25, count: 1001 }]);
    expect(c.hits).toBe(1000);
    expect(c.lookups).toBe(1000);
  });

  it('a forgotten slot is reused correctly and LRU order survives removals from the middle', () => {
    const c = new FecCache(3, 2);
    c.insert(1, 0.1);
    c.insert(2, 0.2);
    c.insert(3, 0.3);
    expect(c.find(2).found).toBe(true); // count 2 >= 2: removed from the middle
    expect(keys(c)).toEqual([1, 3]);
    c.insert(4, 0.4);
    c.insert(5, 0.5); // evicts 1
    expect(keys(c)).toEqual([3, 4, 5]);
    expect(c.find(1).found).toBe(false);
    expect(c.find(5)).toEqual({ found: true, fitness: 0.5 }); // removed (tail end)
    expect(keys(c)).toEqual([3, 4]);
  });

  it('matches a naive model over a random operation sequence', () => {
    const rng = new Rng(99);
    const capacity = 7;
    const forget = 4;
    const c = new FecCache(capacity, forget);
    // Model: array from least to most recent of {key, fitness, count}.
    let model: Array<{ key: number; fitness: number; count: number }> = [];
    for (let step = 0; step < 5000; step++) {
      const key = rng.uniformInt(0, 15);
      const got = c.find(key);
      const at = model.findIndex((e) => e.key === key);
      if (at < 0) {
        expect(got.found).toBe(false);
        const fitness = rng.uniform01();
        c.insert(key, fitness);
        model.push({ key, fitness, count: 1 });
        while (model.length > capacity) model.shift();
      } else {
        const e = model[at]!;
        expect(got).toEqual({ found: true, fitness: e.fitness });
        model.splice(at, 1);
        e.count += 1;
        if (e.count < forget) model.push(e);
      }
      expect(c.entries()).toEqual(model);
    }
  });

  it('hints (each key\'s last slot, however stale) change nothing but which lookups probe the index', () => {
    const rng = new Rng(7);
    const hinted = new FecCache(7, 4);
    const plain = new FecCache(7, 4);
    const lastSlot = new Map<number, number>();
    let usedHints = 0;
    for (let step = 0; step < 5000; step++) {
      const key = rng.uniformInt(0, 15);
      // The key's own last slot, a random slot, or none.
      const hint = [lastSlot.get(key) ?? -1, rng.uniformInt(0, 8), -1][rng.uniformInt(0, 3)]!;
      const fitness = hinted.fitnessOf(key, hint);
      expect(Object.is(fitness, plain.fitnessOf(key))).toBe(true);
      if (hint >= 0 && !Number.isNaN(fitness) && hint === hinted.lastSlot) usedHints++;
      if (Number.isNaN(fitness)) {
        const f = rng.uniform01();
        hinted.insert(key, f);
        plain.insert(key, f);
      }
      lastSlot.set(key, hinted.lastSlot);
      expect(hinted.entries()).toEqual(plain.entries());
    }
    expect(usedHints).toBeGreaterThan(500);
  });

  it('checks its parameters (cache_size > 1, forget_every 0 or > 1)', () => {
    expect(() => new FecCache(1, 100)).toThrow();
    expect(() => new FecCache(0, 100)).toThrow();
    expect(() => new FecCache(10, 1)).toThrow();
    expect(() => new FecCache(2, 0)).not.toThrow();
  });
});

describe('fingerprintHash', () => {
  const fp = (train: number[], valid: number[], taskIndex: number, budget: number): number => {
    const log = new ErrorLog();
    log.reset(train.length, valid.length);
    log.train.set(train);
    log.valid.set(valid);
    log.trainCount = train.length;
    log.validCount = valid.length;
    return fingerprintHash(log, taskIndex, budget);
  };
  const base = (): [number[], number[], number, number] => [[0.5, 1.25, 3], [0, 1, 0.125], 2, 1000];

  it('is deterministic and a safe integer', () => {
    const h = fp(...base());
    expect(fp(...base())).toBe(h);
    expect(Number.isSafeInteger(h)).toBe(true);
    expect(h).toBeGreaterThanOrEqual(0);
  });

  it('+0 and −0 hash equal', () => {
    expect(fp([0, 1], [-0], 0, 10)).toBe(fp([-0, 1], [0], 0, 10));
    expect(fp([], [-0], 0, 10)).toBe(fp([], [0], 0, 10));
  });

  it('differs for different order, length, values, task index, or train budget', () => {
    const [t, v, idx, budget] = base();
    const h = fp(t, v, idx, budget);
    const variants = [
      fp([1.25, 0.5, 3], v, idx, budget), // order
      fp(t, [1, 0, 0.125], idx, budget),
      fp([...t, 0], v, idx, budget), // length
      fp(t.slice(0, 2), v, idx, budget),
      fp(t, [...v, 0], idx, budget),
      fp([], [], idx, budget),
      fp(t, v, idx + 1, budget), // task index
      fp(t, v, 0, budget),
      fp(t, v, idx, 0), // budget (rejected by the train budget)
      fp(t, v, idx, budget + 1),
      fp([0.5, 1.25, 3 + 2 ** -51], v, idx, budget), // lowest mantissa bit
      fp([0.5, 1.25, -3], v, idx, budget), // sign bit
      fp([0.5, 1.25, Infinity], v, idx, budget),
    ];
    for (const x of variants) expect(x).not.toBe(h);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('has no collisions among many realistic fingerprints', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    let n = 0;
    for (let i = 0; i < 20000; i++) {
      const len = rng.uniformInt(1, 11);
      const t = Array.from({ length: len }, () => Math.abs(rng.gaussian(0, 1)));
      const v = Array.from({ length: 10 }, () => rng.uniformInt(0, 2));
      seen.add(fp(t, v, rng.uniformInt(0, 10), 1000));
      n++;
    }
    // Near-identical inputs too: one error nudged by one ulp at each position.
    const t0 = Array.from({ length: 10 }, (_, i) => 0.1 * (i + 1));
    for (let i = 0; i < 10; i++) {
      for (const d of [-1, 1, 2]) {
        const t = t0.slice();
        const buf = new Float64Array([t[i]!]);
        const bits = new BigInt64Array(buf.buffer);
        bits[0] = bits[0]! + BigInt(d);
        t[i] = buf[0]!;
        seen.add(fp(t, [], 0, 100));
        n++;
      }
    }
    seen.add(fp(t0, [], 0, 100));
    n++;
    expect(seen.size).toBe(n);
  });
});
