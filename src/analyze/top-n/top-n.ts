/**
 * Top-N counts, as the practical tabulates them per address group: talkers (source addresses),
 * targeted ports (destination ports of events whose source is in the group) and signatures.
 * Aggregation runs on dictionary ids first and touches the address table only for the few
 * surviving keys.
 */
import { raw, sql, type Sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { eventCounts } from '../event-filters/event-counts.js';
import { isAlertEvent } from '../event-filters/is-alert-event.js';

export interface TopOptions {
  /** Address group of the event's source; all groups when absent. */
  group?: string;
  limit?: number;
  /** Count per host (aliases merged) instead of per address as written. */
  byHost?: boolean;
}

export interface TopEntry {
  key: string | number;
  events: number;
}

export const DEFAULT_TOP_LIMIT = 10;

/** Source-address filter on `addrs` (alias `a`): the address's group, or its host's group. */
function groupFilter(store: Store, options: TopOptions): Sql {
  if (options.group === undefined) return store.dialect.always();
  return options.byHost ? sql`a.host_grp = ${options.group}` : sql`a.grp = ${options.group}`;
}

// Subqueries rather than WITH: portable to every backend, and each is read once anyway.

export async function topTalkers(store: Store, options: TopOptions = {}): Promise<TopEntry[]> {
  const key = raw(options.byHost ? 'a.host' : 'a.addr');
  const rows = await store.query<{ key: string; events: number }>(
    sql`SELECT ${key} AS key, sum(p.n) AS events
     FROM ${eventCounts(store, ['src_id'], sql`c.src_id IS NOT NULL`)} p
     JOIN addrs a ON a.id = p.src_id
     WHERE ${groupFilter(store, options)}
     GROUP BY ${key}
     ORDER BY events DESC, key
     ${store.dialect.limit(options.limit ?? DEFAULT_TOP_LIMIT)}`,
  );
  return rows.map((r) => ({ key: r.key, events: Number(r.events) }));
}

export async function topPorts(store: Store, options: TopOptions = {}): Promise<TopEntry[]> {
  const rows = await store.query<{ key: number; events: number }>(
    sql`SELECT p.dport AS key, sum(p.n) AS events
     FROM ${eventCounts(store, ['src_id', 'dport'], sql`c.dport IS NOT NULL`)} p
     JOIN addrs a ON a.id = p.src_id
     WHERE ${groupFilter(store, options)}
     GROUP BY p.dport
     ORDER BY events DESC, key
     ${store.dialect.limit(options.limit ?? DEFAULT_TOP_LIMIT)}`,
  );
  return rows.map((r) => ({ key: Number(r.key), events: Number(r.events) }));
}

export async function topSignatures(store: Store, options: TopOptions = {}): Promise<TopEntry[]> {
  const rows = await store.query<{ key: string; events: number }>(
    sql`SELECT ${store.dialect.stringOf(sql`g.event_id`)} AS key, g.events AS events
     FROM (SELECT p.event_id AS event_id, sum(p.n) AS events
           FROM ${eventCounts(store, ['event_id', 'src_id'], isAlertEvent(store, 'c'))} p
           ${options.group === undefined ? raw('') : sql`JOIN addrs a ON a.id = p.src_id WHERE ${groupFilter(store, options)}`}
           GROUP BY p.event_id) g
     ORDER BY events DESC, key
     ${store.dialect.limit(options.limit ?? DEFAULT_TOP_LIMIT)}`,
  );
  return rows.map((r) => ({ key: r.key, events: Number(r.events) }));
}

/**
 * Top signatures of every address group at once: one pass over the alerts instead of one per group
 * (the same ranking as `topSignatures` with `group`: events desc, then the signature).
 */
export async function topSignaturesPerGroup(store: Store, limit: number): Promise<Map<string, TopEntry[]>> {
  const { firstRowsPerGroup, stringOf } = store.dialect;
  const rows = await store.query<{ grp: string; key: string; n: number }>(
    sql`SELECT grp, key, n FROM ${firstRowsPerGroup(
      sql`(SELECT g.grp AS grp, ${stringOf(sql`g.event_id`)} AS key, g.n AS n
           FROM (SELECT a.grp AS grp, p.event_id AS event_id, sum(p.n) AS n
                 FROM ${eventCounts(store, ['event_id', 'src_id'], isAlertEvent(store, 'c'))} p
                 JOIN addrs a ON a.id = p.src_id
                 GROUP BY a.grp, p.event_id) g)`,
      { partitionBy: sql`grp`, orderBy: sql`n DESC, key`, count: limit },
    )} ranked
     ORDER BY grp, n DESC, key`,
  );
  const out = new Map<string, TopEntry[]>();
  for (const r of rows) out.set(r.grp, [...(out.get(r.grp) ?? []), { key: r.key, events: Number(r.n) }]);
  return out;
}
