/**
 * Scan, then connect: a source whose sweep came in a burst and that, after the burst began, shows
 * up in an alert on a session with a host the burst probed — or a host in a /24 it probed, when the
 * burst covered few /24s (a resolver touches thousands of blocks; "the same /24" then means
 * nothing). Aliases applied, so a sweep of `130.85.5.x` covers `MY.NET.5.7`. The delay is measured
 * from the burst; a session inside the burst is said to be so. Slow sweeps and service activity
 * never count as the sweep. The recon that found something.
 */
import { z } from 'zod';
import { isoFromMicros } from '../../core/time.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { parseDetectSettings } from '../detect/detect-settings.js';
import { directionOf } from '../detect/direction-of.js';
import { formatDuration } from '../detect/format-duration.js';
import { rowsTable, sql } from '../detect/sql-fragment.js';
import { describeScans, findScans, NO_PORT, type Burst, type ScanDetail } from '../scans/find-scans.js';
import { scanSettingsSchema } from '../scans/scan-settings.js';
import type { SqlValue } from '../../store/store.js';

export const scanThenConnectSettingsSchema = z
  .object({
    /** Longest wait between the end of the burst and the connection, in hours (0: no limit). */
    maxDelayHours: z.number().min(0).default(0),
    /** Count a host in a /24 the burst probed even if that host itself was not probed. */
    sameBlock: z.boolean().default(true),
    /** …but only when the burst covered at most this many /24s. */
    sameBlockMaxBlocks: z.number().int().min(1).default(4),
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
    const bursts: Covering[] = scans.horizontal
      .filter((s) => s.pace === 'burst')
      .flatMap((sweep) => sweep.bursts.map((burst) => ({ sweep, burst, probed: false })));
    const bySource = new Map<string, Covering[]>();
    for (const b of bursts) bySource.set(b.sweep.srcHost, [...(bySource.get(b.sweep.srcHost) ?? []), b]);
    if (bySource.size === 0) return [];
    const connections = await findConnections(run, bySource);
    // Pairs are bounded by the sessions times the bursts of their own source (a handful).
    const pairs = connections.flatMap((c) =>
      (bySource.get(c.src) ?? [])
        .filter((b) => b.burst.first <= c.first)
        .filter((b) => settings.maxDelayHours === 0 || c.first - b.burst.last <= settings.maxDelayHours * 3600e6)
        .map((b) => ({ c, b })),
    );
    const coverage = await measureCoverage(run, pairs);
    const byConnection = new Map<Connection, { b: Covering; probed: boolean }[]>();
    pairs.forEach(({ c, b }, i) => {
      const cov = coverage[i]!;
      const blockCounts = settings.sameBlock && b.burst.blocks <= settings.sameBlockMaxBlocks && cov.inBlock;
      if (!cov.probed && !blockCounts) return;
      byConnection.set(c, [...(byConnection.get(c) ?? []), { b, probed: cov.probed }]);
    });
    const drafts: DraftFinding[] = [];
    for (const src of bySource.keys()) {
      const matched: { c: Connection; cover: Covering }[] = [];
      for (const c of connections.filter((x) => x.src === src)) {
        // The most recent burst that covers the target is the reconnaissance the session used.
        const options = (byConnection.get(c) ?? []).sort((x, y) => y.b.burst.first - x.b.burst.first);
        if (options.length > 0) matched.push({ c, cover: { ...options[0]!.b, probed: options[0]!.probed } });
      }
      if (matched.length === 0) continue;
      await describeScans(run, [...new Set(matched.map((m) => m.cover.sweep))]);
      drafts.push(draft(run, src, matched));
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
  burst: Burst;
  /** The session's target was itself probed in the burst (else it sits in a /24 the burst probed). */
  probed: boolean;
}

/**
 * Session alerts from each sweeper after its first burst began, per (target host, port, message),
 * less the sweep's own probes that a rule reported.
 */
async function findConnections(run: DetectRun, bySource: Map<string, Covering[]>): Promise<Connection[]> {
  const values = [...bySource].map(([src, bursts]): SqlValue[] => [src, Math.min(...bursts.map((b) => b.burst.first))]);
  const h = { text: run.hosts, params: [] };
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
    al AS (
      SELECT ids.src_host, e.dst_id, hd.hid, e.sport, e.dport, e.event_id, e.ts,
        ${run.classes.isMalwareAlert('e')} AS malware
      FROM events_core e JOIN ids ON e.src_id = ids.src_id JOIN ${h} hd ON hd.id = e.dst_id
      WHERE e.ts >= make_timestamp(ids.t0) AND ${run.classes.isSessionAlert('e')}),
    -- A rule that fires on a sweep's probe (a SubSeven rule on a sweep of port 27374) reports the
    -- probe, not a session: the portscan log has the same packet (source and target host and ports)
    -- within a second. Alerts are few; the probes are read for the alerts' (target, port) only.
    pk AS (SELECT DISTINCT src_host, hid, sport, dport FROM al),
    probes AS (
      SELECT pk.src_host, pk.hid, pk.sport, pk.dport, p.ts
      FROM events_core p JOIN ids ON p.src_id = ids.src_id JOIN ${h} ph ON ph.id = p.dst_id
      JOIN pk ON pk.src_host = ids.src_host AND pk.hid = ph.hid AND pk.sport = p.sport AND pk.dport = p.dport
      WHERE ${run.classes.isScanLine('p')}),
    hits AS (
      SELECT al.src_host, al.dst_id, al.dport, al.event_id, al.malware,
        count(*) AS n, epoch_us(min(al.ts)) AS t0, epoch_us(max(al.ts)) AS t1
      FROM al ANTI JOIN probes pb ON pb.src_host = al.src_host AND pb.hid = al.hid AND pb.sport = al.sport
        AND pb.dport = al.dport AND pb.ts BETWEEN al.ts - INTERVAL 1 SECOND AND al.ts + INTERVAL 1 SECOND
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
 * For each (connection, burst) pair: was the connection's target among the hosts the burst probed,
 * or in a /24 it probed? Each burst's probed hosts are read once (within its window), not per pair;
 * host and block ids fold aliases.
 */
async function measureCoverage(
  run: DetectRun,
  pairs: readonly { c: Connection; b: Covering }[],
): Promise<{ probed: boolean; inBlock: boolean }[]> {
  if (pairs.length === 0) return [];
  const bursts = [...new Set(pairs.map((p) => p.b))];
  const index = new Map(bursts.map((b, i) => [b, i]));
  const h = { text: run.hosts, params: [] };
  // --- SQL: the probed hosts of each burst, and whether each pair's target is among them
  const q = sql`
    WITH bw AS ${rowsTable(
      [
        ['bi', 'INTEGER'],
        ['src_host', 'VARCHAR'],
        ['port', 'INTEGER'],
        ['w0', 'BIGINT'],
        ['w1', 'BIGINT'],
      ],
      bursts.map((b, i): SqlValue[] => [i, b.sweep.srcHost, b.sweep.port, b.burst.first, b.burst.last]),
    )},
    k AS ${rowsTable(
      [
        ['i', 'INTEGER'],
        ['bi', 'INTEGER'],
        ['dst_host', 'VARCHAR'],
      ],
      pairs.map(({ c, b }, i): SqlValue[] => [i, index.get(b)!, c.dst]),
    )},
    bs AS (SELECT bw.*, a.id AS src_id FROM bw JOIN addrs a ON a.host = bw.src_host),
    pr AS (
      SELECT DISTINCT bs.bi, hd.hid, hd.bid
      FROM events_core e JOIN bs ON e.src_id = bs.src_id AND coalesce(e.dport, ${NO_PORT}) = bs.port
        AND e.ts BETWEEN make_timestamp(bs.w0) AND make_timestamp(bs.w1)
      JOIN ${h} hd ON hd.id = e.dst_id
      WHERE ${run.classes.isProbe('e')}),
    tgt AS (
      SELECT k.i, k.bi, min(hh.hid) AS hid, min(hh.bid) AS bid
      FROM k JOIN addrs a ON a.host = k.dst_host JOIN ${h} hh ON hh.id = a.id GROUP BY k.i, k.bi),
    m AS (
      SELECT tgt.i, bool_or(pr.hid = tgt.hid) AS probed
      FROM tgt JOIN pr ON pr.bi = tgt.bi AND pr.bid = tgt.bid GROUP BY tgt.i)
    SELECT m.i, coalesce(m.probed, false) AS probed FROM m`;
  const rows = await run.store.all<{ i: number; probed: boolean }>(q.text, q.params as SqlValue[]);
  const out = pairs.map(() => ({ probed: false, inBlock: false }));
  for (const r of rows) out[Number(r.i)] = { probed: Boolean(r.probed), inBlock: true };
  return out;
}

function draft(run: DetectRun, src: string, matched: { c: Connection; cover: Covering }[]): DraftFinding {
  matched.sort((a, b) => a.c.first - b.c.first);
  const { c, cover } = matched[0]!;
  const { sweep, burst } = cover;
  const targets = [...new Set(matched.map((m) => m.c.dst))].sort();
  const groups = [...new Set(matched.map((m) => m.c.dstGroup))].sort();
  const sweptPort = sweep.port === NO_PORT ? 'no port' : `port ${sweep.port}`;
  const portText = c.dport === null ? '' : ` port ${c.dport}`;
  const during = c.first <= burst.last;
  const delay = during ? 0 : c.first - burst.last;
  const intoBurst = c.first - burst.first;
  const when = during
    ? `during the sweep (${formatDuration(intoBurst)} after it began)`
    : `then ${formatDuration(delay)} after the sweep ended`;
  const malware = matched.some((m) => m.c.malware);
  return {
    kind: 'scan-then-connect',
    subject: src,
    summary:
      `${src} swept ${burst.hosts} hosts on ${sweptPort} in ${formatDuration(burst.last - burst.first)}, ${when}, "${c.event}" to ${c.dst}${portText}` +
      (targets.length > 1 ? ` (and ${targets.length - 1} more host${targets.length > 2 ? 's' : ''})` : ''),
    related: targets,
    facts: {
      sweep_port: sweep.port === NO_PORT ? null : sweep.port,
      swept_hosts: burst.hosts,
      swept_blocks: burst.blocks,
      sweep_first: isoFromMicros(burst.first),
      sweep_last: isoFromMicros(burst.last),
      sweep_scan_type: sweep.scanType,
      target: c.dst,
      target_port: c.dport,
      target_probed: cover.probed,
      connect_event: c.event,
      connect_ts: isoFromMicros(c.first),
      during_sweep: during,
      delay_s: Math.round(delay / 1e6),
      since_sweep_start_s: Math.round(intoBurst / 1e6),
      connections: matched.reduce((n, m) => n + m.c.count, 0),
      connect_targets: targets.join(','),
      connect_events: [...new Set(matched.map((m) => m.c.event))].join(' | '),
    },
    mechanism:
      `Reconnaissance, then use: the sweep of ${sweptPort} across ${burst.hosts} hosts told ${src} which addresses are alive` +
      `${sweep.nothingListens ? ' (inverse mapping)' : ''}; ${during ? 'while it was still sweeping' : 'after it'} it opened a session with ${c.dst}${portText} ("${c.event}"). ` +
      `The target was ${cover.probed ? 'among the hosts probed' : `in one of the ${burst.blocks} /24 blocks the sweep covered`}.`,
    recommendation:
      `Treat ${c.dst} as targeted: check what the "${c.event}" session gave away (logs of ${c.dst}${portText}), ` +
      `close or filter${portText || ' the service'} to outsiders, and block ${src} at the border.`,
    basis: {
      signal: malware ? 'trojan' : 'exploit',
      signalText: `"${c.event}" ${during ? 'during' : 'after'} the sweep`,
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
        from: burst.first,
        to: Math.min(burst.last, c.first),
      },
      { host: src, side: 'src', class: 'portscan' },
    ],
  };
}
