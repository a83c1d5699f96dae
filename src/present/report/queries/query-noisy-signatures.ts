import type { Store } from '../../../store/store.js';
import type { NoisySignature } from '../report-data.js';
import { alertFilter } from './alert-filter.js';

/**
 * Signatures so frequent, from so many different sources, that they are background noise rather
 * than an incident: candidates for tuning. Returns them, busiest first, and the alert total.
 */
export async function queryNoisySignatures(
  store: Store,
  options: { share: number; minSources: number; limit: number },
): Promise<{ alerts: number; noisy: NoisySignature[] }> {
  const filter = alertFilter('e');
  const rows = await store.all<{ signature: string; n: number; sources: number; targets: number; total: number }>(
    `WITH per AS (
       SELECT event_id, count(*) AS n, count(DISTINCT src_id) AS sources, count(DISTINCT dst_id) AS targets
       FROM events_core e WHERE ${filter.sql} GROUP BY event_id),
     ranked AS (SELECT *, sum(n) OVER () AS total FROM per)
     SELECT s.s AS signature, r.n, r.sources, r.targets, r.total
     FROM ranked r JOIN strings s ON s.id = r.event_id
     ORDER BY r.n DESC, s.s`,
    filter.params,
  );
  const alerts = rows.length > 0 ? Number(rows[0]!.total) : 0;
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
