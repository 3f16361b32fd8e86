/**
 * A CSV of numeric features with a label column (optionally gzipped):
 * comma-separated, one example per line, an optional header line (detected:
 * a first line with a non-numeric field), fields optionally in double quotes.
 * The label column is chosen by `label=<name or 0-based index>`; by default
 * the header column named "label" (any case), else the last column. Labels
 * must be non-negative integers; all other columns are the features.
 */
import { StringDecoder } from 'node:string_decoder';
import { basename } from 'node:path';
import { UserError } from '../util/errors';
import { fileSize, openByteStream, streamError } from './byte-stream';
import type { ExampleSource } from './source';

/** Lines of a (possibly gzipped) text file, streamed; `\r\n` and `\n` endings. */
async function* lines(file: string, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const opened = openByteStream(file, onBytes);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let start = 0;
      for (let nl = pending.indexOf('\n', start); nl >= 0; nl = pending.indexOf('\n', start)) {
        yield pending.slice(start, nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
  } catch (err) {
    throw streamError(file, opened.gzipped, err);
  } finally {
    opened.close();
  }
  pending += decoder.end();
  if (pending.endsWith('\r')) pending = pending.slice(0, -1);
  if (pending.length > 0) yield pending;
}

function splitFields(line: string): string[] {
  return line.split(',').map((f) => {
    const t = f.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
  });
}

const isNumber = (s: string): boolean => s !== '' && Number.isFinite(Number(s));

export interface CsvOptions {
  /** A header name or a 0-based column index; default "label" if the header has it, else the last column. */
  readonly labelColumn?: string;
}

export function csvSource(file: string, options: CsvOptions = {}): ExampleSource {
  const totalBytes = fileSize(file);
  const name = basename(file).replace(/\.gz$/i, '').replace(/\.csv$/i, '').replace(/[^A-Za-z0-9_]+/g, '_') || 'csv';
  return {
    kind: 'csv',
    description: `CSV ${file}`,
    defaultName: name,
    totalBytes,
    async forEach(visit, onBytes) {
      let lineNo = 0;
      let columns = -1;
      let labelCol = -1;
      let row: Float64Array | null = null;
      let index = 0;
      for await (const line of lines(file, onBytes)) {
        lineNo++;
        if (line.trim() === '') continue;
        const fields = splitFields(line);
        if (columns < 0) {
          columns = fields.length;
          if (columns < 2) throw new UserError(`${file}:${lineNo}: a CSV source needs a label column and at least one feature column`);
          const header = !fields.every(isNumber);
          labelCol = resolveLabelColumn(file, lineNo, header ? fields : null, columns, options.labelColumn);
          row = new Float64Array(columns - 1);
          if (header) continue;
        }
        if (fields.length !== columns) {
          throw new UserError(`${file}:${lineNo}: ${fields.length} fields, but the first line has ${columns}`
            + `${fields.length < columns ? ' (truncated file?)' : ''}`);
        }
        let k = 0;
        let label = NaN;
        for (let c = 0; c < columns; c++) {
          const text = fields[c]!;
          const v = Number(text);
          if (text === '' || !Number.isFinite(v)) {
            throw new UserError(`${file}:${lineNo}: column ${c + 1}: '${text}' is not a number`);
          }
          if (c === labelCol) label = v;
          else row![k++] = v;
        }
        if (!Number.isInteger(label) || label < 0) {
          throw new UserError(`${file}:${lineNo}: column ${labelCol + 1}: label '${fields[labelCol]}' is not a non-negative integer`);
        }
        visit(label, row!, index++);
      }
      if (columns < 0) throw new UserError(`${file}: empty CSV file`);
      if (index === 0) throw new UserError(`${file}: no data rows after the header`);
      return { count: index, dim: columns - 1 };
    },
  };
}

function resolveLabelColumn(file: string, lineNo: number, header: string[] | null, columns: number, wanted: string | undefined): number {
  if (wanted === undefined) {
    const named = header ? header.findIndex((h) => h.toLowerCase() === 'label') : -1;
    return named >= 0 ? named : columns - 1;
  }
  if (/^\d+$/.test(wanted)) {
    const idx = Number(wanted);
    if (idx >= columns) throw new UserError(`${file}:${lineNo}: label column ${idx} (0-based) is out of range: the file has ${columns} columns`);
    return idx;
  }
  if (header === null) throw new UserError(`${file}: label=${wanted}: the file has no header line; give the label column as a 0-based index`);
  const idx = header.indexOf(wanted);
  if (idx < 0) throw new UserError(`${file}:${lineNo}: no column named '${wanted}' in the header (${header.join(', ')})`);
  return idx;
}
