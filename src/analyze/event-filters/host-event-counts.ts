/**
 * How many events one host took part in, per log kind, under any of its spellings: the counts at
 * the top of `ip`, `profile` and the address page. The events it sent are summed from the store's
 * event counts (a scanner's millions of probes are a few thousand counts); the events it received
 * from anyone else are counted from its rows as destination.
 */
import { inKeys, raw, sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { eventCounts } from './event-counts.js';
import { hostEventRows } from './host-event-rows.js';
import { keyNames, type Key } from '../key-names.js';
import { compareText } from '../detect/compare-text.js';

/** Events per log kind the host appears in, by log kind name; empty for no ids. */
export async function countHostEvents(store: Store, ids: readonly Key[]): Promise<{ source: string; n: number }[]> {
  if (ids.length === 0) return [];
  const fromOthers = sql`(e.src_id IS NULL OR NOT (${inKeys(sql`e.src_id`, ids)}))`;
  const rows = await store.query<{ source_id: Key; n: number }>(
    sql`SELECT b.source_id AS source_id, sum(b.n) AS n FROM (
          SELECT s.source_id AS source_id, s.n AS n FROM ${eventCounts(store, ['source_id'], inKeys(sql`c.src_id`, ids))} s
          UNION ALL
          SELECT r.source_id AS source_id, count(*) AS n
          FROM ${hostEventRows(ids, () => sql`e.source_id AS source_id`, fromOthers, 'dst')} r GROUP BY r.source_id) b
        GROUP BY b.source_id`,
  );
  const { strings } = await keyNames(store, { strings: rows.map((r) => r.source_id), addresses: [] });
  return rows
    .map((r) => ({ source: strings.get(String(r.source_id)) ?? String(r.source_id), n: Number(r.n) }))
    .sort((a, b) => compareText(a.source, b.source));
}

/**
 * When the host's first or last event was (epoch µs; its ids must name events): found by ordering
 * on `ts`, which lets DuckDB skip row groups by their min/max, not by reading every event's time.
 */
export async function hostEventTime(store: Store, ids: readonly Key[], which: 'first' | 'last'): Promise<number> {
  const { epochMicros, limit } = store.dialect;
  const [row] = await store.query<{ ts: number }>(
    sql`SELECT ${epochMicros(sql`t.ts`)} AS ts FROM (SELECT c.ts AS ts FROM events_core c
         WHERE ${inKeys(sql`c.src_id`, ids)} OR ${inKeys(sql`c.dst_id`, ids)}
         ORDER BY c.ts ${raw(which === 'first' ? 'ASC' : 'DESC')} ${limit(1)}) t`,
  );
  return Number(row!.ts);
}
