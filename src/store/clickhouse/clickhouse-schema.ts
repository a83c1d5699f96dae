/**
 * DDL for the ClickHouse store, in SQL that ClickHouse 18.16 (Debian's package) and current
 * ClickHouse (26.x, through chdb in the tests) both accept: no DateTime64, no Bool, no TTL, no
 * LowCardinality, one JOIN per SELECT, aggregates never aliased to a stored column's name.
 *
 * Events are one wide MergeTree table of values (no dictionaries: ClickHouse compresses repeated
 * strings column by column), ordered by hour of the event, then source address, then time — the
 * two access paths (time ranges, one address's activity). Every row carries the ingest id of the
 * file write that stored it; the `events` and `quarantine` views show only rows whose ingest id
 * has a `file_commits` row, and that row is written last, so a file is visible all at once or not
 * at all. With a cluster, `events_data` and `quarantine_data` are Distributed tables over
 * `*_local` MergeTree tables on every server; the bookkeeping tables (file_commits, addrs_log,
 * meta_log, scores, file_ids) live on the first server, which answers queries (its `GLOBAL IN`
 * ships the committed ids to the shards).
 */
import { EVENT_COLUMNS, storedColumnName, type ColumnKind, type EventColumn } from '../../core/event-columns.js';
import { ruleColumns, type RuleColumnType, type RuleTable } from '../rule-tables.js';

/**
 * 2: `events_core` view and `addrs.id`, so the analyses' SQL reads the same as on DuckDB.
 * 3: `events_raw` view (every column, keys as in `events_core`), which the rule queries read.
 */
export const CLICKHOUSE_SCHEMA_VERSION = '3';

/** The views, remade when the schema version changes (they hold no data). */
export const CLICKHOUSE_VIEWS = [
  'files',
  'addrs',
  'meta',
  'quarantine',
  'events',
  'events_core',
  'events_raw',
] as const;

const TYPE: Readonly<Record<ColumnKind, string>> = {
  u8: 'UInt8',
  bool: 'UInt8',
  i32: 'Int32',
  u32: 'UInt32',
  // Microseconds since the epoch: 18.16 has no DateTime64.
  ts: 'Int64',
  dict: 'String',
  addr: 'String',
  text: 'String',
};

/** The key columns the store always fills. */
const NOT_NULL = new Set(['file_id', 'line']);

/** ClickHouse type of an event column, as stored and as sent in a Native block. */
export function clickHouseType(column: EventColumn): string {
  const base = TYPE[column.kind];
  return NOT_NULL.has(column.name) ? base : `Nullable(${base})`;
}

/** The event columns in table order, after `ingest_id`. */
const EVENT_DDL = EVENT_COLUMNS.map((c) => `${c.name} ${clickHouseType(c)}`).join(',\n  ');

export interface SchemaPlan {
  /** Statements for every server (the local data tables, and with a cluster the Distributed ones). */
  everyServer: string[];
  /** Statements for the first server only (bookkeeping tables and the views). */
  firstServer: string[];
}

/** Name of the table a server's inserts of `data` (events_data, quarantine_data) go to. */
export function insertTable(data: 'events_data' | 'quarantine_data', cluster: string | null): string {
  return cluster === null ? data : `${data}_local`;
}

export function schemaPlan(database: string, cluster: string | null): SchemaPlan {
  const local = (name: 'events_data' | 'quarantine_data'): string => insertTable(name, cluster);
  const everyServer = [
    `CREATE TABLE IF NOT EXISTS ${database}.${local('events_data')} (
  ingest_id UInt64,
  ${EVENT_DDL},
  ts_key Int64 MATERIALIZED ifNull(ts, 0),
  src_key String MATERIALIZED ifNull(src, '')
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(ts_key, 1000000)))
ORDER BY (intDiv(ts_key, 3600000000), src_key, ts_key)`,
    `CREATE TABLE IF NOT EXISTS ${database}.${local('quarantine_data')} (
  ingest_id UInt64, file_id UInt32, line UInt32, code String, message String, raw String
) ENGINE = MergeTree() ORDER BY (file_id, line)`,
  ];
  if (cluster !== null) {
    for (const name of ['events_data', 'quarantine_data'] as const)
      everyServer.push(
        `CREATE TABLE IF NOT EXISTS ${database}.${name} AS ${database}.${name}_local
ENGINE = Distributed(${cluster}, ${database}, ${name}_local, rand())`,
      );
  }
  const firstServer = [
    `CREATE TABLE IF NOT EXISTS ${database}.file_commits (
  id UInt32, ingest_id UInt64, version UInt64,
  f_root_id UInt32, f_path String, f_name String, f_format String, f_source String, f_size UInt64, f_gzip UInt8,
  f_head_hash String, f_tail_hash String, f_start_offset UInt64, f_end_offset UInt64, f_first_line UInt32,
  f_last_line UInt32, f_rows UInt64, f_quarantined UInt64, f_recovered UInt64,
  f_first_ts Nullable(Int64), f_last_ts Nullable(Int64), f_year Int32, f_tz String, f_name_date Nullable(String),
  f_warnings String, f_ingested_at String
) ENGINE = MergeTree() ORDER BY (id, version)`,
    `CREATE TABLE IF NOT EXISTS ${database}.file_ids (id UInt32, owner UInt64) ENGINE = MergeTree() ORDER BY id`,
    `CREATE TABLE IF NOT EXISTS ${database}.addrs_log (
  addr String, a_canon String, a_grp Nullable(String), a_host Nullable(String), a_host_grp Nullable(String), version UInt64
) ENGINE = MergeTree() ORDER BY addr`,
    `CREATE TABLE IF NOT EXISTS ${database}.meta_log (key String, m_value String, version UInt64)
ENGINE = MergeTree() ORDER BY key`,
    `CREATE TABLE IF NOT EXISTS ${database}.scores (
  subject String, criticality Int32, lethality Int32, system Int32, network Int32, updated_at Int64
) ENGINE = ReplacingMergeTree(updated_at) ORDER BY subject`,
    `CREATE VIEW IF NOT EXISTS ${database}.files AS SELECT id,
  ${FILE_FIELDS.map((f) => `argMax(f_${f}, version) AS ${f}`).join(', ')}
FROM ${database}.file_commits GROUP BY id`,
    // `id` is the address itself: the key `events_core` joins on (DuckDB's is a dictionary id).
    `CREATE VIEW IF NOT EXISTS ${database}.addrs AS SELECT addr AS id, addr,
  argMax(a_canon, version) AS canon, argMax(a_grp, version) AS grp, argMax(a_host, version) AS host,
  argMax(a_host_grp, version) AS host_grp
FROM ${database}.addrs_log GROUP BY addr`,
    `CREATE VIEW IF NOT EXISTS ${database}.meta AS SELECT key, argMax(m_value, version) AS value
FROM ${database}.meta_log GROUP BY key`,
    `CREATE VIEW IF NOT EXISTS ${database}.quarantine AS SELECT file_id, line, code, message, raw
FROM ${database}.quarantine_data WHERE ingest_id GLOBAL IN (SELECT ingest_id FROM ${database}.file_commits)`,
    eventsView(database),
    eventsCoreView(database),
    eventsRawView(database),
  ];
  return { everyServer, firstServer };
}

/** The `files` view's columns after `id`, as file_commits stores them with an `f_` prefix. */
export const FILE_FIELDS = [
  ...['root_id', 'path', 'name', 'format', 'source', 'size', 'gzip', 'head_hash', 'tail_hash'],
  ...['start_offset', 'end_offset', 'first_line', 'last_line', 'rows', 'quarantined', 'recovered'],
  ...['first_ts', 'last_ts', 'year', 'tz', 'name_date', 'warnings', 'ingested_at'],
] as const;

/** The columns of the `events` view, in the DuckDB view's order (addresses with group and host). */
export const EVENTS_VIEW_COLUMNS: readonly string[] = EVENT_COLUMNS.flatMap((c) =>
  c.name === 'line_seq' ? [] : c.kind === 'addr' ? [c.name, `${c.name}_group`, `${c.name}_host`] : [c.name],
);

/**
 * `events`: committed rows with each address's group and host. 18.16 allows one JOIN per SELECT,
 * so the two address lookups nest; the join keys are non-null copies (`*_k`) of the addresses.
 */
function eventsView(database: string): string {
  const addressColumns = EVENT_COLUMNS.filter((c) => c.kind === 'addr').map((c) => c.name);
  const raw = EVENT_COLUMNS.filter((c) => c.name !== 'line_seq').map((c) => c.name);
  let from = `(SELECT ${raw.join(', ')}, ${addressColumns.map((a) => `ifNull(${a}, '') AS ${a}_k`).join(', ')}
  FROM ${database}.events_data
  WHERE ingest_id GLOBAL IN (SELECT ingest_id FROM ${database}.file_commits)) AS committed`;
  // Every subquery is named: current ClickHouse refuses a joined subquery without an alias.
  for (const a of addressColumns)
    from = `(SELECT * FROM ${from}
  ANY LEFT JOIN (SELECT addr AS ${a}_k, grp AS ${a}_group, host AS ${a}_host FROM ${database}.addrs) AS ${a}_addrs
  USING ${a}_k) AS with_${a}`;
  return `CREATE VIEW IF NOT EXISTS ${database}.events AS SELECT ${EVENTS_VIEW_COLUMNS.join(', ')} FROM ${from}`;
}

/**
 * `events_core`: committed rows in the shape of DuckDB's core table, which the analyses query
 * (narrow: the columns the envelope and the detects' classes need). A string or address key
 * (`src_id`, `source_id`…) is the value itself; `dialect.stringOf` and `addrs.id` resolve it.
 */
function eventsCoreView(database: string): string {
  const columns = EVENT_COLUMNS.filter((c) => c.table === 'core').map((c) => {
    const stored = storedColumnName(c.name, c.kind);
    return stored === c.name ? c.name : `${c.name} AS ${stored}`;
  });
  return `CREATE VIEW IF NOT EXISTS ${database}.events_core AS SELECT ${columns.join(', ')}
FROM ${database}.events_data WHERE ingest_id GLOBAL IN (SELECT ingest_id FROM ${database}.file_commits)`;
}

/**
 * `events_raw`: committed rows with every column but `line_seq`, in the order and under the names
 * of DuckDB's `events_raw` view (core columns, then detail columns; keys as in `events_core`).
 */
function eventsRawView(database: string): string {
  const columns = [
    ...EVENT_COLUMNS.filter((c) => c.table === 'core'),
    ...EVENT_COLUMNS.filter((c) => c.table !== 'core'),
  ]
    .filter((c) => c.name !== 'line_seq')
    .map((c) => {
      const stored = storedColumnName(c.name, c.kind);
      return stored === c.name ? c.name : `${c.name} AS ${stored}`;
    });
  return `CREATE VIEW IF NOT EXISTS ${database}.events_raw AS SELECT ${columns.join(', ')}
FROM ${database}.events_data WHERE ingest_id GLOBAL IN (SELECT ingest_id FROM ${database}.file_commits)`;
}

const RULE_TYPE: Readonly<Record<RuleColumnType, string>> = {
  VARCHAR: 'String',
  INTEGER: 'Int32',
  BIGINT: 'Int64',
  BOOLEAN: 'UInt8',
};

/** Rule columns always set, usable in a sorting key (18.16 sorts by no Nullable column). */
const RULE_NOT_NULL = new Set(['path', 'line']);

/** The rule tables whose rows are data (spread over the shards); `rule_files` is their bookkeeping. */
export const RULE_DATA_TABLES = ['rule_defs', 'rule_classes', 'rule_refsys'] as const satisfies readonly RuleTable[];
export type RuleDataTable = (typeof RULE_DATA_TABLES)[number];

/** Name of the table a server's inserts of one rule table's rows go to. */
export function ruleInsertTable(table: RuleDataTable, cluster: string | null): string {
  return cluster === null ? `${table}_data` : `${table}_data_local`;
}

/** The columns of `rule_loads` after `load_id, version, path`: rule_files' with an `r_` prefix. */
export const RULE_LOAD_FIELDS = ruleColumns('rule_files')
  .map(([name]) => name)
  .filter((name) => name !== 'path');

/**
 * The rule tables, made by the first `rules load`. Each table's rows carry the load id of the
 * load that stored them (`*_data`, MergeTree; with a cluster `*_data_local` on every server and a
 * Distributed `*_data` over them). `rule_loads`, on the first server, gets one row per loaded
 * file, written after its rows; the views `rule_defs`, `rule_classes`, `rule_refsys` show only the
 * rows of each file's latest load and `rule_files` its latest figures. So loading a file again
 * replaces what it gave (the superseded rows are deleted in the background), and a reader sees a
 * file's old rows or its new ones, never both.
 */
export function ruleTablesPlan(database: string, cluster: string | null): SchemaPlan {
  const type = (name: string, portable: RuleColumnType): string =>
    RULE_NOT_NULL.has(name) ? RULE_TYPE[portable] : `Nullable(${RULE_TYPE[portable]})`;
  const everyServer: string[] = [];
  for (const table of RULE_DATA_TABLES) {
    const columns = ruleColumns(table).map(([name, portable]) => `${name} ${type(name, portable)}`);
    everyServer.push(
      `CREATE TABLE IF NOT EXISTS ${database}.${ruleInsertTable(table, cluster)} (load_id UInt64, ${columns.join(', ')})
ENGINE = MergeTree() ORDER BY (path, line)`,
    );
    if (cluster !== null)
      everyServer.push(
        `CREATE TABLE IF NOT EXISTS ${database}.${table}_data AS ${database}.${table}_data_local
ENGINE = Distributed(${cluster}, ${database}, ${table}_data_local, rand())`,
      );
  }
  const loadFields = ruleColumns('rule_files').filter(([name]) => name !== 'path');
  const latest = `SELECT argMax(load_id, version) FROM ${database}.rule_loads GROUP BY path`;
  const firstServer = [
    `CREATE TABLE IF NOT EXISTS ${database}.rule_loads (load_id UInt64, version UInt64, path String, ${loadFields
      .map(([name, portable]) => `r_${name} ${type(name, portable)}`)
      .join(', ')}) ENGINE = MergeTree() ORDER BY (path, version)`,
    `CREATE VIEW IF NOT EXISTS ${database}.rule_files AS SELECT path, ${RULE_LOAD_FIELDS.map(
      (name) => `argMax(r_${name}, version) AS ${name}`,
    ).join(', ')}
FROM ${database}.rule_loads GROUP BY path`,
    ...RULE_DATA_TABLES.map(
      (table) =>
        `CREATE VIEW IF NOT EXISTS ${database}.${table} AS SELECT ${ruleColumns(table)
          .map(([name]) => name)
          .join(', ')}
FROM ${database}.${table}_data WHERE load_id GLOBAL IN (${latest})`,
    ),
  ];
  return { everyServer, firstServer };
}
