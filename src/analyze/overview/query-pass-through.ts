import { EXTERNAL_GROUP } from '../../core/address-book.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

export interface PassThroughPort {
  port: number;
  events: number;
  sources: number;
  targets: number;
}

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
  const { countDistinct } = store.dialect;
  const rows = await store.query<{ port: number; n: number; sources: number; targets: number; total: number }>(
    sql`SELECT pp.dport AS port, pp.n, pp.sources, pp.targets, sum(pp.n) OVER () AS total
     FROM (SELECT e.dport, count(*) AS n, ${countDistinct(sql`e.src_id`)} AS sources,
                  ${countDistinct(sql`i.host_id`)} AS targets
           FROM events_core e
           JOIN (SELECT id, dense_rank() OVER (ORDER BY host) AS host_id FROM addrs WHERE host_grp <> ${EXTERNAL_GROUP}) i
             ON i.id = e.dst_id
           WHERE e.dport IS NOT NULL AND e.src_id IN (SELECT id FROM addrs WHERE host_grp = ${EXTERNAL_GROUP})
           GROUP BY e.dport) pp
     ORDER BY pp.n DESC, port
     ${store.dialect.limit(limit)}`,
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
