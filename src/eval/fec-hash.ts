/**
 * Fingerprint hash (SPEC §6): the exact bit patterns of the recorded errors,
 * in order, then the task index and the train budget. A 52-bit result keeps
 * keys exact as JavaScript numbers; collisions among 100k entries are
 * vanishingly unlikely (about 1e-6).
 */
import { hashDouble, hashEndValue, hashStart, hashWord } from '../util/hash64';

export function fingerprintHash(trainErrors: readonly number[], validErrors: readonly number[], taskIndex: number, trainBudget: number): number {
  hashStart();
  hashWord(trainErrors.length);
  hashWord(validErrors.length);
  // +0 and -0 hash equal: both are a zero error.
  for (let i = 0; i < trainErrors.length; i++) hashDouble(trainErrors[i]! + 0);
  for (let i = 0; i < validErrors.length; i++) hashDouble(validErrors[i]! + 0);
  hashWord(taskIndex | 0);
  hashDouble(trainBudget);
  return hashEndValue();
}
