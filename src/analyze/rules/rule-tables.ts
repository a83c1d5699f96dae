/**
 * The store's rule knowledge tables. Plain SQL types on purpose (no DuckDB-only types or upserts),
 * so that the ClickHouse backend can create the same tables; each row remembers the file it came
 * from, which is how re-loading a file replaces its rows instead of adding to them.
 */
import type { SqlValue, Store } from '../../store/store.js';

type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN';

/** Every rule table's columns, in order: the DDL and the inserts are both made from this. */
export const RULE_TABLE_COLUMNS = {
  rule_files: { path: 'VARCHAR', kind: 'VARCHAR', entries: 'INTEGER', problems: 'INTEGER', loaded_at: 'VARCHAR' },
  rule_defs: {
    path: 'VARCHAR',
    line: 'INTEGER',
    origin: 'VARCHAR',
    gid: 'BIGINT',
    sid: 'BIGINT',
    rev: 'BIGINT',
    msg: 'VARCHAR',
    classtype: 'VARCHAR',
    priority: 'INTEGER',
    refs: 'VARCHAR',
    metadata: 'VARCHAR',
    action: 'VARCHAR',
    proto: 'VARCHAR',
    enabled: 'BOOLEAN',
    text: 'VARCHAR',
  },
  rule_classes: { path: 'VARCHAR', line: 'INTEGER', name: 'VARCHAR', description: 'VARCHAR', priority: 'INTEGER' },
  rule_refsys: { path: 'VARCHAR', line: 'INTEGER', system: 'VARCHAR', url: 'VARCHAR' },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type RuleTable = keyof typeof RULE_TABLE_COLUMNS;
/** Tables that hold one file's rows, keyed by `path`. */
export const RULE_TABLES = Object.keys(RULE_TABLE_COLUMNS) as RuleTable[];

/** Rows per INSERT … VALUES statement (backends without a bulk path). */
const VALUES_BATCH_ROWS = 250;
/** Rows per JSON document in DuckDB's bulk path. */
const JSON_BATCH_ROWS = 5000;

export function ruleTableDdl(): string[] {
  return RULE_TABLES.map((table) => {
    const columns = Object.entries(RULE_TABLE_COLUMNS[table]).map(([name, type]) => `${name} ${type}`);
    return `CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')})`;
  });
}

export async function ensureRuleTables(store: Store): Promise<void> {
  for (const sql of ruleTableDdl()) await store.run(sql);
}

/** True once `rules load` has created the tables (read-only stores cannot create them). */
export async function hasRuleTables(store: Store): Promise<boolean> {
  const rows = await store.all<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'rule_defs'`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Insert rows (values in column order), always as bound values. DuckDB binds a few thousand
 * parameters slowly (about 0.3 ms a row for rule rows), so there the rows travel as one JSON
 * document per batch and DuckDB unpacks them (about 0.04 ms a row): 40,000 rules load in seconds,
 * not a minute. Other backends get plain multi-row VALUES.
 */
export async function insertRows(store: Store, table: RuleTable, rows: readonly SqlValue[][]): Promise<void> {
  const columns = Object.entries(RULE_TABLE_COLUMNS[table]) as [string, ColumnType][];
  for (const row of rows) {
    if (row.length !== columns.length)
      throw new Error(`insertRows(${table}): row of ${row.length} values, expected ${columns.length}`);
  }
  if (store.backend === 'duckdb') {
    const shape = JSON.stringify([Object.fromEntries(columns)]);
    const names = columns.map(([name]) => name).join(', ');
    for (let start = 0; start < rows.length; start += JSON_BATCH_ROWS) {
      const batch = rows
        .slice(start, start + JSON_BATCH_ROWS)
        .map((row) => Object.fromEntries(columns.map(([name], i) => [name, row[i]])));
      await store.run(`INSERT INTO ${table} SELECT ${names} FROM (SELECT unnest(from_json(?, ?), recursive := true))`, [
        JSON.stringify(batch),
        shape,
      ]);
    }
    return;
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += VALUES_BATCH_ROWS) {
    const batch = rows.slice(start, start + VALUES_BATCH_ROWS);
    await store.run(`INSERT INTO ${table} VALUES ${batch.map(() => tuple).join(', ')}`, batch.flat());
  }
}
