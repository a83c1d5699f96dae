/**
 * What differs between the SQL of the store's backends, as functions that build fragments. An
 * analysis writes portable SQL (explicit GROUP BY lists, CASE, window functions, joins) with the
 * tagged `sql` template and asks `store.dialect` for the rest, so one query text serves DuckDB and
 * ClickHouse alike. Each function returns a fragment with its bound values; none runs anything.
 *
 * Conditions (`regexpMatches`, comparisons) belong in WHERE, HAVING and CASE: do not select one as
 * a column, since ClickHouse answers 1/0 where DuckDB answers true/false.
 *
 * Timestamps: the `ts` columns are timestamps (microsecond precision, UTC). Analyses carry times
 * out of SQL as epoch microseconds (`epochMicros`) and turn them into text in TypeScript.
 */
import type { Sql, SqlValue } from './sql.js';

/** Column types `rowsTable` can carry (the names are the portable vocabulary, not a backend's). */
export type RowsColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'DOUBLE';

/** Types `cast` converts to; `text` of a number is its shortest decimal form. */
export type CastType = 'text' | 'integer' | 'bigint' | 'double';

export interface StringAggOptions {
  /** Each value once. */
  distinct?: boolean;
  /** The order of the joined values (within the group); unspecified when absent. */
  orderBy?: Sql;
}

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  /** Microseconds since 1970-01-01 UTC of a timestamp, as a 64-bit integer (NULL stays NULL). */
  epochMicros(ts: Sql): Sql;
  /** A timestamp from microseconds since the epoch (the inverse of `epochMicros`). */
  timestampFromMicros(micros: Sql): Sql;
  /**
   * The start, in epoch microseconds, of the `widthMicros`-wide bucket holding `ts`. Buckets are
   * aligned on Monday 2000-01-03 00:00 UTC (DuckDB's `time_bucket` origin), so a week bucket runs
   * Monday to Monday; widths up to a day align on midnight either way.
   */
  bucketMicros(ts: Sql, widthMicros: number): Sql;
  /** The UTC calendar day of a timestamp: a value that groups, counts distinct and orders by day. */
  day(ts: Sql): Sql;
  /** A `day` value as `YYYY-MM-DD` text. */
  dayText(day: Sql): Sql;
  /** `count(DISTINCT expr)`; `approximate` lets the backend estimate (HyperLogLog) for speed. */
  countDistinct(expr: Sql, how?: 'exact' | 'approximate'): Sql;
  /** The number of rows of the group for which `condition` holds (0, not NULL, when none). */
  countIf(condition: Sql): Sql;
  /** min/max/sum of `expr` over the rows of the group for which `condition` holds; NULL when none. */
  aggregateIf(fn: 'min' | 'max' | 'sum', expr: Sql, condition: Sql): Sql;
  /** The group's non-NULL values of `expr` (text) joined with `separator`; NULL for none. */
  stringAgg(expr: Sql, separator: string, options?: StringAggOptions): Sql;
  /** The group's `value` on the row where `by` is largest. */
  argMax(value: Sql, by: Sql): Sql;
  /** The group's `value` on the row where `by` is smallest. */
  argMin(value: Sql, by: Sql): Sql;
  /** The group's most frequent non-NULL value (ties: any one of them). */
  mode(expr: Sql): Sql;
  /** Any one value of the group (for columns that are the same on every row of it). */
  anyValue(expr: Sql): Sql;
  /** `expr` converted to `type`; a value that does not convert becomes NULL instead of failing the query. */
  cast(expr: Sql, type: CastType): Sql;
  /** `text` in lower case, letters beyond ASCII too (ClickHouse's `lower` folds ASCII only). */
  lower(text: Sql): Sql;
  /** Whether `text` contains a match of the regular expression `pattern` (RE2 syntax, a bound value). */
  regexpMatches(text: Sql, pattern: string, options?: { ignoreCase?: boolean }): Sql;
  /**
   * One entry of a `WITH` list, computed once even when referenced several times (DuckDB inlines
   * a CTE referenced twice unless told): `name AS (…)`.
   */
  cte(name: string, body: Sql): Sql;
  /** A table of many rows bound as few values as possible, for joining against: `(SELECT … ) `. */
  rowsTable(columns: readonly (readonly [string, RowsColumnType])[], rows: readonly (readonly SqlValue[])[]): Sql;
  /** `LIMIT n [OFFSET m]` with bound values. */
  limit(count: number, offset?: number): Sql;
  /** The current time as a timestamp. */
  now(): Sql;
  /** A 64-bit hash of a value, stable within a run (for sampling and spreading). */
  hash(expr: Sql): Sql;
  /**
   * The text of a string key of `events_core` (`source_id`, `event_id`, `proto_id`…). DuckDB keeps
   * those strings in a dictionary (`strings`); ClickHouse stores the text itself as the key.
   * Resolve keys after aggregating, on the few rows that survive.
   */
  stringOf(key: Sql): Sql;
  /** The address (as the log wrote it) of an address key of `events_core` (`src_id`, `dst_id`); see `stringOf`. */
  addressOf(key: Sql): Sql;
  /**
   * `keys` (a relation with a `key` column of string or address keys) with each key's text as
   * `name` (null when the store holds none): a join, for many keys at once (see `stringOf`).
   */
  namedKeys(keys: Sql, kind: 'string' | 'address'): Sql;
  /** `(…)` for `key IN …`: the keys of these strings (those the store holds). */
  stringKeys(values: readonly SqlValue[]): Sql;
  /**
   * The first `count` rows of `rows` (a subquery's text) per value of `partitionBy`, in `orderBy`
   * order, as a relation with the same columns (unordered: order the outer query). DuckDB ranks
   * with a window function; ClickHouse 18.16 has none and uses `LIMIT n BY`.
   */
  firstRowsPerGroup(rows: Sql, options: { partitionBy: Sql; orderBy: Sql; count: number }): Sql;
  /** A condition that always holds (18.16 knows no `TRUE`). */
  always(): Sql;
}
