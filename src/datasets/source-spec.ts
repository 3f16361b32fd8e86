/**
 * `--source` values of `datasets build`:
 *
 *   idx:<images>,<labels>      an IDX images file and its labels file
 *   idx:<dir>                  a folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]
 *   cifar10:<dir>              a folder with data_batch_*.bin (or its cifar-10-batches-bin subfolder)
 *   cifar10:<file>,<file>...   CIFAR-10 batch files
 *   csv:<file>[,label=<col>]   a CSV of numeric features with a label column
 *   <dir> | <file>.csv[.gz]    the same, recognised from the folder's contents or the extension
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors';
import { cifarSource, findCifarBatches } from './cifar';
import { csvSource } from './csv';
import { idxSource } from './idx';
import type { ExampleSource } from './source';

const IDX_IMAGES_RE = /^train-images[-.]idx3-ubyte(\.gz)?$/;
const IDX_LABELS_RE = /^train-labels[-.]idx1-ubyte(\.gz)?$/;

export const SOURCE_FORMS = 'idx:<images>,<labels> | idx:<dir> | cifar10:<dir> | csv:<file>[,label=<col>] | <dir>';

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** The training images and labels files of an IDX folder, or null if it has none. */
export function findIdxTrainFiles(dir: string): { images: string; labels: string } | null {
  const files = readdirSync(dir);
  const pick = (re: RegExp): string | undefined => files.filter((f) => re.test(f)).sort((a, b) => a.length - b.length)[0];
  const images = pick(IDX_IMAGES_RE);
  const labels = pick(IDX_LABELS_RE);
  if (images === undefined || labels === undefined) return null;
  return { images: join(dir, images), labels: join(dir, labels) };
}

function idxNameFor(path: string): string {
  return /fashion/i.test(path) ? 'fashion_mnist' : 'mnist';
}

function idxFromDir(dir: string): ExampleSource {
  const found = findIdxTrainFiles(dir);
  if (found === null) {
    throw new UserError(`--source ${dir}: no train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] in this folder`);
  }
  return idxSource(found.images, found.labels, idxNameFor(dir));
}

function cifarFromDir(dir: string): ExampleSource {
  const batches = findCifarBatches(dir);
  if (batches.length === 0) throw new UserError(`--source ${dir}: no CIFAR-10 data_batch_*.bin files in this folder`);
  return cifarSource(batches);
}

/** Parses a `--source` value into an example source (UserError if it names nothing usable). */
export function parseSourceSpec(spec: string): ExampleSource {
  const m = /^(idx|cifar10|cifar|csv):(.*)$/i.exec(spec.trim());
  if (m) {
    const kind = m[1]!.toLowerCase();
    const rest = m[2]!;
    if (rest === '') throw new UserError(`--source ${spec}: nothing after '${kind}:' (expected ${SOURCE_FORMS})`);
    if (kind === 'idx') {
      const parts = rest.split(',');
      if (parts.length === 1) {
        if (!isDir(rest)) throw new UserError(`--source ${spec}: '${rest}' is not a folder; give idx:<images>,<labels> for files`);
        return idxFromDir(rest);
      }
      if (parts.length !== 2 || parts.some((p) => p === '')) {
        throw new UserError(`--source ${spec}: expected idx:<images file>,<labels file>`);
      }
      return idxSource(parts[0]!, parts[1]!, idxNameFor(parts[0]!));
    }
    if (kind === 'csv') {
      const parts = rest.split(',');
      const file = parts[0]!;
      let labelColumn: string | undefined;
      for (const opt of parts.slice(1)) {
        const kv = /^label=(.+)$/.exec(opt.trim());
        if (!kv) throw new UserError(`--source ${spec}: unknown CSV option '${opt}' (expected label=<column name or 0-based index>)`);
        labelColumn = kv[1]!;
      }
      return csvSource(file, { labelColumn });
    }
    const parts = rest.split(',');
    if (parts.length === 1 && isDir(rest)) return cifarFromDir(rest);
    return cifarSource(parts);
  }
  const path = spec.trim();
  if (!existsSync(path)) throw new UserError(`--source ${spec}: no such file or folder (expected ${SOURCE_FORMS})`);
  if (isDir(path)) {
    if (findIdxTrainFiles(path) !== null) return idxFromDir(path);
    if (findCifarBatches(path).length > 0) return cifarFromDir(path);
    throw new UserError(`--source ${spec}: the folder has neither IDX training files (train-images-idx3-ubyte[.gz], `
      + 'train-labels-idx1-ubyte[.gz]) nor CIFAR-10 batches (data_batch_*.bin)');
  }
  if (/\.csv(\.gz)?$/i.test(path)) return csvSource(path);
  throw new UserError(`--source ${spec}: cannot tell the format of this file; prefix it with idx:, cifar10: or csv: (${SOURCE_FORMS})`);
}
