import type { TopEntry } from '../top-n/top-n.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { eventCounts } from '../event-filters/event-counts.js';

export interface GroupTops {
  talkers: TopEntry[];
  ports: TopEntry[];
}

/**
 * Top talkers and top targeted ports for every address group at once: one pass over the events
 * for each list instead of one per group (the same ranking as `idsift top`: events desc, then key;
 * addresses as written; a port counts for the group of the event's source).
 */
export async function queryTopPerGroup(store: Store, limit: number): Promise<Map<string, GroupTops>> {
  const out = new Map<string, GroupTops>();
  const entry = (group: string): GroupTops => {
    let e = out.get(group);
    if (!e) out.set(group, (e = { talkers: [], ports: [] }));
    return e;
  };
  const { firstRowsPerGroup } = store.dialect;
  const talkers = await store.query<{ grp: string; key: string; n: number }>(
    sql`SELECT grp, key, n FROM ${firstRowsPerGroup(
      sql`(SELECT a.grp AS grp, a.addr AS key, p.n AS n
           FROM ${eventCounts(store, ['src_id'], sql`c.src_id IS NOT NULL`)} p
           JOIN addrs a ON a.id = p.src_id)`,
      { partitionBy: sql`grp`, orderBy: sql`n DESC, key`, count: limit },
    )} ranked
     ORDER BY grp, n DESC, key`,
  );
  for (const r of talkers) entry(r.grp).talkers.push({ key: r.key, events: Number(r.n) });
  const ports = await store.query<{ grp: string; key: number; n: number }>(
    sql`SELECT grp, key, n FROM ${firstRowsPerGroup(
      sql`(SELECT a.grp AS grp, p.dport AS key, sum(p.n) AS n
           FROM ${eventCounts(store, ['src_id', 'dport'], sql`c.dport IS NOT NULL`)} p
           JOIN addrs a ON a.id = p.src_id GROUP BY a.grp, p.dport)`,
      { partitionBy: sql`grp`, orderBy: sql`n DESC, key`, count: limit },
    )} ranked
     ORDER BY grp, n DESC, key`,
  );
  for (const r of ports) entry(r.grp).ports.push({ key: Number(r.key), events: Number(r.n) });
  return out;
}
