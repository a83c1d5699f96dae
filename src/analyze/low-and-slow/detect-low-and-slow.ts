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
import { CLASS_COLUMNS } from '../detect/event-classes.js';
import { flaggedAggregates, NO_PORT } from '../detect/flagged-aggregates.js';
import { sql } from '../detect/sql-fragment.js';
import { log10ChanceOfRegularity, periodsTried } from './chance-of-regularity.js';
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
    /**
     * Largest chance that a series this regular turns up among all the series tested, were the
     * probes random (Poisson) arrivals: the p-value times the periods tried times the series
     * tested (Bonferroni; see chance-of-regularity.ts).
     */
    maxChance: z.number().gt(0).max(1).default(0.01),
    /**
     * A source that re-visits more than this many hosts on one port (two or more probes each, in
     * different minutes) is a recurring scanner, not a targeted prober.
     */
    maxRevisitedHosts: z.number().int().min(1).default(3),
  })
  .strict();

type Settings = z.infer<typeof lowAndSlowSettingsSchema>;

export const lowAndSlowDetect = defineDetect({
  name: 'lowAndSlow',
  kinds: ['low-and-slow'],
  description: 'one source probing one host and port at a regular period over hours or days',
  settings: lowAndSlowSettingsSchema,
  async run(run: DetectRun, settings: Settings): Promise<DraftFinding[]> {
    const series = await loadSeries(run, settings);
    const periods = periodsTried(settings.minPeriodSeconds, settings.maxPeriodHours * 3600, settings.maxJitter);
    const measured: { s: Series; r: Regularity }[] = [];
    for (const s of series) {
      if (s.revisitedHosts > settings.maxRevisitedHosts) continue;
      const r = measureRegularity(s.times, s.sports, {
        mergeMicros: settings.mergeSeconds * 1e6,
        maxJitter: settings.maxJitter,
      });
      if (r === null || !isLowAndSlow(r, settings)) continue;
      measured.push({ s, r });
    }
    // Every series measured is a test: the more there are, the more regular one must be to count.
    const drafts: DraftFinding[] = [];
    for (const { s, r } of measured) {
      const chance = log10ChanceOfRegularity(
        {
          intervals: r.probes - 1,
          regular: Math.round(r.regularShare * (r.probes - 1)),
          period: r.period,
          span: (r.last - r.first) / 1e6,
          maxJitter: settings.maxJitter,
        },
        periods,
        series.length,
      );
      if (chance > Math.log10(settings.maxChance)) continue;
      drafts.push(draft(run, s, r, chance, series.length));
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

interface Series {
  src: string;
  dst: string;
  dport: number;
  dstGroup: string;
  times: number[];
  sports: (number | null)[];
  events: string[];
  flags: number | null;
  /** Hosts the source re-visited on this port (probes in two or more minutes each). */
  revisitedHosts: number;
}

/**
 * Every flagged event of each source–target–port triple with enough, sparse enough events over a
 * long enough span, in time order. The run's flagged-event aggregates first keep only the
 * (source, port) pairs that repeat themselves — more events than distinct targets, which a sweep
 * never has — so the one pass over the events touches few of them.
 */
async function loadSeries(run: DetectRun, s: Settings): Promise<Series[]> {
  const pa = { text: await flaggedAggregates(run), params: [] };
  const h = { text: run.hosts, params: [] };
  // Up to three logs may record each probe, hence the loose density bound.
  const minMeanGapSeconds = s.minPeriodSeconds / 4;
  // --- SQL: low-and-slow series
  const q = sql`
    WITH sp AS (
      SELECT hh.hid AS src, pa.port AS dport FROM ${pa} pa JOIN ${h} hh ON hh.id = pa.src_id
      WHERE pa.port <> ${NO_PORT} AND (${s.includeInsideSources} OR hh.host_grp = 'external')
      GROUP BY ALL
      HAVING sum(pa.flagged) >= ${s.minProbes} AND epoch(max(pa.t1) - min(pa.t0)) >= ${s.minSpanHours * 3600}
        AND sum(pa.flagged) - 1.05 * sum(pa.targets) >= ${s.minProbes - 1}),
    ids AS (SELECT sp.src, sp.dport, hh.id AS src_id FROM sp JOIN ${h} hh ON hh.hid = sp.src),
    raw AS MATERIALIZED (
      SELECT ids.src, e.dst_id, e.dport, e.ts, e.sport, ${{ text: CLASS_COLUMNS, params: [] }}
      FROM events_core e JOIN ids ON e.src_id = ids.src_id AND e.dport = ids.dport
      WHERE e.src_id <> e.dst_id),
    ev AS MATERIALIZED (
      SELECT e.src, hd.hid AS dst, hd.host_grp AS dst_grp, e.dport, e.ts, e.sport, e.event_id, e.tcp_flags
      FROM raw e JOIN ${h} hd ON hd.id = e.dst_id
      WHERE ${run.classes.isFlagged('e')}),
    keep AS (
      SELECT src, dst, dport FROM ev GROUP BY ALL
      HAVING count(*) >= ${s.minProbes} AND epoch(max(ts) - min(ts)) >= ${s.minSpanHours * 3600}
        AND epoch(max(ts) - min(ts)) / count(*) >= ${minMeanGapSeconds}),
    revisits AS (
      SELECT src, dport, count(*) AS hosts FROM (
        SELECT src, dst, dport FROM ev GROUP BY ALL HAVING count(DISTINCT epoch(ts)::BIGINT // 60) >= 2)
      GROUP BY ALL),
    t AS (
      SELECT ev.src, ev.dst, ev.dport, any_value(ev.dst_grp) AS dst_grp,
        string_agg(epoch_us(ev.ts)::VARCHAR, ',' ORDER BY ev.ts, ev.sport) AS times,
        string_agg(coalesce(ev.sport::VARCHAR, ''), ',' ORDER BY ev.ts, ev.sport) AS sports,
        string_agg(DISTINCT ev.event_id::VARCHAR, ',') AS events, mode(ev.tcp_flags ORDER BY ev.tcp_flags) AS flags
      FROM ev JOIN keep USING (src, dst, dport) GROUP BY ev.src, ev.dst, ev.dport)
    SELECT sa.host AS src, da.host AS dst, t.dport, t.dst_grp, t.times, t.sports, t.events, t.flags,
      coalesce(rv.hosts, 0) AS revisited
    FROM t JOIN addrs sa ON sa.id = t.src JOIN addrs da ON da.id = t.dst
      LEFT JOIN revisits rv ON rv.src = t.src AND rv.dport = t.dport
    ORDER BY src, dst, t.dport`;
  const rows = await run.store.all<{
    src: string;
    dst: string;
    dport: number;
    dst_grp: string;
    times: string;
    sports: string;
    events: string;
    flags: number | null;
    revisited: number;
  }>(q.text, q.params as SqlValue[]);
  return rows.map((r) => ({
    src: r.src,
    dst: r.dst,
    dport: Number(r.dport),
    dstGroup: r.dst_grp,
    times: r.times.split(',').map(Number),
    sports: r.sports.split(',').map((p) => (p === '' ? null : Number(p))),
    events: r.events
      .split(',')
      .map((id) => run.classes.nameOf(Number(id)) ?? id)
      .sort(),
    flags: r.flags === null ? null : Number(r.flags),
    revisitedHosts: Number(r.revisited),
  }));
}

function draft(run: DetectRun, s: Series, r: Regularity, chance: number, tested: number): DraftFinding {
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
      chance_log10: Math.round(chance * 10) / 10,
      series_tested: tested,
    },
    mechanism:
      `A probe to ${s.dst}:${s.dport} every ~${minutes} minutes: each one alone is harmless and far below the ` +
      `connections-per-seconds thresholds of portscan detectors, so only the steady clock over ` +
      `${formatDuration(r.last - r.first)} gives it away${sportText ? ` — with a scripted source port${sportText.replace(/^; the source port/, ' that')}` : ''}. ` +
      `Random arrivals would make a series this regular among the ${tested} tested with a chance below 1e${Math.ceil(chance)}.`,
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
