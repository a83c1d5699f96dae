/**
 * The shape the one-line Snort parsers share: scan the line in place; if it is not a record, look
 * for an intact record starting later in it (the publisher's files glue the tail of one record
 * onto the next) and keep the glued-on head as a quarantined `spliced` fragment; otherwise say why
 * the line is not a record.
 */
import type { EventRecord } from '../../core/event.js';
import type { ProblemCode } from '../../core/problem.js';
import type { ParseContext, ParseResult, RawRecord } from '../format.js';
import { problemResult } from './problem-result.js';
import { TextCursor, trimmedEnd } from './text-cursor.js';
import { createEpochResolver, type WallTime } from './wall-time.js';

/** What scanning one line leaves behind, whatever the format. */
export interface ScannedLine {
  readonly time: WallTime;
  /** The text did not start with this format's timestamp. */
  noTimestamp: boolean;
  code: ProblemCode;
  why: string;
}

export interface SplicedLineFormat<L extends ScannedLine> {
  newLine(): L;
  /** Scan `text[start, end)` as a whole line into `line`. */
  scan(text: string, start: number, end: number, line: L, cur: TextCursor): boolean;
  /** Scan a recovery candidate (default: `scan`). */
  rescan?(text: string, start: number, end: number, line: L, cur: TextCursor): boolean;
  /** Offsets in the line where an intact record could start. */
  candidates(text: string, from: number, end: number, out: number[]): number[];
  build(line: L, ts: number): EventRecord;
  /** Whether an unparseable line looks like the tail of a record (its start missing). */
  looksLikeTail(text: string): boolean;
  /** How the messages name one record: `record`, `scans line`. */
  noun: string;
  /** The message for a line that is nothing of this format. */
  notThisFormat: string;
}

export function createSplicedLineParser<L extends ScannedLine>(ctx: ParseContext, format: SplicedLineFormat<L>): (record: RawRecord) => ParseResult {
  const line = format.newLine();
  const cur = new TextCursor();
  const toEpoch = createEpochResolver(ctx);
  const candidates: number[] = [];
  const rescan = format.rescan ?? format.scan;

  return (record) => {
    const text = record.text;
    const end = trimmedEnd(text);
    let start = 0;
    while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
    if (start >= end) return { kind: 'skip' };

    if (format.scan(text, start, end, line, cur)) {
      const ts = toEpoch(line.time);
      if (Number.isNaN(ts)) return problemResult('bad_timestamp', 'impossible date');
      return { kind: 'parsed', event: format.build(line, ts) };
    }
    const firstCode = line.code;
    const firstWhy = line.why;
    const startedWithTimestamp = !line.noTimestamp;

    for (const at of format.candidates(text, start, end, candidates)) {
      if (!rescan(text, at, end, line, cur)) continue;
      const ts = toEpoch(line.time);
      if (Number.isNaN(ts)) continue;
      return {
        kind: 'parsed',
        event: format.build(line, ts),
        fragment: {
          code: 'spliced',
          message: `the tail of another ${format.noun} is glued to the start of this line`,
          input: text.slice(0, at),
        },
      };
    }
    if (startedWithTimestamp) return problemResult(firstCode, firstWhy);
    if (hasControlChars(text)) return problemResult('binary', 'control characters in a text line');
    if (format.looksLikeTail(text)) return problemResult('spliced', `only the tail of a ${format.noun}: its start is missing`);
    return problemResult('no_match', format.notThisFormat);
  };
}

function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return true;
  }
  return false;
}
