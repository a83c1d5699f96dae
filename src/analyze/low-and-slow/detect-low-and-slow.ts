/**
 * Low and slow: one source probing one target (host, port) at regular intervals over hours or
 * days, too sparse for minute-scale scan detectors to ever add up. Found by the regularity of the
 * inter-arrival times of flagged events (alerts and probes; aliases merged, one probe logged in
 * several files counted once): period, jitter, count, span, and the source-port progression.
 */
import { z } from 'zod';
import { formatTcpFlags } from '../../core/event.js';
import { isoFromMicros } from '../../core/time.js';
import type { SqlValue } from '../../store/store.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { directionOf } from '../detect/direction-of.js';
import { formatDuration } from '../detect/format-duration.js';
import { join, sql } from '../detect/sql-fragment.js';
import { measureRegularity, type Regularity } from './measure-regularity.js';

export const lowAndSlowSettingsSchema = z
  .object({
    /** Fewest distinct probes of one source to one (host, port). */
    minProbes: z.number().int().min(3).default(6),
    /** Shortest span from first to last probe, hours. */
    minSpanHours: z.number().min(0).default(2),
    /** Shortest period, seconds: anything faster is for minute-scale detectors. */
    minPeriodSeconds: z.number().min(1).default(120),
    /** Longest period, hours. */
    maxPeriodHours: z.number().min(0).default(24),
    /** Largest deviation of an interval from whole periods, as a share of the period. */
    maxJitter: z.number().min(0).max(0.5).default(0.1),
    /** Share of intervals that must be 1–3 whole periods. */
    minRegularShare: z.number().min(0).max(1).default(0.8),
    /** Events of one probe in several logs lie within this many seconds. */
    mergeSeconds: z.number().min(0).default(5),
    /**
     * Also look at sources inside our own groups. Off by default: regular traffic from inside is
     * mostly management polling (SNMP, backups) that happens to trip a rule.
     */
    includeInsideSources: z.boolean().default(false),
  })
  .strict();

type Settings = z.infer<typeof lowAndSlowSettingsSchema>;

export const lowAndSlowDetect = defineDetect({
  name: 'lowAndSlow',
  kinds: ['low-and-slow'],
  description: 'one source probing one host and port at a regular period over hours or days',
  settings: lowAndSlowSettingsSchema,
  async run(run: DetectRun, settings: Settings): Promise<DraftFinding[]> {
    const candidates = await findCandidates(run, settings);
    if (candidates.length === 0) return [];
    const series = await loadSeries(run, candidates);
    const drafts: DraftFinding[] = [];
    for (const s of series) {
      const r = measureRegularity(s.times, s.sports, {
        mergeMicros: settings.mergeSeconds * 1e6,
        maxJitter: settings.maxJitter,
      });
      if (r === null || !isLowAndSlow(r, settings)) continue;
      drafts.push(draft(run, s, r));
    }
    return drafts;
  },
});

/** The verdict on a measured series. */
export function isLowAndSlow(r: Regularity, s: Settings): boolean {
  return (
    r.probes >= s.minProbes &&
    r.last - r.first >= s.minSpanHours * 3600e6 &&
    r.period >= s.minPeriodSeconds &&
    r.period <= s.maxPeriodHours * 3600 &&
    r.regularShare >= s.minRegularShare
  );
}

interface Candidate {
  src: string;
  dst: string;
  dport: number;
}

interface Series extends Candidate {
  dstGroup: string;
  times: number[];
  sports: (number | null)[];
  events: string[];
  flags: number | null;
}

/** Source–target–port triples with enough, sparse enough, flagged events over a long enough span. */
async function findCandidates(run: DetectRun, s: Settings): Promise<Candidate[]> {
  // Up to three logs may record each probe, hence the loose density bound.
  const minMeanGapSeconds = s.minPeriodSeconds / 4;
  // --- SQL: low-and-slow candidates
  const q = sql`
    WITH hid AS (SELECT id, min(id) OVER (PARTITION BY host) AS hid, host_grp FROM addrs),
    t AS (
      SELECT e.src_id, e.dst_id, e.dport, count(*) AS n, min(e.ts) AS t0, max(e.ts) AS t1
      FROM events_raw e
      WHERE e.src_id IS NOT NULL AND e.dst_id IS NOT NULL AND e.dport IS NOT NULL AND ${run.classes.isFlagged('e')}
      GROUP BY ALL),
    h AS (
      SELECT sh.hid AS src, dh.hid AS dst, t.dport, sum(t.n) AS n, min(t.t0) AS t0, max(t.t1) AS t1
      FROM t JOIN hid sh ON sh.id = t.src_id JOIN hid dh ON dh.id = t.dst_id
      WHERE (${s.includeInsideSources} OR sh.host_grp = 'external') AND sh.hid <> dh.hid
      GROUP BY ALL
      HAVING sum(t.n) >= ${s.minProbes}
        AND epoch(max(t.t1) - min(t.t0)) >= ${s.minSpanHours * 3600}
        AND epoch(max(t.t1) - min(t.t0)) / sum(t.n) >= ${minMeanGapSeconds})
    SELECT sa.host AS src, da.host AS dst, h.dport
    FROM h JOIN addrs sa ON sa.id = h.src JOIN addrs da ON da.id = h.dst
    ORDER BY src, dst, dport`;
  const rows = await run.store.all<{ src: string; dst: string; dport: number }>(q.text, q.params as SqlValue[]);
  return rows.map((r) => ({ src: r.src, dst: r.dst, dport: Number(r.dport) }));
}

/** Every flagged event of each candidate, in time order. */
async function loadSeries(run: DetectRun, candidates: readonly Candidate[]): Promise<Series[]> {
  const values = candidates.map((c, ci) => sql`(${ci}, ${c.src}, ${c.dst}, ${c.dport})`);
  // --- SQL: low-and-slow series
  const q = sql`
    WITH c(ci, src, dst, dport) AS (VALUES ${join(values, ', ')}),
    cs AS (SELECT c.ci, c.dst, c.dport, a.id AS src_id FROM c JOIN addrs a ON a.host = c.src),
    cd AS (SELECT cs.ci, cs.src_id, cs.dport, a.id AS dst_id, a.host_grp FROM cs JOIN addrs a ON a.host = cs.dst),
    ev AS (
      SELECT cd.ci, cd.host_grp, e.ts, e.sport, e.event_id, e.tcp_flags
      FROM events_raw e JOIN cd ON e.src_id = cd.src_id AND e.dst_id = cd.dst_id AND e.dport = cd.dport
      WHERE ${run.classes.isFlagged('e')})
    SELECT ev.ci, any_value(ev.host_grp) AS dst_grp,
      string_agg(epoch_us(ev.ts)::VARCHAR, ',' ORDER BY ev.ts, ev.sport) AS times,
      string_agg(coalesce(ev.sport::VARCHAR, ''), ',' ORDER BY ev.ts, ev.sport) AS sports,
      string_agg(DISTINCT s.s, ' | ') AS events, mode(ev.tcp_flags) AS flags
    FROM ev JOIN strings s ON s.id = ev.event_id
    GROUP BY ev.ci ORDER BY ev.ci`;
  const rows = await run.store.all<{
    ci: number;
    dst_grp: string;
    times: string;
    sports: string;
    events: string;
    flags: number | null;
  }>(q.text, q.params as SqlValue[]);
  return rows.map((r) => ({
    ...candidates[Number(r.ci)]!,
    dstGroup: r.dst_grp,
    times: r.times.split(',').map(Number),
    sports: r.sports.split(',').map((p) => (p === '' ? null : Number(p))),
    events: r.events.split(' | ').sort(),
    flags: r.flags === null ? null : Number(r.flags),
  }));
}

function draft(run: DetectRun, s: Series, r: Regularity): DraftFinding {
  const minutes = Math.round((r.period / 60) * 10) / 10;
  const sportText =
    r.sportStep !== null && r.sportStepShare >= 0.6
      ? r.sportStep === 0
        ? '; the source port never changes'
        : `; the source port rises by ${r.sportStep} each time`
      : '';
  return {
    kind: 'low-and-slow',
    subject: s.src,
    summary:
      `${s.src} probed ${s.dst} port ${s.dport} ${r.probes} times, every ${minutes} min (±${Math.round(r.jitter)} s) ` +
      `for ${formatDuration(r.last - r.first)}${sportText}`,
    related: [s.dst],
    facts: {
      target: s.dst,
      dport: s.dport,
      probes: r.probes,
      period_s: Math.round(r.period),
      jitter_s: Math.round(r.jitter),
      regular_share: Math.round(r.regularShare * 1000) / 1000,
      first: isoFromMicros(r.first),
      last: isoFromMicros(r.last),
      span_s: Math.round((r.last - r.first) / 1e6),
      first_sport: r.firstSport,
      sport_step: r.sportStep,
      sport_step_share: Math.round(r.sportStepShare * 1000) / 1000,
      flags: s.flags === null ? null : formatTcpFlags(s.flags),
      events: s.events.join(' | '),
    },
    mechanism:
      `A probe to ${s.dst}:${s.dport} every ~${minutes} minutes: each one alone is harmless and far below the ` +
      `connections-per-seconds thresholds of portscan detectors, so only the steady clock over ` +
      `${formatDuration(r.last - r.first)} gives it away${sportText ? ` — with a scripted source port${sportText.replace(/^; the source port/, ' that')}` : ''}.`,
    recommendation:
      `Block ${s.src} at the border; check ${s.dst}'s port ${s.dport} service logs for these connections, and ` +
      `alert on the tool's fingerprint (see the crafted-packets finding for its IP ID/TTL, if any).`,
    basis: {
      signal: 'probe',
      signalText: `patient probing of one service (${r.probes} probes, ${s.events.join(' / ')})`,
      targetHosts: 1,
      targetGroups: [s.dstGroup],
      targetPorts: [s.dport],
      established: false,
      direction: directionOf(run.book.groupOf(s.src), [s.dstGroup]),
      blocked: false,
    },
    replies: { needsReplies: true, why: 'a probe learns only from the answer (or silence) sent back to its source' },
    evidence: [
      { host: s.src, side: 'src', peer: s.dst, dport: s.dport, class: 'flagged' },
      { host: s.src, side: 'src', class: 'portscan' },
    ],
  };
}
