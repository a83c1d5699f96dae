/**
 * The storage contract. Every backend (DuckDB embedded, ClickHouse scale-out) implements this and
 * runs the same contract test suite, so the two cannot drift.
 */
import type { AddressBook, AddressBookConfig } from '../core/address-book.js';
import type { IngestSink } from '../ingest/ingest-sink.js';
import type { Dialect } from './dialect.js';
import type { RuleFileRows } from './rule-tables.js';
import type { Sql, SqlValue } from './sql.js';

// Defined beside the `sql` template (which binds them); named here too, where callers look for it.
export type { SqlValue };
/** A result row with plain JS values: numbers (BIGINT folded to number), strings, booleans, null. */
export type Row = Record<string, string | number | boolean | null>;

/**
 * The kind of one column of `numericColumns`: a 32-bit integer (INTEGER; UINTEGER, as address ids
 * are stored) or a double (epoch microseconds fit one exactly).
 */
export type ColumnKind = 'int32' | 'uint32' | 'float64';

/** The typed array each column kind is returned as. */
export const COLUMN_ARRAYS = { int32: Int32Array, uint32: Uint32Array, float64: Float64Array } as const;

/** The typed arrays `numericColumns` returns, one per named column. */
export type NumericColumns<S extends Record<string, ColumnKind>> = {
  [K in keyof S]: S[K] extends 'int32' ? Int32Array : S[K] extends 'uint32' ? Uint32Array : Float64Array;
};

export interface Store extends IngestSink {
  readonly backend: 'duckdb' | 'clickhouse';
  readonly location: string;
  /** How this backend spells what portable SQL cannot say (see dialect.ts). */
  readonly dialect: Dialect;
  /**
   * Whether the store keeps `event_counts` (events per file, log kind, event type, event, source
   * address and destination port, written at ingest); analyses count `events_core` when it does not.
   */
  readonly keepsEventCounts: boolean;
  /**
   * Make every stored address's group and host agree with this address book (cheap when the
   * book's hash is the one they were computed with), and save the book's config in the store; or,
   * with `this-run` (always on a read-only store), classify under it for this run only.
   */
  applyAddressBook(book: AddressBook, hash: string, use?: 'save' | 'this-run'): Promise<void>;
  /**
   * The address config (groups, aliases) saved at the last ingest, or null for a store from before
   * configs were saved. A writable store saves the book it is given in `applyAddressBook`; a
   * read-only one uses it for this run only.
   */
  readAddressConfig(): Promise<AddressBookConfig | null>;
  /** Run a read query built with the tagged `sql` template (src/store/sql.ts). */
  query<T extends Row = Row>(query: Sql): Promise<T[]>;
  /** Run a read query with bound parameters (`?` placeholders); prefer `query`. */
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /**
   * Run a read query whose result is millions of rows of numbers (a detect counting in its own
   * loops): every column as one typed array, no object per row. The query selects exactly the
   * named columns, in order, non-null, of the SQL type each kind names.
   */
  numericColumns<S extends Record<string, ColumnKind>>(
    query: Sql,
    kinds: S,
  ): Promise<{ rows: number; columns: NumericColumns<S> }>;
  /** Run a statement that changes the store's own bookkeeping tables (scores…). */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Make the rule tables (rule-tables.ts) unless they are there: `rules load` does, before its files. */
  prepareRuleTables(): Promise<void>;
  /** Whether the rule tables are there (a store no `rules load` ran on has none). */
  hasRuleTables(): Promise<boolean>;
  /**
   * Store what one rule knowledge file gives, replacing all it gave before (loading a file twice
   * leaves what loading it once does). Readers see the file's old rows or its new ones, never a mix.
   */
  replaceRuleFile(path: string, rows: RuleFileRows): Promise<void>;
  close(): Promise<void>;
}
