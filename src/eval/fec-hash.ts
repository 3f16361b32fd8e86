/**
 * Fingerprint hash (SPEC §6): the exact bit patterns of the recorded errors,
 * in order, then the task index and the train budget. A 52-bit result keeps
 * keys exact as JavaScript numbers; collisions among 100k entries are
 * vanishingly unlikely (about 1e-6).
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

export class FingerprintHasher {
  private a = 42;
  private b = 0x6a09e667;

  reset(): void {
    this.a = 42;
    this.b = 0x6a09e667;
  }

  addDouble(x: number): void {
    f64[0] = x === 0 ? 0 : x; // +0 and -0 hash equal
    this.addInt(u32[0]!);
    this.addInt(u32[1]!);
  }

  addInt(v: number): void {
    this.a = mix(this.a, v);
    this.b = mix(this.b ^ 0x85ebca6b, (v + this.a) >>> 0);
  }

  digest(): number {
    return (this.b & 0xfffff) * 4294967296 + this.a;
  }
}

export function fingerprintHash(trainErrors: readonly number[], validErrors: readonly number[], taskIndex: number, trainBudget: number): number {
  const h = new FingerprintHasher();
  h.addInt(trainErrors.length);
  h.addInt(validErrors.length);
  for (const e of trainErrors) h.addDouble(e);
  for (const e of validErrors) h.addDouble(e);
  h.addInt(taskIndex >>> 0);
  h.addDouble(trainBudget);
  return h.digest();
}
