import type { Store } from '../../../store/store.js';
import type { RecurringIncident } from '../report-data.js';
import { alertFilter } from './alert-filter.js';

/**
 * The same source host raising the same alert on several different days: not a one-off, an
 * incident that keeps coming back. Aliases apply (the host, not the spelling, is counted).
 */
export async function queryRecurringIncidents(
  store: Store,
  options: { minDays: number; limit: number },
): Promise<{ total: number; top: RecurringIncident[] }> {
  const filter = alertFilter('e');
  const rows = await store.all<{
    host: string;
    signature: string;
    days: number;
    n: number;
    first: string;
    last: string;
    total: number;
  }>(
    `WITH per_day AS (
       SELECT src_id, event_id, CAST(ts AS DATE) AS d, count(*) AS n
       FROM events_core e WHERE ${filter.sql} AND src_id IS NOT NULL AND ts IS NOT NULL GROUP BY ALL),
     per_host AS (
       SELECT a.host, p.event_id, count(DISTINCT p.d) AS days, sum(p.n) AS n, min(p.d) AS first, max(p.d) AS last
       FROM per_day p JOIN addrs a ON a.id = p.src_id GROUP BY a.host, p.event_id HAVING count(DISTINCT p.d) >= ?)
     SELECT h.host, s.s AS signature, h.days, h.n, strftime(h.first, '%Y-%m-%d') AS first,
            strftime(h.last, '%Y-%m-%d') AS last, count(*) OVER () AS total
     FROM per_host h JOIN strings s ON s.id = h.event_id
     ORDER BY h.days DESC, h.n DESC, h.host, s.s
     LIMIT ?`,
    [...filter.params, options.minDays, options.limit],
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
