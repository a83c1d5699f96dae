import { EXTERNAL_GROUP } from '../../../core/address-book.js';
import type { Store } from '../../../store/store.js';
import type { PassThroughPort } from '../report-data.js';

/**
 * Traffic from the Internet that the sensor saw reaching an inside host: the firewall let it
 * through. Counted per destination port, with how many outside sources and inside targets.
 * Inside means the destination *host* (aliases applied) is in any configured group. The address
 * table is small, so it is filtered first, and hosts are counted by a number rather than by name
 * (distinct counts over millions of rows are the cost here).
 */
export async function queryPassThrough(
  store: Store,
  limit: number,
): Promise<{ events: number; ports: PassThroughPort[] }> {
  const rows = await store.all<{ port: number; n: number; sources: number; targets: number; total: number }>(
    `WITH outside AS (SELECT id FROM addrs WHERE host_grp = ?),
     inside AS (SELECT id, dense_rank() OVER (ORDER BY host) AS host_id FROM addrs WHERE host_grp <> ?),
     per_port AS (
       SELECT e.dport, count(*) AS n, count(DISTINCT e.src_id) AS sources, count(DISTINCT i.host_id) AS targets
       FROM events_core e JOIN inside i ON i.id = e.dst_id
       WHERE e.dport IS NOT NULL AND e.src_id IN (SELECT id FROM outside)
       GROUP BY e.dport)
     SELECT dport AS port, n, sources, targets, sum(n) OVER () AS total FROM per_port ORDER BY n DESC, port LIMIT ?`,
    [EXTERNAL_GROUP, EXTERNAL_GROUP, limit],
  );
  return {
    events: rows.length > 0 ? Number(rows[0]!.total) : 0,
    ports: rows.map((r) => ({
      port: Number(r.port),
      events: Number(r.n),
      sources: Number(r.sources),
      targets: Number(r.targets),
    })),
  };
}
