/**
 * "Stumbling home at 2 AM": hosts seen as a source in every log kind present (or in at least N),
 * aliases merged — the addresses that knock over everything in sight.
 */
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

export interface StumbleEntry {
  address: string;
  sources: Record<string, number>;
}

export interface StumbleResult {
  /** Log kinds present in the store. */
  kinds: string[];
  minSources: number;
  hosts: StumbleEntry[];
}

export async function findStumblers(store: Store, minSources?: number): Promise<StumbleResult> {
  // The log kinds of the files that stored events: the kinds a host can be seen in.
  const kinds = (
    await store.query<{ s: string }>(sql`SELECT DISTINCT source AS s FROM files WHERE rows > 0 ORDER BY s`)
  ).map((r) => r.s);
  const needed = Math.max(1, minSources ?? kinds.length);
  // Events per host and log kind (aliases merged), kept for the hosts seen in enough kinds. No
  // window function (ClickHouse 18.16 has none): the per-host table is read twice.
  const perHostAndKind = sql`(SELECT a.host AS host, p.source_id AS source_id, sum(p.n) AS n
       FROM (SELECT src_id, source_id, count(*) AS n FROM events_core WHERE src_id IS NOT NULL
             GROUP BY src_id, source_id) p
       JOIN addrs a ON a.id = p.src_id GROUP BY a.host, p.source_id)`;
  const rows = await store.query<{ host: string; source: string; n: number }>(
    sql`SELECT h.host AS host, ${store.dialect.stringOf(sql`h.source_id`)} AS source, h.n AS n
     FROM ${perHostAndKind} h
     WHERE h.host IN (SELECT k.host FROM ${perHostAndKind} k GROUP BY k.host HAVING count(*) >= ${needed})
     ORDER BY host, source`,
  );
  const byHost = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const entry = byHost.get(r.host) ?? {};
    entry[r.source] = Number(r.n);
    byHost.set(r.host, entry);
  }
  const hosts = [...byHost.entries()].map(([address, sources]) => ({ address, sources }));
  // Busiest first: the total across kinds, then the address.
  const total = (e: StumbleEntry): number => Object.values(e.sources).reduce((a, b) => a + b, 0);
  hosts.sort((a, b) => total(b) - total(a) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { kinds, minSources: needed, hosts };
}
