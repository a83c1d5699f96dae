/**
 * How event batches get into DuckDB fast.
 *
 * Core rows (every event's envelope) are pulled by DuckDB itself: a JS table function,
 * `idsift_core_feed(feed)`, hands out 2048-row slices of the batches queued for one file, and
 * `INSERT INTO events_core SELECT … FROM idsift_core_feed(…)` runs on all of DuckDB's threads —
 * twice the rate of a single-threaded Appender, which spends most of its time compressing. The JS
 * side of each call is a memcpy per column. Detail rows (the events with kind-specific fields)
 * are pulled the same way by `idsift_detail_feed`.
 */
import duckdb from '@duckdb/node-bindings';
import {
  BOOLEAN,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBTableFunction,
  INTEGER,
  TIMESTAMP,
  UINTEGER,
  UTINYINT,
  VARCHAR,
  type DuckDBType,
} from '@duckdb/node-api';
import { availableParallelism } from 'node:os';
import {
  COLUMN_WIDTH,
  CORE_COLUMNS,
  DETAIL_COLUMNS,
  EVENT_COLUMNS,
  storedColumnName,
  type ColumnKind,
  type EventBatch,
} from '../../core/event-columns.js';

const VECTOR_SIZE = 2048;
/**
 * An INSERT starts once this many rows are queued (or the file ends): each statement has a fixed
 * cost, so pulling a handful of rows per statement would waste it.
 */
const START_ROWS = 4 * 8192;
/** Rows queued for one file before its producer waits for the INSERT to catch up. */
const MAX_QUEUED_ROWS = 12 * 8192;

const CHUNK_TYPE: Readonly<Record<ColumnKind, DuckDBType>> = {
  u8: UTINYINT,
  i32: INTEGER,
  u32: UINTEGER,
  bool: BOOLEAN,
  ts: TIMESTAMP,
  dict: UINTEGER,
  addr: UINTEGER,
  text: VARCHAR,
};

const column = (name: string): number => EVENT_COLUMNS.findIndex((c) => c.name === name);
const FILE_ID = column('file_id');
const LINE = column('line');
const LINE_SEQ = column('line_seq');
const CORE_NAMES = CORE_COLUMNS.map((i) => storedColumnName(EVENT_COLUMNS[i]!.name, EVENT_COLUMNS[i]!.kind));
/** An all-invalid validity mask for one vector. */
const NO_VALUES = new ArrayBuffer(VECTOR_SIZE / 8);
const DETAIL_NAMES = [FILE_ID, LINE, LINE_SEQ, ...DETAIL_COLUMNS].map((i) =>
  storedColumnName(EVENT_COLUMNS[i]!.name, EVENT_COLUMNS[i]!.kind),
);

/** One file's batches waiting to be pulled into events_core, and their rows that have detail. */
class CoreFeed {
  readonly batches: EventBatch[] = [];
  /** Rows of batches[0] already handed out. */
  offset = 0;
  queuedRows = 0;
  /** Batches with their detail rows (indexes), waiting to be pulled into events_detail. */
  readonly details: { batch: EventBatch; rows: Uint32Array }[] = [];
  /** Entries of details[0].rows already handed out. */
  detailOffset = 0;
  private waiters: (() => void)[] = [];

  push(batch: EventBatch): void {
    this.batches.push(batch);
    this.queuedRows += batch.rows;
  }

  /** Resolves once the queue has room (or the feed is being torn down). */
  room(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  consumed(rows: number): void {
    this.queuedRows -= rows;
    if (this.queuedRows < MAX_QUEUED_ROWS) this.wake();
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** The feeds of one DuckDB instance, by id, read by its `idsift_core_feed` table function. */
export class CoreFeeds {
  private readonly feeds = new Map<number, CoreFeed>();
  private nextId = 1;
  /** Writers currently loading; insertion order is not preserved while any is. */
  private loading = 0;

  /** DuckDB's memory limits for queries, and for while any file loads. */
  constructor(private readonly memoryLimits: { query: string; ingest: string }) {}

  /** Register the table functions on `conn` (once per instance: functions are instance-wide). */
  register(conn: DuckDBConnection): void {
    const threads = Math.max(1, availableParallelism());
    const feedFunction = (
      name: string,
      columns: readonly [string, DuckDBType][],
      fill: (feed: CoreFeed, output: DuckDBDataChunk) => number,
    ): DuckDBTableFunction =>
      DuckDBTableFunction.create({
        name,
        parameterTypes: [UINTEGER],
        bindFunction: (info) => {
          const feed = this.feeds.get(Number(info.getParameter(0)));
          if (!feed) {
            info.setError(`${name} is for idsift ingest only`);
            return;
          }
          for (const [column, type] of columns) info.addResultColumn(column, type);
          info.setBindData({ feed });
        },
        initFunction: (info) => {
          info.setInitData({});
          info.setMaxThreads(threads);
        },
        mainFunction: (info, output) => {
          output.rowCount = fill((info.bindData as { feed: CoreFeed }).feed, output);
        },
      });
    const typed = (indexes: readonly number[]): [string, DuckDBType][] =>
      indexes.map((i) => [EVENT_COLUMNS[i]!.name, CHUNK_TYPE[EVENT_COLUMNS[i]!.kind]]);
    conn.registerTableFunction(feedFunction('idsift_core_feed', typed(CORE_COLUMNS), fillCoreSlice));
    conn.registerTableFunction(
      feedFunction('idsift_detail_feed', typed([FILE_ID, LINE, LINE_SEQ, ...DETAIL_COLUMNS]), fillDetailSlice),
    );
  }

  open(): { id: number; feed: CoreFeed } {
    const id = this.nextId++;
    const feed = new CoreFeed();
    this.feeds.set(id, feed);
    return { id, feed };
  }

  close(id: number): void {
    this.feeds.get(id)?.wake();
    this.feeds.delete(id);
  }

  /**
   * The first writer to start turns insertion-order preservation off and sets the loading memory
   * limit (both global settings); the last one restores them.
   */
  async startLoading(conn: DuckDBConnection): Promise<void> {
    if (this.loading++ > 0) return;
    await conn.run('SET preserve_insertion_order = false');
    await conn.run(`SET memory_limit = '${this.memoryLimits.ingest}'`);
  }

  async stopLoading(conn: DuckDBConnection): Promise<void> {
    if (--this.loading > 0) return;
    await conn.run('RESET preserve_insertion_order');
    await conn.run(`SET memory_limit = '${this.memoryLimits.query}'`);
  }
}

/** Copy the next ≤2048 queued rows into the table function's output; 0 ends the INSERT. */
function fillCoreSlice(feed: CoreFeed, output: DuckDBDataChunk): number {
  while (feed.batches.length > 0 && feed.offset >= feed.batches[0]!.rows) {
    feed.batches.shift();
    feed.offset = 0;
  }
  const batch = feed.batches[0];
  if (!batch) return 0;
  const offset = feed.offset;
  const count = Math.min(VECTOR_SIZE, batch.rows - offset);
  output.rowCount = count;
  const validityBytes = Math.ceil(count / 8);
  CORE_COLUMNS.forEach((i, out) => {
    const col = batch.columns[i]!;
    const vector = duckdb.data_chunk_get_vector(output.chunk, out);
    duckdb.vector_ensure_validity_writable(vector);
    if (col === null) {
      duckdb.copy_data_to_vector_validity(vector, 0, NO_VALUES, 0, validityBytes);
      return;
    }
    if (col.kind === 'text') throw new Error('core columns are fixed-width');
    const width = COLUMN_WIDTH[col.kind];
    duckdb.copy_data_to_vector(vector, 0, col.data, offset * width, count * width);
    const v = col.validity;
    duckdb.copy_data_to_vector_validity(vector, 0, v.buffer as ArrayBuffer, v.byteOffset + offset / 8, validityBytes);
  });
  feed.offset += count;
  feed.consumed(count);
  return count;
}

/** Copy the next ≤2048 queued detail rows into the table function's output; 0 ends the INSERT. */
function fillDetailSlice(feed: CoreFeed, output: DuckDBDataChunk): number {
  while (feed.details.length > 0 && feed.detailOffset >= feed.details[0]!.rows.length) {
    feed.details.shift();
    feed.detailOffset = 0;
  }
  const head = feed.details[0];
  if (!head) return 0;
  const rows = head.rows.subarray(feed.detailOffset, feed.detailOffset + VECTOR_SIZE);
  output.rowCount = rows.length;
  fillDetailChunk(output, head.batch, rows);
  feed.detailOffset += rows.length;
  return rows.length;
}

/**
 * Loads one file's batches inside the file's transaction on `conn`: DuckDB pulls core rows and
 * detail rows through the feed (INSERTs run while batches keep arriving). `finish` waits for
 * everything queued to be in the tables.
 */
export class EventLoader {
  private readonly feedId: number;
  private readonly feed: CoreFeed;
  private draining: Promise<void> | null = null;
  /** Another statement the file's writer runs on `conn` (see `exclusive`); no INSERT starts meanwhile. */
  private held: Promise<unknown> | null = null;
  private failure: unknown = null;
  private previousLine = -1;
  private lineSeq = 0;

  constructor(
    private readonly feeds: CoreFeeds,
    private readonly conn: DuckDBConnection,
    private readonly fileId: number,
  ) {
    ({ id: this.feedId, feed: this.feed } = feeds.open());
  }

  /** Queue a batch whose dictionary ids are already store ids. */
  async append(batch: EventBatch): Promise<void> {
    this.throwIfFailed();
    if (batch.rows === 0) return;
    this.stampKeys(batch);
    const detailRows = rowsWithDetail(batch);
    if (detailRows.length > 0) this.feed.details.push({ batch, rows: detailRows });
    this.feed.push(batch);
    if (this.feed.queuedRows >= START_ROWS) this.drain();
    while (this.feed.queuedRows >= MAX_QUEUED_ROWS && this.failure === null) await this.feed.room();
    this.throwIfFailed();
  }

  /** Wait until every queued row is inserted, then release the feed. */
  async finish(): Promise<void> {
    while (this.held) await this.held.catch(() => undefined);
    if (this.pending()) this.drain();
    while (this.draining) await this.draining;
    this.throwIfFailed();
    this.feeds.close(this.feedId);
  }

  /** Stop loading after a failure (the caller rolls the transaction back). */
  async abort(): Promise<void> {
    this.failure ??= new Error('aborted');
    this.feed.batches.length = 0;
    this.feed.details.length = 0;
    this.feeds.close(this.feedId);
    while (this.draining || this.held) await (this.draining ?? this.held)!.catch(() => undefined);
  }

  /**
   * Run `task` on the connection between INSERTs: the connection runs one statement at a time, and
   * an INSERT pulling from the feed calls back into this thread, so a statement started beside it
   * would wait for it forever. The caller awaiting this is the back-pressure on its producer.
   */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    while (this.draining || this.held) await (this.draining ?? this.held)!.catch(() => undefined);
    this.throwIfFailed();
    const run = task();
    this.held = run;
    try {
      return await run;
    } finally {
      this.held = null;
      if (this.feed.queuedRows >= START_ROWS) this.drain();
    }
  }

  /** Whether rows wait for either table. */
  private pending(): boolean {
    return this.feed.queuedRows > 0 || this.feed.details.length > 0;
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private drain(): void {
    if (this.draining || this.held) return;
    this.draining = this.runInserts().finally(() => {
      this.draining = null;
    });
  }

  private async runInserts(): Promise<void> {
    const core = `INSERT INTO events_core (${CORE_NAMES.join(', ')}) SELECT * FROM idsift_core_feed(${this.feedId}::UINTEGER)`;
    const detail = `INSERT INTO events_detail (${DETAIL_NAMES.join(', ')}) SELECT * FROM idsift_detail_feed(${this.feedId}::UINTEGER)`;
    try {
      while (this.pending() && this.failure === null) {
        if (this.feed.queuedRows > 0) await this.conn.run(core);
        if (this.feed.details.length > 0) await this.conn.run(detail);
      }
    } catch (cause) {
      this.failure = cause;
      this.feed.wake();
    }
  }

  /** Stamp the file id, and number the second and later events read from one line. */
  private stampKeys(batch: EventBatch): void {
    const rows = batch.rows;
    const fileIds = batch.columns[FILE_ID];
    const lines = batch.columns[LINE];
    if (!fileIds || !lines || fileIds.kind === 'text' || lines.kind === 'text') throw new Error('batch without keys');
    new Uint32Array(fileIds.data, 0, rows).fill(this.fileId);
    const line = new Uint32Array(lines.data, 0, rows);
    let seq: Uint32Array | null = null;
    for (let r = 0; r < rows; r++) {
      if (line[r] !== this.previousLine) {
        this.previousLine = line[r]!;
        this.lineSeq = 0;
        continue;
      }
      if (seq === null) {
        const column = {
          kind: 'u32' as const,
          data: new ArrayBuffer(rows * 4),
          validity: new Uint8Array(Math.ceil(rows / 8)),
        };
        batch.columns[LINE_SEQ] = column;
        seq = new Uint32Array(column.data);
      }
      seq[r] = ++this.lineSeq;
      batch.columns[LINE_SEQ]!.validity[r >>> 3]! |= 1 << (r & 7);
    }
  }
}

/** Indexes of the rows with at least one detail value. */
function rowsWithDetail(batch: EventBatch): Uint32Array {
  const bytes = Math.ceil(batch.rows / 8);
  const any = new Uint8Array(bytes);
  let found = false;
  for (const i of DETAIL_COLUMNS) {
    const col = batch.columns[i];
    if (!col) continue;
    for (let b = 0; b < bytes; b++) {
      const v = col.validity[b]!;
      if (v !== 0) {
        any[b]! |= v;
        found = true;
      }
    }
  }
  if (!found) return new Uint32Array(0);
  const out: number[] = [];
  for (let r = 0; r < batch.rows; r++) if ((any[r >>> 3]! & (1 << (r & 7))) !== 0) out.push(r);
  return Uint32Array.from(out);
}

/** Gather the selected rows' key and detail columns into a data chunk for events_detail. */
function fillDetailChunk(chunk: DuckDBDataChunk, batch: EventBatch, rows: Uint32Array): void {
  const n = rows.length;
  const validityBytes = Math.ceil(n / 8);
  [FILE_ID, LINE, LINE_SEQ, ...DETAIL_COLUMNS].forEach((i, out) => {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, out);
    const col = batch.columns[i]!;
    const validity = new Uint8Array(validityBytes);
    if (col === null) {
      // line_seq is 0, not NULL, in the detail table: it is part of the join key.
      if (i === LINE_SEQ) {
        duckdb.copy_data_to_vector(vector, 0, new ArrayBuffer(n * 4), 0, n * 4);
        validity.fill(255);
      }
    } else if (col.kind === 'text') {
      const bytes = new Uint8Array(col.bytes);
      const offsets = col.offsets;
      for (let k = 0; k < n; k++) {
        const r = rows[k]!;
        if ((col.validity[r >>> 3]! & (1 << (r & 7))) === 0) continue;
        duckdb.vector_assign_string_element_len(vector, k, bytes.subarray(offsets[r]!, offsets[r + 1]!));
        validity[k >>> 3]! |= 1 << (k & 7);
      }
    } else {
      const width = COLUMN_WIDTH[col.kind];
      const gathered = new ArrayBuffer(n * width);
      const words = width === 1 ? 0 : width / 4;
      const src8 = new Uint8Array(col.data);
      const src32 = words > 0 ? new Uint32Array(col.data) : null;
      const dst8 = new Uint8Array(gathered);
      const dst32 = words > 0 ? new Uint32Array(gathered) : null;
      for (let k = 0; k < n; k++) {
        const r = rows[k]!;
        const valid = (col.validity[r >>> 3]! & (1 << (r & 7))) !== 0;
        // line_seq is 0, not NULL, in the detail table: it is part of the join key.
        if (valid || i === LINE_SEQ) validity[k >>> 3]! |= 1 << (k & 7);
        if (!valid) continue;
        if (words === 0) dst8[k] = src8[r]!;
        else for (let w = 0; w < words; w++) dst32![k * words + w] = src32![r * words + w]!;
      }
      duckdb.copy_data_to_vector(vector, 0, gathered, 0, n * width);
    }
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, validityBytes);
  });
}
