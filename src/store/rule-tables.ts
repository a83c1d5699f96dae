/**
 * The store's rule knowledge tables (`idsift rules load`): their columns, in portable type names
 * that each backend maps to its own. Every row remembers the file it came from (`path`), which is
 * how loading a file again replaces its rows instead of adding to them (`Store.replaceRuleFile`).
 * Analyses read the tables by these names on every backend.
 */
import type { SqlValue } from './sql.js';

export type RuleColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN';

/** Every rule table's columns, in order, `path` first: the DDL and the inserts are both made from this. */
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
} as const satisfies Record<string, Record<string, RuleColumnType>>;

export type RuleTable = keyof typeof RULE_TABLE_COLUMNS;
export const RULE_TABLES = Object.keys(RULE_TABLE_COLUMNS) as RuleTable[];

/** What one rule knowledge file gives each table: rows of values in column order (`path` first). */
export type RuleFileRows = Readonly<Record<RuleTable, readonly (readonly SqlValue[])[]>>;

/** The columns of a table as `[name, type]` pairs, in order. */
export function ruleColumns(table: RuleTable): [string, RuleColumnType][] {
  return Object.entries(RULE_TABLE_COLUMNS[table]) as [string, RuleColumnType][];
}

/**
 * Throw (a bug, not bad data) unless every row has one value per column and is this file's, and
 * `rule_files` has exactly the file's own row.
 */
export function checkRuleFileRows(path: string, rows: RuleFileRows): void {
  if (rows.rule_files.length !== 1) throw new Error(`rule rows for ${path}: ${rows.rule_files.length} rule_files rows`);
  for (const table of RULE_TABLES) {
    const width = ruleColumns(table).length;
    for (const row of rows[table]) {
      if (row.length !== width)
        throw new Error(`rule rows for ${table}: a row of ${row.length} values, expected ${width}`);
      if (row[0] !== path) throw new Error(`rule rows for ${table}: a row of ${String(row[0])}, expected ${path}`);
    }
  }
}
