/** Fitness from validation loss (SPEC §4.2) and the combination across tasks (SPEC §4.3). */
import type { EvalType, FitnessCombinationMode } from '../config/types';

export const MIN_FITNESS = 0;
export const MAX_FITNESS = 1;

/** Maps an RMS error in [0, ∞) to (0, 1]; NaN and infinities give 0. */
export function flipAndSquash(rms: number): number {
  if (!Number.isFinite(rms)) return MIN_FITNESS;
  return 1 - 0.63661977236758138243 * Math.atan(rms);
}

/** Fitness of one validation pass whose summed loss is `loss` over a set of `validSize` examples. */
export function fitnessFromLoss(loss: number, validSize: number, evalType: EvalType): number {
  return evalType === 'ACCURACY' ? 1 - loss / validSize : flipAndSquash(Math.sqrt(loss / validSize));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function combineFitnesses(fitnesses: readonly number[], mode: FitnessCombinationMode): number {
  if (fitnesses.length === 0) throw new Error('no fitnesses to combine');
  if (mode === 'MEAN_FITNESS_COMBINATION') {
    let sum = 0;
    for (const f of fitnesses) sum += f;
    return sum / fitnesses.length;
  }
  const sorted = [...fitnesses].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
