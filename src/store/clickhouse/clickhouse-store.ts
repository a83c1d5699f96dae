/**
 * The scale-out store: one ClickHouse server, or a cluster of them, over HTTP through the official
 * `@clickhouse/client`. Events are parsed in the worker pool as for DuckDB and arrive as
 * EventBatches; each batch becomes one Native block (native-block.ts) and blocks go out in large
 * compressed INSERTs, spread round-robin over the servers' local tables. A file's rows carry its
 * ingest id and stay invisible until its `file_commits` row is written, last (clickhouse-schema.ts).
 */
import { randomBytes } from 'node:crypto';
import { AddressBook, type AddressBookConfig } from '../../core/address-book.js';
import { parseAddress } from '../../core/address.js';
import { parseStoredAddressConfig } from '../../core/config.js';
import { StoreError, UserError } from '../../core/errors.js';
import type { EventBatch } from '../../core/event-columns.js';
import type { Problem } from '../../core/problem.js';
import type { FileStats, FileWriter, NewFile, StoredFile } from '../../ingest/ingest-sink.js';
import type { Sql } from '../sql.js';
import { COLUMN_ARRAYS, type ColumnKind, type NumericColumns, type Row, type SqlValue, type Store } from '../store.js';
import { bindLiterals, literal } from './bind-literals.js';
import { clickhouseDialect } from './clickhouse-dialect.js';
import { HttpTransport, type ClickHouseSettings, type ClickHouseTransport } from './clickhouse-transport.js';
import {
  CLICKHOUSE_SCHEMA_VERSION,
  CLICKHOUSE_VIEWS,
  insertTable,
  RULE_DATA_TABLES,
  RULE_LOAD_FIELDS,
  ruleInsertTable,
  ruleTablesPlan,
  schemaPlan,
} from './clickhouse-schema.js';
import { checkRuleFileRows, ruleColumns, type RuleFileRows } from '../rule-tables.js';
import { encodeNativeBlock, type LocalDictionaries } from './native-block.js';
import { readSavedAddressBook } from '../saved-address-book.js';
import { storedFileOf } from '../stored-file-row.js';

/** Where the store is: the servers' HTTP endpoints (one per shard), the database, the cluster. */
export interface ClickHouseLocation {
  /** As the user wrote the store, for messages. */
  url: string;
  hosts: readonly { host: string; port: number }[];
  database: string;
  /** The cluster (as the servers' `remote_servers` names it) over the hosts, or null for one server. */
  cluster: string | null;
}

export interface ClickHouseStoreOptions {
  /** Every query runs with the server's `readonly=1`: no writes, no settings, no table functions. */
  readOnly?: boolean;
  /** Refuse to create the tables: only ingest (and demo) make new stores. */
  mustExist?: boolean;
  /** Passed to the server as `max_execution_time` for each query. */
  queryTimeoutMs?: number;
  /** Quarantine rows stored per file write at most; the rest are counted (as on DuckDB). */
  maxQuarantineRows?: number;
}

/** Bytes of Native blocks gathered before one INSERT: large inserts make few, large parts. */
const INSERT_BYTES = 32 * 1024 * 1024;
/** Rule rows per INSERT (a rule's text is rarely over a kilobyte). */
const RULE_INSERT_ROWS = 2000;
/** INSERTs one file writer keeps in flight while it encodes the next. */
const INSERTS_IN_FLIGHT = 2;
const QUARANTINE_BATCH_ROWS = 4096;
export const MAX_QUARANTINE_ROWS = 1_000_000;
/**
 * How long a writer waits after reserving a file id before reading who won it: a concurrent
 * writer's reservation that was already on its way lands within this (see reserveFileId).
 */
const RESERVATION_SETTLE_MS = 30;

export class ClickHouseStore implements Store {
  readonly backend = 'clickhouse' as const;
  /** Not kept (yet): the analyses count `events_core`, which the cluster does in parallel. */
  readonly keepsEventCounts = false;
  readonly dialect = clickhouseDialect;
  private book = new AddressBook();
  private knownAddresses: Set<string> | null = null;
  private nextFileId = 1;
  private lastVersion = 0;
  private nextHost = 0;
  private readonly owner = randomId();
  private reserving: Promise<unknown> = Promise.resolve();
  maxQuarantineRows = MAX_QUARANTINE_ROWS;

  private constructor(
    readonly location: string,
    private readonly where: Pick<ClickHouseLocation, 'database' | 'cluster'>,
    private readonly transport: ClickHouseTransport,
    private readonly readOnly: boolean,
    private readonly queryTimeoutMs: number | undefined,
  ) {}

  static async open(where: ClickHouseLocation, options: ClickHouseStoreOptions = {}): Promise<ClickHouseStore> {
    if (where.hosts.length > 1 && where.cluster === null)
      throw new UserError(`store ${where.url} lists several servers: name their cluster with ?cluster=NAME`);
    const create = !(options.readOnly ?? false) && !(options.mustExist ?? false);
    const transport = await HttpTransport.open(where, create);
    return ClickHouseStore.over(transport, where, options);
  }

  /**
   * A store over any transport (the tests' embedded ClickHouse), its tables made unless read-only
   * or `mustExist` (`ingest --follow` opens the store it made for every commit: no DDL each time).
   */
  static async over(
    transport: ClickHouseTransport,
    where: Pick<ClickHouseLocation, 'url' | 'database' | 'cluster'>,
    options: ClickHouseStoreOptions = {},
  ): Promise<ClickHouseStore> {
    const store = new ClickHouseStore(where.url, where, transport, options.readOnly ?? false, options.queryTimeoutMs);
    if (options.maxQuarantineRows !== undefined) store.maxQuarantineRows = options.maxQuarantineRows;
    try {
      if (!store.readOnly && !(options.mustExist ?? false)) await store.prepare();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** The statements that make (or confirm) the schema, per server: for tests against other versions. */
  static schemaStatements(database: string, cluster: string | null): ReturnType<typeof schemaPlan> {
    return schemaPlan(database, cluster);
  }

  /** The statements that make the rule tables, per server (see `ruleTablesPlan`). */
  static ruleTableStatements(database: string, cluster: string | null): ReturnType<typeof ruleTablesPlan> {
    return ruleTablesPlan(database, cluster);
  }

  private async prepare(): Promise<void> {
    const db = this.where.database;
    const plan = schemaPlan(db, this.where.cluster);
    for (let host = 0; host < this.transport.servers; host++)
      for (const sql of plan.everyServer) await this.command(host, sql);
    const [stored] = await this.storedSchemaVersion();
    if (stored !== undefined && Number(stored.value) > Number(CLICKHOUSE_SCHEMA_VERSION))
      throw new UserError(
        `store ${this.location} has schema ${stored.value}, made by a newer idsift (this one writes ${CLICKHOUSE_SCHEMA_VERSION})`,
      );
    // A store made by an earlier schema gets today's views (they hold no data; tables are kept).
    if (stored !== undefined && stored.value !== CLICKHOUSE_SCHEMA_VERSION)
      for (const view of CLICKHOUSE_VIEWS) await this.command(0, `DROP TABLE IF EXISTS ${db}.${view}`);
    for (const sql of plan.firstServer) await this.command(0, sql);
    if (stored?.value !== CLICKHOUSE_SCHEMA_VERSION)
      await this.command(
        0,
        `INSERT INTO meta_log VALUES ('schema_version', ${literal(CLICKHOUSE_SCHEMA_VERSION)}, ${this.version()})`,
      );
  }

  /** The schema version the store was made with; none for a new store (whose meta_log is not there yet). */
  private async storedSchemaVersion(): Promise<{ value: string }[]> {
    const db = this.where.database;
    const [tables] = await this.all<{ n: number }>(
      `SELECT count() AS n FROM system.tables WHERE database = ${literal(db)} AND name = 'meta_log'`,
    );
    if (Number(tables!.n) === 0) return [];
    return this.all<{ value: string }>(
      `SELECT m_value AS value FROM ${db}.meta_log WHERE key = 'schema_version' ORDER BY version DESC LIMIT 1`,
    );
  }

  /** A version number for the `*_log` tables' latest-wins rows: increasing within this process. */
  version(): number {
    this.lastVersion = Math.max(Date.now() * 1000, this.lastVersion + 1);
    return this.lastVersion;
  }

  private settings(): ClickHouseSettings {
    const settings: ClickHouseSettings = { output_format_json_quote_64bit_integers: 0 };
    if (this.readOnly) settings.readonly = '1';
    if (this.queryTimeoutMs !== undefined)
      settings.max_execution_time = Math.max(1, Math.ceil(this.queryTimeoutMs / 1000));
    return settings;
  }

  private async rawQuery(host: number, sql: string, settings: ClickHouseSettings): Promise<Row[]> {
    try {
      return await this.transport.query(host, sql, settings);
    } catch (cause) {
      throw new StoreError(`query failed: ${firstLine(cause)}`, sql, { cause });
    }
  }

  private async command(host: number, sql: string): Promise<void> {
    try {
      await this.transport.command(host, sql);
    } catch (cause) {
      throw new StoreError(`statement failed: ${firstLine(cause)}`, sql, { cause });
    }
  }

  async query<T extends Row = Row>(query: Sql): Promise<T[]> {
    return this.all<T>(query.text, query.params);
  }

  async all<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.rawQuery(0, bindLiterals(sql, params), this.settings())) as T[];
  }

  async numericColumns<S extends Record<string, ColumnKind>>(
    query: Sql,
    kinds: S,
  ): Promise<{ rows: number; columns: NumericColumns<S> }> {
    // JSON rows copied column-wise: right at any size, though a binary format would be faster.
    const found = await this.query(query);
    const names = Object.keys(kinds);
    const columns = Object.fromEntries(
      names.map((name) => {
        const array = new COLUMN_ARRAYS[kinds[name]!](found.length);
        found.forEach((row, r) => (array[r] = Number(row[name])));
        return [name, array];
      }),
    ) as NumericColumns<S>;
    return { rows: found.length, columns };
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    if (this.readOnly) throw new StoreError('store is open read-only', sql);
    await this.command(0, bindLiterals(sql, params));
  }

  /**
   * `rules load` opens a store that exists, without the DDL of an open for ingest: bring it to
   * today's schema first, as ingest would (the rule queries read `events_raw`, a view of schema 3),
   * then make the rule tables.
   */
  async prepareRuleTables(): Promise<void> {
    if (this.readOnly) throw new StoreError('store is open read-only');
    await this.prepare();
    const plan = ruleTablesPlan(this.where.database, this.where.cluster);
    for (let host = 0; host < this.transport.servers; host++)
      for (const sql of plan.everyServer) await this.command(host, sql);
    for (const sql of plan.firstServer) await this.command(0, sql);
  }

  async hasRuleTables(): Promise<boolean> {
    const [row] = await this.all<{ n: number }>(
      `SELECT count() AS n FROM system.tables WHERE database = ? AND name = 'rule_defs'`,
      [this.where.database],
    );
    return Number(row?.n ?? 0) > 0;
  }

  /**
   * The file's rows go, under a new load id, to one server's tables (round-robin, as event
   * inserts); its `rule_loads` row, written last, makes them the file's rows in the views. The
   * rows of its earlier loads are then deleted in the background (mutations); until that is
   * done the views already hide them.
   */
  async replaceRuleFile(path: string, rows: RuleFileRows): Promise<void> {
    if (this.readOnly) throw new StoreError('store is open read-only');
    checkRuleFileRows(path, rows);
    const superseded = (
      await this.all<{ load_id: string }>('SELECT toString(load_id) AS load_id FROM rule_loads WHERE path = ?', [path])
    ).map((r) => r.load_id);
    const loadId = BigInt(`0x${randomId()}`);
    const host = this.nextHost;
    this.nextHost = (this.nextHost + 1) % this.transport.servers;
    try {
      for (const table of RULE_DATA_TABLES) {
        const names = ruleColumns(table).map(([name]) => name);
        const values = rows[table];
        for (let start = 0; start < values.length; start += RULE_INSERT_ROWS) {
          const tuples = values
            .slice(start, start + RULE_INSERT_ROWS)
            .map((row) => `(${loadId}, ${row.map(literal).join(', ')})`);
          await this.command(
            host,
            `INSERT INTO ${ruleInsertTable(table, this.where.cluster)} (load_id, ${names.join(', ')}) VALUES ${tuples.join(', ')}`,
          );
        }
      }
      // rule_files' row is (path, then the fields rule_loads keeps with an r_ prefix).
      await this.command(
        0,
        `INSERT INTO rule_loads (load_id, version, path, ${RULE_LOAD_FIELDS.map((f) => `r_${f}`).join(', ')})
         VALUES (${loadId}, ${this.version()}, ${rows.rule_files[0]!.map(literal).join(', ')})`,
      );
    } catch (error) {
      await this.dropRuleLoads([loadId.toString()]);
      throw error;
    }
    await this.dropRuleLoads(superseded);
  }

  /** Delete the rows of these rule loads on every server (never visible, or no longer: this only frees the space). */
  private async dropRuleLoads(loadIds: readonly string[]): Promise<void> {
    if (loadIds.length === 0) return;
    for (const id of loadIds) if (!/^\d+$/.test(id)) throw new Error(`not a load id: ${id}`);
    const where = `load_id IN (${loadIds.join(', ')})`;
    for (let host = 0; host < this.transport.servers; host++)
      for (const table of RULE_DATA_TABLES)
        await this.command(
          host,
          `ALTER TABLE ${ruleInsertTable(table, this.where.cluster)} DELETE WHERE ${where}`,
        ).catch(() => undefined);
    await this.command(0, `ALTER TABLE rule_loads DELETE WHERE ${where}`).catch(() => undefined);
  }

  /** Send Native blocks as one INSERT to the next server's local table (round-robin). */
  async insertBlocks(blocks: Buffer[]): Promise<void> {
    const host = this.nextHost;
    this.nextHost = (this.nextHost + 1) % this.transport.servers;
    try {
      await this.transport.insertNative(host, insertTable('events_data', this.where.cluster), blocks);
    } catch (cause) {
      throw new StoreError(`insert failed: ${firstLine(cause)}`, undefined, { cause });
    }
  }

  async insertValues(table: string, rows: readonly string[]): Promise<void> {
    if (rows.length > 0) await this.command(0, `INSERT INTO ${table} VALUES ${rows.join(',')}`);
  }

  /** Remove a failed write's rows from every server (never visible; this only frees the space). */
  async dropIngest(ingestId: bigint): Promise<void> {
    for (let host = 0; host < this.transport.servers; host++)
      for (const table of ['events_data', 'quarantine_data'] as const)
        await this.command(
          host,
          `ALTER TABLE ${insertTable(table, this.where.cluster)} DELETE WHERE ingest_id = ${ingestId}`,
        ).catch(() => undefined);
  }

  /** The table quarantine rows are inserted into (on the first server). */
  get quarantineTable(): string {
    return insertTable('quarantine_data', this.where.cluster);
  }

  async listFiles(): Promise<StoredFile[]> {
    const rows = await this.all(
      `SELECT id, root_id, path, name, format, source, size, gzip, head_hash, tail_hash, start_offset, end_offset,
        last_line, rows, quarantined, recovered, first_ts, last_ts, year, name_date, warnings, ingested_at
       FROM files ORDER BY id`,
    );
    return rows.map(storedFileOf);
  }

  async readAddressConfig(): Promise<AddressBookConfig | null> {
    const { config } = await readSavedAddressBook(this);
    return config === null ? null : parseStoredAddressConfig(config);
  }

  /**
   * Save the book and re-classify stored addresses when it changed. A read-only store (readonly=1
   * allows no temporary table) and `this-run` cannot classify for one run: a book other than the
   * saved one is refused, since every query would still group addresses the saved way.
   */
  async applyAddressBook(book: AddressBook, hash: string, use: 'save' | 'this-run' = 'save'): Promise<void> {
    this.book = book;
    const saved = await readSavedAddressBook(this);
    if (this.readOnly || use === 'this-run') {
      if (saved.hash !== null && saved.hash !== hash)
        throw new UserError(
          `${this.location} classifies addresses under the groups and aliases saved at ingest, and ClickHouse cannot re-classify for one run: give a config with the saved ones, or save these by ingesting with this config`,
        );
      return;
    }
    const config = JSON.stringify(book.config);
    if (saved.hash === hash && saved.config === config) return;
    if (saved.hash !== hash) {
      const addrs = await this.all<{ addr: string }>('SELECT addr FROM addrs');
      const version = this.version();
      for (let i = 0; i < addrs.length; i += 10_000)
        await this.insertValues(
          'addrs_log',
          addrs.slice(i, i + 10_000).map((a) => this.addressRow(a.addr, version)),
        );
    }
    const version = this.version();
    await this.insertValues('meta_log', [
      `('address_hash', ${literal(hash)}, ${version})`,
      `('address_config', ${literal(config)}, ${version})`,
    ]);
  }

  /** An `addrs_log` VALUES tuple: the address classified under the current book. */
  addressRow(addr: string, version: number): string {
    const host = this.book.hostOf(addr);
    return `(${[addr, parseAddress(addr).canonical, this.book.groupOf(addr), host, this.book.groupOf(host)]
      .map(literal)
      .join(', ')}, ${version})`;
  }

  /** Addresses not stored yet, marked known (written by the commit that first uses them). */
  newAddresses(candidates: Iterable<string>): string[] {
    const fresh: string[] = [];
    for (const a of candidates)
      if (!this.knownAddresses!.has(a)) {
        this.knownAddresses!.add(a);
        fresh.push(a);
      }
    return fresh;
  }

  /** Addresses `newAddresses` handed out whose commit failed: the next writer stores them again. */
  forgetAddresses(addresses: readonly string[]): void {
    for (const a of addresses) this.knownAddresses!.delete(a);
  }

  async beginFile(file: NewFile): Promise<FileWriter> {
    if (this.readOnly) throw new StoreError('store is open read-only');
    if (this.knownAddresses === null)
      this.knownAddresses = new Set(
        (await this.all<{ addr: string }>('SELECT DISTINCT addr FROM addrs_log')).map((r) => r.addr),
      );
    if (file.extend && file.continues) {
      const [row] = await this.all<{ ingest_id: string; first_line: number }>(
        `SELECT toString(argMax(ingest_id, version)) AS ingest_id, argMax(f_first_line, version) AS first_line
         FROM file_commits WHERE id = ?`,
        [file.continues.id],
      );
      return new ClickHouseFileWriter(this, file.continues.id, BigInt(row!.ingest_id), file, Number(row!.first_line));
    }
    return new ClickHouseFileWriter(this, await this.reserveFileId(), BigInt(`0x${randomId()}`), file, null);
  }

  /**
   * The next file id, safe against other writers (many sensors ingest into one cluster): reserve
   * a candidate in `file_ids`, let concurrent reservations land, and keep it only when this store
   * is its lowest owner; otherwise try the next id.
   */
  private reserveFileId(): Promise<number> {
    // One at a time within this process: its writers share one owner id, so two concurrent
    // reservations of the same candidate would both "win" it.
    const next = this.reserving.then(() => this.reserveNextFileId());
    this.reserving = next.catch(() => undefined);
    return next;
  }

  private async reserveNextFileId(): Promise<number> {
    const [row] = await this.all<{ next: number }>(
      'SELECT greatest((SELECT max(id) FROM file_ids), (SELECT max(id) FROM file_commits)) + 1 AS next',
    );
    let candidate = Math.max(this.nextFileId, Number(row!.next));
    for (;;) {
      await this.insertValues('file_ids', [`(${candidate}, ${BigInt(`0x${this.owner}`)})`]);
      await new Promise((resolve) => setTimeout(resolve, RESERVATION_SETTLE_MS));
      const [winner] = await this.all<{ owner: string }>(
        'SELECT lower(hex(min(owner))) AS owner FROM file_ids WHERE id = ?',
        [candidate],
      );
      if (BigInt(`0x${winner!.owner}`) === BigInt(`0x${this.owner}`)) {
        this.nextFileId = candidate + 1;
        return candidate;
      }
      candidate++;
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

class ClickHouseFileWriter implements FileWriter {
  private readonly dictionaries = new Map<number, LocalDictionaries>();
  private readonly addresses = new Set<string>();
  private blocks: Buffer[] = [];
  private blockBytes = 0;
  private readonly inFlight: Promise<void>[] = [];
  private readonly problems: Problem[] = [];
  private storedProblems = 0;
  private unstored = 0;
  private firstUnstored: Problem | null = null;
  private failed: unknown = null;

  constructor(
    private readonly store: ClickHouseStore,
    readonly fileId: number,
    private readonly ingestId: bigint,
    private readonly file: NewFile,
    /**
     * When extending a committed segment (`ingest --follow`), its stored first line. The segment's
     * ingest id is already visible, so the rows are held and sent in one INSERT at commit, just
     * before the segment's new counts.
     */
    private readonly extendsFirstLine: number | null,
  ) {}

  private get extending(): boolean {
    return this.extendsFirstLine !== null;
  }

  async append(batch: EventBatch): Promise<void> {
    const producer = batch.producer ?? 0;
    let local = this.dictionaries.get(producer);
    if (!local) this.dictionaries.set(producer, (local = { strings: [], addresses: [] }));
    for (const s of batch.newStrings) local.strings.push(Buffer.from(s, 'utf8'));
    for (const a of batch.newAddresses) {
      local.addresses.push(Buffer.from(a, 'utf8'));
      this.addresses.add(a);
    }
    const block = encodeNativeBlock(batch, this.ingestId, this.fileId, local);
    this.blocks.push(block);
    this.blockBytes += block.length;
    if (!this.extending && this.blockBytes >= INSERT_BYTES) await this.send();
  }

  /** Send the gathered blocks, keeping at most INSERTS_IN_FLIGHT inserts outstanding. */
  private async send(): Promise<void> {
    if (this.blocks.length === 0) return;
    const blocks = this.blocks;
    this.blocks = [];
    this.blockBytes = 0;
    const insert = this.store.insertBlocks(blocks).catch((error: unknown) => {
      this.failed ??= error;
    });
    this.inFlight.push(insert);
    while (this.inFlight.length >= INSERTS_IN_FLIGHT) await this.inFlight.shift();
    if (this.failed !== null) throw this.failed;
  }

  private async drain(): Promise<void> {
    await this.send();
    while (this.inFlight.length > 0) await this.inFlight.shift();
    if (this.failed !== null) throw this.failed;
  }

  async quarantine(problems: readonly Problem[]): Promise<void> {
    this.problems.push(...problems);
    if (this.problems.length >= QUARANTINE_BATCH_ROWS) await this.writeProblems();
  }

  private async writeProblems(): Promise<void> {
    const problems = this.problems.splice(0);
    const room = Math.max(0, this.store.maxQuarantineRows - this.storedProblems);
    if (problems.length > room) {
      this.firstUnstored ??= problems[room]!;
      this.unstored += problems.length - room;
      problems.length = room;
    }
    this.storedProblems += problems.length;
    await this.insertProblems(problems);
  }

  private async insertProblems(problems: readonly Problem[]): Promise<void> {
    await this.store.insertValues(
      this.store.quarantineTable,
      problems.map(
        (p) =>
          `(${this.ingestId}, ${this.fileId}, ${p.line}, ${literal(p.code)}, ${literal(p.message)}, ${literal(p.input)})`,
      ),
    );
  }

  async commit(stats: FileStats): Promise<void> {
    let fresh: string[] = [];
    try {
      await this.drain();
      await this.writeProblems();
      if (this.firstUnstored !== null) {
        const first = this.firstUnstored;
        await this.insertProblems([
          {
            ...first,
            message: `${this.unstored} more problem(s) from this line on are counted but not stored (at most ${this.store.maxQuarantineRows} quarantine rows are kept per file); the first: ${first.message}`,
          },
        ]);
      }
      fresh = this.store.newAddresses(this.addresses);
      const version = this.store.version();
      for (let i = 0; i < fresh.length; i += 10_000)
        await this.store.insertValues(
          'addrs_log',
          fresh.slice(i, i + 10_000).map((a) => this.store.addressRow(a, version)),
        );
      await this.store.insertValues('file_commits', [this.commitRow(stats)]);
    } catch (cause) {
      this.store.forgetAddresses(fresh);
      await this.abort();
      throw cause instanceof StoreError
        ? cause
        : new StoreError(`commit failed: ${firstLine(cause)}`, undefined, { cause });
    }
  }

  /** The `file_commits` row that makes the write visible: the segment's totals after this write. */
  private commitRow(stats: FileStats): string {
    const f = this.file;
    const before = this.extending ? f.continues : null;
    const min = (a: number | null, b: number | null): number | null =>
      a === null ? b : b === null ? a : Math.min(a, b);
    const max = (a: number | null, b: number | null): number | null =>
      a === null ? b : b === null ? a : Math.max(a, b);
    const values: SqlValue[] = [
      f.continues?.rootId ?? this.fileId,
      f.identity.path,
      f.name,
      f.format,
      f.source,
      f.identity.size,
      f.gzip,
      f.identity.headHash,
      f.identity.tailHash,
      before ? before.startOffset : f.startOffset,
      stats.endOffset,
      this.extendsFirstLine ?? f.firstLine,
      stats.lastLine,
      (before?.rows ?? 0) + stats.rows,
      (before?.quarantined ?? 0) + stats.quarantined,
      (before?.recovered ?? 0) + stats.recovered,
      before ? min(before.firstTs, stats.firstTs) : stats.firstTs,
      before ? max(before.lastTs, stats.lastTs) : stats.lastTs,
      f.year,
      f.tz,
      f.nameDate,
      JSON.stringify(before ? [...new Set([...before.warnings, ...stats.warnings])] : stats.warnings),
      before ? before.ingestedAt : new Date().toISOString(),
    ];
    return `(${this.fileId}, ${this.ingestId}, ${this.store.version()}, ${values.map(literal).join(', ')})`;
  }

  async abort(): Promise<void> {
    this.blocks = [];
    this.problems.length = 0;
    await Promise.allSettled(this.inFlight.splice(0));
    if (!this.extending) await this.store.dropIngest(this.ingestId);
  }
}

/** 63 random bits as hex (an ingest id or a writer's owner id; UInt64 in ClickHouse, never 0). */
function randomId(): string {
  const bytes = randomBytes(8);
  bytes[0] = bytes[0]! & 0x7f;
  bytes[7] = bytes[7]! | 1;
  return bytes.toString('hex');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
