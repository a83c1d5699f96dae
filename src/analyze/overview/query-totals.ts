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
  const { epochMicros, stringOf } = store.dialect;
  const rows = await store.query<{ source: string; n: number; first: number | null; last: number | null }>(
    sql`SELECT ${stringOf(sql`p.source_id`)} AS source, p.n AS n, ${epochMicros(sql`p.first`)} AS first,
            ${epochMicros(sql`p.last`)} AS last
     FROM (SELECT source_id, count(*) AS n, min(ts) AS first, max(ts) AS last FROM events_core GROUP BY source_id) p
     ORDER BY n DESC, source`,
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
