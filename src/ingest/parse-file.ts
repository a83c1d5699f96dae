/**
 * One file's pipeline: lines → records (the format's assembler) → events (its parser) → columnar
 * batches, with every problem kept and the file's integrity figures measured on the way.
 * Runs in a worker thread for files, in the main thread for stdin.
 */
import type { EventBatch } from '../core/event-columns.js';
import type { Problem } from '../core/problem.js';
import { YearTracker, ZoneClock } from '../core/time.js';
import { EventBatchBuilder } from './event-batch-builder.js';
import { createLineAssembler, type ParseResult, type RawRecord } from './format.js';
import { findFormat } from './formats/registry.js';
import type { LineChunk } from './read-lines.js';

export interface ParseJob {
  /** Name used in problems (the path as the user gave it, or `-`). */
  file: string;
  format: string;
  year: number;
  tz: string;
  options?: Record<string, string>;
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
}

export interface ParseEmitter {
  /** Receives full batches; the returned promise is the back-pressure. */
  batch(batch: EventBatch): Promise<void>;
  problems(problems: Problem[]): void;
  progress(bytesRead: number): void;
}

/** Scan logs write bursts grouped by destination, so small steps back in time are normal. */
const BACKWARD_TOLERANCE = 60_000_000;
const MINUTE = 60_000_000;

export async function parseFile(job: ParseJob, chunks: AsyncIterable<LineChunk>, emit: ParseEmitter): Promise<ParseSummary> {
  const format = findFormat(job.format);
  if (!format) throw new Error(`unknown format ${job.format}`);
  const parse = format.createParser({
    file: job.file,
    years: new YearTracker(job.year),
    clock: new ZoneClock(job.tz),
    ...(job.options ? { options: job.options } : {}),
  });
  const assembler = format.createAssembler?.() ?? createLineAssembler();
  const builder = new EventBatchBuilder();
  const summary: ParseSummary = {
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
  };
  let problems: Problem[] = [];
  let previousTs = NaN;
  let previousMinute = NaN;
  const minutes = new Set<number>();

  const quarantine = (record: RawRecord, code: Problem['code'], message: string, input?: string, lineOffset = 0): void => {
    problems.push({ code, file: job.file, line: record.line + lineOffset, message, input: input ?? record.text });
    summary.quarantined++;
  };

  const handle = (record: RawRecord, result: ParseResult): void => {
    if (result.kind === 'skip') return;
    if (result.kind === 'problem') {
      const p = result.problem;
      quarantine(record, p.code, p.message, p.input, p.lineOffset);
      return;
    }
    if (result.fragment) {
      const f = result.fragment;
      quarantine(record, f.code, f.message, f.input, f.lineOffset);
      summary.recovered++;
    }
    const ts = result.event.ts;
    builder.add(0, record.line, result.event);
    summary.rows++;
    if (summary.firstTs === null || ts < summary.firstTs) summary.firstTs = ts;
    if (summary.lastTs === null || ts > summary.lastTs) summary.lastTs = ts;
    if (previousTs - ts > BACKWARD_TOLERANCE) {
      summary.backwardSteps++;
      summary.maxBackwardMicros = Math.max(summary.maxBackwardMicros, previousTs - ts);
    }
    previousTs = ts;
    const minute = Math.floor(ts / MINUTE);
    if (minute !== previousMinute) {
      minutes.add(minute);
      previousMinute = minute;
    }
  };

  const parseRecord = (record: RawRecord): void => {
    let result: ParseResult;
    try {
      result = parse(record);
    } catch (error) {
      // A parser must not throw on data; if one does, the record is still kept, not lost.
      result = { kind: 'problem', problem: { code: 'no_match', message: `parser error: ${(error as Error).message}` } };
    }
    handle(record, result);
  };

  for await (const chunk of chunks) {
    const { lines, firstLine, flagged } = chunk;
    for (let i = 0; i < lines.length; i++) {
      const lineNo = firstLine + i;
      const flag = flagged?.get(i);
      if (flag !== undefined) {
        quarantine({ text: lines[i]!, line: lineNo }, flag, flag === 'too_long' ? 'line exceeds the length cap' : 'binary data in line');
        continue;
      }
      for (const record of assembler.push(lines[i]!, lineNo)) {
        parseRecord(record);
        if (builder.full) await emit.batch(builder.take());
      }
    }
    summary.lastLine = firstLine + lines.length - 1;
    if (problems.length > 0) {
      emit.problems(problems);
      problems = [];
    }
    emit.progress(chunk.bytesRead);
  }
  for (const record of assembler.finish()) parseRecord(record);
  if (problems.length > 0) emit.problems(problems);
  if (builder.size > 0) await emit.batch(builder.take());
  measureGap(summary, minutes);
  return summary;
}

function measureGap(summary: ParseSummary, minutes: Set<number>): void {
  const sorted = [...minutes].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i]! - sorted[i - 1]! - 1) * MINUTE;
    if (gap > summary.longestGapMicros) {
      summary.longestGapMicros = gap;
      summary.longestGapStart = (sorted[i - 1]! + 1) * MINUTE;
    }
  }
}
