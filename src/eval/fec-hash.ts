/**
 * Fingerprint hash (SPEC §6): the exact bit patterns of the recorded errors,
 * in order, then the task index and the train budget. A 52-bit result keeps
 * keys exact as JavaScript numbers; collisions among 100k entries are
 * vanishingly unlikely (about 1e-6).
 */
import { hashDouble, hashDoubles, hashEndValue, hashStart, hashWord } from '../util/hash64';
import type { ErrorLog } from './executor';

export function fingerprintHash(errors: ErrorLog, taskIndex: number, trainBudget: number): number {
  const { train, valid, trainCount, validCount } = errors;
  hashStart();
  hashWord(trainCount);
  hashWord(validCount);
  // +0 and -0 hash equal: both are a zero error.
  hashDoubles(train, trainCount, true);
  hashDoubles(valid, validCount, true);
  hashWord(taskIndex | 0);
  hashDouble(trainBudget);
  return hashEndValue();
}
