/**
 * "Stumbling home at 2 AM": hosts seen as a source in every log kind present (or in at least N),
 * aliases merged — the addresses that knock over everything in sight.
 */
import { join, raw, sql } from '../../store/sql.js';
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
  if (kinds.length === 0) return { kinds, minSources: needed, hosts: [] };
  // Events per host and log kind (aliases merged) in one pass: a column per kind present, so the
  // number of kinds a host was seen in is a sum over its row. (ClickHouse 18.16 has no window
  // function; the earlier form read the per-host table twice, once to count each host's kinds.)
  const { stringKeys } = store.dialect;
  const perKind = kinds.map(
    (kind, i) => sql`sum(CASE WHEN p.source_id IN ${stringKeys([kind])} THEN p.n ELSE 0 END) AS ${raw(`n${i}`)}`,
  );
  const seenIn = kinds.map((_, i) => sql`CASE WHEN h.${raw(`n${i}`)} > 0 THEN 1 ELSE 0 END`);
  const rows = await store.query<Record<string, string | number>>(
    sql`SELECT h.host AS host, ${join(
      kinds.map((_, i) => sql`h.${raw(`n${i}`)} AS ${raw(`n${i}`)}`),
      ', ',
    )}
     FROM (SELECT a.host AS host, ${join(perKind, ', ')}
           FROM (SELECT src_id, source_id, count(*) AS n FROM events_core WHERE src_id IS NOT NULL
                 GROUP BY src_id, source_id) p
           JOIN addrs a ON a.id = p.src_id GROUP BY a.host) h
     WHERE ${join(seenIn, ' + ')} >= ${needed}
     ORDER BY host`,
  );
  const byHost = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const entry: Record<string, number> = {};
    kinds.forEach((kind, i) => {
      const n = Number(r[`n${i}`]);
      if (n > 0) entry[kind] = n;
    });
    byHost.set(String(r.host), entry);
  }
  const hosts = [...byHost.entries()].map(([address, sources]) => ({ address, sources }));
  // Busiest first: the total across kinds, then the address.
  const total = (e: StumbleEntry): number => Object.values(e.sources).reduce((a, b) => a + b, 0);
  hosts.sort((a, b) => total(b) - total(a) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { kinds, minSources: needed, hosts };
}
