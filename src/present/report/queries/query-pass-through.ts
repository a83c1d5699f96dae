import { EXTERNAL_GROUP } from '../../../core/address-book.js';
import type { Store } from '../../../store/store.js';
import type { PassThroughPort } from '../report-data.js';

/**
 * Traffic from the Internet that the sensor saw reaching an inside host: the firewall let it
 * through. Counted per destination port, with how many outside sources and inside targets.
 * Inside means the destination *host* (aliases applied) is in any configured group.
 */
export async function queryPassThrough(
  store: Store,
  limit: number,
): Promise<{ events: number; ports: PassThroughPort[] }> {
  const rows = await store.all<{ port: number; n: number; sources: number; targets: number; total: number }>(
    `WITH inbound AS (
       SELECT e.dport, e.src_id, d.host AS dst_host
       FROM events_raw e
       JOIN addrs s ON s.id = e.src_id
       JOIN addrs d ON d.id = e.dst_id
       WHERE s.host_grp = ? AND d.host_grp <> ? AND e.dport IS NOT NULL),
     per AS (SELECT dport, count(*) AS n, count(DISTINCT src_id) AS sources, count(DISTINCT dst_host) AS targets
             FROM inbound GROUP BY dport)
     SELECT dport AS port, n, sources, targets, sum(n) OVER () AS total FROM per ORDER BY n DESC, port LIMIT ?`,
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
