/**
 * Which format a file is, from its first non-empty lines (gzip unpacked on the fly).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { readBytes } from './file-identity.js';
import { sniffFormat } from './formats/registry.js';

/** How much of a file's content is looked at. */
export const SNIFF_BYTES = 256 * 1024;
/** Sniff tests see at most this much of each line: enough to recognise any format. */
const SNIFF_LINE_CHARS = 4096;
/** How many non-empty lines the formats' sniff tests see. */
export const SNIFF_LINES = 20;

export async function sniffFile(file: { path: string; size: number; gzip: boolean }): Promise<string | null> {
  let bytes = await readBytes(file.path, 0, Math.min(file.size, SNIFF_BYTES));
  if (file.gzip) bytes = await gunzipHead(file.path);
  return sniffBytes(bytes);
}

/** The format of content that starts with these bytes (at most SNIFF_BYTES of them are looked at). */
export function sniffBytes(head: Buffer): string | null {
  const bytes = head.subarray(0, SNIFF_BYTES);
  const lines = bytes
    .toString('utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim().length > 0)
    .map((l) => l.slice(0, SNIFF_LINE_CHARS));
  // The last line may be cut by the read window.
  if (lines.length > 1 && bytes.length >= SNIFF_BYTES) lines.pop();
  return sniffFormat(lines.slice(0, SNIFF_LINES))?.name ?? null;
}

async function gunzipHead(path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const part of stream) {
      parts.push(part as Buffer);
      total += (part as Buffer).length;
      if (total >= SNIFF_BYTES) break;
    }
  } catch {
    // A corrupt gzip still yields what it decoded so far; the ingest itself will report the rest.
  }
  stream.destroy();
  return Buffer.concat(parts).subarray(0, SNIFF_BYTES);
}
