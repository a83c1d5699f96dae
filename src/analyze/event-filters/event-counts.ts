/**
 * Events counted per a few keys — the rows behind top talkers, ports and signatures, stumble and
 * the workbench's lists. A store that keeps `event_counts` (written at ingest, about 1/20 the rows
 * of `events_core`) sums those; any other store counts `events_core` now. Both give the same rows:
 * every stored way in is checked against the events it holds (test/harness/dump-store.ts).
 */
import { raw, sql, type Sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

/** The columns events are counted by (the same names on `events_core`). */
export type CountKey = 'source_id' | 'event_type_id' | 'event_id' | 'src_id' | 'dport';

/**
 * `(SELECT <keys>, n …)`: how many events there are of each combination of `keys`, among those for
 * which `where` holds — a condition on the alias `c` over counted columns only (`CountKey`).
 * @example sql`SELECT p.src_id, p.n FROM ${eventCounts(store, ['src_id'], sql`c.src_id IS NOT NULL`)} p`
 */
export function eventCounts(store: Store, keys: readonly CountKey[], where?: Sql): Sql {
  const select = raw(keys.map((k) => `c.${k} AS ${k}`).join(', '));
  const groupBy = raw(keys.map((k) => `c.${k}`).join(', '));
  const condition = where ?? store.dialect.always();
  return store.keepsEventCounts
    ? sql`(SELECT ${select}, sum(c.n) AS n FROM event_counts c WHERE ${condition} GROUP BY ${groupBy})`
    : sql`(SELECT ${select}, count(*) AS n FROM events_core c WHERE ${condition} GROUP BY ${groupBy})`;
}
