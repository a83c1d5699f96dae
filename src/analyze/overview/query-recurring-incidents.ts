import { isAlertEvent } from '../event-filters/is-alert-event.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

export interface RecurringIncident {
  host: string;
  signature: string;
  days: number;
  events: number;
  first: string;
  last: string;
}

/**
 * The same source host raising the same alert on several different days: not a one-off, an
 * incident that keeps coming back. Aliases apply (the host, not the spelling, is counted).
 */
export async function queryRecurringIncidents(
  store: Store,
  options: { minDays: number; limit: number },
): Promise<{ total: number; top: RecurringIncident[] }> {
  const { countDistinct, day, dayText, stringOf } = store.dialect;
  // Per host and signature over the days it was seen. Counted in a query of its own: ClickHouse
  // 18.16 has no window function to count the rows the limit cuts.
  const incidents = sql`(SELECT a.host AS host, p.event_id AS event_id, ${countDistinct(sql`p.d`)} AS days,
                  sum(p.n) AS n, min(p.d) AS first, max(p.d) AS last
           FROM (SELECT e.src_id AS src_id, e.event_id AS event_id, ${day(sql`e.ts`)} AS d, count(*) AS n
                 FROM events_core e WHERE ${isAlertEvent(store, 'e')} AND e.src_id IS NOT NULL AND e.ts IS NOT NULL
                 GROUP BY e.src_id, e.event_id, d) p
           JOIN addrs a ON a.id = p.src_id
           GROUP BY a.host, p.event_id
           HAVING ${countDistinct(sql`p.d`)} >= ${options.minDays})`;
  const [counted] = await store.query<{ total: number }>(sql`SELECT count(*) AS total FROM ${incidents} h`);
  const rows = await store.query<{
    host: string;
    signature: string;
    days: number;
    n: number;
    first: string;
    last: string;
  }>(
    sql`SELECT h.host AS host, ${stringOf(sql`h.event_id`)} AS signature, h.days AS days, h.n AS n,
            ${dayText(sql`h.first`)} AS first, ${dayText(sql`h.last`)} AS last
     FROM ${incidents} h
     ORDER BY days DESC, n DESC, host, signature
     ${store.dialect.limit(options.limit)}`,
  );
  return {
    total: Number(counted?.total ?? 0),
    top: rows.map((r) => ({
      host: r.host,
      signature: r.signature,
      days: Number(r.days),
      events: Number(r.n),
      first: r.first,
      last: r.last,
    })),
  };
}
