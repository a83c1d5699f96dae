/**
 * ClickHouse's spelling of the `Dialect` functions. Timestamps in the ClickHouse store are Int64
 * epoch microseconds (18.16 has no DateTime64), so `epochMicros` and `timestampFromMicros` are the
 * identity and buckets and days are integer arithmetic on them. Aggregates that DuckDB answers
 * with NULL for "no rows" are made to do so here too (ClickHouse answers 0 or '' by default).
 */
import type { CastType, Dialect, RowsColumnType, StringAggOptions } from '../dialect.js';
import { ident, join, list, raw, sql, type Sql } from '../sql.js';
import type { SqlValue } from '../store.js';
import { literal } from './bind-literals.js';

/** Monday 2000-01-03 00:00 UTC in epoch µs: DuckDB's `time_bucket` origin, which weeks align on. */
const BUCKET_ORIGIN_MICROS = 946_857_600_000_000;

const CAST: Record<Exclude<CastType, 'text'>, string> = {
  integer: 'toInt32OrNull',
  bigint: 'toInt64OrNull',
  double: 'toFloat64OrNull',
};

const ROWS_TYPE: Record<RowsColumnType, string> = {
  VARCHAR: 'Nullable(String)',
  INTEGER: 'Nullable(Int32)',
  BIGINT: 'Nullable(Int64)',
  BOOLEAN: 'Nullable(UInt8)',
  DOUBLE: 'Nullable(Float64)',
};

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  epochMicros: (ts) => sql`${ts}`,
  timestampFromMicros: (micros) => sql`${micros}`,
  bucketMicros: (ts, widthMicros) => {
    if (!Number.isSafeInteger(widthMicros) || widthMicros <= 0) throw new Error(`bad bucket width ${widthMicros}`);
    const w = raw(String(widthMicros));
    const origin = raw(String(BUCKET_ORIGIN_MICROS));
    // A floor modulo: ClickHouse's `%` keeps the dividend's sign, as C does.
    return sql`(${ts} - (((${ts} - ${origin}) % ${w}) + ${w}) % ${w})`;
  },
  day: (ts) => sql`intDiv(${ts}, 86400000000)`,
  dayText: (day) => sql`toString(toDate(toDateTime(${day} * 86400, 'UTC'), 'UTC'))`,
  countDistinct: (expr, how = 'exact') => (how === 'exact' ? sql`uniqExact(${expr})` : sql`uniq(${expr})`),
  countIf: (condition) => sql`countIf(${condition})`,
  // sumIf answers 0 when no row matches; DuckDB's FILTER answers NULL.
  aggregateIf: (fn, expr, condition) =>
    sql`if(countIf(isNotNull(${expr}) AND (${condition})) = 0, NULL, ${raw(fn)}If(${expr}, ${condition}))`,
  stringAgg: (expr, separator, options: StringAggOptions = {}) => {
    const sep = raw(literal(separator));
    let values: Sql;
    if (options.orderBy === undefined)
      values = options.distinct ? sql`groupUniqArray(${expr})` : sql`groupArray(${expr})`;
    else {
      const sorted = sql`arrayMap(p -> tupleElement(p, 2), arraySort(p -> tupleElement(p, 1), groupArrayIf((${options.orderBy}, assumeNotNull(${expr})), isNotNull(${expr}))))`;
      values = options.distinct ? sql`arrayDistinct(${sorted})` : sorted;
    }
    return sql`if(count(${expr}) = 0, NULL, arrayStringConcat(${values}, ${sep}))`;
  },
  argMax: (value, by) => sql`argMax(${value}, ${by})`,
  argMin: (value, by) => sql`argMin(${value}, ${by})`,
  mode: (expr) => sql`if(count(${expr}) = 0, NULL, topK(1)(${expr})[1])`,
  anyValue: (expr) => sql`any(${expr})`,
  cast: (expr, type) => (type === 'text' ? sql`toString(${expr})` : sql`${raw(CAST[type])}(toString(${expr}))`),
  lower: (text) => sql`lowerUTF8(${text})`,
  regexpMatches: (text, pattern, options = {}) =>
    sql`match(${text}, ${raw(literal(options.ignoreCase ? `(?i)${pattern}` : pattern))})`,
  cte: (name, body) => sql`${ident(name)} AS (${body})`,
  rowsTable,
  limit: (count, offset) => (offset === undefined ? sql`LIMIT ${count}` : sql`LIMIT ${offset}, ${count}`),
  now: () => raw('(toInt64(now()) * 1000000)'),
  hash: (expr) => sql`cityHash64(${expr})`,
  stringOf: (key) => key,
  addressOf: (key) => key,
  namedKeys: (keys) => sql`(SELECT k.key AS key, k.key AS name FROM ${keys} k)`,
  // A list, not a subquery: there is no dictionary to look the strings up in.
  stringKeys: (values) => (values.length === 0 ? sql`(SELECT '' FROM system.one WHERE 0)` : sql`(${list(values)})`),
  always: () => raw('1 = 1'),
  firstRowsPerGroup: (rows, { partitionBy, orderBy, count }) =>
    sql`(SELECT * FROM ${rows} ranked_rows ORDER BY ${partitionBy}, ${orderBy} LIMIT ${raw(String(Math.max(0, Math.trunc(count))))} BY ${partitionBy})`,
};

/**
 * A table of many rows as one array literal per column, zipped by `arrayJoin` over the row
 * numbers: `(SELECT CAST(a[i] AS T) AS c, … FROM (SELECT [..] AS a, … ) ARRAY JOIN range(n) AS i)`.
 * Literals, not bound values: the values are written through the same quoting as every bound
 * value (bind-literals.ts).
 */
function rowsTable(
  columns: readonly (readonly [string, RowsColumnType])[],
  rows: readonly (readonly SqlValue[])[],
): Sql {
  if (rows.length === 0) {
    const empty = columns.map(([name, type]) => sql`CAST(NULL AS ${raw(ROWS_TYPE[type])}) AS ${ident(name)}`);
    return sql`(SELECT ${join(empty, ', ')} FROM system.one WHERE 0)`;
  }
  const arrays = columns.map(([, type], c) => {
    const values = rows.map((r) => {
      const v = r[c] ?? null;
      return v === null ? 'NULL' : `CAST(${literal(v)} AS ${ROWS_TYPE[type]})`;
    });
    return raw(`CAST([${values.join(', ')}] AS Array(${ROWS_TYPE[type]})) AS c${c}`);
  });
  const picks = columns.map(([name], c) => sql`c${raw(String(c))}[i + 1] AS ${ident(name)}`);
  return sql`(SELECT ${join(picks, ', ')} FROM (SELECT ${join(arrays, ', ')}, range(${raw(String(rows.length))}) AS r) ARRAY JOIN r AS i)`;
}
