/**
 * Functional-equivalence cache (SPEC §6): an LRU map from fingerprint hash to
 * fitness with a use counter. Every operation is O(1): a hash index from key to slot,
 * and a doubly linked recency list threaded through typed arrays, so nothing
 * is deleted and re-inserted on a hit.
 */
import { KeyIndex } from './key-index';

export interface FecLookup {
  readonly found: boolean;
  readonly fitness: number;
}

/** The whole cache as data (for checkpoints): entries from least to most recent, and the counters. */
export interface FecCacheState {
  readonly keys: Float64Array;
  readonly fitnesses: Float64Array;
  readonly counts: Float64Array;
  readonly hits: number;
  readonly lookups: number;
}

const MISS: FecLookup = Object.freeze({ found: false, fitness: 0 });
const NIL = -1;

export class FecCache {
  private readonly slots: KeyIndex;
  private readonly keys: Float64Array;
  private readonly fitness: Float64Array;
  private readonly counts: Float64Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NIL; // most recent
  private tail = NIL; // least recent
  private free: number[] = [];
  private used = 0;
  hits = 0;
  lookups = 0;
  /** The slot of the key last found or inserted: a hint for the next lookup of that key (see fitnessOf). */
  lastSlot = NIL;

  constructor(readonly capacity: number, readonly forgetEvery: number) {
    if (!(capacity > 1)) throw new RangeError('FEC cache_size must be > 1');
    if (!(forgetEvery === 0 || forgetEvery > 1)) throw new RangeError('FEC forget_every must be 0 or > 1');
    // One spare slot: insertion happens before eviction (SPEC §6).
    const n = capacity + 1;
    this.slots = new KeyIndex(n);
    // Keys are never negative: -1 marks a slot that holds no entry, so that a stale hint never matches.
    this.keys = new Float64Array(n).fill(-1);
    this.fitness = new Float64Array(n);
    this.counts = new Float64Array(n);
    this.prev = new Int32Array(n);
    this.next = new Int32Array(n);
  }

  get size(): number {
    return this.slots.size;
  }

  find(key: number): FecLookup {
    const fitness = this.fitnessOf(key);
    return Number.isNaN(fitness) ? MISS : { found: true, fitness };
  }

  /** Whether `key` is cached, without counting a lookup or touching the recency order. */
  has(key: number): boolean {
    return this.slots.has(key);
  }

  /**
   * `find` as one number: the cached fitness, or NaN on a miss (fitnesses are
   * never NaN). `hint`: the slot `key` had when last seen (`lastSlot`), if
   * known; where it still holds `key`, the hash index is not probed.
   */
  fitnessOf(key: number, hint: number = NIL): number {
    this.lookups++;
    const slot = hint >= 0 && this.keys[hint] === key ? hint : this.slots.get(key);
    this.lastSlot = slot;
    if (slot < 0) return NaN;
    this.hits++;
    const fitness = this.fitness[slot]!;
    this.counts[slot]! += 1;
    if (this.forgetEvery !== 0 && this.counts[slot]! >= this.forgetEvery) {
      this.remove(slot);
    } else {
      this.unlink(slot);
      this.pushFront(slot);
    }
    return fitness;
  }

  insert(key: number, fitness: number): void {
    if (this.slots.has(key)) throw new Error('FEC insert of a key that is present');
    const slot = this.free.length > 0 ? this.free.pop()! : this.used++;
    this.keys[slot] = key;
    this.fitness[slot] = fitness;
    this.counts[slot] = 1;
    this.slots.set(key, slot);
    this.pushFront(slot);
    this.lastSlot = slot;
    while (this.slots.size > this.capacity) this.remove(this.tail);
  }

  private remove(slot: number): void {
    this.unlink(slot);
    this.slots.delete(this.keys[slot]!);
    this.keys[slot] = -1;
    this.free.push(slot);
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === NIL) this.head = n; else this.next[p] = n;
    if (n === NIL) this.tail = p; else this.prev[n] = p;
  }

  private pushFront(slot: number): void {
    this.prev[slot] = NIL;
    this.next[slot] = this.head;
    if (this.head !== NIL) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NIL) this.tail = slot;
  }

  /** Entries from least to most recent (for checkpoints and tests). */
  entries(): Array<{ key: number; fitness: number; count: number }> {
    const out: Array<{ key: number; fitness: number; count: number }> = [];
    for (let s = this.tail; s !== NIL; s = this.prev[s]!) {
      out.push({ key: this.keys[s]!, fitness: this.fitness[s]!, count: this.counts[s]! });
    }
    return out;
  }

  /** Contents, recency order, use counts and counters (for checkpoints). */
  exportState(): FecCacheState {
    const entries = this.entries();
    return {
      keys: Float64Array.from(entries, (e) => e.key),
      fitnesses: Float64Array.from(entries, (e) => e.fitness),
      counts: Float64Array.from(entries, (e) => e.count),
      hits: this.hits,
      lookups: this.lookups,
    };
  }

  /** Replaces the contents by an exported state; the cache then behaves exactly as the exported one. */
  importState(state: FecCacheState): void {
    const n = state.keys.length;
    if (state.fitnesses.length !== n || state.counts.length !== n) throw new Error('FEC cache state: arrays of different lengths');
    if (n > this.capacity) throw new Error(`FEC cache state holds ${n} entries, the capacity is ${this.capacity}`);
    this.slots.clear();
    this.keys.fill(-1);
    this.head = NIL;
    this.tail = NIL;
    this.free = [];
    this.used = 0;
    // Least recent first: each insertion becomes the most recent.
    for (let i = 0; i < n; i++) {
      const key = state.keys[i]!;
      if (this.slots.has(key)) throw new Error('FEC cache state: duplicate key');
      const slot = this.used++;
      this.keys[slot] = key;
      this.fitness[slot] = state.fitnesses[i]!;
      this.counts[slot] = state.counts[i]!;
      this.slots.set(key, slot);
      this.pushFront(slot);
    }
    this.hits = state.hits;
    this.lookups = state.lookups;
  }
}
