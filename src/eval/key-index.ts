/**
 * A map from non-negative integer keys (up to 2^53, e.g. 52-bit hashes) to
 * small non-negative values, in typed arrays: open addressing with linear
 * probing and backward-shift deletion, so it never allocates after
 * construction and never accumulates tombstones. The FEC cache looks up every
 * candidate on every task; a `Map` keyed by such numbers boxes each key.
 */
const EMPTY = -1;
const TWO_POW_32 = 4294967296;

export class KeyIndex {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  size = 0;

  /** Holds up to `capacity` entries (the table is kept at most half full). */
  constructor(readonly capacity: number) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n);
    this.values = new Int32Array(n).fill(EMPTY);
    this.mask = n - 1;
  }

  private home(key: number): number {
    const lo = key >>> 0;
    const hi = Math.floor(key / TWO_POW_32) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    return Math.imul(h, 0xc2b2ae35) & this.mask;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const v = this.values[i]!;
      if (v === EMPTY) return EMPTY;
      if (this.keys[i] === key) return v;
    }
  }

  has(key: number): boolean {
    return this.get(key) !== EMPTY;
  }

  set(key: number, value: number): void {
    if (value < 0) throw new RangeError('KeyIndex values must be >= 0');
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      if (this.values[i] === EMPTY) {
        if (this.size >= this.capacity) throw new RangeError('KeyIndex is full');
        this.keys[i] = key;
        this.values[i] = value;
        this.size++;
        return;
      }
      if (this.keys[i] === key) {
        this.values[i] = value;
        return;
      }
    }
  }

  delete(key: number): boolean {
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      if (this.values[i] === EMPTY) return false;
      if (this.keys[i] === key) break;
    }
    // Backward-shift: move later members of the probe run into the hole.
    let hole = i;
    for (let j = (i + 1) & this.mask; this.values[j] !== EMPTY; j = (j + 1) & this.mask) {
      const home = this.home(this.keys[j]!);
      const distanceHole = (hole - home) & this.mask;
      const distanceJ = (j - home) & this.mask;
      if (distanceHole < distanceJ) {
        this.keys[hole] = this.keys[j]!;
        this.values[hole] = this.values[j]!;
        hole = j;
      }
    }
    this.values[hole] = EMPTY;
    this.size--;
    return true;
  }

  clear(): void {
    this.values.fill(EMPTY);
    this.size = 0;
  }
}
