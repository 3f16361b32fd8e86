/**
 * The epoch schedule of a task (SPEC §4.1): epoch 0 is the identity order;
 * after each epoch is recorded the permutation is shuffled in place, so later
 * epochs are cumulative shuffles. After the training epochs, a shuffle of the
 * validation indices is drawn and discarded (validation runs in identity order).
 */
import { Rng } from '../util/rng';

export const EPOCHS_SEED_OFFSET = 3274582109;

/** In-place Fisher–Yates shuffle (from the back). */
export function shuffleInPlace(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.uniformInt(0, i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** The training order of all epochs concatenated: length numTrain·numEpochs. */
export function makeTrainOrder(numTrain: number, numValid: number, numEpochs: number, dataSeed: number): Int32Array {
  const rng = new Rng((dataSeed + EPOCHS_SEED_OFFSET) >>> 0);
  const order = new Int32Array(numTrain * numEpochs);
  const perm = new Int32Array(numTrain);
  for (let i = 0; i < numTrain; i++) perm[i] = i;
  for (let e = 0; e < numEpochs; e++) {
    order.set(perm, e * numTrain);
    shuffleInPlace(perm, rng);
  }
  const valid = new Int32Array(numValid);
  for (let i = 0; i < numValid; i++) valid[i] = i;
  shuffleInPlace(valid, rng); // drawn and discarded, as the original does
  return order;
}

/** Per-epoch views into a concatenated training order. */
export function epochViews(order: Int32Array, numTrain: number): Int32Array[] {
  const views: Int32Array[] = [];
  for (let start = 0; start < order.length; start += numTrain) views.push(order.subarray(start, start + numTrain));
  return views;
}
