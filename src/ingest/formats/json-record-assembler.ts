/**
 * Groups lines into one JSON object text per record, for NDJSON (one object a line) and for JSON
 * arrays of objects, compact or pretty-printed over many lines (the published Suricata samples).
 * Braces are counted outside strings; the array's `[`, `]` and separating commas are skipped.
 */
import type { RawRecord, RecordAssembler } from '../format.js';

/**
 * An open record is held up to this many characters. Past it, the record goes on in pieces of
 * about this size, each handed on `oversized` (quarantined with its first line, never parsed), until
 * it closes or a new record starts: an unterminated array must not be held whole (a 108 MB one once
 * took 1.19 GB).
 */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * A record assembler for JSON object streams. Log data is hostile, so it resynchronises instead
 * of trusting brace counts: a line that opens a new object at (or left of) the column where the
 * open record began means that record was cut short, and it is handed on as it is (the parser
 * then reports it). Text outside any object that is not array punctuation is handed on the same
 * way, one record per line.
 */
export function createJsonRecordAssembler(): RecordAssembler {
  /** Lines (or the tail of one) of the open record; empty when no record is open. */
  let parts: string[] = [];
  let size = 0;
  let depth = 0;
  let startLine = 0;
  /** Column of the `{` that opened the record. */
  let openColumn = 0;
  /** The open record has passed MAX_RECORD_CHARS: what is held is only its latest piece. */
  let oversized = false;

  const take = (): RawRecord => {
    const record: RawRecord = { text: parts.join('\n'), line: startLine };
    if (oversized) record.oversized = true;
    parts = [];
    size = 0;
    depth = 0;
    oversized = false;
    return record;
  };
  /** The open record cut short, as it stands (nothing when an over-long one's last piece just went). */
  const takeOpen = (): RawRecord[] => {
    const empty = parts.length === 0;
    const record = take();
    return empty ? [] : [record];
  };
  /** Hand on what is held of an over-long record; the record stays open, its next piece starts at `nextLine`. */
  const cutPiece = (nextLine: number): RawRecord => {
    const record: RawRecord = { text: parts.join('\n'), line: startLine, oversized: true };
    parts = [];
    size = 0;
    startLine = nextLine;
    oversized = true;
    return record;
  };

  return {
    push(line, lineNumber) {
      let out: RawRecord[] | null = null;
      const n = line.length;
      let first = 0;
      while (first < n && isBlank(line.charCodeAt(first))) first++;
      if (depth > 0 && first <= openColumn && line.charCodeAt(first) === 123 /* { */) {
        out = takeOpen();
      } else if (depth === 0 && isWholeObjectLine(line, first)) {
        // NDJSON, the common case: one object a line, handed on without counting braces.
        return [{ text: first === 0 ? line : line.slice(first), line: lineNumber }];
      }
      // Start of the open record's text within this line (0 when it began on an earlier line).
      let from = depth > 0 ? 0 : -1;
      for (let i = first; i < n; i++) {
        const c = line.charCodeAt(i);
        if (depth === 0) {
          if (c === 123) {
            depth = 1;
            from = i;
            startLine = lineNumber;
            openColumn = i;
          } else if (!isBlank(c) && c !== 91 && c !== 93 && c !== 44 /* [ ] , */) {
            (out ??= []).push({ text: line.slice(i), line: lineNumber });
            return out;
          }
        } else if (c === 34 /* " */) {
          // Jump to the closing quote with the native search; strings (payloads, URLs) are most of the bytes.
          i = closingQuote(line, i + 1);
        } else if (c === 123) {
          depth++;
        } else if (c === 125 /* } */) {
          if (--depth === 0) {
            const tail = line.slice(from, i + 1);
            const record =
              parts.length === 0 && !oversized ? { text: tail, line: startLine } : (parts.push(tail), take());
            (out ??= []).push(record);
            from = -1;
          }
        }
      }
      if (depth > 0) {
        const piece = from === 0 ? line : line.slice(from);
        parts.push(piece);
        size += piece.length + 1;
        if (size > MAX_RECORD_CHARS) (out ??= []).push(cutPiece(lineNumber + 1));
      }
      return out ?? [];
    },
    finish() {
      return depth > 0 ? takeOpen() : [];
    },
    idle: () => depth === 0,
    openLine: () => (depth === 0 ? 0 : startLine),
  };
}

/**
 * A line that opens with `{`, closes with `}` and has no `}{` / `},{` / `}, {` / `} {` joint is
 * one object or one broken object, never two: JSON.parse tells which. Lines holding several
 * objects (a compact array split oddly) have such a joint and take the counting path.
 */
function isWholeObjectLine(line: string, first: number): boolean {
  if (line.charCodeAt(first) !== 123 || line.charCodeAt(line.length - 1) !== 125) return false;
  return line.indexOf('}{') < 0 && line.indexOf('},{') < 0 && line.indexOf('}, {') < 0 && line.indexOf('} {') < 0;
}

/** Index of the quote closing a string that starts at `from`, or the last index when it does not close on this line. */
function closingQuote(line: string, from: number): number {
  for (;;) {
    const q = line.indexOf('"', from);
    if (q < 0) return line.length - 1;
    let backslashes = 0;
    while (line.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if ((backslashes & 1) === 0) return q;
    from = q + 1;
  }
}

/** Whitespace JSON allows between values, plus a byte-order mark at the start of a file. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xfeff;
}
