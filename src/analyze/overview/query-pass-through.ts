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
  // Per port, events from outside to inside hosts. The total is a query of its own: ClickHouse
  // 18.16 has no window function to sum the rows the limit cuts.
  const perPort = sql`(SELECT e.dport AS dport, count(*) AS n, ${countDistinct(sql`e.src_id`)} AS sources,
                  ${countDistinct(sql`i.host`)} AS targets
           FROM events_core e
           JOIN (SELECT id, host FROM addrs WHERE host_grp <> ${EXTERNAL_GROUP}) i ON i.id = e.dst_id
           WHERE e.dport IS NOT NULL AND e.src_id IN (SELECT id FROM addrs WHERE host_grp = ${EXTERNAL_GROUP})
           GROUP BY e.dport)`;
  const [counted] = await store.query<{ total: number }>(sql`SELECT sum(pp.n) AS total FROM ${perPort} pp`);
  const rows = await store.query<{ port: number; n: number; sources: number; targets: number }>(
    sql`SELECT pp.dport AS port, pp.n AS n, pp.sources AS sources, pp.targets AS targets
     FROM ${perPort} pp
     ORDER BY n DESC, port
     ${store.dialect.limit(limit)}`,
  );
  return {
    events: Number(counted?.total ?? 0),
    ports: rows.map((r) => ({
      port: Number(r.port),
      events: Number(r.n),
      sources: Number(r.sources),
      targets: Number(r.targets),
    })),
  };
}
