/**
 * One file's pipeline: lines → records (the format's assembler) → events (its parser) → columnar
 * batches, with every problem kept and the file's integrity figures measured on the way.
 * Runs in a worker thread for large files, in the main thread for small ones, stdin and follow.
 */
import type { EventBatch } from '../core/event-columns.js';
import type { Problem } from '../core/problem.js';
import { YearTracker, ZoneClock } from '../core/time.js';
import { EventBatchBuilder } from './event-batch-builder.js';
import type { EventRecord } from '../core/event.js';
import {
  createLineAssembler,
  type FastLane,
  type ParseResult,
  type RawRecord,
  type RecordAssembler,
} from './format.js';
import { findFormat } from './formats/registry.js';
import { MAX_LINE_CHARS, type LineBytesChunk, type LineChunk } from './read-lines.js';

export interface ParseJob {
  /** Name used in problems (the path as the user gave it, or `-`). */
  file: string;
  format: string;
  year: number;
  tz: string;
  options?: Record<string, string>;
  /** Sanitised address prefixes the config names (see `isTextAddress`). */
  textPrefixes?: string[];
}

export interface ParseSummary {
  rows: number;
  quarantined: number;
  recovered: number;
  firstTs: number | null;
  lastTs: number | null;
  lastLine: number;
  /** Steps where time ran backwards by more than BACKWARD_TOLERANCE. */
  backwardSteps: number;
  maxBackwardMicros: number;
  /** The longest stretch with no events between first and last, in µs, and where it started. */
  longestGapMicros: number;
  longestGapStart: number | null;
  /** What it takes to join the figures of a file parsed in parts (see `mergeParts`). */
  stitch: PartStitch;
  /** Where and why the input broke off (a truncated gzip), when it did: the lines before it are kept. */
  damage?: string;
}

export interface PartStitch {
  /** The year tracker's `startMonth`, and the year and month it ended at. */
  startMonth: number;
  finalYear: number;
  finalMonth: number;
  /** The first and last event's time, in file order. */
  headTs: number | null;
  tailTs: number | null;
  /** Every minute with an event (for the longest gap). */
  minutes: number[];
}

export interface ParseEmitter {
  /** Receives full batches; the returned promise is the back-pressure. */
  batch(batch: EventBatch): Promise<void>;
  /** Receives quarantined problems, a bounded number at a time; a returned promise is the back-pressure. */
  problems(problems: Problem[]): void | Promise<void>;
  progress(bytesRead: number): void;
}

/** Scan logs write bursts grouped by destination, so small steps back in time are normal. */
const BACKWARD_TOLERANCE = 60_000_000;
const MINUTE = 60_000_000;
/**
 * Problems are handed on once this many are held: a file of garbage lines must not be held in
 * memory (a 20 M-line one once took 3.65 GB).
 */
const PROBLEM_BATCH = 2048;

/**
 * The per-file parsing state: assembler, parser, batch builder and integrity measures. Feed it
 * lines (through `LineFeeder`); `finish` flushes the last record. `ingest --follow` keeps one
 * alive across reads of a growing file.
 */
export class FileParser {
  // The running figures, as plain number fields: kept on a ParseSummary object (whose `null`s
  // turn into numbers), every change of its shape threw the optimised parsing loop away.
  private rows = 0;
  private quarantined = 0;
  private recovered = 0;
  private firstTs = NaN;
  private lastTs = NaN;
  private headTs = NaN;
  private lastLine = 0;
  /** pushBytes' place: the next line's number, and the line `laneLines` declined (-1: none). */
  private lineNo = 0;
  private declinedEnd = -1;
  private declinedNext = 0;
  private backwardSteps = 0;
  private maxBackwardMicros = 0;
  private readonly parse: (record: RawRecord) => ParseResult;
  private readonly assembler: RecordAssembler;
  /** The format's byte-level path, for the formats that have one. */
  readonly fastLane: FastLane | null;
  /** Whether the next line may take the lane (no multi-line record is open). */
  private readonly laneOpen: () => boolean;
  private readonly builder = new EventBatchBuilder();
  private readonly problems: Problem[] = [];
  private previousTs = NaN;
  private previousMinute = NaN;
  private readonly minutes = new Set<number>();
  private readonly years: YearTracker;
  /**
   * (line number, file offset) of each line handed to the assembler since it was last idle: where
   * the open record starts, for `resumePoint`. Flat pairs, so the hot path allocates nothing.
   */
  private readonly openStarts: number[] = [];
  private damage: string | null = null;

  constructor(
    private readonly job: ParseJob,
    private readonly emit: ParseEmitter,
  ) {
    this.years = new YearTracker(job.year);
    const format = findFormat(job.format);
    if (!format) throw new Error(`unknown format ${job.format}`);
    const ctx = {
      file: job.file,
      years: this.years,
      clock: new ZoneClock(job.tz),
      ...(job.options ? { options: job.options } : {}),
      ...(job.textPrefixes ? { textPrefixes: job.textPrefixes } : {}),
    };
    this.parse = format.createParser(ctx);
    this.assembler = format.createAssembler?.() ?? createLineAssembler();
    this.fastLane = format.createFastLane?.(ctx, this.builder) ?? null;
    const idle = this.assembler.idle?.bind(this.assembler);
    if (format.createAssembler && this.fastLane && !idle)
      throw new Error(`${format.name}: a lane needs an idle assembler`);
    this.laneOpen = idle ?? (() => true);
  }

  /**
   * Feed whole lines as bytes: each goes through the fast lane (while no multi-line record is
   * open), and only a line the lane declines is decoded and handed to the assembler and parser
   * (with the same flags `readLines` would give it).
   */
  async pushBytes(chunk: LineBytesChunk): Promise<void> {
    const bytes = chunk.bytes;
    const firstLine = chunk.firstLine ?? this.lastLine + 1;
    if (chunk.overlong) {
      await this.push({
        lines: [bytes.toString('utf8').slice(0, MAX_LINE_CHARS)],
        firstLine,
        bytesRead: chunk.bytesRead,
        flagged: new Map([[0, 'too_long']]),
      });
      return;
    }
    const n = bytes.length;
    const base = chunk.offset ?? -1;
    this.lineNo = firstLine;
    let start = 0;
    while (start < n) {
      start = this.laneLines(bytes, start, n);
      if (this.builder.full) await this.emit.batch(this.builder.take());
      if (this.declinedEnd >= 0) {
        const text = bytes.toString('utf8', start, this.declinedEnd);
        await this.pushDecodedLine(text, this.lineNo++, base < 0 ? -1 : base + start);
        start = this.declinedNext;
        if (this.problems.length >= PROBLEM_BATCH) await this.flushProblems();
      }
    }
    this.lastLine = this.lineNo - 1;
    await this.flushProblems();
    this.emit.progress(chunk.bytesRead);
  }

  /**
   * The hot loop of `pushBytes`, kept apart from it: lines from `start` go through the lane until
   * the batch is full, a line is declined or the chunk ends. Returns where it stopped; a declined
   * line starts there and `declinedEnd`/`declinedNext` say where it ends and the next one starts
   * (else `declinedEnd` is -1). Being synchronous and small, it is optimised whole, not from the
   * middle of its first loop, so no code it runs afterwards is left without type feedback (which
   * made the optimised loop bail out at the end of every chunk).
   */
  private laneLines(bytes: Buffer, start: number, n: number): number {
    const lane = this.fastLane;
    let lineNo = this.lineNo;
    this.declinedEnd = -1;
    while (start < n) {
      let nl = bytes.indexOf(10, start);
      if (nl < 0) nl = n;
      const end = nl > start && bytes[nl - 1] === 13 ? nl - 1 : nl;
      // A line of at most MAX_LINE_CHARS bytes is never too long, whatever it decodes to.
      const ts =
        lane !== null && end - start <= MAX_LINE_CHARS && this.laneOpen() ? lane(bytes, start, end, lineNo) : NaN;
      if (Number.isNaN(ts)) {
        this.declinedEnd = end;
        this.declinedNext = nl + 1;
        break;
      }
      this.tally(ts);
      lineNo++;
      start = nl + 1;
      if (this.builder.full) break;
    }
    this.lineNo = lineNo;
    return start;
  }

  /** One decoded line down the string path, flagged as `readLines` would flag it. */
  private async pushDecodedLine(text: string, lineNo: number, offset: number): Promise<void> {
    if (text.length > MAX_LINE_CHARS) {
      this.quarantine({ text: text.slice(0, MAX_LINE_CHARS), line: lineNo }, 'too_long', 'line exceeds the length cap');
      return;
    }
    if (text.indexOf('\0') >= 0) {
      this.quarantine({ text, line: lineNo }, 'binary', 'binary data in line');
      return;
    }
    if (this.laneOpen()) this.openStarts.length = 0;
    this.openStarts.push(lineNo, offset);
    for (const record of this.assembler.push(text, lineNo)) {
      this.parseRecord(record);
      if (this.builder.full) await this.emit.batch(this.builder.take());
    }
    if (this.laneOpen()) this.openStarts.length = 0;
    else if (this.openStarts.length > 512) this.pruneOpenStarts();
  }

  /**
   * Where a reader that stops now must start again (the first line of the record the assembler
   * holds open, and that line's file offset), or null when no record is open. The rows and
   * problems handed over so far all come from lines before it.
   */
  resumePoint(): { line: number; offset: number } | null {
    const line = this.assembler.openLine?.() ?? 0;
    if (line === 0) return null;
    const starts = this.openStarts;
    for (let i = 0; i < starts.length; i += 2) {
      if (starts[i] === line && starts[i + 1]! >= 0) return { line, offset: starts[i + 1]! };
    }
    throw new Error(`no file offset known for line ${line} (lines were pushed without offsets)`);
  }

  /** Forget the lines before the open record (records that run on without a break in between). */
  private pruneOpenStarts(): void {
    const line = this.assembler.openLine?.() ?? 0;
    let keep = 0;
    while (keep < this.openStarts.length && this.openStarts[keep]! < line) keep += 2;
    this.openStarts.splice(0, keep);
  }

  async push(chunk: LineChunk): Promise<void> {
    const { lines, firstLine, flagged } = chunk;
    for (let i = 0; i < lines.length; i++) {
      const lineNo = firstLine + i;
      const flag = flagged?.get(i);
      if (flag !== undefined) {
        this.quarantine(
          { text: lines[i]!, line: lineNo },
          flag,
          flag === 'too_long' ? 'line exceeds the length cap' : 'binary data in line',
        );
        if (this.problems.length >= PROBLEM_BATCH) await this.flushProblems();
        continue;
      }
      if (this.laneOpen()) this.openStarts.length = 0;
      this.openStarts.push(lineNo, -1);
      for (const record of this.assembler.push(lines[i]!, lineNo)) {
        this.parseRecord(record);
        if (this.builder.full) await this.emit.batch(this.builder.take());
      }
      if (this.laneOpen()) this.openStarts.length = 0;
      else if (this.openStarts.length > 512) this.pruneOpenStarts();
      if (this.problems.length >= PROBLEM_BATCH) await this.flushProblems();
    }
    if (lines.length > 0) this.lastLine = firstLine + lines.length - 1;
    await this.flushProblems();
    this.emit.progress(chunk.bytesRead);
  }

  /** Hand over the rows parsed so far even if the batch is not full (for live following). */
  async flush(): Promise<void> {
    await this.flushProblems();
    if (this.builder.size > 0) await this.emit.batch(this.builder.take());
  }

  /**
   * The input broke off (a truncated gzip): one `truncated` problem after the last line read says
   * where, and the file's figures carry it, so that what was decoded before is kept, not failed.
   */
  noteDamage(message: string): void {
    this.damage = message;
    this.quarantine({ text: '', line: this.lastLine + 1 }, 'truncated', message);
  }

  /** End of input: the assembler's unfinished record is parsed (or reported truncated). */
  async finish(): Promise<ParseSummary> {
    for (const record of this.assembler.finish()) this.parseRecord(record);
    await this.flush();
    const summary = this.summary;
    measureGap(summary, this.minutes);
    const stitch = summary.stitch;
    stitch.startMonth = this.years.startMonth;
    stitch.finalYear = this.years.year;
    stitch.finalMonth = this.years.lastMonth;
    stitch.tailTs = this.rows > 0 ? this.previousTs : null;
    stitch.minutes = [...this.minutes];
    if (this.damage !== null) summary.damage = this.damage;
    return summary;
  }

  /** The figures so far (the gap and the stitch are filled in by `finish`). */
  get summary(): ParseSummary {
    const summary = emptySummary();
    const number = (v: number): number | null => (Number.isNaN(v) ? null : v);
    summary.rows = this.rows;
    summary.quarantined = this.quarantined;
    summary.recovered = this.recovered;
    summary.firstTs = number(this.firstTs);
    summary.lastTs = number(this.lastTs);
    summary.lastLine = this.lastLine;
    summary.backwardSteps = this.backwardSteps;
    summary.maxBackwardMicros = this.maxBackwardMicros;
    summary.stitch.headTs = number(this.headTs);
    return summary;
  }

  private async flushProblems(): Promise<void> {
    if (this.problems.length === 0) return;
    // Handed over as a new array; this one is kept, so its shape never changes under the loop.
    await this.emit.problems(this.problems.splice(0));
  }

  private quarantine(record: RawRecord, code: Problem['code'], message: string, input?: string, lineOffset = 0): void {
    this.problems.push({
      code,
      file: this.job.file,
      line: record.line + lineOffset,
      message,
      input: input ?? record.text,
    });
    this.quarantined++;
  }

  private parseRecord(record: RawRecord): void {
    if (record.oversized === true) {
      const last = record.line + countNewlines(record.text);
      this.quarantine(
        record,
        'too_long',
        `piece of a record over the size cap (lines ${record.line}–${last}; the record is quarantined in pieces)`,
      );
      return;
    }
    let result: ParseResult;
    try {
      result = this.parse(record);
    } catch (error) {
      // A parser must not throw on data; if one does, the record is still kept, not lost.
      result = { kind: 'problem', problem: { code: 'no_match', message: `parser error: ${(error as Error).message}` } };
    }
    if (result.kind === 'skip') return;
    if (result.kind === 'problem') {
      const p = result.problem;
      this.quarantine(record, p.code, p.message, p.input, p.lineOffset);
      return;
    }
    if (result.fragment) {
      const f = result.fragment;
      this.quarantine(record, f.code, f.message, f.input, f.lineOffset);
      this.recovered++;
    }
    this.record(record.line, result.event);
  }

  private record(line: number, event: EventRecord): void {
    this.builder.add(0, line, event);
    this.tally(event.ts);
  }

  /** Count one stored event and follow its timestamp for the integrity figures. */
  private tally(ts: number): void {
    if (this.rows++ === 0) this.headTs = ts;
    // NaN compares false: the first event sets both.
    if (!(ts >= this.firstTs)) this.firstTs = ts;
    if (!(ts <= this.lastTs)) this.lastTs = ts;
    if (this.previousTs - ts > BACKWARD_TOLERANCE) {
      this.backwardSteps++;
      this.maxBackwardMicros = Math.max(this.maxBackwardMicros, this.previousTs - ts);
    }
    this.previousTs = ts;
    const minute = Math.floor(ts / MINUTE);
    if (minute !== this.previousMinute) {
      this.minutes.add(minute);
      this.previousMinute = minute;
    }
  }
}

function emptySummary(): ParseSummary {
  return {
    rows: 0,
    quarantined: 0,
    recovered: 0,
    firstTs: null,
    lastTs: null,
    lastLine: 0,
    backwardSteps: 0,
    maxBackwardMicros: 0,
    longestGapMicros: 0,
    longestGapStart: null,
    stitch: { startMonth: 0, finalYear: 0, finalMonth: 0, headTs: null, tailTs: null, minutes: [] },
  };
}

function measureGap(summary: ParseSummary, minutes: Set<number>): void {
  summary.longestGapMicros = 0;
  summary.longestGapStart = null;
  const sorted = [...minutes].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i]! - sorted[i - 1]! - 1) * MINUTE;
    if (gap > summary.longestGapMicros) {
      summary.longestGapMicros = gap;
      summary.longestGapStart = (sorted[i - 1]! + 1) * MINUTE;
    }
  }
}

/**
 * The figures of a file parsed in parts, as one sequential parse would have given them; `null`
 * when a part's year-less dates would have got another year had the parts been read in one go
 * (a December→January rollover before the split, or across it): the file is then parsed whole.
 */
export function mergeParts(parts: readonly ParseSummary[], startYear: number): ParseSummary | null {
  let state = { year: startYear, month: 0 };
  for (const [k, part] of parts.entries()) {
    const s = part.stitch;
    if (k > 0 && s.startMonth !== 0) {
      if (state.year !== startYear || (state.month === 12 && s.startMonth === 1)) return null;
    }
    if (s.finalMonth !== 0) state = { year: s.finalYear, month: s.finalMonth };
  }
  const merged = emptySummary();
  merged.stitch.startMonth = parts[0]?.stitch.startMonth ?? 0;
  merged.stitch.finalYear = state.year;
  merged.stitch.finalMonth = state.month;
  const minutes = new Set<number>();
  let previousTail: number | null = null;
  for (const part of parts) {
    merged.rows += part.rows;
    merged.quarantined += part.quarantined;
    merged.recovered += part.recovered;
    if (part.firstTs !== null && (merged.firstTs === null || part.firstTs < merged.firstTs))
      merged.firstTs = part.firstTs;
    if (part.lastTs !== null && (merged.lastTs === null || part.lastTs > merged.lastTs)) merged.lastTs = part.lastTs;
    merged.lastLine = Math.max(merged.lastLine, part.lastLine);
    merged.backwardSteps += part.backwardSteps;
    merged.maxBackwardMicros = Math.max(merged.maxBackwardMicros, part.maxBackwardMicros);
    const head = part.stitch.headTs;
    if (head !== null) {
      // The step from one part's last event to the next part's first.
      if (previousTail !== null && previousTail - head > BACKWARD_TOLERANCE) {
        merged.backwardSteps++;
        merged.maxBackwardMicros = Math.max(merged.maxBackwardMicros, previousTail - head);
      }
      merged.stitch.headTs ??= head;
      previousTail = part.stitch.tailTs;
    }
    for (const m of part.stitch.minutes) minutes.add(m);
  }
  merged.stitch.tailTs = previousTail;
  merged.stitch.minutes = [...minutes];
  measureGap(merged, minutes);
  return merged;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
