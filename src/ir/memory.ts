/**
 * Memory model (SPEC §1): scalars, vectors of length F and F×F matrices, all
 * doubles, laid out in one Float64Array so that every address is a constant offset:
 *   [ s0 .. s(S-1) | v0[0..F) .. v(V-1)[0..F) | m0[0..F²) .. m(M-1)[0..F²) ]
 * Matrices are row-major.
 */
export type Kind = 's' | 'v' | 'm';

export interface MemorySizes {
  readonly scalars: number;
  readonly vectors: number;
  readonly matrices: number;
}

export const DEFAULT_MEMORY_SIZES: MemorySizes = { scalars: 20, vectors: 20, matrices: 20 };

/** Reserved addresses. */
export const LABEL_SCALAR = 0;
export const PREDICTION_SCALAR = 1;
export const FEATURES_VECTOR = 0;
/** First addresses that randomly generated instructions may write. */
export const FIRST_OUT = { s: 1, v: 1, m: 0 } as const;

/**
 * Supported feature sizes. The original supports 2..32; powers of two keep
 * pairwise summation a balanced tree in every engine, so we also accept 1 and up to 256.
 */
export const SUPPORTED_FEATURE_SIZES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export const MAX_ADDRESSES = 65536;

export class MemoryLayout {
  readonly vectorBase: number;
  readonly matrixBase: number;
  readonly size: number;
  readonly matrixSize: number;
  /** By kind code (0 scalar, 1 vector, 2 matrix): address `a` of that kind is at bases[k] + a × widths[k]. */
  readonly bases: Int32Array;
  readonly widths: Int32Array;
  /** Equal for layouts that place every address at the same offset (and only for those): the key of what is built per layout. */
  readonly placement: string;

  constructor(readonly F: number, readonly sizes: MemorySizes) {
    checkFeatureSize(F);
    checkMemorySizes(sizes);
    this.matrixSize = F * F;
    this.vectorBase = sizes.scalars;
    this.matrixBase = this.vectorBase + sizes.vectors * F;
    this.size = this.matrixBase + sizes.matrices * this.matrixSize;
    this.bases = Int32Array.of(0, this.vectorBase, this.matrixBase);
    this.widths = Int32Array.of(1, F, this.matrixSize);
    this.placement = `${F}:${this.vectorBase}:${this.matrixBase}:${this.size}`;
  }

  /** Offset of address `addr` of kind `kind`. */
  offset(kind: Kind, addr: number): number {
    switch (kind) {
      case 's': return addr;
      case 'v': return this.vectorBase + addr * this.F;
      case 'm': return this.matrixBase + addr * this.matrixSize;
    }
  }

  /** Number of doubles one value of this kind occupies. */
  width(kind: Kind): number {
    return kind === 's' ? 1 : kind === 'v' ? this.F : this.matrixSize;
  }

  count(kind: Kind): number {
    return kind === 's' ? this.sizes.scalars : kind === 'v' ? this.sizes.vectors : this.sizes.matrices;
  }

  allocate(): Float64Array {
    return new Float64Array(this.size);
  }

  private scratch: Float64Array | null = null;

  /**
   * A zeroed memory owned by this layout (or one to be overwritten whole, with
   * `zeroed` false), reused by each execution that needs one: executions never
   * overlap, and allocating afresh for every short fingerprint run costs more than the run.
   */
  scratchMemory(zeroed = true): Float64Array {
    if (this.scratch === null) this.scratch = this.allocate();
    else if (zeroed) this.scratch.fill(0);
    return this.scratch;
  }
}

export function checkFeatureSize(F: number): void {
  if (!SUPPORTED_FEATURE_SIZES.includes(F)) {
    throw new RangeError(`unsupported features size ${F}: expected one of ${SUPPORTED_FEATURE_SIZES.join(', ')}`);
  }
}

export function checkMemorySizes(sizes: MemorySizes): void {
  const minimum = { scalars: 2, vectors: 1, matrices: 0 } as const;
  for (const key of ['scalars', 'vectors', 'matrices'] as const) {
    const n = sizes[key];
    if (!Number.isInteger(n) || n < minimum[key] || n > MAX_ADDRESSES) {
      throw new RangeError(`memory size for ${key} must be an integer in [${minimum[key]}, ${MAX_ADDRESSES}], got ${n}`);
    }
  }
}
