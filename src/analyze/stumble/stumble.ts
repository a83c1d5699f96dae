/**
 * "Stumbling home at 2 AM": hosts seen as a source in every log kind present (or in at least N),
 * aliases merged — the addresses that knock over everything in sight.
 */
import { join, raw, sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { eventCounts } from '../event-filters/event-counts.js';

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
  const sizes = await store.query<{ s: string; n: number }>(
    sql`SELECT source AS s, sum(rows) AS n FROM files WHERE rows > 0 GROUP BY source`,
  );
  const kinds = sizes.map((r) => r.s).sort();
  const needed = Math.max(1, minSources ?? kinds.length);
  if (kinds.length === 0 || needed > kinds.length) return { kinds, minSources: needed, hosts: [] };
  const { stringKeys } = store.dialect;
  // A host seen in `needed` of the n kinds is seen in at least one of any n - needed + 1 of them:
  // the hosts of the smallest such kinds are the only candidates, and only their events are
  // counted (the oos log names a few thousand sources; scans, millions of rows). Candidates are
  // hosts, so every spelling of one counts.
  const smallest = [...sizes]
    .sort((a, b) => Number(a.n) - Number(b.n) || (a.s < b.s ? -1 : 1))
    .slice(0, kinds.length - needed + 1)
    .map((r) => r.s);
  const candidates =
    smallest.length < kinds.length
      ? sql` AND c.src_id IN (SELECT id FROM addrs WHERE host IN (SELECT host FROM addrs WHERE id IN (
               SELECT k.src_id FROM ${eventCounts(store, ['src_id'], sql`c.source_id IN ${stringKeys(smallest)}`)} k)))`
      : raw('');
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
           FROM ${eventCounts(store, ['src_id', 'source_id'], sql`c.src_id IS NOT NULL${candidates}`)} p
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
