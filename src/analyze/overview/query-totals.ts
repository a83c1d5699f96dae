import { isoFromMicros } from '../../core/time.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

/** Events per log kind and the span they cover. */
export interface EventTotals {
  events: number;
  bySource: { source: string; events: number }[];
  first: string | null;
  last: string | null;
}

/** Events per log kind and the time span covered; one pass over `events_core`. */
export async function queryTotals(store: Store): Promise<EventTotals> {
  const { epochMicros } = store.dialect;
  const rows = await store.query<{ source: string; n: number; first: number | null; last: number | null }>(
    sql`SELECT s.s AS source, p.n, p.first, p.last
     FROM (SELECT source_id, count(*) AS n, ${epochMicros(sql`min(ts)`)} AS first, ${epochMicros(sql`max(ts)`)} AS last
           FROM events_core GROUP BY source_id) p
     JOIN strings s ON s.id = p.source_id
     ORDER BY p.n DESC, s.s`,
  );
  const firsts = rows
    .map((r) => r.first)
    .filter((t): t is number => t !== null)
    .map(Number);
  const lasts = rows
    .map((r) => r.last)
    .filter((t): t is number => t !== null)
    .map(Number);
  return {
    events: rows.reduce((n, r) => n + Number(r.n), 0),
    bySource: rows.map((r) => ({ source: r.source, events: Number(r.n) })),
    first: firsts.length > 0 ? isoFromMicros(Math.min(...firsts)) : null,
    last: lasts.length > 0 ? isoFromMicros(Math.max(...lasts)) : null,
  };
}
