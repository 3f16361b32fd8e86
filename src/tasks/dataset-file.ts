/**
 * Reading and writing `ScalarLabelDataset` files (SPEC §5.4), the serialized
 * protos that the projected binary classification tasks load:
 *
 *   message FeatureVector { repeated float features = 1; }
 *   message ScalarLabelDataset {
 *     repeated FeatureVector train_features = 1; repeated float train_labels = 2;
 *     repeated FeatureVector valid_features = 3; repeated float valid_labels = 4;
 *     repeated FeatureVector test_features = 5;  repeated float test_labels = 6;
 *   }
 *
 * Decoded with @bufbuild/protobuf's wire-level reader; repeated floats are
 * accepted packed or unpacked (proto2 writers emit unpacked by default).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { UserError } from '../util/errors';

export interface ScalarLabelDataset {
  readonly trainFeatures: readonly Float32Array[];
  readonly trainLabels: Float32Array;
  readonly validFeatures: readonly Float32Array[];
  readonly validLabels: Float32Array;
  readonly testFeatures: readonly Float32Array[];
  readonly testLabels: Float32Array;
}

/** What the encoder accepts: any numbers (stored as float32); missing fields are empty. */
export interface ScalarLabelDatasetInput {
  readonly trainFeatures?: readonly ArrayLike<number>[];
  readonly trainLabels?: ArrayLike<number>;
  readonly validFeatures?: readonly ArrayLike<number>[];
  readonly validLabels?: ArrayLike<number>;
  readonly testFeatures?: readonly ArrayLike<number>[];
  readonly testLabels?: ArrayLike<number>;
}

const FEATURE_FIELDS = { 1: 'train_features', 3: 'valid_features', 5: 'test_features' } as const;
const LABEL_FIELDS = { 2: 'train_labels', 4: 'valid_labels', 6: 'test_labels' } as const;

/** Appends one element (unpacked) or a packed run of floats to `out`. */
function readFloats(reader: BinaryReader, wireType: WireType, out: number[], field: string): void {
  if (wireType === WireType.Bit32) {
    out.push(reader.float());
  } else if (wireType === WireType.LengthDelimited) {
    const len = reader.uint32();
    const end = reader.pos + len;
    if (end > reader.len || len % 4 !== 0) throw new Error(`bad packed length ${len} for ${field}`);
    while (reader.pos < end) out.push(reader.float());
  } else {
    throw new Error(`wrong wire type ${wireType} for ${field}`);
  }
}

function decodeFeatureVector(bytes: Uint8Array): Float32Array {
  const reader = new BinaryReader(bytes);
  const values: number[] = [];
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === 1) readFloats(reader, wireType, values, 'FeatureVector.features');
    else reader.skip(wireType, fieldNo);
  }
  return Float32Array.from(values);
}

/** Decodes a serialized ScalarLabelDataset; throws (a plain Error) on malformed input. */
export function decodeScalarLabelDataset(bytes: Uint8Array): ScalarLabelDataset {
  const reader = new BinaryReader(bytes);
  const features: Record<1 | 3 | 5, Float32Array[]> = { 1: [], 3: [], 5: [] };
  const labels: Record<2 | 4 | 6, number[]> = { 2: [], 4: [], 6: [] };
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === 1 || fieldNo === 3 || fieldNo === 5) {
      if (wireType !== WireType.LengthDelimited) throw new Error(`wrong wire type ${wireType} for ${FEATURE_FIELDS[fieldNo]}`);
      features[fieldNo].push(decodeFeatureVector(reader.bytes()));
    } else if (fieldNo === 2 || fieldNo === 4 || fieldNo === 6) {
      readFloats(reader, wireType, labels[fieldNo], LABEL_FIELDS[fieldNo]);
    } else {
      reader.skip(wireType, fieldNo);
    }
  }
  return {
    trainFeatures: features[1],
    trainLabels: Float32Array.from(labels[2]),
    validFeatures: features[3],
    validLabels: Float32Array.from(labels[4]),
    testFeatures: features[5],
    testLabels: Float32Array.from(labels[6]),
  };
}

function writeFloats(writer: BinaryWriter, fieldNo: number, values: ArrayLike<number>, packed: boolean): void {
  if (values.length === 0) return;
  if (packed) {
    writer.tag(fieldNo, WireType.LengthDelimited).fork();
    for (let i = 0; i < values.length; i++) writer.float(values[i]!);
    writer.join();
  } else {
    for (let i = 0; i < values.length; i++) writer.tag(fieldNo, WireType.Bit32).float(values[i]!);
  }
}

/**
 * Serializes a ScalarLabelDataset. `packed` chooses the encoding of repeated
 * floats (default false: unpacked, as a proto2 writer such as the original's
 * Python generator emits).
 */
export function encodeScalarLabelDataset(dataset: ScalarLabelDatasetInput, options: { packed?: boolean } = {}): Uint8Array {
  const packed = options.packed ?? false;
  const writer = new BinaryWriter();
  const vectors = (fieldNo: number, list: readonly ArrayLike<number>[] | undefined): void => {
    for (const v of list ?? []) {
      writer.tag(fieldNo, WireType.LengthDelimited).fork();
      writeFloats(writer, 1, v, packed);
      writer.join();
    }
  };
  vectors(1, dataset.trainFeatures);
  writeFloats(writer, 2, dataset.trainLabels ?? [], packed);
  vectors(3, dataset.validFeatures);
  writeFloats(writer, 4, dataset.validLabels ?? [], packed);
  vectors(5, dataset.testFeatures);
  writeFloats(writer, 6, dataset.testLabels ?? [], packed);
  return writer.finish();
}

// ---------------------------------------------------------------------------
// Loading with a small in-memory cache (many tasks share one file).
// ---------------------------------------------------------------------------

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly dataset: ScalarLabelDataset;
}

/** Most recently used last. */
const cache = new Map<string, CacheEntry>();
export const DATASET_CACHE_CAPACITY = 16;

export function clearDatasetCache(): void {
  cache.clear();
}

/**
 * Loads and decodes a dataset file, reusing a cached copy while the file's
 * size and modification time are unchanged. Errors are UserErrors naming the file.
 */
export function loadScalarLabelDataset(file: string): ScalarLabelDataset {
  const key = resolve(file);
  let stat;
  try {
    stat = statSync(key);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`dataset file ${file} does not exist`);
    throw new UserError(`cannot read dataset file ${file}: ${(e as Error).message}`);
  }
  if (!stat.isFile()) throw new UserError(`dataset file ${file} is not a regular file`);
  const hit = cache.get(key);
  if (hit !== undefined && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.dataset;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(key);
  } catch (e) {
    throw new UserError(`cannot read dataset file ${file}: ${(e as Error).message}`);
  }
  let dataset: ScalarLabelDataset;
  try {
    dataset = decodeScalarLabelDataset(bytes);
  } catch (e) {
    throw new UserError(`dataset file ${file} is not a valid ScalarLabelDataset proto: ${(e as Error).message}`);
  }
  cache.delete(key);
  cache.set(key, { mtimeMs: stat.mtimeMs, size: stat.size, dataset });
  while (cache.size > DATASET_CACHE_CAPACITY) cache.delete(cache.keys().next().value!);
  return dataset;
}
