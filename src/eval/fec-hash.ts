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

/** Two 32-bit lanes, mixed word by word; the result keeps 20 bits of one and all of the other. */
let laneA = 0;
let laneB = 0;

function addWord(v: number): void {
  laneA = mix(laneA, v);
  laneB = mix(laneB ^ 0x85ebca6b, (v + laneA) >>> 0);
}

function addDouble(x: number): void {
  f64[0] = x === 0 ? 0 : x; // +0 and -0 hash equal
  addWord(u32[0]!);
  addWord(u32[1]!);
}

export function fingerprintHash(trainErrors: readonly number[], validErrors: readonly number[], taskIndex: number, trainBudget: number): number {
  laneA = 42;
  laneB = 0x6a09e667;
  addWord(trainErrors.length);
  addWord(validErrors.length);
  for (let i = 0; i < trainErrors.length; i++) addDouble(trainErrors[i]!);
  for (let i = 0; i < validErrors.length; i++) addDouble(validErrors[i]!);
  addWord(taskIndex >>> 0);
  addDouble(trainBudget);
  return (laneB & 0xfffff) * 4294967296 + laneA;
}
