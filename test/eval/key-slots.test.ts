/** KeySlots: one slot per 64-bit program key, checks compared, everything forgotten when full. */
import { describe, expect, it } from 'vitest';
import { KeySlots } from '../../src/eval/key-slots';

describe('KeySlots', () => {
  it('gives a key the same slot until it is forgotten, and says when a slot is fresh', () => {
    const slots = new KeySlots(3);
    const a = slots.find({ hash: 10, check: 1 });
    expect(slots.fresh).toBe(true);
    const b = slots.find({ hash: 2 ** 52 - 1, check: -5 });
    expect(slots.fresh).toBe(true);
    expect(b).not.toBe(a);
    expect(slots.find({ hash: 10, check: 1 })).toBe(a);
    expect(slots.fresh).toBe(false);
    expect(slots.size).toBe(2);
  });

  it('a key with the same hash but another check takes the slot over, as a fresh one', () => {
    const slots = new KeySlots(4);
    const a = slots.find({ hash: 7, check: 1 });
    expect(slots.find({ hash: 7, check: 2 })).toBe(a);
    expect(slots.fresh).toBe(true);
    expect(slots.find({ hash: 7, check: 2 })).toBe(a);
    expect(slots.fresh).toBe(false);
    expect(slots.find({ hash: 7, check: 1 })).toBe(a);
    expect(slots.fresh).toBe(true);
  });

  it('forgets every key when a new one arrives at capacity', () => {
    const slots = new KeySlots(2);
    slots.find({ hash: 1, check: 0 });
    slots.find({ hash: 2, check: 0 });
    const c = slots.find({ hash: 3, check: 0 });
    expect(slots.fresh).toBe(true);
    expect(c).toBe(0);
    expect(slots.size).toBe(1);
    slots.find({ hash: 1, check: 0 });
    expect(slots.fresh).toBe(true);
  });
});
