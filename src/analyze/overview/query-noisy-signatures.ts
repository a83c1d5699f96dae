import { isAlertEvent } from '../event-filters/is-alert-event.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

export interface NoisySignature {
  signature: string;
  events: number;
  /** Share of all alerts, 0–1. */
  share: number;
  sources: number;
  targets: number;
}

/**
 * Signatures so frequent, from so many different sources, that they are background noise rather
 * than an incident: candidates for tuning. Returns them, busiest first, and the alert total.
 */
export async function queryNoisySignatures(
  store: Store,
  options: { share: number; minSources: number; limit: number },
): Promise<{ alerts: number; noisy: NoisySignature[] }> {
  const { countDistinct, stringOf } = store.dialect;
  // Every signature comes back, so the total is summed here (no window function on ClickHouse 18.16).
  const rows = await store.query<{ signature: string; n: number; sources: number; targets: number }>(
    sql`SELECT ${stringOf(sql`r.event_id`)} AS signature, r.n AS n, r.sources AS sources, r.targets AS targets
     FROM (SELECT e.event_id AS event_id, count(*) AS n, ${countDistinct(sql`e.src_id`)} AS sources,
                  ${countDistinct(sql`e.dst_id`)} AS targets
           FROM events_core e WHERE ${isAlertEvent(store, 'e')} GROUP BY e.event_id) r
     ORDER BY n DESC, signature`,
  );
  const alerts = rows.reduce((total, r) => total + Number(r.n), 0);
  const noisy = rows
    .filter((r) => Number(r.n) >= options.share * alerts && Number(r.sources) >= options.minSources)
    .slice(0, options.limit)
    .map((r) => ({
      signature: r.signature,
      events: Number(r.n),
      share: alerts > 0 ? Number(r.n) / alerts : 0,
      sources: Number(r.sources),
      targets: Number(r.targets),
    }));
  return { alerts, noisy };
}
