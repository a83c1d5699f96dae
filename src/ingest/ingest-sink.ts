/**
 * What ingest needs from wherever events go: the files already there (to skip or continue them)
 * and an atomic writer per file. Stores implement it; ingest knows nothing else about them.
 */
import type { EventBatch } from '../core/event-columns.js';
import type { Problem } from '../core/problem.js';

/** What a file is, as ingest identifies it before reading it through. */
export interface FileIdentity {
  path: string;
  /** sha-256 of the first MiB of the raw bytes. */
  headHash: string;
  /** sha-256 of the last MiB of the raw bytes read. */
  tailHash: string;
  size: number;
}

/** Integrity findings and counts, kept per ingested file (segment). */
export interface FileStats {
  rows: number;
  quarantined: number;
  recovered: number;
  /** Epoch microseconds, or null when no event had a timestamp. */
  firstTs: number | null;
  lastTs: number | null;
  /** Last line number read. */
  lastLine: number;
  /** Bytes of the raw file consumed (end offset). */
  endOffset: number;
  warnings: string[];
}

export interface NewFile {
  identity: FileIdentity;
  name: string;
  format: string;
  source: string;
  gzip: boolean;
  year: number;
  tz: string;
  /** The date the file name claims (YYYY-MM-DD), if any. */
  nameDate: string | null;
  /** For a grown file: the stored segment it continues, and where it starts. */
  continues: StoredFile | null;
  /**
   * Extend the continued segment in place (same file id, counts added) instead of adding a new
   * segment: `ingest --follow` commits every second and would otherwise add a segment each time.
   */
  extend?: boolean;
  startOffset: number;
  firstLine: number;
}

export interface StoredFile {
  id: number;
  /** The first segment's id: a grown file's segments share it. */
  rootId: number;
  path: string;
  name: string;
  format: string;
  source: string;
  size: number;
  gzip: boolean;
  headHash: string;
  tailHash: string;
  startOffset: number;
  endOffset: number;
  lastLine: number;
  rows: number;
  quarantined: number;
  recovered: number;
  firstTs: number | null;
  lastTs: number | null;
  year: number;
  nameDate: string | null;
  warnings: string[];
  ingestedAt: string;
}

/** Writes one file atomically: nothing of it is visible until `commit`, and `abort` leaves no trace. */
export interface FileWriter {
  readonly fileId: number;
  /** Append a batch whose dictionary ids are local to this file's parser. */
  append(batch: EventBatch): Promise<void>;
  quarantine(problems: readonly Problem[]): Promise<void>;
  commit(stats: FileStats): Promise<void>;
  abort(): Promise<void>;
}

export interface IngestSink {
  /** Files (segments) ingested so far, oldest first. */
  listFiles(): Promise<StoredFile[]>;
  beginFile(file: NewFile): Promise<FileWriter>;
}
