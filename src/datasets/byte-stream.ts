/**
 * Streaming reads of (possibly gzipped) binary and text files: a file is read
 * chunk by chunk through node:zlib's createGunzip when it starts with the gzip
 * magic bytes, so a dataset is never loaded whole. Every failure (missing
 * file, corrupt or truncated gzip, premature end of data) is a UserError that
 * names the file.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../util/errors';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether a file starts with the gzip magic bytes. Throws a UserError if it cannot be read. */
export function isGzipFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file`);
    throw new UserError(`${file}: cannot open: ${(e as Error).message}`);
  }
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } catch (e) {
    throw new UserError(`${file}: cannot read: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** Size on disk of a regular file (UserError if it is missing or not a file). */
export function fileSize(file: string): number {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file`);
    throw new UserError(`${file}: cannot read: ${(e as Error).message}`);
  }
  if (!st.isFile()) throw new UserError(`${file}: not a regular file`);
  return st.size;
}

export interface OpenedStream {
  /** The decompressed bytes. */
  readonly stream: Readable;
  readonly gzipped: boolean;
  /** Closes the underlying file early (when the caller stops reading). */
  close(): void;
}

/**
 * Opens a file for streaming, decompressing it if it is gzipped. `onRawBytes`
 * is called with the number of bytes read from disk (compressed bytes for a
 * gzipped file), for progress displays.
 */
export function openByteStream(file: string, onRawBytes?: (n: number) => void): OpenedStream {
  fileSize(file);
  const gzipped = isGzipFile(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (onRawBytes) raw.on('data', (chunk) => onRawBytes(chunk.length));
  if (!gzipped) return { stream: raw, gzipped, close: () => raw.destroy() };
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  return {
    stream: gunzip,
    gzipped,
    close: () => {
      raw.unpipe(gunzip);
      raw.destroy();
      gunzip.destroy();
    },
  };
}

/** Turns a stream error into a UserError naming the file. */
export function streamError(file: string, gzipped: boolean, err: unknown): UserError {
  if (err instanceof UserError) return err;
  const e = err as NodeJS.ErrnoException;
  if (gzipped && (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message))) {
    return new UserError(`${file}: truncated gzip data (the file ends before the compressed stream does)`);
  }
  if (gzipped && typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return new UserError(`${file}: corrupt gzip data: ${e.message}`);
  }
  return new UserError(`${file}: read error: ${e.message}`);
}

/**
 * Reads exact numbers of bytes from a stream of chunks. `read(n)` returns a
 * buffer of exactly n bytes (valid until the next call), or null at a clean
 * end of data (no byte left); an end in the middle of the n bytes is a
 * UserError "truncated".
 */
export class ChunkReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;
  /** Decompressed bytes consumed so far. */
  position = 0;

  constructor(private readonly opened: OpenedStream, private readonly file: string) {
    this.iterator = (opened.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async nextChunk(): Promise<boolean> {
    let r: IteratorResult<Buffer>;
    try {
      r = await this.iterator.next();
    } catch (err) {
      throw streamError(this.file, this.opened.gzipped, err);
    }
    if (r.done) return false;
    this.chunk = r.value;
    this.offset = 0;
    return true;
  }

  /** Exactly n bytes, or null when the data ended exactly here. `what` names the record in errors. */
  async read(n: number, what: string): Promise<Buffer | null> {
    const available = this.chunk.length - this.offset;
    if (available >= n) {
      const out = this.chunk.subarray(this.offset, this.offset + n);
      this.offset += n;
      this.position += n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      if (this.offset >= this.chunk.length && !(await this.nextChunk())) {
        if (filled === 0) return null;
        throw new UserError(`${this.file}: truncated: ${what} needs ${n} bytes but the data ends after ${filled} (at byte ${this.position + filled})`);
      }
      const take = Math.min(n - filled, this.chunk.length - this.offset);
      this.chunk.copy(out, filled, this.offset, this.offset + take);
      filled += take;
      this.offset += take;
    }
    this.position += n;
    return out;
  }

  /** Like read, but the end of data is an error too. */
  async readExact(n: number, what: string): Promise<Buffer> {
    const out = await this.read(n, what);
    if (out === null) throw new UserError(`${this.file}: truncated: the data ends before ${what} (at byte ${this.position})`);
    return out;
  }

  /** Whether any byte is left. */
  async atEnd(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      if (!(await this.nextChunk())) return true;
    }
    return false;
  }

  close(): void {
    this.opened.close();
  }
}
