/**
 * Seeded random generator: MT19937 (as the original uses), with the
 * distributions of SPEC §8.2. Bit-equality with the C++ streams is not a goal;
 * determinism for a given seed and a serialisable state are.
 */
const N = 624;
const M = 397;
const TWO_POW_32 = 4294967296;

export interface RandomSource {
  /** U(lo, hi) open interval; lo when the interval is empty or inverted (Abseil semantics). */
  uniformOpen(lo: number, hi: number): number;
  /** N(mean, sd). */
  gaussian(mean: number, sd: number): number;
}

export class Rng implements RandomSource {
  // The 32-bit words as Int32 (the same bits): V8 keeps them in integer registers, where Uint32 values above 2^31 become doubles.
  private readonly mt = new Int32Array(N);
  private index = N;

  constructor(seed: number = 5489) {
    this.seed(seed);
  }

  seed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = Math.imul(1812433253, prev) + i;
    }
    this.index = N;
  }

  private twist(): void {
    const mt = this.mt;
    // Three runs, so that no index needs wrapping around (i + 1 and i + M modulo N).
    let i = 0;
    for (; i < N - M; i++) mt[i] = twisted(mt[i]!, mt[i + 1]!, mt[i + M]!);
    for (; i < N - 1; i++) mt[i] = twisted(mt[i]!, mt[i + 1]!, mt[i + M - N]!);
    mt[N - 1] = twisted(mt[N - 1]!, mt[0]!, mt[M - 1]!);
    this.index = 0;
  }

  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform01(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Integer uniform in [lo, hi). */
  uniformInt(lo: number, hi: number): number {
    const span = hi - lo;
    if (!(span > 0)) throw new Error(`uniformInt: empty range [${lo}, ${hi})`);
    return lo + Math.floor((this.nextUint32() / TWO_POW_32) * span);
  }

  /** float32 uniform in [lo, hi). */
  uniformFloat(lo: number, hi: number): number {
    for (;;) {
      const x = Math.fround(lo + this.nextUint32() / TWO_POW_32 * (hi - lo));
      if (x < hi) return x;
    }
  }

  /** float32 uniform in [0, 1). */
  uniformProbability(): number {
    return this.uniformFloat(0, 1);
  }

  uniformOpen(lo: number, hi: number): number {
    // An infinite range has no uniform distribution; like an empty one, it gives lo.
    if (!(lo < hi) || !Number.isFinite(hi - lo)) return lo;
    for (;;) {
      const x = lo + this.uniform01() * (hi - lo);
      if (x > lo && x < hi) return x;
    }
  }

  gaussian(mean: number, sd: number): number {
    // Box-Muller, one value per pair of draws: no cached spare, so the state is just the MT state.
    const u1 = 1 - this.uniform01();
    const u2 = this.uniform01();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform seed in the open interval (1, 2^32 - 1), as `UniformRandomSeed`. */
  uniformRandomSeed(): number {
    return this.uniformInt(2, 4294967295);
  }

  getState(): { mt: number[]; index: number } {
    return { mt: Array.from(this.mt, (w) => w >>> 0), index: this.index };
  }

  setState(state: { mt: readonly number[]; index: number }): void {
    if (state.mt.length !== N) throw new Error('Rng.setState: wrong state length');
    this.mt.set(state.mt);
    this.index = state.index;
  }

  clone(): Rng {
    const r = new Rng(0);
    r.setState(this.getState());
    return r;
  }
}

/** MT19937's recurrence: the next word at a position from the word there, the one after it and the one M further. */
function twisted(word: number, nextWord: number, far: number): number {
  const y = (word & 0x80000000) | (nextWord & 0x7fffffff);
  return far ^ (y >>> 1) ^ ((y & 1) === 0 ? 0 : 0x9908b0df);
}

/** HashMix of SPEC §8.3: any good 32-bit mix of (x, y) is equivalent. */
export function hashMix(x: number, y: number): number {
  let h = Math.imul((x >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ (y >>> 0);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
