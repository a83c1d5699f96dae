/**
 * The chart's points from `GET /api/timeline`, with the zeros put back: the API omits empty
 * buckets (and, in a bucket, kinds with no events), and a line drawn straight across a gap would
 * show a quiet hour as busy as its neighbours.
 */
import type { Timeline } from '../api-types.js';

export interface TimePoint {
  t: string;
  source: string;
  events: number;
}

/** Past this many buckets the gaps are left as they are (the API answers at most 1000). */
const MAX_FILLED = 5000;

export function timelinePoints(tl: Timeline): TimePoint[] {
  const step = tl.bucket_seconds * 1000;
  const kinds = tl.kinds.length > 0 ? tl.kinds : [...new Set(tl.buckets.flatMap((b) => Object.keys(b.counts)))];
  const known = tl.buckets.map((b) => ({ at: Date.parse(b.t), counts: b.counts }));
  const first = known[0];
  const last = known[known.length - 1];
  const ordered = known.every((b, i) => i === 0 || b.at > known[i - 1]!.at);
  const filled =
    first && last && step > 0 && ordered && (last.at - first.at) / step < MAX_FILLED
      ? Array.from({ length: Math.round((last.at - first.at) / step) + 1 }, (_, i) => first.at + i * step)
      : null;
  const byTime = new Map(known.map((b) => [b.at, b.counts]));
  const times = filled ?? known.map((b) => b.at);
  return times.flatMap((at) => {
    const counts = byTime.get(at) ?? {};
    const t = new Date(at).toISOString();
    return kinds.map((source) => ({ t, source, events: counts[source] ?? 0 }));
  });
}
