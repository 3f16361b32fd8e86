/**
 * CIFAR-10's binary batches (`cifar-10-batches-bin/data_batch_1.bin` ...
 * `data_batch_5.bin`, the training split; `test_batch.bin` is the test split):
 * records of 1 label byte (0-9) then 3072 pixel bytes (1024 red, 1024 green,
 * 1024 blue, each 32 × 32 row-major). Files may be gzipped.
 *
 * Pixels are kept in the file's channel-major order. (The original generator
 * flattened TFDS's height × width × channel arrays; a Gaussian projection with
 * i.i.d. entries makes the two orders statistically identical.)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../util/errors';
import { ChunkReader, fileSize, openByteStream } from './byte-stream';
import type { ExampleSource } from './source';

export const CIFAR_IMAGE_BYTES = 32 * 32 * 3;
export const CIFAR_RECORD_BYTES = 1 + CIFAR_IMAGE_BYTES;
export const CIFAR_NUM_CLASSES = 10;

const BATCH_RE = /^data_batch_(\d+)\.bin(\.gz)?$/;

/** The training batches of a CIFAR-10 binary folder (or its cifar-10-batches-bin subfolder), in batch order; [] if none. */
export function findCifarBatches(dir: string): string[] {
  for (const d of [dir, join(dir, 'cifar-10-batches-bin')]) {
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    const batches = readdirSync(d)
      .map((f) => ({ f, m: BATCH_RE.exec(f) }))
      .filter((x) => x.m !== null)
      .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
      .map((x) => join(d, x.f));
    if (batches.length > 0) return batches;
  }
  return [];
}

export function cifarSource(files: readonly string[], defaultName = 'cifar10'): ExampleSource {
  if (files.length === 0) throw new UserError('no CIFAR-10 batch files given');
  let totalBytes = 0;
  for (const f of files) totalBytes += fileSize(f);
  return {
    kind: 'cifar10',
    description: `CIFAR-10 binary batches ${files.map((f) => basename(f)).join(', ')}`,
    defaultName,
    totalBytes,
    async forEach(visit, onBytes) {
      let index = 0;
      for (const file of files) {
        const reader = new ChunkReader(openByteStream(file, onBytes), file);
        try {
          let inFile = 0;
          for (;;) {
            const rec = await reader.read(CIFAR_RECORD_BYTES, `record ${inFile} (${CIFAR_RECORD_BYTES} bytes: label + 32x32x3 pixels)`);
            if (rec === null) break;
            const label = rec[0]!;
            if (label >= CIFAR_NUM_CLASSES) {
              throw new UserError(`${file}: record ${inFile} has label byte ${label}, outside 0-9: not a CIFAR-10 binary batch `
                + '(CIFAR-100 batches have two label bytes and are not supported)');
            }
            visit(label, rec.subarray(1), index);
            index++;
            inFile++;
          }
          if (inFile === 0) throw new UserError(`${file}: empty file (expected CIFAR-10 records of ${CIFAR_RECORD_BYTES} bytes)`);
        } finally {
          reader.close();
        }
      }
      return { count: index, dim: CIFAR_IMAGE_BYTES };
    },
  };
}
