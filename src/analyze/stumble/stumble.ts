/**
 * "Stumbling home at 2 AM": hosts seen as a source in every log kind present (or in at least N),
 * aliases merged — the addresses that knock over everything in sight.
 */
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
    await store.all<{ s: string }>('SELECT DISTINCT s.s FROM files f JOIN strings s ON s.s = f.source ORDER BY s.s')
  ).map((r) => r.s);
  const needed = Math.max(1, minSources ?? kinds.length);
  const rows = await store.all<{ host: string; source: string; n: number }>(
    `WITH per_src AS (
       SELECT src_id, source_id, count(*) AS n FROM events_core WHERE src_id IS NOT NULL GROUP BY src_id, source_id),
     per_host AS (
       SELECT a.host, p.source_id, sum(p.n) AS n FROM per_src p JOIN addrs a ON a.id = p.src_id GROUP BY a.host, p.source_id),
     qualified AS (SELECT host FROM per_host GROUP BY host HAVING count(*) >= ?)
     SELECT h.host, s.s AS source, h.n FROM per_host h JOIN qualified q ON q.host = h.host JOIN strings s ON s.id = h.source_id
     ORDER BY h.host, s.s`,
    [needed],
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
