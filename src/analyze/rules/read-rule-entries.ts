/**
 * Stored `rule_defs` rows as `RuleEntryRow`s, on any backend: `enabled` is a boolean (ClickHouse
 * stores and answers 1/0 where DuckDB answers true/false).
 */
import { raw, sql, type Sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { RULE_ENTRY_COLUMNS, type RuleEntryRow } from './merge-rule-entries.js';

/** The `rule_defs` rows for which `condition` holds. @example readRuleEntries(store, sql`sid = ${1228}`) */
export async function readRuleEntries(store: Store, condition: Sql): Promise<RuleEntryRow[]> {
  const rows = await store.query<RuleEntryRow>(
    sql`SELECT ${raw(RULE_ENTRY_COLUMNS)} FROM rule_defs WHERE ${condition}`,
  );
  return rows.map((r) => ({ ...r, enabled: r.enabled === null ? null : Boolean(r.enabled) }));
}
