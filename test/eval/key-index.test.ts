/** KeyIndex behaves like a Map under random inserts, lookups and deletes, with colliding probe runs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/eval/key-index';

describe('KeyIndex', () => {
  it('agrees with a Map model', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom('set', 'get', 'delete'), fc.oneof(fc.integer({ min: 0, max: 40 }), fc.maxSafeNat()), fc.nat(1000)), { maxLength: 400 }),
      (ops) => {
        const index = new KeyIndex(64);
        const model = new Map<number, number>();
        for (const [op, key, value] of ops) {
          if (op === 'set') {
            if (!model.has(key) && model.size >= 64) continue;
            index.set(key, value);
            model.set(key, value);
          } else if (op === 'get') {
            expect(index.get(key)).toBe(model.get(key) ?? -1);
          } else {
            expect(index.delete(key)).toBe(model.delete(key));
          }
          expect(index.size).toBe(model.size);
        }
        for (const [key, value] of model) expect(index.get(key)).toBe(value);
      },
    ), { numRuns: 300 });
  });

  it('refuses to grow past its capacity', () => {
    const index = new KeyIndex(2);
    index.set(1, 1);
    index.set(2, 2);
    expect(() => index.set(3, 3)).toThrow(/full/);
    index.set(2, 5);
    expect(index.get(2)).toBe(5);
  });
});
