/**
 * Which stored events are rule alerts: every event of an alert-only log kind, plus EVE records
 * whose `event_type` is `alert`. Written once so that `top signatures`, the report's noisy
 * signatures and its recurring incidents count the same events. The string keys come from the
 * dialect (DuckDB's small `strings` dictionary; ClickHouse's keys are the strings).
 */
import { ALERT_SOURCES } from '../../core/event.js';
import { ident, sql, type Sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

/** A condition on the `events_core` row named `alias`. */
export function isAlertEvent(store: Store, alias: string): Sql {
  const e = ident(alias);
  const { stringKeys } = store.dialect;
  return sql`(${e}.source_id IN ${stringKeys(ALERT_SOURCES)} OR ${e}.event_type_id IN ${stringKeys(['alert'])})`;
}
