/**
 * One pass over every flagged event (alerts and probes), on host ids, into a small per-run
 * temporary table of (source host, destination port) aggregates that several detects read instead
 * of scanning the events again: the scan detects (candidates: many targets; share of probes from
 * service ports) and low and slow (more events than targets: a source that repeats itself).
 *
 * Columns: src_id (address id as written), port (NO_PORT for portless), flagged, probes, targets
 * (approximate distinct target hosts of all flagged events), t0, t1, low_sport (probes from a
 * port below 1024), same_port (probes whose source port is the destination port).
 */
import type { SqlValue } from '../../store/store.js';
import type { DetectRun } from './detect-module.js';
import { sql } from './sql-fragment.js';

/** A port with no number: ICMP and other portless events share this key. */
export const NO_PORT = -1;

/** The table's name, created on first use in a run (the runner drops it with the host table). */
export function flaggedAggregates(run: DetectRun): Promise<string> {
  return run.memo('flagged-aggregates', async () => {
    const name = `${run.hosts}_pa`;
    const probe = run.classes.isProbe('e');
    // --- SQL: per (source address, port) aggregates of flagged events, one pass on raw source ids
    // (callers fold spellings into hosts on the small result) and an approximate distinct count of
    // target hosts (exact distinct counts cost 2.5 times the pass; reported scans are recounted
    // exactly). The sketch hashes `hkey`, never an address id: ids depend on the order the ingest
    // met the addresses, and so would the estimate — and which candidates pass a threshold.
    const q = sql`
      CREATE OR REPLACE TEMP TABLE ${{ text: name, params: [] }} AS
      SELECT src_id, port, count(*) AS flagged, count(*) FILTER (WHERE is_probe) AS probes,
        approx_count_distinct(hkey) AS targets, min(ts) AS t0, max(ts) AS t1,
        count(*) FILTER (WHERE is_probe AND sport < 1024) AS low_sport,
        count(*) FILTER (WHERE is_probe AND sport = port) AS same_port
      FROM (
        SELECT e.src_id, hd.hkey, coalesce(e.dport, ${NO_PORT}) AS port, e.ts, e.sport, ${probe} AS is_probe
        FROM events_core e JOIN ${{ text: run.hosts, params: [] }} hd ON hd.id = e.dst_id
        WHERE e.src_id <> e.dst_id AND ${run.classes.isFlagged('e')})
      GROUP BY ALL`;
    await run.store.run(q.text, q.params as SqlValue[]);
    return name;
  });
}
