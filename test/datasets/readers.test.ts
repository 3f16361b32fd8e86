/** The streaming readers (IDX, CIFAR-10 binary, CSV) on small files written here, and their errors. */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CIFAR_RECORD_BYTES, cifarSource, findCifarBatches } from '../../src/datasets/cifar';
import { csvSource } from '../../src/datasets/csv';
import { encodeIdx, idxSource, readIdxHeader, readIdxLabels } from '../../src/datasets/idx';
import { parseSourceSpec } from '../../src/datasets/source-spec';
import { UserError } from '../../src/util/errors';
import { readAll, syntheticImages, tempDir, writeIdxPair } from './helpers';

const tmp = tempDir('readers');
afterAll(() => tmp.cleanup());
let n = 0;
const sub = (): string => {
  const d = join(tmp.dir, `case${n++}`);
  mkdirSync(d);
  return d;
};

describe('IDX', () => {
  const data = syntheticImages([0, 1, 2], 5, 4, 3);

  it.each([false, true])('reads images and labels (gzipped: %s) in file order', async (gz) => {
    const { images, labels } = writeIdxPair(sub(), data, gz);
    const got = await readAll(idxSource(images, labels));
    expect(got.summary).toEqual({ count: 15, dim: 12 });
    expect(got.labels).toEqual(data.labels);
    expect(got.rows.flat()).toEqual(Array.from(data.pixels));
    expect(got.rows[0]).toHaveLength(12);
  });

  it('reads headers, and non-byte types as numbers', async () => {
    const d = sub();
    const values = [1.5, -2.25, 3, 0.125, 7, -8];
    writeFileSync(join(d, 'img'), encodeIdx([3, 2], values, 0x0d));
    writeFileSync(join(d, 'lab'), encodeIdx([3], [4, 0, 9], 0x0c));
    expect(await readIdxHeader(join(d, 'img'))).toMatchObject({ dims: [3, 2], count: 3, itemSize: 2 });
    expect(Array.from(await readIdxLabels(join(d, 'lab')))).toEqual([4, 0, 9]);
    const got = await readAll(idxSource(join(d, 'img'), join(d, 'lab')));
    expect(got.rows).toEqual([[1.5, -2.25], [3, 0.125], [7, -8]]);
  });

  it('rejects a bad magic number', async () => {
    const d = sub();
    const { images, labels } = writeIdxPair(d, data, false);
    const bytes = readFileSync(images);
    bytes[2] = 0x42;
    writeFileSync(images, bytes);
    await expect(readAll(idxSource(images, labels))).rejects.toThrow(/not an IDX file \(bad magic number 0x00004203/);
    writeFileSync(labels, 'hello, world');
    await expect(readIdxLabels(labels)).rejects.toThrow(UserError);
  });

  it('rejects image and label counts that differ', async () => {
    const d = sub();
    const { images } = writeIdxPair(d, data, true);
    writeFileSync(join(d, 'short-labels'), encodeIdx([14], data.labels.slice(0, 14)));
    await expect(readAll(idxSource(images, join(d, 'short-labels')))).rejects.toThrow(/has 15 images but .*short-labels has 14 labels/);
  });

  it.each([false, true])('rejects a truncated images file (gzipped: %s)', async (gz) => {
    const d = sub();
    const { images, labels } = writeIdxPair(d, data, gz);
    if (gz) {
      const raw = encodeIdx([15, 4, 3], data.pixels);
      writeFileSync(images, gzipSync(raw.subarray(0, raw.length - 5))); // complete gzip, short contents
      await expect(readAll(idxSource(images, labels))).rejects.toThrow(/truncated: the header announces 15 images but the data ends after 14|image 14 needs 12 bytes/);
      const whole = gzipSync(raw);
      writeFileSync(images, whole.subarray(0, Math.floor(whole.length / 2))); // cut gzip stream
      await expect(readAll(idxSource(images, labels))).rejects.toThrow(/truncated/);
    } else {
      truncateSync(images, 16 + 12 * 10 + 5);
      await expect(readAll(idxSource(images, labels))).rejects.toThrow(/truncated: image 10 needs 12 bytes but the data ends after 5/);
    }
  });

  it('rejects a truncated labels file and trailing data', async () => {
    const d = sub();
    const { images, labels } = writeIdxPair(d, data, false);
    truncateSync(labels, 8 + 10);
    await expect(readAll(idxSource(images, labels))).rejects.toThrow(/truncated/);
    writeFileSync(labels, Buffer.concat([encodeIdx([15], data.labels), Buffer.from([1, 2])]));
    await expect(readAll(idxSource(images, labels))).rejects.toThrow(/data continues after the 15 items/);
  });

  it('notices swapped images and labels files', async () => {
    const { images, labels } = writeIdxPair(sub(), data, false);
    await expect(readAll(idxSource(labels, images))).rejects.toThrow(/swapped/);
  });

  it('names a missing file', async () => {
    expect(() => idxSource(join(tmp.dir, 'nope-images'), join(tmp.dir, 'nope-labels'))).toThrow(/nope-images: no such file/);
  });
});

describe('CIFAR-10 binary batches', () => {
  const record = (label: number, fill: number) => {
    const r = Buffer.alloc(CIFAR_RECORD_BYTES, fill);
    r[0] = label;
    return r;
  };

  it('reads data_batch_1..N in numeric order (plain and gzipped), finds the subfolder', async () => {
    const d = sub();
    const bin = join(d, 'cifar-10-batches-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'data_batch_2.bin'), gzipSync(Buffer.concat([record(5, 20), record(6, 21)])));
    writeFileSync(join(bin, 'data_batch_1.bin'), Buffer.concat([record(3, 10), record(9, 11), record(0, 12)]));
    writeFileSync(join(bin, 'data_batch_10.bin'), record(1, 30));
    writeFileSync(join(bin, 'test_batch.bin'), record(2, 99));
    expect(findCifarBatches(d).map((f) => f.slice(bin.length + 1))).toEqual(['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_10.bin']);
    const got = await readAll(parseSourceSpec(d));
    expect(got.summary).toEqual({ count: 6, dim: 3072 });
    expect(got.labels).toEqual([3, 9, 0, 5, 6, 1]);
    expect(got.rows.map((r) => r[0])).toEqual([10, 11, 12, 20, 21, 30]);
    expect(got.rows.every((r) => r.length === 3072 && r.every((v) => v === r[0]))).toBe(true);
  });

  it('rejects a truncated batch and labels outside 0-9', async () => {
    const d = sub();
    writeFileSync(join(d, 'data_batch_1.bin'), Buffer.concat([record(3, 1), record(4, 2)]).subarray(0, CIFAR_RECORD_BYTES + 100));
    await expect(readAll(cifarSource([join(d, 'data_batch_1.bin')]))).rejects.toThrow(/data_batch_1.bin: truncated: record 1/);
    writeFileSync(join(d, 'data_batch_1.bin'), Buffer.concat([record(3, 1), record(57, 2)]));
    await expect(readAll(cifarSource([join(d, 'data_batch_1.bin')]))).rejects.toThrow(/label byte 57, outside 0-9/);
  });
});

describe('CSV', () => {
  it('header with a label column (default "label"), CRLF, quotes, gzipped', async () => {
    const d = sub();
    const text = 'f1,label,"f2"\r\n0.5,1,2\r\n-1e-3,0,"3.25"\r\n\r\n';
    writeFileSync(join(d, 'a.csv'), text);
    writeFileSync(join(d, 'a.csv.gz'), gzipSync(text));
    for (const f of ['a.csv', 'a.csv.gz']) {
      const got = await readAll(parseSourceSpec(join(d, f)));
      expect(got.labels).toEqual([1, 0]);
      expect(got.rows).toEqual([[0.5, 2], [-0.001, 3.25]]);
      expect(got.summary).toEqual({ count: 2, dim: 2 });
    }
    expect(parseSourceSpec(join(d, 'a.csv')).defaultName).toBe('a');
  });

  it('headerless: last column by default, label=<index> or label=<name>', async () => {
    const d = sub();
    writeFileSync(join(d, 'b.csv'), '3,1,2\n4,5,0\n');
    expect((await readAll(csvSource(join(d, 'b.csv')))).labels).toEqual([2, 0]);
    const first = await readAll(parseSourceSpec(`csv:${join(d, 'b.csv')},label=0`));
    expect(first.labels).toEqual([3, 4]);
    expect(first.rows).toEqual([[1, 2], [5, 0]]);
    writeFileSync(join(d, 'c.csv'), 'x,y,cls\n1,2,7\n');
    expect((await readAll(parseSourceSpec(`csv:${join(d, 'c.csv')},label=cls`))).labels).toEqual([7]);
    await expect(readAll(parseSourceSpec(`csv:${join(d, 'b.csv')},label=cls`))).rejects.toThrow(/no header line/);
  });

  it('rejects short rows, non-numbers and bad labels with file:line', async () => {
    const d = sub();
    const f = join(d, 'bad.csv');
    writeFileSync(f, 'a,b,label\n1,2,0\n1,2');
    await expect(readAll(csvSource(f))).rejects.toThrow(/bad.csv:3: 2 fields, but the first line has 3 \(truncated file\?\)/);
    writeFileSync(f, '1,2,0\n1,x,1\n');
    await expect(readAll(csvSource(f))).rejects.toThrow(/bad.csv:2: column 2: 'x' is not a number/);
    writeFileSync(f, '1,2,0\n1,2,1.5\n');
    await expect(readAll(csvSource(f))).rejects.toThrow(/bad.csv:2: column 3: label '1.5' is not a non-negative integer/);
    writeFileSync(f, '');
    await expect(readAll(csvSource(f))).rejects.toThrow(/empty CSV/);
  });

  it('rejects a truncated gzip', async () => {
    const d = sub();
    const lines = Array.from({ length: 2000 }, (_, k) => `${k},${k * 2},${k % 3}`).join('\n');
    const gz = gzipSync(lines);
    writeFileSync(join(d, 't.csv.gz'), gz.subarray(0, gz.length - 20));
    await expect(readAll(csvSource(join(d, 't.csv.gz')))).rejects.toThrow(/t.csv.gz: truncated gzip data/);
  });
});

describe('--source values', () => {
  it('recognises IDX folders (gz or raw) and names Fashion-MNIST', async () => {
    const d = join(tmp.dir, 'fashion-mnist');
    mkdirSync(d);
    writeIdxPair(d, syntheticImages([0, 1], 2), true);
    writeIdxPair(d, syntheticImages([0, 1], 1), true, 't10k');
    const s = parseSourceSpec(d);
    expect(s.kind).toBe('idx');
    expect(s.defaultName).toBe('fashion_mnist');
    expect((await readAll(s)).summary.count).toBe(4); // the training files, not t10k
    const files = writeIdxPair(sub(), syntheticImages([0, 1], 1), false);
    const s2 = parseSourceSpec(`idx:${files.images},${files.labels}`);
    expect(s2.defaultName).toBe('mnist');
    expect((await readAll(s2)).labels).toEqual([0, 1]);
  });

  it.each([
    ['idx:', /nothing after 'idx:'/],
    ['/no/such/thing', /no such file or folder/],
    ['idx:/a,/b,/c', /expected idx:<images file>,<labels file>/],
    ['csv:/x.csv,foo=1', /unknown CSV option 'foo=1'/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseSourceSpec(spec)).toThrow(UserError);
    expect(() => parseSourceSpec(spec)).toThrow(message);
  });

  it('rejects a folder with no known files', () => {
    expect(() => parseSourceSpec(sub())).toThrow(/neither IDX training files .* nor CIFAR-10 batches/);
  });
});
