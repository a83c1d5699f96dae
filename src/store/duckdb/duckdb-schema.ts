/**
 * DDL for the embedded store. The events table is generated from EVENT_COLUMNS (the one place
 * the event contract's columns are written down); the `events` view turns dictionary ids back into
 * text, and adds each address's group and host.
 */
import { EVENT_COLUMNS, type ColumnKind } from '../../core/event-columns.js';

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

/** Stored column name: dictionary-encoded columns carry an `_id` suffix. */
export function storedColumnName(name: string, kind: ColumnKind): string {
  return kind === 'dict' || kind === 'addr' ? `${name}_id` : name;
}

export const SCHEMA_VERSION = '1';

export function schemaStatements(): string[] {
  const eventColumns = EVENT_COLUMNS.map((c) => `${storedColumnName(c.name, c.kind)} ${DUCKDB_TYPE[c.kind]}`).join(
    ',\n  ',
  );
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
    `CREATE TABLE IF NOT EXISTS events_raw (\n  ${eventColumns}\n)`,
    `CREATE TABLE IF NOT EXISTS quarantine (file_id UINTEGER, line UINTEGER, code VARCHAR, message VARCHAR, raw VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS scores (subject VARCHAR PRIMARY KEY, criticality INTEGER, lethality INTEGER,
      system INTEGER, network INTEGER, updated_at TIMESTAMP)`,
    eventsViewSql(),
  ];
}

/** `events`: the contract's view (ts, source, event, src, sport, dst, dport, proto, …) over every backend. */
function eventsViewSql(): string {
  const select: string[] = [];
  const joins: string[] = [];
  EVENT_COLUMNS.forEach((c, i) => {
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
