/**
 * The ingest run: expand paths, identify each file (skip what is already stored, continue what
 * has grown), sniff its format, parse files in parallel worker threads, and hand each file's
 * batches to the sink inside one atomic write. Bad lines are quarantined, never fatal.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fg from 'fast-glob';
import { UserError } from '../core/errors.js';
import { dateFromFileName, isoFromMicros, ZoneClock } from '../core/time.js';
import type { FileStats, FileWriter, IngestSink, NewFile, StoredFile } from './ingest-sink.js';
import { parseLogStream } from './line-feeder.js';
import { mergeParts, type ParseJob, type ParseSummary } from './parse-file.js';
import { planParts, type FilePart } from './split-file.js';
import type { WorkerInput, WorkerMessage, WorkerRequest } from './parse-worker.js';
import { ParseWorkerPool } from './worker-pool.js';
import { findFormat } from './formats/registry.js';
import { isGzip, openLogStream } from './read-lines.js';
import { identify, matchStored, readBytes } from './file-identity.js';
import { integrityWarnings } from './integrity-warnings.js';
import { sniffFile } from './sniff-file.js';

export interface IngestOptions {
  paths: readonly string[];
  /** Force a format instead of sniffing. */
  format?: string;
  year?: number;
  tz?: string;
  /** Format options, e.g. `{fields: 'timestamp,msg,…'}` for CSV formats. */
  formatOptions?: Record<string, string>;
  /** Sanitised address prefixes the config names (`textPrefixesOf`); `MY.NET` is always one. */
  textPrefixes?: string[];
  /** Parallel parsing workers (default: the machine's cores). */
  workers?: number;
  /** Files with fewer bytes than this to read are parsed on the main thread (default 4 MiB). */
  inlineParseBytes?: number;
  /** Files with at least this many bytes to read are cut into parts parsed at once (default 32 MiB). */
  splitBytes?: number;
  /** Standard input, for the path `-`. */
  stdin?: Readable;
  onProgress?: (progress: IngestProgress) => void;
  /** Called as each file finishes, for per-file messages. */
  onFile?: (report: FileReport) => void;
}

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

export type FileStatus = 'ingested' | 'grown' | 'skipped' | 'failed';

/** One entry of `idsift ingest --json` `files` (contract fields plus status). */
export interface FileReport {
  file: string;
  format: string | null;
  status: FileStatus;
  rows: number;
  quarantined: number;
  recovered: number;
  first_ts: string | null;
  last_ts: string | null;
  warnings: string[];
}

export interface IngestReport {
  files: FileReport[];
  rows: number;
  seconds: number;
}

interface PlannedFile {
  path: string;
  /** Named on the command line (not found by walking a folder or a glob). */
  explicit: boolean;
  display: string;
  size: number;
  gzip: boolean;
  mtimeYear: number;
  /** The path the store records when not `path` itself (`-` for standard input, read from a spool). */
  recordAs?: string;
}

/** Ingest every file the paths name into the sink. */
export async function ingestFiles(sink: IngestSink, options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  if (options.format !== undefined && !findFormat(options.format)) {
    throw new UserError(`unknown format "${options.format}" (see "idsift ingest --help" for the list)`);
  }
  // Fail fast on a bad --tz: every worker would otherwise fail on it, file by file.
  new ZoneClock(options.tz ?? 'UTC');
  const wantsStdin = options.paths.includes('-');
  const planned = await expandPaths(options.paths.filter((p) => p !== '-'));
  const stored = await sink.listFiles();
  const reports: FileReport[] = [];
  const progress = { bytesDone: 0, bytesTotal: planned.reduce((n, f) => n + f.size, 0), rows: 0 };
  const tick = (): void => options.onProgress?.({ ...progress });
  const finish = (report: FileReport): void => {
    reports.push(report);
    options.onFile?.(report);
  };

  // Largest files first: a big file started last would otherwise run alone on one core at the end.
  const bySize = [...planned].sort((a, b) => b.size - a.size);
  const threads = Math.max(1, options.workers ?? availableParallelism());
  const pool = new ParseWorkerPool(threads);
  const tasks: (() => Promise<void>)[] = bySize.map((file) => async () => {
    const report = await ingestOneFile(sink, stored, pool, file, options, (delta, rows) => {
      progress.bytesDone += delta;
      progress.rows += rows;
      tick();
    });
    finish(report);
  });
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(threads, tasks.length) }, async () => {
        while (next < tasks.length) await tasks[next++]!();
      }),
    );
    if (wantsStdin) {
      if (!options.stdin) throw new UserError('"-" reads standard input, but none is available');
      finish(await ingestStdin(sink, options.stdin, options, stored, pool));
    }
  } finally {
    await pool.close();
  }
  const order = new Map(planned.map((f, i) => [f.display, i]));
  reports.sort((a, b) => (order.get(a.file) ?? 1e9) - (order.get(b.file) ?? 1e9));
  return {
    files: reports,
    rows: reports.reduce((n, r) => n + r.rows, 0),
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

/** Files, folders (recursively, hidden entries skipped) and globs, in a stable order, each once. */
async function expandPaths(paths: readonly string[]): Promise<PlannedFile[]> {
  const seen = new Set<string>();
  const out: PlannedFile[] = [];
  for (const given of paths) {
    let matches: string[];
    let explicit = false;
    const info = await stat(given).catch(() => null);
    if (info?.isDirectory()) {
      matches = (await fg('**/*', { cwd: given, absolute: true, onlyFiles: true, dot: false })).sort();
    } else if (info?.isFile()) {
      matches = [resolve(given)];
      explicit = true;
    } else if (fg.isDynamicPattern(given)) {
      matches = (await fg(given, { absolute: true, onlyFiles: true })).sort();
      if (matches.length === 0) throw new UserError(`no files match ${given}`);
    } else {
      throw new UserError(`no such file or folder: ${given}`);
    }
    for (const path of matches) {
      if (seen.has(path) || (!explicit && isOwnFile(path))) continue;
      seen.add(path);
      const s = await stat(path);
      const head = await readBytes(path, 0, 2);
      out.push({
        path,
        explicit,
        display: path === resolve(given) ? given : path,
        size: s.size,
        gzip: isGzip(head),
        mtimeYear: s.mtime.getUTCFullYear(),
      });
    }
  }
  return out;
}

/** idsift's own files that sit beside logs (config, generator truth, stores) are not logs. */
function isOwnFile(path: string): boolean {
  const name = basename(path);
  return name === 'idsift.config.json' || name === 'truth.json' || /\.duckdb(\.wal)?$/.test(name);
}

async function ingestOneFile(
  sink: IngestSink,
  stored: StoredFile[],
  pool: ParseWorkerPool,
  file: PlannedFile,
  options: IngestOptions,
  advance: (bytes: number, rows: number) => void,
): Promise<FileReport> {
  const base = emptyReport(file.display);
  const recorded = file.recordAs ?? file.path;
  const identity = { ...(await identify(file)), path: recorded };
  const match = await matchStored(file, identity, stored);
  if (match.kind === 'same') {
    advance(file.size, 0);
    return { ...base, format: match.file.format, status: 'skipped', warnings: [alreadyIngested(match.file)] };
  }
  const format = options.format ?? (await sniffFile(file));
  if (format === null) {
    advance(file.size, 0);
    // A stray file in a folder (a README, a pcap) is passed over; a file the user named is an error.
    if (!file.explicit) return { ...base, status: 'skipped', warnings: ['not a log format idsift reads'] };
    return { ...base, warnings: ['format not recognised (use --format to force one)'] };
  }
  const continues = match.kind === 'grown' ? match.file : null;
  const nameDate = dateFromFileName(recorded);
  const year = options.year ?? continues?.year ?? nameDate?.year ?? file.mtimeYear;
  const newFile: NewFile = {
    identity,
    name: basename(recorded),
    format,
    source: findFormat(format)!.source,
    gzip: file.gzip,
    year,
    tz: options.tz ?? 'UTC',
    nameDate: nameDate ? isoDate(nameDate) : null,
    continues,
    startOffset: continues?.endOffset ?? 0,
    firstLine: (continues?.lastLine ?? 0) + 1,
  };
  const job: ParseJob = {
    file: file.display,
    format,
    year,
    tz: newFile.tz,
    ...(options.formatOptions ? { options: options.formatOptions } : {}),
    ...(options.textPrefixes ? { textPrefixes: options.textPrefixes } : {}),
  };
  // Offsets are into the content; for a gzip file progress counts its raw bytes, from the start.
  const skipped = file.gzip ? 0 : newFile.startOffset;
  advance(skipped, 0);
  let writer = await sink.beginFile(newFile);
  let reported = skipped;
  try {
    const input: WorkerInput = {
      job,
      path: file.path,
      gzip: file.gzip,
      startOffset: newFile.startOffset,
      endOffset: identity.size,
      firstLine: newFile.firstLine,
    };
    const onProgress = (rawBytes: number, rows: number): void => {
      if (rawBytes >= 0) {
        advance(rawBytes - reported, 0);
        reported = rawBytes;
      }
      advance(0, rows);
    };
    // A worker thread pays off only when there is enough to parse: starting one costs more
    // than parsing a few megabytes.
    let summary: ParseSummary;
    const parts =
      identity.size - newFile.startOffset < (options.inlineParseBytes ?? INLINE_PARSE_BYTES)
        ? null
        : file.gzip
          ? [{ start: input.startOffset, end: input.endOffset, firstLine: input.firstLine }]
          : await planParts(
              file.path,
              findFormat(format)!,
              { start: input.startOffset, end: input.endOffset, firstLine: input.firstLine },
              options.workers ?? availableParallelism(),
              options.splitBytes,
            );
    if (parts === null) summary = await parseInline(input, writer, onProgress);
    else if (parts.length === 1) summary = await runWorker(pool, input, writer, onProgress);
    else {
      const split = await runParts(pool, input, parts, writer, advance);
      reported = file.size;
      if (split.summary) summary = split.summary;
      else {
        // A December→January rollover the parts could not see: read the file whole instead.
        await writer.abort();
        advance(-(file.size - skipped), -split.rows);
        reported = skipped;
        writer = await sink.beginFile(newFile);
        summary = await runWorker(pool, input, writer, onProgress);
      }
    }
    advance(file.size - reported, 0);
    const stats = toFileStats(summary, identity.size, newFile);
    await writer.commit(stats);
    const grown = continues
      ? [
          continues.path === recorded
            ? `grown since last ingest: read from byte ${newFile.startOffset}`
            : `continues ${continues.path}: read from byte ${newFile.startOffset}${file.gzip ? ' of its unpacked content' : ''}`,
        ]
      : [];
    return fileReport({ ...base, warnings: grown }, format, continues ? 'grown' : 'ingested', stats);
  } catch (error) {
    await writer.abort();
    if (error instanceof UserError) throw error;
    return { ...base, format, warnings: [`not ingested: ${(error as Error).message}`] };
  }
}

/** Files smaller than this (bytes still to read) are parsed on the main thread. */
const INLINE_PARSE_BYTES = 4 * 1024 * 1024;

/** The worker's job, on the main thread. */
async function parseInline(
  input: WorkerInput,
  writer: FileWriter,
  onProgress: (rawBytes: number, rows: number) => void,
): Promise<ParseSummary> {
  const { stream, rawBytes, damage } = openLogStream(input.path, input.gzip, input.startOffset, input.endOffset);
  const summary = await parseLogStream(
    input.job,
    stream,
    { start: input.startOffset, firstLine: input.firstLine },
    {
      batch: async (batch) => {
        await writer.append(batch);
        onProgress(-1, batch.rows);
      },
      problems: (p) => writer.quarantine(p),
      progress: () => onProgress(input.startOffset + rawBytes(), 0),
    },
    damage,
  );
  return summary;
}

/**
 * Parse the parts of one file in parallel workers into one writer (one transaction). The merged
 * figures are null when the parts' year-less dates disagree with a whole-file read.
 */
async function runParts(
  pool: ParseWorkerPool,
  input: WorkerInput,
  parts: readonly FilePart[],
  writer: FileWriter,
  advance: (bytes: number, rows: number) => void,
): Promise<{ summary: ParseSummary | null; rows: number }> {
  let rows = 0;
  const summaries = await Promise.all(
    parts.map(async (part, producer) => {
      let reported = part.start;
      const summary = await runWorker(
        pool,
        {
          ...input,
          startOffset: part.start,
          endOffset: part.end,
          firstLine: part.firstLine,
          producer,
          ...(part.countedFrom === undefined ? {} : { countedFrom: part.countedFrom }),
        },
        writer,
        (rawBytes, n) => {
          if (rawBytes >= 0) {
            advance(rawBytes - reported, 0);
            reported = rawBytes;
          }
          rows += n;
          advance(0, n);
        },
      );
      advance(part.end - reported, 0);
      return summary;
    }),
  );
  return { summary: mergeParts(summaries, input.job.year), rows };
}

/** Parse one file (or part) on a pool worker, appending its batches to the writer as they arrive. */
async function runWorker(
  pool: ParseWorkerPool,
  input: WorkerInput,
  writer: FileWriter,
  onProgress: (rawBytes: number, rows: number) => void,
): Promise<ParseSummary> {
  const worker = await pool.acquire();
  return new Promise((resolvePromise, reject) => {
    let chain = Promise.resolve();
    let settled = false;
    const detach = (): void => {
      worker.off('message', onMessage);
      worker.off('error', fail);
      worker.off('exit', onExit);
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      detach();
      pool.discard(worker);
      reject(error);
    };
    const onExit = (code: number): void => fail(new Error(`parser worker exited with code ${code}`));
    const onMessage = (message: WorkerMessage): void => {
      chain = chain.then(async () => {
        if (settled) return;
        switch (message.type) {
          case 'batch':
            await writer.append(message.batch);
            onProgress(-1, message.batch.rows);
            worker.postMessage('ack' satisfies WorkerRequest);
            return;
          case 'problems':
            await writer.quarantine(message.problems);
            worker.postMessage('ack' satisfies WorkerRequest);
            return;
          case 'progress':
            onProgress(message.rawBytes, 0);
            return;
          case 'done':
            onProgress(message.rawBytes, 0);
            settled = true;
            detach();
            pool.release(worker);
            resolvePromise({ ...message.summary, rawBytes: message.rawBytes } as ParseSummary);
            return;
          case 'error':
            fail(new Error(message.message));
        }
      });
      chain.catch((error: Error) => fail(error));
    };
    worker.on('message', onMessage);
    worker.on('error', fail);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'job', input } satisfies WorkerRequest);
  });
}

/**
 * Standard input: copied as it comes into a temporary file, then read as a file (gzip recognised
 * by its magic bytes) recorded under the path `-`, so that it is identified by content like any
 * file: content piped in twice (or piped after being ingested as a file) is stored once, and
 * content that continues stored content — the same log piped again after it grew — adds only its
 * new lines.
 */
async function ingestStdin(
  sink: IngestSink,
  stdin: Readable,
  options: IngestOptions,
  stored: StoredFile[],
  pool: ParseWorkerPool,
): Promise<FileReport> {
  const folder = await mkdtemp(join(tmpdir(), 'idsift-stdin-'));
  try {
    const spool = join(folder, 'stdin');
    await pipeline(stdin, createWriteStream(spool));
    const file: PlannedFile = {
      path: spool,
      explicit: true,
      display: '-',
      size: (await stat(spool)).size,
      gzip: isGzip(await readBytes(spool, 0, 2)),
      mtimeYear: new Date().getUTCFullYear(),
      recordAs: '-',
    };
    return await ingestOneFile(sink, stored, pool, file, options, () => {});
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function emptyReport(file: string): FileReport {
  return {
    file,
    format: null,
    status: 'failed',
    rows: 0,
    quarantined: 0,
    recovered: 0,
    first_ts: null,
    last_ts: null,
    warnings: [],
  };
}

/** The report of a file read, from what was stored for it (every way in reports the same way). */
export function fileReport(base: FileReport, format: string, status: FileStatus, stats: FileStats): FileReport {
  return {
    ...base,
    format,
    status,
    rows: stats.rows,
    quarantined: stats.quarantined,
    recovered: stats.recovered,
    first_ts: stats.firstTs === null ? null : isoFromMicros(stats.firstTs),
    last_ts: stats.lastTs === null ? null : isoFromMicros(stats.lastTs),
    warnings: [...base.warnings, ...stats.warnings],
  };
}

function alreadyIngested(file: StoredFile): string {
  return `already ingested as ${file.path} (unchanged since ${file.ingestedAt})`;
}

/** The stored figures of a file read, with its integrity findings (`integrityWarnings`). */
function toFileStats(summary: ParseSummary, endOffset: number, file: NewFile): FileStats {
  return {
    rows: summary.rows,
    quarantined: summary.quarantined,
    recovered: summary.recovered,
    firstTs: summary.firstTs,
    lastTs: summary.lastTs,
    lastLine: summary.lastLine,
    endOffset,
    warnings: integrityWarnings(summary, file.nameDate),
  };
}

function isoDate(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
