/**
 * Which stored events are rule alerts: every event of an alert-only log kind, plus EVE records
 * whose `event_type` is `alert` — the same rule `top signatures` uses, so the report's counts
 * agree with the CLI's.
 */
import { ALERT_SOURCES } from '../../../core/event.js';
import type { SqlValue } from '../../../store/store.js';

/** A WHERE clause over `events_core` (alias given) and the values it binds, in order. */
export function alertFilter(alias: string): { sql: string; params: SqlValue[] } {
  const list = ALERT_SOURCES.map(() => '?').join(', ');
  return {
    sql: `(${alias}.source_id IN (SELECT id FROM strings WHERE s IN (${list}))
           OR ${alias}.event_type_id IN (SELECT id FROM strings WHERE s = 'alert'))`,
    params: [...ALERT_SOURCES],
  };
}
