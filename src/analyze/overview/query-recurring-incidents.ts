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
  const { countDistinct, day, dayText } = store.dialect;
  const rows = await store.query<{
    host: string;
    signature: string;
    days: number;
    n: number;
    first: string;
    last: string;
    total: number;
  }>(
    sql`SELECT h.host, s.s AS signature, h.days, h.n, ${dayText(sql`h.first`)} AS first,
            ${dayText(sql`h.last`)} AS last, count(*) OVER () AS total
     FROM (SELECT a.host AS host, p.event_id AS event_id, ${countDistinct(sql`p.d`)} AS days, sum(p.n) AS n,
                  min(p.d) AS first, max(p.d) AS last
           FROM (SELECT e.src_id, e.event_id, ${day(sql`e.ts`)} AS d, count(*) AS n
                 FROM events_core e WHERE ${isAlertEvent(store, 'e')} AND e.src_id IS NOT NULL AND e.ts IS NOT NULL
                 GROUP BY e.src_id, e.event_id, d) p
           JOIN addrs a ON a.id = p.src_id
           GROUP BY a.host, p.event_id
           HAVING ${countDistinct(sql`p.d`)} >= ${options.minDays}) h
     JOIN strings s ON s.id = h.event_id
     ORDER BY h.days DESC, h.n DESC, h.host, s.s
     ${store.dialect.limit(options.limit)}`,
  );
  return {
    total: rows.length > 0 ? Number(rows[0]!.total) : 0,
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
