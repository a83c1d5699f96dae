import type { TopEntry } from '../../../analyze/top-n/top-n.js';
import type { Store } from '../../../store/store.js';

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
  const talkers = await store.all<{ grp: string; key: string; n: number }>(
    `WITH per_src AS (SELECT src_id, count(*) AS n FROM events_core WHERE src_id IS NOT NULL GROUP BY src_id),
     ranked AS (
       SELECT a.grp, a.addr AS key, p.n, row_number() OVER (PARTITION BY a.grp ORDER BY p.n DESC, a.addr) AS rank
       FROM per_src p JOIN addrs a ON a.id = p.src_id)
     SELECT grp, key, n FROM ranked WHERE rank <= ? ORDER BY grp, rank`,
    [limit],
  );
  for (const r of talkers) entry(r.grp).talkers.push({ key: r.key, events: Number(r.n) });
  const ports = await store.all<{ grp: string; key: number; n: number }>(
    `WITH per_src_port AS (
       SELECT src_id, dport, count(*) AS n FROM events_core WHERE dport IS NOT NULL GROUP BY src_id, dport),
     per_group AS (
       SELECT a.grp, p.dport, sum(p.n) AS n FROM per_src_port p JOIN addrs a ON a.id = p.src_id GROUP BY a.grp, p.dport),
     ranked AS (SELECT *, row_number() OVER (PARTITION BY grp ORDER BY n DESC, dport) AS rank FROM per_group)
     SELECT grp, dport AS key, n FROM ranked WHERE rank <= ? ORDER BY grp, rank`,
    [limit],
  );
  for (const r of ports) entry(r.grp).ports.push({ key: Number(r.key), events: Number(r.n) });
  return out;
}
