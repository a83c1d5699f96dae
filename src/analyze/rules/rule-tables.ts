/**
 * The store's rule knowledge tables. Plain SQL on purpose (no DuckDB-only types or upserts), so
 * that the ClickHouse backend can create the same tables; each row remembers the file it came
 * from, which is how re-loading a file replaces its rows instead of adding to them.
 */
import type { SqlValue, Store } from '../../store/store.js';

export const RULE_TABLE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS rule_files (
    path VARCHAR, kind VARCHAR, entries INTEGER, problems INTEGER, loaded_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS rule_defs (
    path VARCHAR, line INTEGER, origin VARCHAR, gid BIGINT, sid BIGINT, rev BIGINT, msg VARCHAR,
    classtype VARCHAR, priority INTEGER, refs VARCHAR, metadata VARCHAR, action VARCHAR, proto VARCHAR,
    enabled BOOLEAN, text VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS rule_classes (
    path VARCHAR, line INTEGER, name VARCHAR, description VARCHAR, priority INTEGER)`,
  `CREATE TABLE IF NOT EXISTS rule_refsys (
    path VARCHAR, line INTEGER, system VARCHAR, url VARCHAR)`,
];

/** Tables that hold one file's rows, keyed by `path`. */
export const RULE_TABLES = ['rule_files', 'rule_defs', 'rule_classes', 'rule_refsys'] as const;

/** Rows per INSERT statement: big enough to be quick, small enough for any backend's parameter limit. */
const INSERT_BATCH_ROWS = 250;

export async function ensureRuleTables(store: Store): Promise<void> {
  for (const sql of RULE_TABLE_DDL) await store.run(sql);
}

/** True once `rules load` has created the tables (read-only stores cannot create them). */
export async function hasRuleTables(store: Store): Promise<boolean> {
  const rows = await store.all<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'rule_defs'`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Insert rows with bound values, a batch of rows per statement. */
export async function insertRows(
  store: Store,
  table: (typeof RULE_TABLES)[number],
  width: number,
  rows: readonly SqlValue[][],
): Promise<void> {
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  for (let start = 0; start < rows.length; start += INSERT_BATCH_ROWS) {
    const batch = rows.slice(start, start + INSERT_BATCH_ROWS);
    const params: SqlValue[] = [];
    for (const row of batch) {
      if (row.length !== width) throw new Error(`insertRows(${table}): row of ${row.length} values, expected ${width}`);
      params.push(...row);
    }
    await store.run(`INSERT INTO ${table} VALUES ${batch.map(() => tuple).join(', ')}`, params);
  }
}
