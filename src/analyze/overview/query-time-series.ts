import { isoFromMicros } from '../../core/time.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

export interface TimeSeries {
  /** Bucket width as SQL names it (`1 hour`, `1 day`…). */
  bucket: string;
  points: { t: string; source: string; events: number }[];
}

const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket widths from fine to coarse; the first that keeps the chart under ~200 points per kind wins. */
const BUCKETS: readonly [number, string][] = [
  [MINUTE, '1 minute'],
  [10 * MINUTE, '10 minutes'],
  [HOUR, '1 hour'],
  [6 * HOUR, '6 hours'],
  [DAY, '1 day'],
  [7 * DAY, '1 week'],
];

/** A bucket width for a span in microseconds. */
export function chooseBucket(spanMicros: number): [number, string] {
  for (const b of BUCKETS) if (spanMicros / b[0] <= 200) return b;
  return BUCKETS[BUCKETS.length - 1]!;
}

/** Events per log kind per time bucket, counted in SQL. */
export async function queryTimeSeries(store: Store, first: string | null, last: string | null): Promise<TimeSeries> {
  if (first === null || last === null) return { bucket: '1 hour', points: [] };
  const [micros, name] = chooseBucket(Date.parse(last) * 1000 - Date.parse(first) * 1000);
  const rows = await store.query<{ t: number; source: string; n: number }>(
    sql`SELECT p.t AS t, ${store.dialect.stringOf(sql`p.source_id`)} AS source, p.n AS n
     FROM (SELECT source_id, ${store.dialect.bucketMicros(sql`ts`, micros)} AS t, count(*) AS n
           FROM events_core WHERE ts IS NOT NULL GROUP BY source_id, t) p
     ORDER BY t, source`,
  );
  return {
    bucket: name,
    points: fillEmptyBuckets(
      rows.map((r) => ({ t: Number(r.t), source: r.source, events: Number(r.n) })),
      micros,
    ),
  };
}

/**
 * SQL returns only buckets that have events; a line chart would draw a slope across a silent night.
 * Every kind gets every bucket between the first and the last, zero where nothing happened.
 */
export function fillEmptyBuckets(
  rows: readonly { t: number; source: string; events: number }[],
  width: number,
): TimeSeries['points'] {
  if (rows.length === 0) return [];
  const first = Math.min(...rows.map((r) => r.t));
  const last = Math.max(...rows.map((r) => r.t));
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const counts = new Map(rows.map((r) => [`${r.t}|${r.source}`, r.events]));
  const points: TimeSeries['points'] = [];
  for (let t = first; t <= last; t += width) {
    for (const source of sources)
      points.push({ t: isoFromMicros(t), source, events: counts.get(`${t}|${source}`) ?? 0 });
  }
  return points;
}
