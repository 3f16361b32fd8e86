/**
 * Slots for 64-bit program keys (codegen/analysis.ts `ProgramKey`): a key's
 * 52-bit hash finds its slot and the 32-bit check must match too. Callers keep
 * what they know of each program in arrays indexed by slot. When every slot
 * is taken, all are forgotten at once: the programs still in the population
 * come back within a few generations, and nothing is ever searched for a
 * victim.
 */
import type { ProgramKey } from '../../codegen/analysis';
import { KeyIndex } from './key-index';

export class KeySlots {
  private readonly index: KeyIndex;
  private readonly checks: Int32Array;
  private used = 0;
  /** Whether the last `find` handed out a slot that held another program or none (its data is stale). */
  fresh = false;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('KeySlots capacity must be >= 1');
    this.index = new KeyIndex(capacity);
    this.checks = new Int32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** The slot of `key`, taking a new one if it has none. */
  find(key: ProgramKey): number {
    let slot = this.index.get(key.hash);
    if (slot >= 0) {
      this.fresh = this.checks[slot] !== key.check;
      // A different program with the same 52 bits takes the slot over.
      if (this.fresh) this.checks[slot] = key.check;
      return slot;
    }
    if (this.used >= this.capacity) this.clear();
    slot = this.used++;
    this.index.set(key.hash, slot);
    this.checks[slot] = key.check;
    this.fresh = true;
    return slot;
  }

  clear(): void {
    this.index.clear();
    this.used = 0;
  }
}
