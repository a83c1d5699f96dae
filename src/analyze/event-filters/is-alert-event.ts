/**
 * Which stored events are rule alerts: every event of an alert-only log kind, plus EVE records
 * whose `event_type` is `alert`. Written once so that `top signatures`, the report's noisy
 * signatures and its recurring incidents count the same events. Portable SQL (subqueries on the
 * small `strings` dictionary), so it reads the same on every backend.
 */
import { ALERT_SOURCES } from '../../core/event.js';
import { ident, inList, sql, type Sql } from '../../store/sql.js';

/** A condition on the `events_core` row named `alias`. */
export function isAlertEvent(alias: string): Sql {
  const e = ident(alias);
  return sql`(${e}.source_id IN (SELECT id FROM strings WHERE ${inList(sql`s`, ALERT_SOURCES)})
           OR ${e}.event_type_id IN (SELECT id FROM strings WHERE s = ${'alert'}))`;
}
