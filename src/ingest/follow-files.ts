/**
 * `idsift ingest --follow`: keep reading log files as sensors append to them.
 *
 * Every poll, each followed file is read to its end through the one reading path (bytes →
 * `LineFeeder` → `FileParser`, kept alive across polls, so a record may be cut anywhere between
 * two writes) and what it completed is committed, in one short store session for all files.
 * Rotation: a file renamed inside a followed folder is followed on under its new name; one renamed
 * out of view is read to its end once through the handle still open, and the new file at the path
 * is read from its start. A file truncated or rewritten in place is finished and starts over as
 * new content. A store held by another command is waited for (said once); nothing read is lost
 * and a re-run continues exactly where the last commit stopped.
 */
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import fg from 'fast-glob';
import { UserError } from '../core/errors.js';
import { dateFromFileName, ZoneClock } from '../core/time.js';
import { identify, matchStored, readBytes } from './file-identity.js';
import { findFormat } from './formats/registry.js';
import type { FileReport } from './ingest-files.js';
import type { IngestSink, StoredFile } from './ingest-sink.js';
import { sniffBytes, SNIFF_BYTES } from './sniff-file.js';
import { TailedFile } from './tailed-file.js';

export interface FollowOptions {
  paths: readonly string[];
  format?: string;
  year?: number;
  tz?: string;
  formatOptions?: Record<string, string>;
  /** Sanitised address prefixes the config names (`textPrefixesOf`); `MY.NET` is always one. */
  textPrefixes?: string[];
  /** How often files are checked (default 250 ms). */
  pollMs?: number;
  /** Stops following; everything read so far is committed. */
  signal: AbortSignal;
  /** Opens the store for one commit; the follower closes it right after. */
  openSink: () => Promise<IngestSink & { close(): Promise<void> }>;
  onCommit?: (info: { file: string; rows: number; totalRows: number }) => void;
  /** Things the user should know once (the store is busy and is being waited for; a `.gz` is not followed). */
  onNotice?: (message: string) => void;
  /** After each poll (tests count them). */
  onPoll?: () => void;
}

/** Follow until the signal; returns what each file added. */
export async function followFiles(options: FollowOptions): Promise<FileReport[]> {
  const follower = new Follower(options);
  while (!options.signal.aborted) {
    await follower.poll();
    options.onPoll?.();
    await sleep(options.pollMs ?? 250, options.signal);
  }
  return follower.stop();
}

/** The follower's state between polls; `poll` and `stop` are all there is to drive it (tests step it). */
export class Follower {
  private readonly tailed = new Map<string, TailedFile>();
  /** Finished files (rotated away, rewritten) whose last commit may still be waiting for the store. */
  private retiring: TailedFile[] = [];
  private readonly finished: FileReport[] = [];
  private totalRows = 0;
  private busySaid = false;
  /** Compressed files already said to be left alone. */
  private readonly compressedSaid = new Set<string>();

  constructor(private readonly options: FollowOptions) {
    if (options.format !== undefined && !findFormat(options.format))
      throw new UserError(`unknown format "${options.format}"`);
    new ZoneClock(options.tz ?? 'UTC');
  }

  /** One poll: read every file, notice rotation and truncation, commit, pick up new files. */
  async poll(): Promise<void> {
    const present = new Map<string, number>();
    const { paths, compressed } = await expandFollowPaths(this.options.paths);
    this.sayCompressed(compressed);
    for (const path of paths) {
      const info = await stat(path).catch(() => null);
      if (info?.isFile()) present.set(path, info.ino);
    }
    const pathOf = new Map([...present].map(([path, ino]) => [ino, path]));
    for (const [path, f] of [...this.tailed]) {
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && info.ino === f.ino) {
        if (await f.rewritten(info.size)) await this.retire(f, false);
        else await f.read();
        continue;
      }
      const moved = pathOf.get(f.ino);
      if (moved !== undefined && !this.tailed.has(moved)) {
        // Renamed within what is followed (logrotate's alert → alert.1): the same file, read on.
        this.tailed.delete(path);
        f.path = moved;
        this.tailed.set(moved, f);
        await f.read();
      } else await this.retire(f, true);
    }
    const followedInodes = new Set([...this.tailed.values()].map((f) => f.ino));
    // New files whose format is known (given, or sniffed from what they hold so far); the rest are
    // looked at again next poll, without opening the store for them.
    const fresh: [string, number, string][] = [];
    for (const [path, ino] of present) {
      if (this.tailed.has(path) || followedInodes.has(ino)) continue;
      const size = (await stat(path).catch(() => null))?.size ?? 0;
      const format = this.options.format ?? (await sniffWholeLines(path, size));
      if (format !== null) fresh.push([path, ino, format]);
    }
    await this.withStore(fresh.length > 0, async (sink) => {
      await this.commitAll(sink);
      const stored = fresh.length > 0 ? await sink.listFiles() : [];
      for (const [path, ino, format] of fresh) {
        const f = await this.start(path, ino, format, stored);
        if (!f) continue;
        this.tailed.set(path, f);
        await f.read();
      }
      await this.commitAll(sink);
    });
  }

  /**
   * A `.gz` is not followed (a compressed file is not appended to; logrotate's `alert.1.gz` holds
   * what was already read as `alert.1`), but one that holds new content would otherwise be missed
   * without a word: each is named once, with the command that reads it.
   */
  private sayCompressed(compressed: readonly string[]): void {
    for (const path of compressed) {
      if (this.compressedSaid.has(path)) continue;
      this.compressedSaid.add(path);
      this.options.onNotice?.(
        `${path}: compressed files are not followed; read it with idsift ingest (content already stored is skipped)`,
      );
    }
  }

  /** Commit what is complete and close every file; waits for a busy store (nothing is dropped). */
  async stop(): Promise<FileReport[]> {
    for (const f of this.tailed.values()) await f.read();
    while (!(await this.withStore(false, (sink) => this.commitAll(sink)))) await sleep(250);
    for (const f of [...this.tailed.values(), ...this.retiring]) {
      await f.close();
      this.finished.push(f.report());
    }
    this.tailed.clear();
    this.retiring = [];
    return this.finished;
  }

  /**
   * A file whose writer is gone: finished (renamed away: read to its end through the open handle
   * first; rewritten in place: as it was read, the path's new content starts over as a new file),
   * committed once more, then closed.
   */
  private async retire(f: TailedFile, readToEnd: boolean): Promise<void> {
    this.tailed.delete(f.path);
    await f.end(readToEnd);
    this.retiring.push(f);
  }

  private async commitAll(sink: IngestSink): Promise<void> {
    for (const f of [...this.tailed.values(), ...this.retiring]) {
      if (!f.dirty) continue;
      const rows = await f.commit(sink);
      this.totalRows += rows;
      if (rows > 0) this.options.onCommit?.({ file: f.path, rows, totalRows: this.totalRows });
    }
    for (const f of this.retiring) {
      await f.close();
      this.finished.push(f.report());
    }
    this.retiring = [];
  }

  /**
   * Run `work` in one store session when there is anything to store. A store another command
   * holds past the open's own wait is not an error: the poll's work waits for the next poll.
   * Returns false when the store was busy.
   */
  private async withStore(force: boolean, work: (sink: IngestSink) => Promise<void>): Promise<boolean> {
    const dirty = this.retiring.length > 0 || [...this.tailed.values()].some((f) => f.dirty);
    if (!dirty && !force) return true;
    let sink: IngestSink & { close(): Promise<void> };
    try {
      sink = await this.options.openSink();
    } catch (error) {
      if (!/lock/i.test((error as Error).message)) throw error;
      if (!this.busySaid) {
        this.busySaid = true;
        this.options.onNotice?.(
          'the store is busy (another idsift command holds it): waiting, and retrying every poll — nothing read is lost',
        );
      }
      return false;
    }
    try {
      await work(sink);
    } finally {
      await sink.close();
    }
    return true;
  }

  /** Start following a file, after whatever the store already holds of its content. */
  private async start(path: string, ino: number, format: string, stored: StoredFile[]): Promise<TailedFile | null> {
    const handle = await open(path, 'r').catch(() => null);
    if (!handle) return null;
    try {
      const info = await handle.stat();
      // A file replaced between the listing and the open is picked up at the next poll.
      if (info.ino !== ino) throw new Error('replaced');
      const identity = await identify({ path, size: info.size });
      const match = await matchStored({ path, size: info.size }, identity, stored);
      const continues = match.kind === 'new' ? null : match.file;
      const nameDate = dateFromFileName(path);
      const year = this.options.year ?? continues?.year ?? nameDate?.year ?? info.mtime.getUTCFullYear();
      return new TailedFile({
        path,
        ino,
        handle,
        stored: continues,
        nameDate: nameDate
          ? `${nameDate.year}-${String(nameDate.month).padStart(2, '0')}-${String(nameDate.day).padStart(2, '0')}`
          : null,
        job: {
          file: path,
          format,
          year,
          tz: this.options.tz ?? 'UTC',
          ...(this.options.formatOptions ? { options: this.options.formatOptions } : {}),
          ...(this.options.textPrefixes ? { textPrefixes: this.options.textPrefixes } : {}),
        },
      });
    } catch {
      await handle.close();
      return null;
    }
  }
}

/**
 * The format of a file being written, from its complete lines only: a sensor's half-written first
 * line ("08" of "08/02/2014-…") can look like another format, and a wrong guess would be final.
 */
async function sniffWholeLines(path: string, size: number): Promise<string | null> {
  const head = await readBytes(path, 0, Math.min(size, SNIFF_BYTES));
  const end = head.lastIndexOf(10);
  return end < 0 ? null : sniffBytes(head.subarray(0, end + 1));
}

/** The files to follow under the given paths, and the compressed ones among them (not followed). */
async function expandFollowPaths(paths: readonly string[]): Promise<{ paths: string[]; compressed: string[] }> {
  const out: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (info?.isDirectory()) out.push(...(await fg('**/*', { cwd: given, absolute: true, onlyFiles: true })));
    else if (info?.isFile()) out.push(resolve(given));
    else if (fg.isDynamicPattern(given)) out.push(...(await fg(given, { absolute: true, onlyFiles: true })));
    else out.push(resolve(given)); // not there yet: a sensor may create it
  }
  const all = [...new Set(out)].filter((p) => !/(^|\/)(idsift\.config\.json|truth\.json)$|\.duckdb(\.wal)?$/.test(p));
  return { paths: all.filter((p) => !p.endsWith('.gz')), compressed: all.filter((p) => p.endsWith('.gz')) };
}

/** Resolves after `ms`, or at once when the signal fires; leaves no listener behind either way. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolvePromise) => {
    if (signal?.aborted) return resolvePromise();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolvePromise();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
