/**
 * DDL for the embedded store. The event tables are generated from EVENT_COLUMNS (the one place
 * the event contract's columns are written down): `events_core` holds every event's envelope,
 * `events_detail` the kind-specific fields of the events that have any; the `events_raw` view
 * joins them back into one wide row of ids, and the `events` view turns ids back into text and
 * adds each address's group and host.
 */
import { EVENT_COLUMNS, storedColumnName, type ColumnKind, type EventColumn } from '../../core/event-columns.js';

const DUCKDB_TYPE: Readonly<Record<ColumnKind, string>> = {
  u8: 'UTINYINT',
  i32: 'INTEGER',
  u32: 'UINTEGER',
  bool: 'BOOLEAN',
  ts: 'TIMESTAMP',
  dict: 'UINTEGER',
  addr: 'UINTEGER',
  text: 'VARCHAR',
};

export const SCHEMA_VERSION = '3';

const columnDdl = (columns: readonly EventColumn[]): string =>
  columns.map((c) => `${storedColumnName(c.name, c.kind)} ${DUCKDB_TYPE[c.kind]}`).join(',\n  ');
const CORE_DDL = columnDdl(EVENT_COLUMNS.filter((c) => c.table === 'core'));
/** The detail table repeats the key (file_id, line, line_seq); its line_seq is 0, never NULL. */
const DETAIL_DDL = columnDdl(EVENT_COLUMNS.filter((c) => c.table === 'detail'));

/** Join of an event's detail row (alias d) to its core row (alias c). */
export const DETAIL_JOIN = 'd.file_id = c.file_id AND d.line = c.line AND d.line_seq = coalesce(c.line_seq, 0)';

/**
 * `event_counts`: the events of each file counted per (log kind, event type, event, source address,
 * destination port), written in the transaction that stores them — the rows behind top, stumble
 * and the workbench's lists, about 1/20 of `events_core` (analyze/event-filters/event-counts.ts
 * reads them). A file that grows (`--follow`, stdin) adds a row per key for each piece; readers sum.
 */
const EVENT_COUNTS_DDL = `CREATE TABLE IF NOT EXISTS event_counts (
  file_id UINTEGER, source_id UINTEGER, event_type_id UINTEGER, event_id UINTEGER, src_id UINTEGER, dport INTEGER,
  n UBIGINT)`;

/** Count the rows of `events_core` selected by `where` into `event_counts` (bound values: where's). */
export function countEventsSql(where: string): string {
  return `INSERT INTO event_counts
    SELECT file_id, source_id, event_type_id, event_id, src_id, dport, count(*) FROM events_core WHERE ${where}
    GROUP BY file_id, source_id, event_type_id, event_id, src_id, dport`;
}

/** Statements that move a schema-1 store (one wide `events_raw` table) to the core/detail split. */
export function migrateFromSchema1(): string[] {
  const core = EVENT_COLUMNS.filter((c) => c.table === 'core' && c.name !== 'line_seq').map((c) =>
    storedColumnName(c.name, c.kind),
  );
  const detail = EVENT_COLUMNS.filter((c) => c.table === 'detail').map((c) => storedColumnName(c.name, c.kind));
  return [
    'ALTER TABLE events_raw RENAME TO events_schema1',
    ...schemaStatements(),
    `INSERT INTO events_core (${core.join(', ')}) SELECT ${core.join(', ')} FROM events_schema1`,
    `INSERT INTO events_detail SELECT file_id, line, 0, ${detail.join(', ')} FROM events_schema1
       WHERE ${detail.map((d) => `${d} IS NOT NULL`).join(' OR ')}`,
    'DROP TABLE events_schema1',
  ];
}

export function schemaStatements(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS files (
      id UINTEGER PRIMARY KEY, root_id UINTEGER, path VARCHAR, name VARCHAR, format VARCHAR, source VARCHAR,
      size UBIGINT, gzip BOOLEAN, head_hash VARCHAR, tail_hash VARCHAR, start_offset UBIGINT, end_offset UBIGINT,
      first_line UINTEGER, last_line UINTEGER, rows UBIGINT, quarantined UBIGINT, recovered UBIGINT,
      first_ts TIMESTAMP, last_ts TIMESTAMP, year INTEGER, tz VARCHAR, name_date VARCHAR, warnings VARCHAR,
      ingested_at TIMESTAMP)`,
    `CREATE TABLE IF NOT EXISTS strings (id UINTEGER, s VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS addrs (id UINTEGER, addr VARCHAR, canon VARCHAR, grp VARCHAR, host VARCHAR, host_grp VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS events_core (\n  ${CORE_DDL}\n)`,
    EVENT_COUNTS_DDL,
    `CREATE TABLE IF NOT EXISTS events_detail (\n  file_id UINTEGER, line UINTEGER, line_seq UINTEGER,\n  ${DETAIL_DDL}\n)`,
    eventsRawViewSql(),
    `CREATE TABLE IF NOT EXISTS quarantine (file_id UINTEGER, line UINTEGER, code VARCHAR, message VARCHAR, raw VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS scores (subject VARCHAR PRIMARY KEY, criticality INTEGER, lethality INTEGER,
      system INTEGER, network INTEGER, updated_at TIMESTAMP)`,
    eventsViewSql(),
  ];
}

/** `events_raw`: every event as one wide row of stored values (ids for strings and addresses). */
function eventsRawViewSql(): string {
  const detail = EVENT_COLUMNS.filter((c) => c.table === 'detail').map((c) => `d.${storedColumnName(c.name, c.kind)}`);
  return `CREATE OR REPLACE VIEW events_raw AS SELECT c.* EXCLUDE (line_seq), ${detail.join(', ')}
    FROM events_core c LEFT JOIN events_detail d ON ${DETAIL_JOIN}`;
}

/** `events`: the contract's view (ts, source, event, src, sport, dst, dport, proto, …) over every backend. */
function eventsViewSql(): string {
  const select: string[] = [];
  const joins: string[] = [];
  EVENT_COLUMNS.forEach((c, i) => {
    if (c.name === 'line_seq') return;
    if (c.kind === 'dict') {
      select.push(`d${i}.s AS ${c.name}`);
      joins.push(`LEFT JOIN strings d${i} ON d${i}.id = e.${c.name}_id`);
    } else if (c.kind === 'addr') {
      select.push(`a${i}.addr AS ${c.name}`, `a${i}.grp AS ${c.name}_group`, `a${i}.host AS ${c.name}_host`);
      joins.push(`LEFT JOIN addrs a${i} ON a${i}.id = e.${c.name}_id`);
    } else select.push(`e.${c.name}`);
  });
  return `CREATE OR REPLACE VIEW events AS SELECT ${select.join(', ')} FROM events_raw e ${joins.join(' ')}`;
}
