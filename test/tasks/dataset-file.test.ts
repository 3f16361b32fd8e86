import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clearDatasetCache, decodeScalarLabelDataset, encodeScalarLabelDataset, loadScalarLabelDataset,
} from '../../src/tasks/dataset-file';
import { UserError } from '../../src/util/errors';

const input = {
  trainFeatures: [[1, 2, 3], [0.1, -0.2, 0.3]],
  trainLabels: [1, 0],
  validFeatures: [[4, 5, 6]],
  validLabels: [1],
  testFeatures: [[7, 8, 9]],
  testLabels: [0],
};

const plain = (a: ArrayLike<number>): number[] => Array.from(a);

describe('ScalarLabelDataset encoding', () => {
  for (const packed of [false, true]) {
    it(`round-trips (${packed ? 'packed' : 'unpacked'}), storing float32`, () => {
      const ds = decodeScalarLabelDataset(encodeScalarLabelDataset(input, { packed }));
      expect(ds.trainFeatures.map(plain)).toEqual([[1, 2, 3], [Math.fround(0.1), Math.fround(-0.2), Math.fround(0.3)]]);
      expect(plain(ds.trainLabels)).toEqual([1, 0]);
      expect(ds.validFeatures.map(plain)).toEqual([[4, 5, 6]]);
      expect(plain(ds.validLabels)).toEqual([1]);
      expect(ds.testFeatures.map(plain)).toEqual([[7, 8, 9]]);
      expect(plain(ds.testLabels)).toEqual([0]);
    });
  }

  it('unpacked is the default, packed is smaller', () => {
    expect(encodeScalarLabelDataset(input)).toEqual(encodeScalarLabelDataset(input, { packed: false }));
    expect(encodeScalarLabelDataset(input, { packed: true }).length).toBeLessThan(encodeScalarLabelDataset(input).length);
  });

  it('accepts mixed packed/unpacked runs and skips unknown fields', () => {
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited).fork();
    w.tag(1, WireType.Bit32).float(1);
    w.tag(1, WireType.LengthDelimited).fork().float(2).float(3).join();
    w.tag(9, WireType.Varint).uint32(5); // unknown inside FeatureVector
    w.join();
    w.tag(2, WireType.LengthDelimited).fork().float(1).join();
    w.tag(2, WireType.Bit32).float(0);
    w.tag(15, WireType.LengthDelimited).string('ignored');
    const ds = decodeScalarLabelDataset(w.finish());
    expect(ds.trainFeatures.map(plain)).toEqual([[1, 2, 3]]);
    expect(plain(ds.trainLabels)).toEqual([1, 0]);
    expect(ds.validFeatures).toEqual([]);
  });

  it('rejects malformed input', () => {
    const bytes = encodeScalarLabelDataset(input);
    expect(() => decodeScalarLabelDataset(bytes.subarray(0, 7))).toThrow();
    expect(() => decodeScalarLabelDataset(new Uint8Array([0x0d, 0, 0, 0, 0]))).toThrow(/wire type/); // field 1 as fixed32
    expect(() => decodeScalarLabelDataset(new Uint8Array([0x12, 3, 0, 0, 0]))).toThrow(); // packed length not a multiple of 4
  });
});

describe('loadScalarLabelDataset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-zero-dsfile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('caches per file and reloads when the file changes', () => {
    clearDatasetCache();
    const file = join(dir, 'a');
    writeFileSync(file, encodeScalarLabelDataset(input));
    const first = loadScalarLabelDataset(file);
    expect(loadScalarLabelDataset(file)).toBe(first);
    writeFileSync(file, encodeScalarLabelDataset({ ...input, trainLabels: [1, 1, 1] }));
    const second = loadScalarLabelDataset(file);
    expect(second).not.toBe(first);
    expect(plain(second.trainLabels)).toEqual([1, 1, 1]);
  });

  it('names the file in errors', () => {
    const missing = join(dir, 'missing');
    expect(() => loadScalarLabelDataset(missing)).toThrow(UserError);
    expect(() => loadScalarLabelDataset(missing)).toThrow(`dataset file ${missing} does not exist`);
    const broken = join(dir, 'broken');
    writeFileSync(broken, encodeScalarLabelDataset(input));
    truncateSync(broken, 7);
    expect(() => loadScalarLabelDataset(broken)).toThrow(UserError);
    expect(() => loadScalarLabelDataset(broken)).toThrow(new RegExp(`dataset file ${broken} is not a valid ScalarLabelDataset`));
    expect(() => loadScalarLabelDataset(dir)).toThrow(/is not a regular file/);
  });
});
