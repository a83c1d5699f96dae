/**
 * What a log format is to idsift: a name, a cheap sniff test, a way to group lines into records,
 * and a pure parser with three outcomes. Every format is one entry in `formats/registry.ts`, one
 * parser file next to it, and one sample file in the top-level `formats/` folder that tests it.
 */
import type { EventRecord, SourceKind } from '../core/event.js';
import type { ProblemDraft } from '../core/problem.js';
import type { YearTracker, ZoneClock } from '../core/time.js';
import type { EventBatchBuilder } from './event-batch-builder.js';

/** One record as assembled from the raw lines of a file. */
export interface RawRecord {
  /** The record text; multi-line records keep their `\n` separators (no trailing newline). */
  text: string;
  /** 1-based line number of the record's first line. */
  line: number;
  /**
   * A piece of a record past its assembler's size cap: quarantined as `too_long`, never parsed.
   * Assemblers hand over-long records on in pieces so that no record is held whole in memory.
   */
  oversized?: boolean;
}

/**
 * The outcome of parsing one record. `parsed` may carry a `fragment` — the quarantined head of a
 * spliced line whose intact tail was recovered as `event`.
 */
export type ParseResult =
  | { kind: 'parsed'; event: EventRecord; fragment?: ProblemDraft }
  | { kind: 'problem'; problem: ProblemDraft }
  /** Nothing to store and nothing wrong: blank lines, comments, headers. */
  | { kind: 'skip' };

/** Per-file context a parser needs to turn log text into events. */
export interface ParseContext {
  /** The file being read, for messages. */
  file: string;
  /** Supplies years for year-less timestamps (with December→January rollover). */
  years: YearTracker;
  /** Turns wall-clock fields into UTC epoch microseconds. */
  clock: ZoneClock;
  /** Format-specific options, e.g. the CSV field list given by `--fields`. */
  options?: Readonly<Record<string, string>>;
  /** Sanitised address prefixes besides `MY.NET` (from the config's groups and aliases; see `isTextAddress`). */
  textPrefixes?: readonly string[];
}

/**
 * Groups lines into records. `push` returns the records completed by this line (usually zero or
 * one); `finish` flushes what is left at end of input — an unfinished record is returned so the
 * parser can report it as `truncated`.
 */
export interface RecordAssembler {
  push(line: string, lineNumber: number): RawRecord[];
  finish(): RawRecord[];
  /**
   * True when no record is open, so the next line may take the format's fast lane instead (a
   * format with both an assembler and a lane must have this).
   */
  idle?(): boolean;
  /**
   * The first line of the open record, or 0 when none is open: where a reader that stops now must
   * start again so that the record is read whole (`ingest --follow` commits up to there).
   */
  openLine?(): number;
}

export interface LogFormat {
  /** Stable name used by `--format` and stored per file (`snort-fast`, `snort-scans`, …). */
  readonly name: string;
  /** The log kind its events are stored under. */
  readonly source: SourceKind;
  /** One line for `--help` and `idsift files`. */
  readonly description: string;
  /**
   * Confidence 0–1 that these first lines (up to 20 non-empty ones) are this format.
   * Must be cheap and must not throw.
   */
  sniff(head: readonly string[]): number;
  /** Record grouping; `undefined` means one line is one record. */
  createAssembler?(): RecordAssembler;
  /** A parser for one file; may keep state across records (e.g. a CSV field list). */
  createParser(ctx: ParseContext): (record: RawRecord) => ParseResult;
  /**
   * Optional byte-level fast path for lines that are whole records: see FastLane. It shares `ctx`
   * (and so the year tracker) with the file's parser, which handles every line the lane declines.
   * With an assembler, lines take the lane only while the assembler is `idle`.
   */
  createFastLane?(ctx: ParseContext, builder: EventBatchBuilder): FastLane;
  /**
   * A big file may be cut at any line boundary and its parts parsed at once: every record is one
   * line and the parser keeps no state across lines but the year tracker's (which the parts check,
   * see `mergeParts`). Absent: files are parsed whole.
   */
  readonly splittable?: boolean;
}

/**
 * Parses one line straight from the file's bytes into `builder`: the classic lanes with no string
 * or object per line, the EVE lane past the line decoder and the record assembler.
 * `bytes[start, end)` is the line without its newline or CR. Returns the event's timestamp
 * (epoch µs) when it added exactly one row, or NaN — having added nothing — when the line is
 * anything but the common well-formed shape; the format's parser then takes the line (splices,
 * odd spellings, bad data, quarantine). An accepted line's row must equal what the parser would
 * have produced for it; `checkFastLane` (fast-lane-check.ts) is how the tests hold a lane to that.
 */
export type FastLane = (bytes: Buffer, start: number, end: number, line: number) => number;

/** The one-line-one-record assembler used when a format names none. */
export function createLineAssembler(): RecordAssembler {
  return {
    push: (text, line) => [{ text, line }],
    finish: () => [],
    idle: () => true,
    openLine: () => 0,
  };
}
