/**
 * The IDX format of MNIST and Fashion-MNIST (gzipped or not):
 *
 *   magic: 0x00 0x00 <type> <number of dimensions>
 *   dimensions: big-endian uint32 each
 *   data: big-endian values, last dimension fastest
 *
 * with type 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
 * 0x0D float32, 0x0E float64. An images file has ≥ 2 dimensions (count, then
 * the shape of one example, e.g. 28 × 28), a labels file exactly 1.
 */
import { basename } from 'node:path';
import { UserError } from '../util/errors';
import { ChunkReader, fileSize, openByteStream } from './byte-stream';
import type { ExampleSource, FeatureRow, SourceSummary } from './source';

export interface IdxType {
  readonly code: number;
  readonly name: string;
  readonly size: number;
  readonly integer: boolean;
  read(buf: Buffer, offset: number): number;
}

export const IDX_TYPES: ReadonlyMap<number, IdxType> = new Map<number, IdxType>([
  [0x08, { code: 0x08, name: 'unsigned byte', size: 1, integer: true, read: (b, o) => b[o]! }],
  [0x09, { code: 0x09, name: 'signed byte', size: 1, integer: true, read: (b, o) => b.readInt8(o) }],
  [0x0b, { code: 0x0b, name: 'int16', size: 2, integer: true, read: (b, o) => b.readInt16BE(o) }],
  [0x0c, { code: 0x0c, name: 'int32', size: 4, integer: true, read: (b, o) => b.readInt32BE(o) }],
  [0x0d, { code: 0x0d, name: 'float32', size: 4, integer: false, read: (b, o) => b.readFloatBE(o) }],
  [0x0e, { code: 0x0e, name: 'float64', size: 8, integer: false, read: (b, o) => b.readDoubleBE(o) }],
]);

export interface IdxHeader {
  readonly type: IdxType;
  readonly dims: readonly number[];
  /** dims[0]: the number of items. */
  readonly count: number;
  /** Values per item: the product of dims[1..]. */
  readonly itemSize: number;
}

async function readHeader(reader: ChunkReader, file: string): Promise<IdxHeader> {
  const magic = await reader.read(4, 'the IDX magic number');
  if (magic === null) throw new UserError(`${file}: empty file (expected an IDX file)`);
  const type = IDX_TYPES.get(magic[2]!);
  if (magic[0] !== 0 || magic[1] !== 0 || type === undefined || magic[3] === 0) {
    throw new UserError(`${file}: not an IDX file (bad magic number 0x${magic.toString('hex')}; expected 0x0000 then a type code `
      + `08/09/0b/0c/0d/0e and a dimension count, e.g. 0x00000803 for images, 0x00000801 for labels)`);
  }
  const ndims = magic[3]!;
  const dimBytes = await reader.readExact(4 * ndims, `the ${ndims} IDX dimension sizes`);
  const dims: number[] = [];
  for (let k = 0; k < ndims; k++) dims.push(dimBytes.readUInt32BE(4 * k));
  let itemSize = 1;
  for (let k = 1; k < ndims; k++) itemSize *= dims[k]!;
  return { type, dims, count: dims[0]!, itemSize };
}

/** Reads an IDX header alone (then closes the file). */
export async function readIdxHeader(file: string): Promise<IdxHeader> {
  const opened = openByteStream(file);
  const reader = new ChunkReader(opened, file);
  try {
    return await readHeader(reader, file);
  } finally {
    reader.close();
  }
}

async function expectEnd(reader: ChunkReader, file: string, header: IdxHeader): Promise<void> {
  if (!(await reader.atEnd())) {
    throw new UserError(`${file}: data continues after the ${header.count} items its header announces `
      + `(dimensions ${header.dims.join(' x ')}): header and contents do not match`);
  }
}

/** Reads a whole IDX labels file (one dimension, integer type) into an Int32Array. */
export async function readIdxLabels(file: string, onBytes?: (n: number) => void): Promise<Int32Array> {
  const opened = openByteStream(file, onBytes);
  const reader = new ChunkReader(opened, file);
  try {
    const header = await readHeader(reader, file);
    if (header.dims.length !== 1) {
      throw new UserError(`${file}: an IDX labels file has 1 dimension, this one has ${header.dims.length} (${header.dims.join(' x ')}); `
        + 'were the images and labels files swapped?');
    }
    if (!header.type.integer) throw new UserError(`${file}: labels must be of an integer type, not ${header.type.name}`);
    const labels = new Int32Array(header.count);
    const size = header.type.size;
    const BLOCK = 65536;
    for (let start = 0; start < header.count; start += BLOCK) {
      const n = Math.min(BLOCK, header.count - start);
      const buf = await reader.read(n * size, `labels ${start}..${start + n - 1} of ${header.count}`);
      if (buf === null) {
        throw new UserError(`${file}: truncated: the header announces ${header.count} labels but the data ends after ${start}`);
      }
      for (let k = 0; k < n; k++) labels[start + k] = header.type.read(buf, k * size);
    }
    await expectEnd(reader, file, header);
    return labels;
  } finally {
    reader.close();
  }
}

/** Streams the items of an IDX images file with their labels; checks counts and the end of the file. */
export async function forEachIdxImage(
  imagesFile: string, labels: Int32Array, labelsFile: string,
  visit: (label: number, features: FeatureRow, index: number) => void, onBytes?: (n: number) => void,
): Promise<SourceSummary> {
  const opened = openByteStream(imagesFile, onBytes);
  const reader = new ChunkReader(opened, imagesFile);
  try {
    const header = await readHeader(reader, imagesFile);
    if (header.dims.length < 2) {
      throw new UserError(`${imagesFile}: an IDX images file has at least 2 dimensions (count, then the image shape), this one has 1; `
        + 'were the images and labels files swapped?');
    }
    if (header.count !== labels.length) {
      throw new UserError(`${imagesFile} has ${header.count} images but ${labelsFile} has ${labels.length} labels: the files do not match`);
    }
    const { type, itemSize, count } = header;
    const recordBytes = itemSize * type.size;
    const row = type.code === 0x08 ? null : new Float64Array(itemSize);
    for (let i = 0; i < count; i++) {
      const buf = await reader.read(recordBytes, `image ${i}`);
      if (buf === null) {
        throw new UserError(`${imagesFile}: truncated: the header announces ${count} images but the data ends after ${i}`);
      }
      if (row === null) {
        visit(labels[i]!, buf, i);
      } else {
        for (let k = 0; k < itemSize; k++) row[k] = type.read(buf, k * type.size);
        visit(labels[i]!, row, i);
      }
    }
    await expectEnd(reader, imagesFile, header);
    return { count, dim: itemSize };
  } finally {
    reader.close();
  }
}

/** An IDX images file and its labels file as an example source. */
export function idxSource(imagesFile: string, labelsFile: string, defaultName = 'mnist'): ExampleSource {
  const totalBytes = fileSize(imagesFile) + fileSize(labelsFile);
  return {
    kind: 'idx',
    description: `IDX ${imagesFile} + ${basename(labelsFile)}`,
    defaultName,
    totalBytes,
    async forEach(visit, onBytes) {
      const labels = await readIdxLabels(labelsFile, onBytes);
      return forEachIdxImage(imagesFile, labels, labelsFile, visit, onBytes);
    },
  };
}

/** Encodes an IDX file (used by tests and for writing small fixtures). */
export function encodeIdx(dims: readonly number[], values: ArrayLike<number>, typeCode = 0x08): Buffer {
  const type = IDX_TYPES.get(typeCode);
  if (type === undefined) throw new Error(`unknown IDX type 0x${typeCode.toString(16)}`);
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeCode;
  header[3] = dims.length;
  dims.forEach((d, k) => header.writeUInt32BE(d, 4 + 4 * k));
  const data = Buffer.alloc(values.length * type.size);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    const o = k * type.size;
    switch (typeCode) {
      case 0x08: data[o] = v; break;
      case 0x09: data.writeInt8(v, o); break;
      case 0x0b: data.writeInt16BE(v, o); break;
      case 0x0c: data.writeInt32BE(v, o); break;
      case 0x0d: data.writeFloatBE(v, o); break;
      default: data.writeDoubleBE(v, o);
    }
  }
  return Buffer.concat([header, data]);
}
