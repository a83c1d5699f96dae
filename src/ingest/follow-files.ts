/**
 * `idsift ingest --follow`: keep reading log files as sensors append to them.
 *
 * Every poll, each followed file is checked: new complete lines are parsed and committed (a
 * partial last line waits for its newline); a rotated file (renamed away, a new one in its place)
 * is read to its end through the still-open old handle before the new file starts; a truncated
 * file starts over as new content. Offsets only move past what was committed, and a re-run
 * continues where the last one stopped, so no record is counted twice. The store is opened only
 * for each commit, so other idsift commands can query it in between.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import fg from 'fast-glob';
import { UserError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { dateFromFileName, isoFromMicros, ZoneClock } from '../core/time.js';
import { identify, matchStored } from './file-identity.js';
import { findFormat } from './formats/registry.js';
import type { FileReport } from './ingest-files.js';
import type { IngestSink, NewFile, StoredFile } from './ingest-sink.js';
import { FileParser } from './parse-file.js';
import type { EventBatch } from '../core/event-columns.js';
import { MAX_LINE_CHARS } from './read-lines.js';
import { sniffFile } from './sniff-file.js';

export interface FollowOptions {
  paths: readonly string[];
  format?: string;
  year?: number;
  tz?: string;
  formatOptions?: Record<string, string>;
  /** How often files are checked (default 250 ms). */
  pollMs?: number;
  /** Stops following; everything read so far is committed. */
  signal: AbortSignal;
  /** Opens the store for one commit; the follower closes it right after. */
  openSink: () => Promise<IngestSink & { close(): Promise<void> }>;
  onCommit?: (info: { file: string; rows: number; totalRows: number }) => void;
}

interface Followed {
  path: string;
  ino: number;
  handle: FileHandle;
  /** Bytes of this file consumed as complete lines. */
  offset: number;
  nextLine: number;
  /** Bytes after the last newline, waiting for the rest of their line. */
  carry: Buffer;
  format: string;
  parser: FileParser;
  pending: { batches: EventBatch[]; problems: Problem[] };
  /** The stored segment commits extend (null until the first commit of new content). */
  stored: StoredFile | null;
  startOffset: number;
  firstLine: number;
  year: number;
  rows: number;
}

const READ_BLOCK = 1 << 20;

export async function followFiles(options: FollowOptions): Promise<FileReport[]> {
  if (options.format !== undefined && !findFormat(options.format))
    throw new UserError(`unknown format "${options.format}"`);
  new ZoneClock(options.tz ?? 'UTC');
  const pollMs = options.pollMs ?? 250;
  const followed = new Map<string, Followed>();
  const finished: FileReport[] = [];
  let totalRows = 0;

  const report = (f: Followed): FileReport => ({
    file: f.path,
    format: f.format,
    status: 'ingested',
    rows: f.rows,
    quarantined: f.parser.summary.quarantined,
    recovered: f.parser.summary.recovered,
    first_ts: f.parser.summary.firstTs === null ? null : isoFromMicros(f.parser.summary.firstTs),
    last_ts: f.parser.summary.lastTs === null ? null : isoFromMicros(f.parser.summary.lastTs),
    warnings: [],
  });

  /** Commit what every file has parsed since the last commit, in one store session. */
  const commit = async (files: Followed[]): Promise<void> => {
    const dirty = files.filter(
      (f) =>
        f.pending.batches.length > 0 ||
        f.pending.problems.length > 0 ||
        f.stored === null ||
        f.stored.endOffset !== f.offset,
    );
    if (dirty.length === 0) return;
    const sink = await options.openSink();
    try {
      for (const f of dirty) {
        const identity = { ...(await identify({ path: f.path, size: f.offset })), size: f.offset };
        const file: NewFile = {
          identity,
          name: basename(f.path),
          format: f.format,
          source: findFormat(f.format)!.source,
          gzip: false,
          year: f.year,
          tz: options.tz ?? 'UTC',
          nameDate: nameDateOf(f.path),
          continues: f.stored,
          extend: f.stored !== null && f.stored.startOffset === f.startOffset,
          startOffset: f.stored?.endOffset ?? f.startOffset,
          firstLine: f.stored ? f.stored.lastLine + 1 : f.firstLine,
        };
        const writer = await sink.beginFile(file);
        const rows = f.pending.batches.reduce((n, b) => n + b.rows, 0);
        try {
          for (const batch of f.pending.batches) await writer.append(batch);
          await writer.quarantine(f.pending.problems);
          const summary = f.parser.summary;
          await writer.commit({
            rows,
            quarantined: f.pending.problems.length,
            recovered: 0,
            firstTs: summary.firstTs,
            lastTs: summary.lastTs,
            lastLine: f.nextLine - 1,
            endOffset: f.offset,
            warnings: [],
          });
        } catch (error) {
          await writer.abort();
          throw error;
        }
        f.pending = { batches: [], problems: [] };
        f.rows += rows;
        totalRows += rows;
        // Refresh what the store now holds for this file, so the next commit extends it.
        f.stored = (await sink.listFiles()).filter((s) => s.path === resolve(f.path)).pop() ?? null;
        if (rows > 0) options.onCommit?.({ file: f.path, rows, totalRows });
      }
    } finally {
      await sink.close();
    }
  };

  const start = async (path: string): Promise<Followed | null> => {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const head = await sniffFile({ path, size: info.size, gzip: false });
    const format = options.format ?? head;
    if (format === null) return null;
    // Continue after whatever a previous ingest of this very content stored.
    const sink = await options.openSink();
    let stored: StoredFile | null = null;
    try {
      const identity = await identify({ path, size: info.size });
      const match = await matchStored({ path, gzip: false }, identity, await sink.listFiles());
      if (match.kind !== 'new') stored = match.file;
    } finally {
      await sink.close();
    }
    const handle = await open(path, 'r');
    const offset = stored?.endOffset ?? 0;
    const nextLine = (stored?.lastLine ?? 0) + 1;
    const year = options.year ?? stored?.year ?? dateFromFileName(path)?.year ?? info.mtime.getUTCFullYear();
    const f: Followed = {
      path,
      ino: info.ino,
      handle,
      offset,
      nextLine,
      carry: Buffer.alloc(0),
      format,
      parser: undefined as unknown as FileParser,
      pending: { batches: [], problems: [] },
      stored,
      startOffset: stored?.startOffset ?? 0,
      firstLine: stored ? stored.lastLine + 1 : 1,
      year,
      rows: 0,
    };
    f.parser = new FileParser(
      {
        file: path,
        format,
        year,
        tz: options.tz ?? 'UTC',
        ...(options.formatOptions ? { options: options.formatOptions } : {}),
      },
      {
        batch: async (batch) => void f.pending.batches.push(batch),
        problems: (problems) => void f.pending.problems.push(...problems),
        progress: () => {},
      },
    );
    return f;
  };

  /** Read and parse whatever complete lines the handle has beyond the offset. */
  const drain = async (f: Followed): Promise<void> => {
    const buffer = Buffer.alloc(READ_BLOCK);
    for (;;) {
      const { bytesRead } = await f.handle.read(buffer, 0, READ_BLOCK, f.offset + f.carry.length);
      if (bytesRead === 0) break;
      const data = Buffer.concat([f.carry, buffer.subarray(0, bytesRead)]);
      const lastNewline = data.lastIndexOf(10);
      // Without a newline the bytes wait for the rest of their line — unless the line is already
      // past any sane length, then it is taken as it is (and quarantined as too long).
      if (lastNewline < 0 && data.length <= MAX_LINE_CHARS * 4) {
        f.carry = data;
        continue;
      }
      const consumed = lastNewline < 0 ? data.length : lastNewline + 1;
      f.carry = Buffer.from(data.subarray(consumed));
      if (f.parser.fastLane && lastNewline >= 0) {
        // Whole lines, as bytes, through the format's fast lane (a backlog reads at ingest speed).
        const bytes = data.subarray(0, consumed);
        await f.parser.pushBytes({ bytes, firstLine: f.nextLine, bytesRead: f.offset + consumed, overlong: false });
        f.nextLine = f.parser.summary.lastLine + 1;
      } else {
        const lines = data.subarray(0, consumed).toString('utf8').split('\n');
        if (lastNewline >= 0) lines.pop();
        await parseLines(f, lines, f.offset + consumed);
      }
      f.offset += consumed;
    }
    await f.parser.flush();
  };

  const parseLines = async (f: Followed, raw: string[], bytesRead: number): Promise<void> => {
    const flagged = new Map<number, 'too_long' | 'binary'>();
    const lines = raw.map((line, i) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text.length > MAX_LINE_CHARS) {
        flagged.set(i, 'too_long');
        return text.slice(0, MAX_LINE_CHARS);
      }
      if (text.includes('\0')) flagged.set(i, 'binary');
      return text;
    });
    await f.parser.push({ lines, firstLine: f.nextLine, bytesRead, flagged: flagged.size ? flagged : null });
    f.nextLine += lines.length;
  };

  /**
   * End one followed file: commit what it has, close it. A rotated-away file's unterminated last
   * line is final and is parsed; on stop it is left for the next run, whose writer may finish it.
   */
  const retire = async (f: Followed, rotated: boolean): Promise<void> => {
    await drain(f);
    if (rotated && f.carry.length > 0) {
      // The writer is gone (rotated/stopped): its last line will never get a newline.
      await parseLines(f, [f.carry.toString('utf8')], f.offset + f.carry.length);
      f.offset += f.carry.length;
      f.carry = Buffer.alloc(0);
    }
    await f.parser.finish();
    await commit([f]);
    await f.handle.close();
    finished.push(report(f));
  };

  while (!options.signal.aborted) {
    for (const path of await expandFollowPaths(options.paths)) {
      if (!followed.has(path)) {
        const f = await start(path);
        if (f) followed.set(path, f);
      }
    }
    for (const [path, f] of followed) {
      const info = await stat(path).catch(() => null);
      if (info === null || info.ino !== f.ino) {
        // Rotated: finish the old file through the handle we still hold, then take the new one.
        await retire(f, true);
        followed.delete(path);
        continue;
      }
      if (info.size < f.offset + f.carry.length) {
        // Truncated in place: what was read stays; the file starts over as new content.
        await retire(f, true);
        followed.delete(path);
        const fresh = await start(path);
        if (fresh) {
          fresh.offset = 0;
          fresh.nextLine = 1;
          fresh.stored = null;
          fresh.startOffset = 0;
          fresh.firstLine = 1;
          followed.set(path, fresh);
        }
        continue;
      }
      await drain(f);
    }
    await commit([...followed.values()]);
    await sleep(pollMs, options.signal);
  }
  for (const f of followed.values()) await retire(f, false);
  return finished;
}

async function expandFollowPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (info?.isDirectory()) out.push(...(await fg('**/*', { cwd: given, absolute: true, onlyFiles: true })));
    else if (info?.isFile()) out.push(resolve(given));
    else if (fg.isDynamicPattern(given)) out.push(...(await fg(given, { absolute: true, onlyFiles: true })));
    else out.push(resolve(given)); // not there yet: a sensor may create it
  }
  return [...new Set(out)].filter((p) => !/(^|\/)(idsift\.config\.json|truth\.json)$|\.duckdb(\.wal)?$|\.gz$/.test(p));
}

function nameDateOf(path: string): string | null {
  const d = dateFromFileName(path);
  return d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolvePromise) => {
    const timer = setTimeout(resolvePromise, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolvePromise();
    });
  });
}
