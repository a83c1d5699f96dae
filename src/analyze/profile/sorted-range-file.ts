/**
 * Binary search straight on a sorted CSV range file (`start,end,…` with decimal integers, one
 * range per line, ascending, as the ip-location-db packages ship them): about 25 small reads per
 * lookup, no index to build, nothing to cache. Parsing the 400,000-line IPv4 ASN file into memory
 * takes the better part of a second; this answers in well under a millisecond.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface RangeRow {
  start: bigint;
  end: bigint;
  /** The CSV fields after start and end, unquoted. */
  fields: string[];
}

/** Bytes read per probe; a longer line is read in more steps. */
const PROBE_BYTES = 512;

export class SortedRangeFile {
  private readonly size: number;
  private readonly buffer = Buffer.alloc(PROBE_BYTES);

  private constructor(
    readonly path: string,
    private fd: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  /** Open a range file; `null` when it cannot be read. */
  static open(path: string): SortedRangeFile | null {
    try {
      return new SortedRangeFile(path, openSync(path, 'r'));
    } catch {
      return null;
    }
  }

  /** The range holding `value`, or `null` (no range, or an unreadable line where the search lands). */
  find(value: bigint): RangeRow | null {
    const first = this.lineAt(0);
    const firstRow = first && parseRangeLine(first.text);
    if (!firstRow || firstRow.start > value) return null;
    // Invariant: the line starting at or after `lo` begins at most at `value`; at or after `hi`, beyond it.
    let lo = 0;
    let hi = this.size;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const line = this.lineAt(mid);
      const row = line && parseRangeLine(line.text);
      if (row && row.start <= value) lo = mid;
      else hi = mid;
    }
    const line = this.lineAt(lo);
    const row = line && parseRangeLine(line.text);
    return row && row.end >= value ? row : null;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** The first whole line that starts at or after `offset` (offset 0 is the first line). */
  private lineAt(offset: number): { start: number; text: string } | null {
    // Usually one read holds both the newline before the line and the line itself.
    const from = offset > 0 ? offset - 1 : 0;
    const n = readSync(this.fd, this.buffer, 0, PROBE_BYTES, from);
    const window = this.buffer.subarray(0, n);
    const nl = offset > 0 ? window.indexOf(10) : -1;
    if (offset > 0 && nl < 0) return this.slowLineAt(offset);
    const start = from + nl + 1;
    if (start >= this.size) return null;
    const end = window.indexOf(10, nl + 1);
    if (end < 0) return this.slowLineAt(offset);
    return { start, text: window.toString('utf8', nl + 1, end) };
  }

  /** lineAt for lines longer than one read. */
  private slowLineAt(offset: number): { start: number; text: string } | null {
    let start = offset;
    if (offset > 0) {
      const nl = this.indexOfNewline(offset - 1);
      if (nl < 0) return null;
      start = nl + 1;
    }
    if (start >= this.size) return null;
    const end = this.indexOfNewline(start);
    const stop = end < 0 ? this.size : end;
    const bytes = Buffer.alloc(stop - start);
    readSync(this.fd, bytes, 0, bytes.length, start);
    return { start, text: bytes.toString('utf8') };
  }

  private indexOfNewline(from: number): number {
    for (let pos = from; pos < this.size; pos += PROBE_BYTES) {
      const n = readSync(this.fd, this.buffer, 0, PROBE_BYTES, pos);
      const i = this.buffer.subarray(0, n).indexOf(10);
      if (i >= 0) return pos + i;
      if (n === 0) break;
    }
    return -1;
  }
}

/** `start,end,field,"quoted, field"` → row; `null` for a line that is not one. */
export function parseRangeLine(text: string): RangeRow | null {
  const fields = splitCsvLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  if (fields.length < 2 || !/^\d+$/.test(fields[0]!) || !/^\d+$/.test(fields[1]!)) return null;
  return { start: BigInt(fields[0]!), end: BigInt(fields[1]!), fields: fields.slice(2) };
}

/** RFC 4180 fields: quotes around a field, `""` for a quote inside one. */
export function splitCsvLine(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          value += text.slice(j);
          j = text.length;
          break;
        }
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      const comma = text.indexOf(',', j);
      i = comma < 0 ? text.length + 1 : comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      out.push(text.slice(i, comma < 0 ? text.length : comma));
      i = comma < 0 ? text.length + 1 : comma + 1;
    }
  }
  return out;
}
