/** DuckDB's spelling of the `Dialect` functions. */
import type { CastType, Dialect, RowsColumnType, StringAggOptions } from '../dialect.js';
import { ident, inList, join, raw, sql, type Sql } from '../sql.js';
import type { SqlValue } from '../store.js';

const CAST_TYPES: Record<CastType, string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
};

/**
 * A string constant written into the text: for separators and format strings chosen by code,
 * which DuckDB wants as constants rather than bound values.
 */
function constant(text: string): Sql {
  return raw(`'${text.replaceAll("'", "''")}'`);
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  epochMicros: (ts) => sql`epoch_us(${ts})`,
  timestampFromMicros: (micros) => sql`make_timestamp(${micros})`,
  bucketMicros: (ts, widthMicros) => {
    if (!Number.isSafeInteger(widthMicros) || widthMicros <= 0) throw new Error(`bad bucket width ${widthMicros}`);
    return sql`epoch_us(time_bucket(to_microseconds(CAST(${widthMicros} AS BIGINT)), ${ts}))`;
  },
  day: (ts) => sql`CAST(${ts} AS DATE)`,
  dayText: (day) => sql`strftime(${day}, '%Y-%m-%d')`,
  countDistinct: (expr, how = 'exact') =>
    how === 'exact' ? sql`count(DISTINCT ${expr})` : sql`approx_count_distinct(${expr})`,
  countIf: (condition) => sql`count(*) FILTER (WHERE ${condition})`,
  aggregateIf: (fn, expr, condition) => sql`${raw(fn)}(${expr}) FILTER (WHERE ${condition})`,
  stringAgg: (expr, separator, options: StringAggOptions = {}) => {
    const distinct = options.distinct ? raw('DISTINCT ') : raw('');
    const order = options.orderBy === undefined ? raw('') : sql` ORDER BY ${options.orderBy}`;
    return sql`string_agg(${distinct}${expr}, ${constant(separator)}${order})`;
  },
  argMax: (value, by) => sql`arg_max(${value}, ${by})`,
  argMin: (value, by) => sql`arg_min(${value}, ${by})`,
  mode: (expr) => sql`mode(${expr})`,
  anyValue: (expr) => sql`any_value(${expr})`,
  cast: (expr, type) => sql`TRY_CAST(${expr} AS ${raw(CAST_TYPES[type])})`,
  lower: (text) => sql`lower(${text})`,
  regexpMatches: (text, pattern, options = {}) =>
    options.ignoreCase ? sql`regexp_matches(${text}, ${pattern}, 'i')` : sql`regexp_matches(${text}, ${pattern})`,
  cte: (name, body) => sql`${ident(name)} AS MATERIALIZED (${body})`,
  rowsTable,
  limit: (count, offset) => (offset === undefined ? sql`LIMIT ${count}` : sql`LIMIT ${count} OFFSET ${offset}`),
  now: () => raw('current_timestamp::TIMESTAMP'),
  hash: (expr) => sql`hash(${expr})`,
  stringOf: (key) => sql`(SELECT s FROM strings WHERE id = ${key})`,
  addressOf: (key) => sql`(SELECT addr FROM addrs WHERE id = ${key})`,
  namedKeys: (keys, kind) =>
    kind === 'string'
      ? sql`(SELECT k.key AS key, d.s AS name FROM ${keys} k LEFT JOIN strings d ON d.id = k.key)`
      : sql`(SELECT k.key AS key, d.addr AS name FROM ${keys} k LEFT JOIN addrs d ON d.id = k.key)`,
  stringKeys: (values) => sql`(SELECT id FROM strings WHERE ${inList(sql`s`, values)})`,
  always: () => raw('TRUE'),
  firstRowsPerGroup: (rows, { partitionBy, orderBy, count }) =>
    sql`(SELECT * EXCLUDE (rank_in_group) FROM (SELECT *, row_number() OVER (PARTITION BY ${partitionBy} ORDER BY ${orderBy}) AS rank_in_group FROM ${rows} ranked_rows) ranked WHERE rank_in_group <= ${count})`,
};

/**
 * A table of many rows as one bound value per column: `SELECT unnest(from_json(?, '["T"]')) AS c, …`.
 * A `VALUES` list costs a placeholder per cell, and DuckDB binds thousands of them slowly (a quarter
 * of a second for 5,000 rows); a JSON array per column binds in microseconds.
 * @example sql`WITH k AS ${rowsTable([['host', 'VARCHAR'], ['port', 'INTEGER']], [['1.2.3.4', 57]])} SELECT …`
 */
function rowsTable(
  columns: readonly (readonly [string, RowsColumnType])[],
  rows: readonly (readonly SqlValue[])[],
): Sql {
  const parts = columns.map(([name, type], c) => {
    if (!/^[A-Z]+$/.test(type)) throw new Error(`bad column type ${type}`);
    return sql`unnest(from_json(${JSON.stringify(rows.map((r) => r[c] ?? null))}, ${constant(`["${type}"]`)})) AS ${ident(name)}`;
  });
  return sql`(SELECT ${join(parts, ', ')})`;
}
