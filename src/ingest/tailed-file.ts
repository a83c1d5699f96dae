/**
 * One file `ingest --follow` keeps reading: its open handle (which keeps reading the same file
 * after a rename), the one reading path (`LineFeeder` → `FileParser`) kept alive across polls, and
 * what it parsed but has not committed yet. A commit stores everything before the resume point
 * (the last whole line, or the start of a multi-line record still open), so a follower stopped at
 * any moment and started again repeats nothing and misses nothing.
 */
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EventBatch } from '../core/event-columns.js';
import type { Problem } from '../core/problem.js';
import { isoFromMicros } from '../core/time.js';
import { sha256 } from './file-identity.js';
import { findFormat } from './formats/registry.js';
import type { FileReport } from './ingest-files.js';
import type { FileIdentity, IngestSink, NewFile, StoredFile } from './ingest-sink.js';
import { integrityWarnings, NO_EVENTS } from './integrity-warnings.js';
import { LineFeeder } from './line-feeder.js';
import { FileParser, type ParseJob, type ParseSummary } from './parse-file.js';

const READ_BLOCK = 1 << 20;
const MIB = 1 << 20;
/** Bytes before the read position kept to notice a file rewritten in place (truncated and refilled). */
const TAIL_CHECK_BYTES = 64;
/**
 * The file's first bytes, kept for the same check: a log's records repeat (oos dumps end every
 * record with the same separator line), so a refill can hold the very same bytes before the old
 * read position, while its head — the first record's timestamp — differs.
 */
const HEAD_CHECK_BYTES = 4096;

export interface TailedFileStart {
  path: string;
  ino: number;
  handle: FileHandle;
  job: ParseJob;
  /** The stored segment this file continues (its commits extend it), or null for new content. */
  stored: StoredFile | null;
  nameDate: string | null;
}

export class TailedFile {
  /** Where the file is now (a file renamed inside a followed folder is followed under its new name). */
  path: string;
  readonly ino: number;
  /** The path it was first stored under (the store keeps that name). */
  private readonly storedPath: string;
  private readonly handle: FileHandle;
  private readonly feeder: LineFeeder;
  private readonly job: ParseJob;
  private readonly nameDate: string | null;
  private stored: StoredFile | null;
  private batches: EventBatch[] = [];
  private problems: Problem[] = [];
  /**
   * Every dictionary entry the parser handed over in committed batches. A batch carries only the
   * entries new since the parser's last batch, and each commit has a new writer (a new store
   * session): its first batch must teach it the earlier ones too, or their ids mean nothing
   * (which stored appended lines with an empty event name and no source address).
   */
  private readonly knownStrings: string[] = [];
  private readonly knownAddresses: string[] = [];
  private readonly startOffset: number;
  private readonly firstLine: number;
  private lastBytes: Buffer = Buffer.alloc(0);
  private headBytes: Buffer = Buffer.alloc(0);
  /** Identities of the content up to the resume point and up to the read position, as read. */
  private identities = new Map<number, FileIdentity>();
  /** The writer is gone (rotated away, rewritten): the last line is final, the open record too. */
  private ended = false;
  /** A commit was made since the writer went: what only an ended file states is stored. */
  private endStored = false;
  /** The parser's figures once the file ended: only these have the longest gap and the damage. */
  private finalSummary: ParseSummary | null = null;
  private rows = 0;
  private quarantined = 0;
  private recovered = 0;
  /** The warnings earlier runs stored for the segment this file continues, and its rows then. */
  private earlierWarnings: string[];
  private readonly earlierRows: number;
  /** The integrity warnings of the last commit (what `idsift files` shows for the file). */
  private warnings: string[] = [];

  constructor(start: TailedFileStart) {
    this.path = start.path;
    this.storedPath = start.path;
    this.ino = start.ino;
    this.handle = start.handle;
    this.job = start.job;
    this.nameDate = start.nameDate;
    this.stored = start.stored;
    this.startOffset = start.stored?.endOffset ?? 0;
    this.firstLine = (start.stored?.lastLine ?? 0) + 1;
    this.earlierWarnings = start.stored?.warnings ?? [];
    this.earlierRows = start.stored?.rows ?? 0;
    const parser = new FileParser(start.job, {
      batch: async (batch) => void this.batches.push(batch),
      problems: (problems) => void this.problems.push(...problems),
      progress: () => {},
    });
    this.feeder = new LineFeeder(parser, { start: this.startOffset, firstLine: this.firstLine });
  }

  /** Read and parse whatever the file has beyond what was read (an unfinished last line waits). */
  async read(): Promise<void> {
    if (this.ended) return;
    for (;;) {
      const { size } = await this.handle.stat();
      const want = Math.min(READ_BLOCK, size - this.feeder.written);
      if (want <= 0) break;
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.handle.read(buffer, 0, want, this.feeder.written);
      if (bytesRead === 0) break;
      await this.feeder.write(buffer.subarray(0, bytesRead));
    }
    await this.feeder.parser.flush();
    const at = this.feeder.written;
    const from = Math.max(0, at - TAIL_CHECK_BYTES);
    this.lastBytes = await this.readAt(from, at - from);
    if (this.headBytes.length < HEAD_CHECK_BYTES) this.headBytes = await this.readAt(0, Math.min(at, HEAD_CHECK_BYTES));
    // Measured now, while the bytes under the handle are the ones parsed: a file rewritten in
    // place before the next commit no longer holds them.
    const keep = new Map<number, FileIdentity>();
    for (const offset of new Set([this.feeder.resumePoint().offset, at])) {
      keep.set(offset, this.identities.get(offset) ?? (await this.identityUpTo(offset)));
    }
    this.identities = keep;
  }

  /** Whether the file was truncated or rewritten in place under what was read. */
  async rewritten(size: number): Promise<boolean> {
    const at = this.feeder.written;
    if (size < at) return true;
    const from = Math.max(0, at - TAIL_CHECK_BYTES);
    if (!(await this.readAt(from, at - from)).equals(this.lastBytes)) return true;
    return !(await this.readAt(0, this.headBytes.length)).equals(this.headBytes);
  }

  /**
   * Its writer is gone: read to the end (unless the bytes under the handle are no longer this
   * file's: rewritten in place), take the unfinished last line and the open record as final.
   */
  async end(readToEnd: boolean): Promise<void> {
    if (this.ended) return;
    if (readToEnd) await this.read();
    this.ended = true;
    await this.feeder.endLine();
    this.finalSummary = await this.feeder.parser.finish();
  }

  /** Anything to store: rows, problems, or a position the store does not know yet. */
  get dirty(): boolean {
    return (
      this.batches.length > 0 ||
      this.committable().length > 0 ||
      this.stored === null ||
      this.stored.endOffset !== this.resumePoint().offset ||
      (this.ended && !this.endStored)
    );
  }

  /** Store what was parsed up to the resume point, in one transaction; returns the rows stored. */
  async commit(sink: IngestSink): Promise<number> {
    const resume = this.resumePoint();
    const problems = this.committable();
    const summary = this.feeder.parser.summary;
    const format = findFormat(this.job.format)!;
    const warnings = this.integrityWarnings();
    const file: NewFile = {
      identity: this.identities.get(resume.offset) ?? (await this.identityUpTo(resume.offset)),
      name: basename(this.storedPath),
      format: format.name,
      source: format.source,
      gzip: false,
      year: this.job.year,
      tz: this.job.tz,
      nameDate: this.nameDate,
      // The store adds the warnings it is given to those of the segment continued: given only
      // what earlier runs stored, this run's figures (cumulative) replace its own earlier ones.
      continues: this.stored ? { ...this.stored, warnings: this.earlierWarnings } : null,
      extend: this.stored !== null,
      startOffset: this.stored?.endOffset ?? this.startOffset,
      firstLine: this.stored ? this.stored.lastLine + 1 : this.firstLine,
    };
    const batches = this.batches;
    const fresh = batches.map((b) => ({ strings: b.newStrings, addresses: b.newAddresses }));
    if (batches.length > 0) {
      batches[0]!.newStrings = [...this.knownStrings, ...batches[0]!.newStrings];
      batches[0]!.newAddresses = [...this.knownAddresses, ...batches[0]!.newAddresses];
    }
    const rows = batches.reduce((n, b) => n + b.rows, 0);
    const recovered = summary.recovered - this.recovered;
    const writer = await sink.beginFile(file);
    try {
      for (const batch of batches) await writer.append(batch);
      await writer.quarantine(problems);
      await writer.commit({
        rows,
        quarantined: problems.length,
        recovered,
        firstTs: summary.firstTs,
        lastTs: summary.lastTs,
        lastLine: resume.line - 1,
        endOffset: resume.offset,
        warnings,
      });
    } catch (error) {
      await writer.abort();
      throw error;
    }
    for (const f of fresh) {
      for (const s of f.strings) this.knownStrings.push(s);
      for (const a of f.addresses) this.knownAddresses.push(a);
    }
    this.batches = [];
    this.problems = this.problems.filter((p) => p.line >= resume.line);
    this.rows += rows;
    this.quarantined += problems.length;
    this.recovered += recovered;
    this.warnings = [...new Set([...this.earlierWarnings, ...warnings])];
    this.endStored = this.ended;
    this.stored = (await sink.listFiles()).find((s) => s.id === writer.fileId) ?? null;
    return rows;
  }

  report(): FileReport {
    const summary = this.feeder.parser.summary;
    return {
      file: this.storedPath,
      format: this.job.format,
      status: 'ingested',
      rows: this.rows,
      quarantined: this.quarantined,
      recovered: this.recovered,
      first_ts: summary.firstTs === null ? null : isoFromMicros(summary.firstTs),
      last_ts: summary.lastTs === null ? null : isoFromMicros(summary.lastTs),
      warnings: this.warnings,
    };
  }

  /**
   * The integrity warnings a batch ingest of what was read states (`integrityWarnings`), from the
   * parser's figures for this run (the longest gap and damage only once the file ended). A file still being written that has no event yet is not a
   * finding: that is said once its writer is gone and the file never held one (earlier runs' rows
   * included), and an earlier run's "none" is dropped once events arrive.
   */
  private integrityWarnings(): string[] {
    const summary = this.finalSummary ?? this.feeder.parser.summary;
    const none = this.earlierRows + summary.rows === 0;
    if (!none) this.earlierWarnings = this.earlierWarnings.filter((w) => w !== NO_EVENTS);
    return integrityWarnings(summary, this.nameDate).filter((w) => w !== NO_EVENTS || (none && this.ended));
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  private resumePoint(): { offset: number; line: number } {
    if (this.ended) return { offset: this.feeder.written, line: this.feeder.parser.summary.lastLine + 1 };
    return this.feeder.resumePoint();
  }

  /**
   * Problems found before the resume point. Those after it (a binary line inside a record still
   * open) wait: a follower started from the resume point would find them again.
   */
  private committable(): Problem[] {
    const line = this.resumePoint().line;
    return this.problems.filter((p) => p.line < line);
  }

  /** The identity of the bytes [0, end), read through the handle (right even after a rename). */
  private async identityUpTo(end: number): Promise<FileIdentity> {
    const head = await this.readAt(0, Math.min(MIB, end));
    const tailStart = Math.max(0, end - MIB);
    const tail = tailStart === 0 ? head : await this.readAt(tailStart, end - tailStart);
    return { path: this.storedPath, size: end, headHash: sha256(head), tailHash: sha256(tail) };
  }

  private async readAt(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }
}
