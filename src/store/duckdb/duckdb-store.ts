/**
 * The embedded store: one DuckDB file. Bulk loads are in duckdb-event-load.ts: DuckDB pulls core
 * rows straight from the batches' typed arrays on all its threads; detail rows use an Appender.
 */
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBValue,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressBook, type AddressBookConfig } from '../../core/address-book.js';
import { parseStoredAddressConfig } from '../../core/config.js';
import { isoFromMicrosExact } from '../../core/time.js';
import { parseAddress } from '../../core/address.js';
import { StoreError, UserError } from '../../core/errors.js';
import { EVENT_COLUMNS, type EventBatch } from '../../core/event-columns.js';
import type { Problem } from '../../core/problem.js';
import type { FileStats, FileWriter, NewFile, StoredFile } from '../../ingest/ingest-sink.js';
import type { Sql } from '../sql.js';
import { COLUMN_ARRAYS, type ColumnKind, type NumericColumns, type Row, type SqlValue, type Store } from '../store.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { duckdbRuleTableDdl, hasDuckDBRuleTables, replaceDuckDBRuleFile } from './duckdb-rule-tables.js';
import type { RuleFileRows } from '../rule-tables.js';
import { CoreFeeds, EventLoader } from './duckdb-event-load.js';
import { countEventsSql, migrateFromSchema1, SCHEMA_VERSION, schemaStatements } from './duckdb-schema.js';
import { readSavedAddressBook } from '../saved-address-book.js';
import { storedFileOf } from '../stored-file-row.js';

/** DuckDB's memory budget unless `IDSIFT_DUCKDB_MEMORY` says otherwise (e.g. `2GB`). */
const DEFAULT_MEMORY_LIMIT = '512MB';
/**
 * The budget while files load (unless `IDSIFT_DUCKDB_MEMORY` is set): loading gains nothing from
 * more, and with 512 MB ingest's peak RSS grew with the input (1.0 GB for 1.36 GB of logs) where
 * with 256 MB it stays near 700 MB (measured up to 2 GB of logs, at the same speed).
 */
const INGEST_MEMORY_LIMIT = '256MB';

/**
 * The most disk a store's spilling may take unless `IDSIFT_DUCKDB_TEMP_MAX` says otherwise (e.g.
 * `20GB`). DuckDB's own default is 90% of the free space: one `ORDER BY` could fill the disk.
 */
const DEFAULT_TEMP_MAX = '4GB';

/** Dictionaries of stores this process opened, by path (see loadDictionaries). */
const DICTIONARY_CACHE = new Map<string, { strings: Map<string, number>; addresses: Map<string, number> }>();

export interface DuckDBStoreOptions {
  /** Open read-only with no file or network access from SQL (for user SQL). */
  readOnly?: boolean;
  /** Refuse to create the file: only ingest (and demo) make new stores. */
  mustExist?: boolean;
  /** How long to wait for another process's lock on the file (default 5 s). */
  lockWaitMs?: number;
  /** Stop (interrupt) any one `all`/`run` statement that runs longer than this; none by default. */
  queryTimeoutMs?: number;
  /** Quarantine rows stored per file write at most (default MAX_QUARANTINE_ROWS); the rest are counted. */
  maxQuarantineRows?: number;
}

/**
 * Quarantine rows kept per file write. Past it problems are counted (the file's `quarantined`) and
 * summed up in one last row, not stored one by one: DuckDB holds a transaction's rows until it
 * commits, and 20 M garbage lines exhausted its memory limit inside the one transaction.
 */
export const MAX_QUARANTINE_ROWS = 1_000_000;

export class DuckDBStore implements Store {
  readonly backend = 'duckdb' as const;
  readonly dialect = duckdbDialect;
  private strings: Map<string, number> | null = null;
  private addresses: Map<string, number> | null = null;
  private book: AddressBook = new AddressBook();
  private nextFileId = 1;
  private pendingStrings: [number, string][] = [];
  private pendingAddresses: [number, string][] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly feeds = new CoreFeeds({
    query: process.env.IDSIFT_DUCKDB_MEMORY ?? DEFAULT_MEMORY_LIMIT,
    ingest: process.env.IDSIFT_DUCKDB_MEMORY ?? INGEST_MEMORY_LIMIT,
  });

  /** See DuckDBStoreOptions.maxQuarantineRows. */
  maxQuarantineRows = MAX_QUARANTINE_ROWS;
  /** Whether `event_counts` is used: every writable store after `migrate`; a read-only one whose counts add up. */
  keepsEventCounts = false;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly readOnly: boolean,
    private readonly tempDir: string,
    private readonly queryTimeoutMs: number | undefined,
  ) {}

  static async open(path: string, options: DuckDBStoreOptions = {}): Promise<DuckDBStore> {
    const readOnly = options.readOnly ?? false;
    const maxQuarantineRows = options.maxQuarantineRows;
    if ((readOnly || options.mustExist) && path !== ':memory:' && !existsSync(path)) {
      throw new UserError(`no store at ${path}; create it with idsift ingest`);
    }
    // DuckDB would otherwise let its buffers grow to most of the machine's memory; with a limit,
    // large loads spill to the database file instead and ingest stays within its memory budget.
    // Spilling goes to a folder of this run's own under the system temp folder, capped, and removed
    // on close: DuckDB's default is `<store>.tmp` beside the store, uncapped (169 MB for one ORDER BY).
    const tempDir = mkdtempSync(join(tmpdir(), 'idsift-duckdb-'));
    const memory = {
      memory_limit: process.env.IDSIFT_DUCKDB_MEMORY ?? DEFAULT_MEMORY_LIMIT,
      temp_directory: tempDir,
      max_temp_directory_size: process.env.IDSIFT_DUCKDB_TEMP_MAX ?? DEFAULT_TEMP_MAX,
    };
    const config: Record<string, string> = readOnly
      ? { ...memory, access_mode: 'READ_ONLY', enable_external_access: 'false', lock_configuration: 'true' }
      : memory;
    // The file itself, not a symbolic link to it: DuckDB puts the write-ahead log beside the file
    // the link points to, and read-only (external access off) it may open only the path it was given.
    const file = path !== ':memory:' && existsSync(path) ? realpathSync(path) : path;
    let instance: DuckDBInstance | undefined;
    // Another idsift process (`ingest --follow` committing, say) may hold the file for a moment.
    const deadline = Date.now() + (options.lockWaitMs ?? 5000);
    for (;;) {
      try {
        instance = await DuckDBInstance.create(file, config);
        break;
      } catch (cause) {
        const message = firstLine(cause);
        if (/lock/i.test(message) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        rmSync(tempDir, { recursive: true, force: true });
        throw new UserError(`cannot open store ${path}: ${message}`, { cause });
      }
    }
    const conn = await instance.connect();
    const store = new DuckDBStore(path, instance, conn, readOnly, tempDir, options.queryTimeoutMs);
    if (maxQuarantineRows !== undefined) store.maxQuarantineRows = maxQuarantineRows;
    // Read-only, counts that are missing or do not add up are not used: the analyses count events.
    if (readOnly)
      store.keepsEventCounts = (await store.tableNames()).has('event_counts') && (await store.countsAddUp());
    else {
      try {
        await store.migrate();
      } catch (error) {
        // Not handed to the caller, so closed here: the spill folder must not outlive the open.
        await store.close();
        throw error;
      }
      store.feeds.register(conn);
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const tables = await this.tableNames();
    // One transaction: a store is never left half migrated, nor with events its counts miss.
    await this.conn.run('BEGIN TRANSACTION');
    // A store written before events were split into core and detail tables (schema 1).
    if (tables.has('events_raw')) for (const sql of migrateFromSchema1()) await this.conn.run(sql);
    for (const sql of schemaStatements()) await this.conn.run(sql);
    // Counts that do not add up to the events are made again: a store from before they were kept
    // (schemas 1 and 2), or one an older idsift has ingested into since.
    if (!(await this.countsAddUp())) {
      await this.conn.run('DELETE FROM event_counts');
      await this.conn.run(countEventsSql('true'));
    }
    await this.conn.run(`INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)`, [SCHEMA_VERSION]);
    await this.conn.run(`UPDATE meta SET value = ? WHERE key = 'schema_version' AND value <> ?`, [
      SCHEMA_VERSION,
      SCHEMA_VERSION,
    ]);
    await this.conn.run('COMMIT');
    this.keepsEventCounts = true;
    const [row] = await this.all<{ next: number }>('SELECT coalesce(max(id), 0) + 1 AS next FROM files');
    this.nextFileId = row!.next;
  }

  /** Whether `event_counts` sums to the number of stored events (7 ms on ten million). */
  private async countsAddUp(): Promise<boolean> {
    const [row] = await this.all<{ ok: boolean }>(
      `SELECT (SELECT coalesce(sum(n), 0) FROM event_counts) = (SELECT count(*) FROM events_core) AS ok`,
    );
    return row!.ok === true;
  }

  /** The store's own tables (not views, not temporary ones). */
  private async tableNames(): Promise<Set<string>> {
    const rows = await this.all<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary`,
    );
    return new Set(rows.map((r) => r.name));
  }

  async query<T extends Row = Row>(query: Sql): Promise<T[]> {
    return this.all<T>(query.text, query.params);
  }

  async all<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const reader = await this.underTimeout(sql, 'query', () => this.conn.runAndReadAll(sql, params as DuckDBValue[]));
    return reader.getRowObjects().map((r) => toPlainRow(r) as T);
  }

  async numericColumns<S extends Record<string, ColumnKind>>(
    query: Sql,
    kinds: S,
  ): Promise<{ rows: number; columns: NumericColumns<S> }> {
    const result = await this.underTimeout(query.text, 'query', () =>
      this.conn.run(query.text, query.params as DuckDBValue[]),
    );
    const names = Object.keys(kinds);
    if (result.columnCount !== names.length)
      throw new StoreError(`numericColumns: the query selects ${result.columnCount} columns, not ${names.length}`);
    names.forEach((name, k) => {
      const want = { int32: DuckDBTypeId.INTEGER, uint32: DuckDBTypeId.UINTEGER, float64: DuckDBTypeId.DOUBLE }[
        kinds[name]!
      ];
      if (result.columnTypeId(k) !== want)
        throw new StoreError(
          `numericColumns: column ${name} is ${result.columnType(k).toString()}, not ${kinds[name]}`,
        );
    });
    const rows = Number(result.rowCount);
    const arrays = names.map((name) => newColumn(kinds[name]!, rows));
    // Each chunk's column bytes copied whole (the values are little-endian, as typed arrays here).
    let at = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c).chunk;
      const size = duckdb.data_chunk_get_size(chunk);
      arrays.forEach((array, k) => {
        const vector = duckdb.data_chunk_get_vector(chunk, k);
        // No mask means no null; with one, a null is refused rather than read as 0.
        const valid = duckdb.vector_get_validity(vector, Math.ceil(size / 64) * 8) as Uint8Array | null;
        for (let r = 0; valid !== null && r < size; r++)
          if ((valid[r >> 3]! & (1 << (r & 7))) === 0)
            throw new StoreError(`numericColumns: column ${names[k]} has a null`);
        const bytes = duckdb.vector_get_data(vector, size * array.BYTES_PER_ELEMENT);
        array.set(newColumn(kinds[names[k]!]!, size, bytes), at);
      });
      at += size;
    }
    return { rows, columns: Object.fromEntries(names.map((name, k) => [name, arrays[k]])) as NumericColumns<S> };
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.underTimeout(sql, 'statement', () => this.conn.run(sql, params as DuckDBValue[]));
  }

  /**
   * Run one statement; past the timeout, interrupt the connection (DuckDB runs the query off the
   * event loop, so the timer fires) and report the limit rather than DuckDB's "Interrupted!".
   */
  private async underTimeout<T>(sql: string, what: string, work: () => Promise<T>): Promise<T> {
    let timedOut = false;
    const timer =
      this.queryTimeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            this.conn.interrupt();
          }, this.queryTimeoutMs);
    try {
      return await work();
    } catch (cause) {
      if (timedOut) {
        const seconds = this.queryTimeoutMs! / 1000;
        throw new StoreError(`${what} stopped after ${seconds} s (the --timeout limit)`, sql, { cause });
      }
      throw new StoreError(`${what} failed: ${firstLine(cause)}`, sql, { cause });
    } finally {
      clearTimeout(timer);
    }
  }

  async prepareRuleTables(): Promise<void> {
    for (const sql of duckdbRuleTableDdl()) await this.run(sql);
  }

  hasRuleTables(): Promise<boolean> {
    return hasDuckDBRuleTables(this);
  }

  replaceRuleFile(path: string, rows: RuleFileRows): Promise<void> {
    return replaceDuckDBRuleFile(this, path, rows);
  }

  async listFiles(): Promise<StoredFile[]> {
    const rows = await this.all(
      `SELECT id, root_id, path, name, format, source, size, gzip, head_hash, tail_hash, start_offset, end_offset,
        last_line, rows, quarantined, recovered, epoch_us(first_ts) AS first_ts, epoch_us(last_ts) AS last_ts, year,
        name_date, warnings, strftime(ingested_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ingested_at
       FROM files ORDER BY id`,
    );
    return rows.map(storedFileOf);
  }

  async readAddressConfig(): Promise<AddressBookConfig | null> {
    const { config } = await readSavedAddressBook(this);
    return config === null ? null : parseStoredAddressConfig(config);
  }

  async applyAddressBook(book: AddressBook, hash: string, use: 'save' | 'this-run' = 'save'): Promise<void> {
    this.book = book;
    const saved = await readSavedAddressBook(this);
    if (this.readOnly || use === 'this-run') {
      // Used for this run only: a temporary `addrs` (it shadows the stored one for every query and
      // view) holds the addresses classified under this book; the file is never touched.
      if (saved.hash !== hash) await this.classifyAddresses(book, 'CREATE OR REPLACE TEMP TABLE addrs');
      return;
    }
    const config = JSON.stringify(book.config);
    if (saved.hash === hash && saved.config === config) return;
    await this.conn.run('BEGIN TRANSACTION');
    try {
      // Re-classify every stored address under the new groups/aliases (rare: config changed).
      if (saved.hash !== hash) await this.classifyAddresses(book, 'UPDATE');
      await this.conn.run(`INSERT OR REPLACE INTO meta VALUES ('address_hash', ?)`, [hash]);
      await this.conn.run(`INSERT OR REPLACE INTO meta VALUES ('address_config', ?)`, [config]);
      await this.conn.run('COMMIT');
    } catch (cause) {
      await this.conn.run('ROLLBACK');
      throw new StoreError(`could not re-classify addresses: ${firstLine(cause)}`, undefined, { cause });
    }
  }

  /** Classify every stored address under `book`, into the stored table or a temporary copy. */
  private async classifyAddresses(
    book: AddressBook,
    into: 'UPDATE' | 'CREATE OR REPLACE TEMP TABLE addrs',
  ): Promise<void> {
    const addrs = await this.all<{ id: number; addr: string }>('SELECT id, addr FROM main.addrs');
    await this.conn.run(
      'CREATE OR REPLACE TEMP TABLE addr_class (id UINTEGER, grp VARCHAR, host VARCHAR, host_grp VARCHAR)',
    );
    // One bound JSON document, not an Appender: DuckDB refuses appends on a read-only database,
    // even to a temporary table (and thousands of bound row values are slow to prepare).
    const rows = addrs.map((a) => {
      const host = book.hostOf(a.addr);
      return [a.id, book.groupOf(a.addr), host, book.groupOf(host)];
    });
    await this.conn.run(
      `INSERT INTO addr_class SELECT r[1]::UINTEGER, r[2], r[3], r[4] FROM (SELECT unnest(from_json(?, '[["VARCHAR"]]')) AS r)`,
      [JSON.stringify(rows)],
    );
    await this.conn.run(
      into === 'UPDATE'
        ? 'UPDATE main.addrs SET grp = c.grp, host = c.host, host_grp = c.host_grp FROM addr_class c WHERE addrs.id = c.id'
        : `${into} AS SELECT a.id, a.addr, a.canon, c.grp, c.host, c.host_grp
             FROM main.addrs a JOIN temp.addr_class c ON c.id = a.id`,
    );
    await this.conn.run('DROP TABLE addr_class');
  }

  async beginFile(file: NewFile): Promise<FileWriter> {
    if (this.readOnly) throw new StoreError('store is open read-only');
    await this.loadDictionaries();
    const conn = await this.instance.connect();
    await conn.run('BEGIN TRANSACTION');
    const id = file.extend && file.continues ? file.continues.id : this.nextFileId++;
    await this.feeds.startLoading(conn);
    return new DuckDBFileWriter(this, conn, new EventLoader(this.feeds, conn, id), this.feeds, id, file);
  }

  /** Store-wide dictionary id for a string, assigning (and queueing for persistence) a new one. */
  internString(value: string): number {
    let id = this.strings!.get(value);
    if (id === undefined) {
      id = this.strings!.size + 1;
      this.strings!.set(value, id);
      this.pendingStrings.push([id, value]);
    }
    return id;
  }

  internAddress(value: string): number {
    let id = this.addresses!.get(value);
    if (id === undefined) {
      id = this.addresses!.size + 1;
      this.addresses!.set(value, id);
      this.pendingAddresses.push([id, value]);
    }
    return id;
  }

  /**
   * Persist dictionary entries handed out so far, before any file that uses them commits. Flushes
   * are chained so that a commit never overtakes another file's flush still in flight.
   */
  flushDictionaries(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePendingDictionaries());
    return this.flushing;
  }

  private async writePendingDictionaries(): Promise<void> {
    if (this.pendingStrings.length > 0) {
      const pending = this.pendingStrings;
      this.pendingStrings = [];
      const appender = await this.conn.createAppender('strings');
      for (const [id, s] of pending) {
        appender.appendUInteger(id);
        appender.appendVarchar(s);
        appender.endRow();
      }
      appender.closeSync();
    }
    if (this.pendingAddresses.length > 0) {
      const pending = this.pendingAddresses;
      this.pendingAddresses = [];
      const appender = await this.conn.createAppender('addrs');
      for (const [id, addr] of pending) {
        appender.appendUInteger(id);
        appender.appendVarchar(addr);
        appender.appendVarchar(parseAddress(addr).canonical);
        const host = this.book.hostOf(addr);
        appender.appendVarchar(this.book.groupOf(addr));
        appender.appendVarchar(host);
        appender.appendVarchar(this.book.groupOf(host));
        appender.endRow();
      }
      appender.closeSync();
    }
  }

  private async loadDictionaries(): Promise<void> {
    if (this.strings !== null) return;
    // `ingest --follow` reopens the store every second: reuse this process's dictionaries when
    // nobody else has added to them since.
    const cached = this.location === ':memory:' ? undefined : DICTIONARY_CACHE.get(this.location);
    const [counts] = await this.all<{ s: number; a: number }>(
      'SELECT (SELECT count(*) FROM strings) AS s, (SELECT count(*) FROM addrs) AS a',
    );
    if (cached && cached.strings.size === counts!.s && cached.addresses.size === counts!.a) {
      this.strings = cached.strings;
      this.addresses = cached.addresses;
      return;
    }
    this.strings = new Map();
    this.addresses = new Map();
    if (this.location !== ':memory:')
      DICTIONARY_CACHE.set(this.location, { strings: this.strings, addresses: this.addresses });
    for (const r of await this.all<{ id: number; s: string }>('SELECT id, s FROM strings')) this.strings.set(r.s, r.id);
    for (const r of await this.all<{ id: number; addr: string }>('SELECT id, addr FROM addrs'))
      this.addresses.set(r.addr, r.id);
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** Quarantine rows are appended once this many (or this much text) have come in. */
const QUARANTINE_BATCH_ROWS = 4096;
const QUARANTINE_BATCH_CHARS = 4 * 1024 * 1024;

class DuckDBFileWriter implements FileWriter {
  /** Local (parser) dictionary id → store id, per kind, per producer of the file's batches. */
  private readonly idMaps = new Map<number, { strings: number[]; addresses: number[] }>();
  /** Problems not yet written, and the characters of text they hold. */
  private readonly problems: Problem[] = [];
  private problemChars = 0;
  /** Rows written so far, and the problems past the cap: how many, and the first of them. */
  private storedProblems = 0;
  private unstored = 0;
  private firstUnstored: Problem | null = null;

  constructor(
    private readonly store: DuckDBStore,
    private readonly conn: DuckDBConnection,
    private readonly loader: EventLoader,
    private readonly feeds: CoreFeeds,
    readonly fileId: number,
    private readonly file: NewFile,
  ) {}
  private loading = true;

  async append(batch: EventBatch): Promise<void> {
    const producer = batch.producer ?? 0;
    let maps = this.idMaps.get(producer);
    if (!maps) this.idMaps.set(producer, (maps = { strings: [], addresses: [] }));
    for (const s of batch.newStrings) maps.strings.push(this.store.internString(s));
    for (const a of batch.newAddresses) maps.addresses.push(this.store.internAddress(a));
    const rows = batch.rows;
    // Map local dictionary ids to store ids in place.
    EVENT_COLUMNS.forEach((col, i) => {
      const column = batch.columns[i]!;
      if (column === null || column.kind === 'text' || (col.kind !== 'dict' && col.kind !== 'addr')) return;
      const ids = new Uint32Array(column.data, 0, rows);
      const valid = column.validity;
      const map = col.kind === 'dict' ? maps.strings : maps.addresses;
      for (let r = 0; r < rows; r++) if ((valid[r >>> 3]! & (1 << (r & 7))) !== 0) ids[r] = map[ids[r]!]!;
    });
    try {
      await this.loader.append(batch);
    } catch (cause) {
      throw new StoreError(`append failed: ${firstLine(cause)}`, undefined, { cause });
    }
  }

  /**
   * Quarantined problems are written in batches as they come, inside the file's transaction (so a
   * file is still visible completely or not at all): held until the commit, a file of garbage
   * lines once took gigabytes.
   */
  async quarantine(problems: readonly Problem[]): Promise<void> {
    for (const p of problems) {
      this.problems.push(p);
      this.problemChars += p.input.length + p.message.length;
    }
    if (this.problems.length >= QUARANTINE_BATCH_ROWS || this.problemChars >= QUARANTINE_BATCH_CHARS)
      await this.loader.exclusive(() => this.writeProblems());
  }

  private async writeProblems(): Promise<void> {
    if (this.problems.length === 0) return;
    const problems = this.problems.splice(0);
    this.problemChars = 0;
    const room = Math.max(0, this.store.maxQuarantineRows - this.storedProblems);
    if (problems.length > room) {
      this.firstUnstored ??= problems[room]!;
      this.unstored += problems.length - room;
      problems.length = room;
    }
    if (problems.length === 0) return;
    this.storedProblems += problems.length;
    await this.appendProblems(problems);
  }

  private async appendProblems(problems: readonly Problem[]): Promise<void> {
    const q = await this.conn.createAppender('quarantine');
    for (const p of problems) {
      q.appendUInteger(this.fileId);
      q.appendUInteger(p.line);
      q.appendVarchar(p.code);
      q.appendVarchar(p.message);
      q.appendVarchar(p.input);
      q.endRow();
    }
    q.closeSync();
  }

  async commit(stats: FileStats): Promise<void> {
    try {
      await this.loader.finish();
      await this.writeProblems();
      if (this.firstUnstored !== null) {
        const first = this.firstUnstored;
        await this.appendProblems([
          {
            ...first,
            message: `${this.unstored} more problem(s) from this line on are counted but not stored (at most ${this.store.maxQuarantineRows} quarantine rows are kept per file); the first: ${first.message}`,
          },
        ]);
      }
      const f = this.file;
      const ts = (micros: number | null): DuckDBValue =>
        micros === null ? null : new DuckDBTimestampValue(BigInt(micros));
      if (f.extend && f.continues) {
        await this.conn.run(
          `UPDATE files SET size = ?, head_hash = ?, tail_hash = ?, end_offset = ?, last_line = ?, rows = rows + ?,
             quarantined = quarantined + ?, recovered = recovered + ?,
             first_ts = least(coalesce(first_ts, ?), coalesce(?, first_ts)),
             last_ts = greatest(coalesce(last_ts, ?), coalesce(?, last_ts)), warnings = ?
           WHERE id = ?`,
          [
            f.identity.size,
            f.identity.headHash,
            f.identity.tailHash,
            stats.endOffset,
            stats.lastLine,
            stats.rows,
            stats.quarantined,
            stats.recovered,
            ts(stats.firstTs),
            ts(stats.firstTs),
            ts(stats.lastTs),
            ts(stats.lastTs),
            JSON.stringify([...new Set([...f.continues.warnings, ...stats.warnings])]),
            this.fileId,
          ],
        );
      } else {
        await this.insertFileRow(stats, ts);
      }
      // This piece's rows only: a file that grows keeps its id, and its earlier pieces are counted.
      await this.conn.run(countEventsSql('file_id = ? AND line >= ?'), [this.fileId, this.file.firstLine]);
      await this.store.flushDictionaries();
      await this.conn.run('COMMIT');
      await this.stopLoading();
    } catch (cause) {
      await this.abort();
      throw cause instanceof StoreError
        ? cause
        : new StoreError(`commit failed: ${firstLine(cause)}`, undefined, { cause });
    } finally {
      this.conn.closeSync();
    }
  }

  private async insertFileRow(stats: FileStats, ts: (micros: number | null) => DuckDBValue): Promise<void> {
    const f = this.file;
    await this.conn.run(
      `INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::TIMESTAMP)`,
      [
        this.fileId,
        f.continues?.rootId ?? this.fileId,
        f.identity.path,
        f.name,
        f.format,
        f.source,
        f.identity.size,
        f.gzip,
        f.identity.headHash,
        f.identity.tailHash,
        f.startOffset,
        stats.endOffset,
        f.firstLine,
        stats.lastLine,
        stats.rows,
        stats.quarantined,
        stats.recovered,
        ts(stats.firstTs),
        ts(stats.lastTs),
        f.year,
        f.tz,
        f.nameDate,
        JSON.stringify(stats.warnings),
      ],
    );
  }

  async abort(): Promise<void> {
    await this.loader.abort();
    try {
      await this.conn.run('ROLLBACK');
    } catch {
      // Already rolled back by a failed commit.
    }
    await this.stopLoading();
  }

  private async stopLoading(): Promise<void> {
    if (!this.loading) return;
    this.loading = false;
    await this.feeds.stopLoading(this.conn);
  }
}

/** Turn DuckDB values into plain JS: BIGINTs to numbers, timestamps to ISO 8601 UTC to the microsecond, others to text. */
function toPlainRow(row: Record<string, DuckDBValue>): Row {
  const out: Row = {};
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined) out[key] = null;
    else if (typeof v === 'bigint') out[key] = Number(v);
    else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
    else if (v instanceof DuckDBTimestampValue) out[key] = isoFromMicrosExact(v.micros);
    else out[key] = String(v);
  }
  return out;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

/** A typed array for a `numericColumns` column: new, or a view of a vector's bytes. */
function newColumn(kind: ColumnKind, length: number, bytes?: Uint8Array): Int32Array | Uint32Array | Float64Array {
  const Type = COLUMN_ARRAYS[kind];
  return bytes === undefined ? new Type(length) : new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
}
