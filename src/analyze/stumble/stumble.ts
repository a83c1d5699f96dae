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
  const kinds = (
    await store.query<{ s: string }>(
      sql`SELECT DISTINCT s.s FROM files f JOIN strings s ON s.s = f.source ORDER BY s.s`,
    )
  ).map((r) => r.s);
  const needed = Math.max(1, minSources ?? kinds.length);
  // Per host and log kind, then the hosts seen in enough kinds; a window count instead of joining
  // the per-host table to itself, so it is computed once on every backend.
  const rows = await store.query<{ host: string; source: string; n: number }>(
    sql`SELECT h.host, s.s AS source, h.n
     FROM (SELECT ph.host, ph.source_id, ph.n, count(*) OVER (PARTITION BY ph.host) AS kinds
           FROM (SELECT a.host AS host, p.source_id AS source_id, sum(p.n) AS n
                 FROM (SELECT src_id, source_id, count(*) AS n FROM events_core WHERE src_id IS NOT NULL
                       GROUP BY src_id, source_id) p
                 JOIN addrs a ON a.id = p.src_id GROUP BY a.host, p.source_id) ph) h
     JOIN strings s ON s.id = h.source_id
     WHERE h.kinds >= ${needed}
     ORDER BY h.host, s.s`,
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
