/**
 * Scan, then connect: a source that swept a range and later shows up in an alert on a session with
 * a host in that range (the host itself was probed, or it sits in a /24 the sweep covered; aliases
 * applied, so a sweep of `130.85.5.x` covers `MY.NET.5.7`). The recon that found something.
 */
import { z } from 'zod';
import { isoFromMicros } from '../../core/time.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { CLASS_COLUMNS } from '../detect/event-classes.js';
import { parseDetectSettings } from '../detect/detect-settings.js';
import { directionOf } from '../detect/direction-of.js';
import { formatDuration } from '../detect/format-duration.js';
import { rowsTable, sql } from '../detect/sql-fragment.js';
import { describeScans, findScans, NO_PORT, type ScanDetail } from '../scans/find-scans.js';
import { scanSettingsSchema } from '../scans/scan-settings.js';
import type { SqlValue } from '../../store/store.js';

export const scanThenConnectSettingsSchema = z
  .object({
    /** Longest wait between the start of the sweep and the connection, in hours (0: no limit). */
    maxDelayHours: z.number().min(0).default(0),
    /** Count a host in a /24 the sweep covered even if that host itself was not probed. */
    sameBlock: z.boolean().default(true),
  })
  .strict();

type Settings = z.infer<typeof scanThenConnectSettingsSchema>;

export const scanThenConnectDetect = defineDetect({
  name: 'scanThenConnect',
  kinds: ['scan-then-connect'],
  description: 'a sweeper that later holds a session (an alert) with a host of the swept range',
  settings: scanThenConnectSettingsSchema,
  async run(run: DetectRun, settings: Settings): Promise<DraftFinding[]> {
    const scanSettings = parseDetectSettings(run.config, 'scans', scanSettingsSchema);
    const scans = await findScans(run, scanSettings);
    const bySource = new Map<string, ScanDetail[]>();
    for (const s of scans.horizontal) bySource.set(s.srcHost, [...(bySource.get(s.srcHost) ?? []), s]);
    if (bySource.size === 0) return [];
    const connections = await findConnections(run, bySource);
    const pairs = connections.flatMap((c) =>
      (bySource.get(c.src) ?? [])
        .filter((sweep) => sweep.first < c.first)
        .filter((sweep) => settings.maxDelayHours === 0 || c.first - sweep.first <= settings.maxDelayHours * 3600e6)
        .map((sweep) => ({ c, sweep })),
    );
    const coverage = await measureCoverage(run, pairs);
    const drafts: DraftFinding[] = [];
    for (const src of bySource.keys()) {
      const matched: { c: Connection; sweep: Covering }[] = [];
      for (const c of connections.filter((x) => x.src === src)) {
        // The earliest sweep that covers the target wins.
        const options = pairs
          .map((p, i) => ({ ...p, cov: coverage[i]! }))
          .filter((p) => p.c === c && (p.cov.probed || (settings.sameBlock && p.cov.inBlock)))
          .sort((a, b) => a.sweep.first - b.sweep.first);
        if (options.length > 0)
          matched.push({ c, sweep: { sweep: options[0]!.sweep, probed: options[0]!.cov.probed } });
      }
      await describeScans(run, [...new Set(matched.map((m) => m.sweep.sweep))]);
      // Sweeps were found on approximate counts; the description made them exact.
      const real = matched.filter((m) => m.sweep.sweep.hosts >= scanSettings.horizontalMinHosts);
      if (real.length > 0) drafts.push(draft(run, src, real));
    }
    return drafts;
  },
});

interface Connection {
  src: string;
  dst: string;
  dstGroup: string;
  dport: number | null;
  event: string;
  first: number;
  last: number;
  count: number;
  malware: boolean;
}

interface Covering {
  sweep: ScanDetail;
  probed: boolean;
}

/** Session alerts from each sweeper after its first sweep began, per (target host, port, message). */
async function findConnections(run: DetectRun, bySource: Map<string, ScanDetail[]>): Promise<Connection[]> {
  const values = [...bySource].map(([src, sweeps]): SqlValue[] => [src, Math.min(...sweeps.map((s) => s.first))]);
  // --- SQL: alerts from sweepers after their sweeps
  const q = sql`
    WITH sw AS ${rowsTable(
      [
        ['src_host', 'VARCHAR'],
        ['t0', 'BIGINT'],
      ],
      values,
    )},
    ids AS (SELECT sw.*, a.id AS src_id FROM sw JOIN addrs a ON a.host = sw.src_host),
    hits AS (
      SELECT ids.src_host, e.dst_id, e.dport, e.event_id, ${run.classes.isMalwareAlert('e')} AS malware,
        count(*) AS n, epoch_us(min(e.ts)) AS t0, epoch_us(max(e.ts)) AS t1
      FROM events_core e JOIN ids ON e.src_id = ids.src_id
      WHERE e.ts > make_timestamp(ids.t0) AND e.dst_id IS NOT NULL AND ${run.classes.isSessionAlert('e')}
      GROUP BY ALL)
    SELECT h.src_host, d.host AS dst, d.host_grp AS dst_grp, h.dport, ev.s AS event, bool_or(h.malware) AS malware,
      sum(h.n) AS n, min(h.t0) AS t0, max(h.t1) AS t1
    FROM hits h JOIN addrs d ON d.id = h.dst_id JOIN strings ev ON ev.id = h.event_id
    GROUP BY ALL ORDER BY t0`;
  const rows = await run.store.all<{
    src_host: string;
    dst: string;
    dst_grp: string;
    dport: number | null;
    event: string;
    malware: boolean;
    n: number;
    t0: number;
    t1: number;
  }>(q.text, q.params as SqlValue[]);
  return rows.map((r) => ({
    src: r.src_host,
    dst: r.dst,
    dstGroup: r.dst_grp,
    dport: r.dport === null ? null : Number(r.dport),
    event: r.event,
    first: Number(r.t0),
    last: Number(r.t1),
    count: Number(r.n),
    malware: Boolean(r.malware),
  }));
}

/**
 * For each (connection, sweep) pair: was the connection's target among the hosts the sweep probed
 * before the connection, or in a /24 block it probed? Host and block ids fold aliases.
 */
async function measureCoverage(
  run: DetectRun,
  pairs: readonly { c: Connection; sweep: ScanDetail }[],
): Promise<{ probed: boolean; inBlock: boolean }[]> {
  if (pairs.length === 0) return [];
  const values = pairs.map(({ c, sweep }, i): SqlValue[] => [i, c.src, c.dst, sweep.port, c.first]);
  const h = { text: run.hosts, params: [] };
  // --- SQL: did the sweep cover the connection's target?
  const q = sql`
    WITH k AS ${rowsTable(
      [
        ['i', 'INTEGER'],
        ['src_host', 'VARCHAR'],
        ['dst_host', 'VARCHAR'],
        ['port', 'INTEGER'],
        ['t', 'BIGINT'],
      ],
      values,
    )},
    ks AS (SELECT k.*, a.id AS src_id FROM k JOIN addrs a ON a.host = k.src_host),
    tgt AS (
      SELECT k.i, min(hh.hid) AS hid, min(hh.bid) AS bid
      FROM k JOIN addrs a ON a.host = k.dst_host JOIN ${h} hh ON hh.id = a.id GROUP BY k.i),
    raw AS MATERIALIZED (
      SELECT ks.i, e.dst_id, e.ts, ${{ text: CLASS_COLUMNS, params: [] }}
      FROM events_core e JOIN ks ON e.src_id = ks.src_id AND coalesce(e.dport, ${NO_PORT}) = ks.port
      WHERE e.ts < make_timestamp(ks.t)),
    pr AS (
      SELECT DISTINCT e.i, hd.hid, hd.bid
      FROM raw e JOIN ${h} hd ON hd.id = e.dst_id
      WHERE ${run.classes.isProbe('e')})
    SELECT tgt.i, bool_or(pr.hid = tgt.hid) AS probed, bool_or(pr.bid = tgt.bid) AS in_block
    FROM tgt JOIN pr USING (i) GROUP BY tgt.i`;
  const rows = await run.store.all<{ i: number; probed: boolean; in_block: boolean }>(q.text, q.params as SqlValue[]);
  const out = pairs.map(() => ({ probed: false, inBlock: false }));
  for (const r of rows) out[Number(r.i)] = { probed: Boolean(r.probed), inBlock: Boolean(r.in_block) };
  return out;
}

function draft(run: DetectRun, src: string, matched: { c: Connection; sweep: Covering }[]): DraftFinding {
  matched.sort((a, b) => a.c.first - b.c.first);
  const { c, sweep: cover } = matched[0]!;
  const sweep = cover.sweep;
  const targets = [...new Set(matched.map((m) => m.c.dst))].sort();
  const groups = [...new Set(matched.map((m) => m.c.dstGroup))].sort();
  const sweptPort = sweep.port === NO_PORT ? 'no port' : `port ${sweep.port}`;
  const portText = c.dport === null ? '' : ` port ${c.dport}`;
  const delay = c.first - sweep.first;
  const malware = matched.some((m) => m.c.malware);
  return {
    kind: 'scan-then-connect',
    subject: src,
    summary:
      `${src} swept ${sweep.hosts} hosts on ${sweptPort}, then ${formatDuration(delay)} later "${c.event}" to ${c.dst}${portText}` +
      (targets.length > 1 ? ` (and ${targets.length - 1} more host${targets.length > 2 ? 's' : ''})` : ''),
    related: targets,
    facts: {
      sweep_port: sweep.port === NO_PORT ? null : sweep.port,
      swept_hosts: sweep.hosts,
      sweep_first: isoFromMicros(sweep.first),
      sweep_last: isoFromMicros(sweep.last),
      sweep_scan_type: sweep.scanType,
      target: c.dst,
      target_port: c.dport,
      target_probed: cover.probed,
      connect_event: c.event,
      connect_ts: isoFromMicros(c.first),
      delay_s: Math.round(delay / 1e6),
      connections: matched.reduce((n, m) => n + m.c.count, 0),
      connect_targets: targets.join(','),
      connect_events: [...new Set(matched.map((m) => m.c.event))].join(' | '),
    },
    mechanism:
      `Reconnaissance, then use: the sweep of ${sweptPort} across ${sweep.hosts} hosts told ${src} which addresses are alive` +
      `${sweep.nothingListens ? ' (inverse mapping)' : ''}; it then opened a session with ${c.dst}${portText} ("${c.event}"). ` +
      `The target was ${cover.probed ? 'among the hosts probed' : 'in a block the sweep covered'}.`,
    recommendation:
      `Treat ${c.dst} as targeted: check what the "${c.event}" session gave away (logs of ${c.dst}${portText}), ` +
      `close or filter${portText || ' the service'} to outsiders, and block ${src} at the border.`,
    basis: {
      signal: malware ? 'trojan' : 'exploit',
      signalText: `"${c.event}" after the sweep`,
      targetHosts: targets.length,
      targetGroups: groups,
      targetPorts: [...new Set(matched.map((m) => m.c.dport).filter((p): p is number => p !== null))],
      established: true,
      direction: directionOf(run.book.groupOf(src), groups),
      blocked: false,
    },
    replies: {
      needsReplies: true,
      why: 'the sweep reads the answers and the later session needs its handshake answered: the source address is real',
    },
    evidence: [
      ...targets.slice(0, 5).map((t) => ({ host: src, side: 'src' as const, peer: t, class: 'session' as const })),
      {
        host: src,
        side: 'src',
        class: 'probe',
        ...(sweep.port === NO_PORT ? {} : { dport: sweep.port }),
        to: c.first,
      },
      { host: src, side: 'src', class: 'portscan' },
    ],
  };
}
