/**
 * Bytes to lines, streaming: gzip is unpacked on the fly, CR/LF endings are folded, over-long
 * lines are capped and binary garbage is flagged here, once, so no parser has to defend itself
 * against either.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ProblemCode } from '../core/problem.js';

/** Lines longer than this are quarantined as `too_long` (capped to this many characters). */
export const MAX_LINE_CHARS = 65_536;

export interface LineChunk {
  lines: string[];
  /** 1-based number of `lines[0]`. */
  firstLine: number;
  /** Bytes of the (decompressed) input consumed so far, for progress. */
  bytesRead: number;
  /** Lines that must not reach a parser, by index into `lines`. */
  flagged: Map<number, ProblemCode> | null;
}

export interface ReadLinesOptions {
  /** Byte offset to start at (the already-ingested part of a grown file). */
  start?: number;
  /** Line number of the first line read. */
  firstLine?: number;
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Open a file as a byte stream of its content from a content offset (gzip is unpacked and the
 * first `start` unpacked bytes skipped: a gzip file's offsets are offsets into its content);
 * `rawBytes` counts file bytes read. A gzip that breaks off (truncated, corrupt) ends the stream
 * where it broke instead of failing it, so the lines decoded before are kept; `damage` then says
 * where and why.
 */
export function openLogStream(
  path: string,
  gzip: boolean,
  start = 0,
  endOffset?: number,
): { stream: Readable; rawBytes: () => number; damage: () => string | null } {
  // Read only up to the size the file had when it was identified, so its stored hashes describe
  // exactly the bytes ingested even while a sensor keeps appending.
  const range = endOffset !== undefined && !gzip ? { end: Math.max(start, endOffset) - 1 } : {};
  const raw = createReadStream(path, { start: gzip ? 0 : start, highWaterMark: 1 << 20, ...range });
  let bytes = 0;
  raw.on('data', (data) => {
    bytes += data.length;
  });
  if (!gzip) return { stream: raw, rawBytes: () => bytes, damage: () => null };
  let damage: string | null = null;
  let decoded = 0;
  const gunzip = createGunzip();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  gunzip.on('data', (data: Buffer) => {
    if (out.destroyed) {
      // The reader stopped early (a failed parse): stop unpacking too.
      gunzip.destroy();
      raw.destroy();
      return;
    }
    decoded += data.length;
    if (!out.write(data)) gunzip.pause();
  });
  out.on('drain', () => gunzip.resume());
  gunzip.on('end', () => out.end());
  gunzip.on('error', (error) => {
    damage = `gzip data broken after ${decoded} unpacked bytes (near compressed byte ${gunzip.bytesWritten}): ${error.message}; the lines before it are kept`;
    raw.destroy();
    out.end();
  });
  raw.on('error', (error) => out.destroy(error));
  raw.pipe(gunzip);
  return {
    stream: start > 0 ? Readable.from(skipBytes(out, start)) : out,
    rawBytes: () => bytes,
    damage: () => damage,
  };
}

/** The stream's bytes after its first `count`. */
async function* skipBytes(stream: AsyncIterable<Buffer>, count: number): AsyncGenerator<Buffer> {
  let left = count;
  for await (const chunk of stream) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/** Split a byte stream into chunks of lines. The last line need not end with a newline. */
export async function* readLines(
  stream: AsyncIterable<Buffer | string>,
  options: ReadLinesOptions = {},
): AsyncGenerator<LineChunk> {
  let lineNo = options.firstLine ?? 1;
  let bytesRead = options.start ?? 0;
  let carry = '';
  // After an over-long line has been cut and reported, drop the rest of it up to its newline.
  let skipping = false;
  let lines: string[] = [];
  let firstLine = lineNo;
  let flagged: Map<number, ProblemCode> | null = null;
  // A multi-byte character split across two chunks must not become two replacement characters.
  const decoder = new StringDecoder('utf8');
  const push = (line: string, hasNul: boolean): void => {
    if (lines.length === 0) firstLine = lineNo;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length > MAX_LINE_CHARS) {
      (flagged ??= new Map()).set(lines.length, 'too_long');
      line = line.slice(0, MAX_LINE_CHARS);
    } else if (hasNul && line.indexOf('\0') >= 0) {
      (flagged ??= new Map()).set(lines.length, 'binary');
    }
    lines.push(line);
    lineNo++;
  };
  // Whether the carried start of a line (from earlier chunks) holds a NUL.
  let carryNul = false;
  for await (const data of stream) {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    bytesRead += buf.length;
    const hasNul = buf.indexOf(0) >= 0;
    const text = decoder.write(buf);
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      if (skipping) skipping = false;
      else push(carry.length > 0 ? carry + text.slice(pos, nl) : text.slice(pos, nl), hasNul || carryNul);
      carry = '';
      carryNul = false;
      pos = nl + 1;
    }
    if (!skipping) {
      carry += text.slice(pos);
      carryNul ||= hasNul;
    }
    if (carry.length > MAX_LINE_CHARS) {
      push(carry, carryNul);
      carry = '';
      carryNul = false;
      skipping = true;
    }
    if (lines.length > 0) {
      yield { lines, firstLine, bytesRead, flagged };
      lines = [];
      flagged = null;
    }
  }
  carry += decoder.end();
  if (carry.length > 0 && !skipping) push(carry, carry.indexOf('\0') >= 0);
  if (lines.length > 0) yield { lines, firstLine, bytesRead, flagged };
}

/** Whole lines as bytes, for parsers that read bytes (`LineFeeder` cuts them, `FileParser.pushBytes` reads them). */
export interface LineBytesChunk {
  /** Complete lines, each ending in `\n` except perhaps the file's last one. */
  bytes: Buffer;
  /**
   * 1-based number of the first line in `bytes`; given on the first chunk only, as later ones
   * continue where the one before ended (the reader does not count lines: the parser does).
   */
  firstLine?: number;
  bytesRead: number;
  /** File offset of `bytes[0]`, when the reader knows it (a follower's resume point needs it). */
  offset?: number;
  /** `bytes` is the capped head of one over-long line (its rest is dropped). */
  overlong: boolean;
}
