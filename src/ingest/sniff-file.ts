/**
 * Which format a file is, from a sample of its non-empty lines (gzip unpacked on the fly): first
 * its first lines, then — when those are damaged — lines from later in its head, its middle and
 * its tail, so that a file whose first lines are garbage is not rejected whole.
 */
import { readBytes, readContent } from './file-identity.js';
import { sniffFormat } from './formats/registry.js';

/** How much of a file's head is looked at. */
export const SNIFF_BYTES = 256 * 1024;
/** The middle and tail samples of a plain file: enough for SNIFF_LINES lines of any format. */
const SAMPLE_BYTES = 64 * 1024;
/** How much of a gzip is unpacked to sniff (it can only be read from the start). */
const GZIP_SNIFF_BYTES = 1024 * 1024;
/** Sniff tests see at most this much of each line: enough to recognise any format. */
const SNIFF_LINE_CHARS = 4096;
/** How many non-empty lines the formats' sniff tests see at once. */
export const SNIFF_LINES = 20;

export async function sniffFile(file: { path: string; size: number; gzip: boolean }): Promise<string | null> {
  return firstRecognised(file.gzip ? await gzipSamples(file.path) : await plainSamples(file.path, file.size));
}

/**
 * The format of content that starts with these bytes (standard input, a followed file): its first
 * lines, then the last lines of the window (at most SNIFF_BYTES are looked at).
 */
export function sniffBytes(head: Buffer): string | null {
  const window = head.subarray(0, SNIFF_BYTES);
  const lines = linesOf(window, false, head.length >= SNIFF_BYTES);
  return firstRecognised([lines, lines.slice(-SNIFF_LINES)]);
}

function firstRecognised(samples: readonly string[][]): string | null {
  for (const lines of samples) {
    const format = sniffFormat(lines.slice(0, SNIFF_LINES));
    if (format) return format.name;
  }
  return null;
}

/**
 * The samples to try, in order: the file's first lines (the usual answer), the last lines of its
 * head window, then the middle and the end of the file.
 */
async function plainSamples(path: string, size: number): Promise<string[][]> {
  const head = await readBytes(path, 0, Math.min(size, SNIFF_BYTES));
  const headLines = linesOf(head, false, head.length < size);
  const samples = [headLines, headLines.slice(-SNIFF_LINES)];
  if (size > SNIFF_BYTES) {
    const middle = Math.floor(size / 2 - SAMPLE_BYTES / 2);
    samples.push(linesOf(await readBytes(path, middle, SAMPLE_BYTES), true, true));
    const tail = Math.max(SNIFF_BYTES, size - SAMPLE_BYTES);
    samples.push(linesOf(await readBytes(path, tail, size - tail), true, false).slice(-SNIFF_LINES));
  }
  return samples;
}

/** A gzip is sampled within its first unpacked MiB: its first lines, the window's middle and its end. */
async function gzipSamples(path: string): Promise<string[][]> {
  // A damaged gzip gives what it decoded before the damage; the ingest reports the rest.
  const bytes = await readContent({ path, size: 0, gzip: true }, 0, GZIP_SNIFF_BYTES);
  const lines = linesOf(bytes, false, bytes.length >= GZIP_SNIFF_BYTES);
  const middle = Math.floor(lines.length / 2);
  return [lines, lines.slice(middle, middle + SNIFF_LINES), lines.slice(-SNIFF_LINES)];
}

/** Non-empty lines of a window, without the partial lines its cut edges may hold. */
function linesOf(bytes: Buffer, cutStart: boolean, cutEnd: boolean): string[] {
  const lines = bytes.toString('utf8').split('\n');
  if (cutStart) lines.shift();
  if (cutEnd && lines.length > 1) lines.pop();
  return lines
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim().length > 0)
    .map((l) => l.slice(0, SNIFF_LINE_CHARS));
}
