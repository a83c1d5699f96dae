/**
 * Crafted packets: a source whose packets keep the same IP ID (and TTL and window) across many
 * packets — real stacks move the IP ID with every packet, a packet-crafting tool repeats what it
 * was told — and/or carry TCP flag sets the RFCs do not allow (NULL, XMAS, SYN+FIN, reserved bits
 * without ECN meaning; ECN-setup SYNs `12****S*` are legitimate). Tied to the same source's alerts
 * and scans through the evidence.
 *
 * Illegal flags alone make a finding only when they are most of the source's packets (a few broken
 * packets among a client's normal ones are a sick stack or line noise) and no scan finding already
 * reports the source (a stealth sweep's flag set is shown there, with the scan).
 */
import { z } from 'zod';
import { isoFromMicros } from '../../core/time.js';
import type { SqlValue } from '../../store/store.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { parseDetectSettings } from '../detect/detect-settings.js';
import { directionOf } from '../detect/direction-of.js';
import { summarisePorts } from '../detect/summarise-ports.js';
import { sql } from '../detect/sql-fragment.js';
import { findScans } from '../scans/find-scans.js';
import { scanSettingsSchema } from '../scans/scan-settings.js';
import { judgeTcpFlags } from '../traffic-knowledge/tcp-flag-legality.js';

export const craftedPacketsSettingsSchema = z
  .object({
    /** Fewest packets (with IP header detail) from one source before its fingerprint counts. */
    minPackets: z.number().int().min(2).default(5),
    /** Share of a source's packets that must carry its most common IP ID for a fingerprint. */
    minSameIdShare: z.number().min(0).max(1).default(0.8),
    /** Fewest packets with RFC-forbidden flags for a finding on flags alone. */
    minIllegalPackets: z.number().int().min(1).default(5),
    /** Share of a source's packets that must be illegal for a finding on flags alone. */
    minIllegalShare: z.number().min(0).max(1).default(0.5),
  })
  .strict();

type Settings = z.infer<typeof craftedPacketsSettingsSchema>;

export const craftedPacketsDetect = defineDetect({
  name: 'craftedPackets',
  kinds: ['crafted-packets'],
  description: 'packets with a tool fingerprint (constant IP ID/TTL/window) or RFC-forbidden flag sets',
  settings: craftedPacketsSettingsSchema,
  async run(run: DetectRun, settings: Settings): Promise<DraftFinding[]> {
    const profiles = await profileSources(run, settings);
    if (profiles.length === 0) return [];
    const scans = await findScans(run, parseDetectSettings(run.config, 'scans', scanSettingsSchema));
    const scanners = new Set([...scans.horizontal, ...scans.vertical].map((s) => s.srcHost));
    const drafts: DraftFinding[] = [];
    for (const p of profiles) {
      const verdict = judgeProfile(p, settings, scanners.has(p.src));
      if (verdict !== null) drafts.push(draft(run, p, verdict));
    }
    return drafts;
  },
});

/** What one source's packets look like. */
export interface PacketProfile {
  src: string;
  packets: number;
  ipId: number | null;
  ipIdCount: number;
  /** Packets with the top IP ID that have DF set (IP ID 0 with DF is what Linux sends: not crafted). */
  ipIdDf: number;
  ttl: number | null;
  ttlCount: number;
  ttlMin: number | null;
  ttlMax: number | null;
  window: number | null;
  windowCount: number;
  /** Packets per TCP flag byte. */
  flags: Map<number, number>;
  /** Packets with the IP "reserved" (evil) bit. */
  reservedIp: number;
  targets: number;
  targetGroups: string[];
  ports: number[];
  first: number;
  last: number;
}

export interface CraftedVerdict {
  fingerprint: boolean;
  illegal: number;
  illegalSets: string[];
}

/** Pure: does this profile show a crafting tool? */
export function judgeProfile(p: PacketProfile, s: Settings, reportedAsScan: boolean): CraftedVerdict | null {
  const linuxZero = p.ipId === 0 && p.ipIdDf >= p.ipIdCount * 0.5;
  const fingerprint = p.packets >= s.minPackets && p.ipIdCount / p.packets >= s.minSameIdShare && !linuxZero;
  let illegal = p.reservedIp;
  const illegalSets: string[] = [];
  for (const [bits, n] of [...p.flags].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    const v = judgeTcpFlags(bits);
    if (v.legal) continue;
    illegal += n;
    illegalSets.push(`${v.name} ${v.flags} ×${n}`);
  }
  if (p.reservedIp > 0) illegalSets.push(`IP reserved bit ×${p.reservedIp}`);
  const flagsAlone = illegal >= s.minIllegalPackets && illegal / p.packets >= s.minIllegalShare && !reportedAsScan;
  if (!fingerprint && !flagsAlone) return null;
  return { fingerprint, illegal, illegalSets };
}

type ProfileRow = {
  src: string;
  packets: number;
  ip_id: number | null;
  ip_id_n: number;
  ip_id_df: number;
  ttl: number | null;
  ttl_n: number;
  ttl_min: number | null;
  ttl_max: number | null;
  win: number | null;
  win_n: number;
  flags: string | null;
  rb: number;
  targets: number;
  groups: string | null;
  ports: string | null;
  t0: number;
  t1: number;
};

async function profileSources(run: DetectRun, s: Settings): Promise<PacketProfile[]> {
  const minPackets = Math.min(s.minPackets, s.minIllegalPackets);
  const hosts = { text: run.hosts, params: [] };
  // --- SQL: per-source packet profiles
  const q = sql`
    WITH p AS (
      SELECT e.src_id, e.dst_id, e.dport, e.ip_id, e.ttl, e.tcp_win, e.tcp_flags,
        coalesce(e.ip_flags, 0) & 2 <> 0 AS df, coalesce(e.ip_flags, 0) & 4 <> 0 AS rb,
        count(*) AS n, min(e.ts) AS t0, max(e.ts) AS t1
      FROM events_raw e WHERE e.ip_id IS NOT NULL AND e.src_id IS NOT NULL
      GROUP BY ALL),
    ph AS (SELECT h.hid AS src, p.* EXCLUDE (src_id) FROM p JOIN ${hosts} h ON h.id = p.src_id),
    tot AS (
      SELECT src, sum(n) AS packets, sum(n) FILTER (WHERE rb) AS rb, min(t0) AS t0, max(t1) AS t1
      FROM ph GROUP BY src HAVING sum(n) >= ${minPackets}),
    pq AS (SELECT ph.* FROM ph JOIN tot USING (src)),
    by_id AS (SELECT src, ip_id, sum(n) AS n, sum(n) FILTER (WHERE df) AS df FROM pq GROUP BY ALL),
    -- Ties of the most common value go to the least value (the same whatever order rows come in).
    top_id AS (SELECT src, arg_max(ip_id, (n, -ip_id)) AS ip_id, max(n) AS n, arg_max(df, (n, -ip_id)) AS df FROM by_id GROUP BY src),
    by_ttl AS (SELECT src, ttl, sum(n) AS n FROM pq WHERE ttl IS NOT NULL GROUP BY ALL),
    top_ttl AS (SELECT src, arg_max(ttl, (n, -ttl)) AS ttl, max(n) AS n, min(ttl) AS lo, max(ttl) AS hi FROM by_ttl GROUP BY src),
    by_win AS (SELECT src, tcp_win, sum(n) AS n FROM pq WHERE tcp_win IS NOT NULL GROUP BY ALL),
    top_win AS (SELECT src, arg_max(tcp_win, (n, -tcp_win)) AS win, max(n) AS n FROM by_win GROUP BY src),
    by_flags AS (SELECT src, tcp_flags, sum(n) AS n FROM pq WHERE tcp_flags IS NOT NULL GROUP BY ALL),
    flag_list AS (SELECT src, string_agg(tcp_flags::VARCHAR || ':' || n::VARCHAR, ',') AS flags FROM by_flags GROUP BY src),
    dsts AS (
      SELECT pq.src, count(DISTINCT d.host) AS targets, string_agg(DISTINCT d.host_grp, ',') AS groups,
        string_agg(DISTINCT pq.dport::VARCHAR, ',') AS ports
      FROM pq JOIN addrs d ON d.id = pq.dst_id GROUP BY pq.src)
    SELECT a.host AS src, tot.packets, top_id.ip_id, top_id.n AS ip_id_n, coalesce(top_id.df, 0) AS ip_id_df,
      top_ttl.ttl, coalesce(top_ttl.n, 0) AS ttl_n, top_ttl.lo AS ttl_min, top_ttl.hi AS ttl_max,
      top_win.win, coalesce(top_win.n, 0) AS win_n, flag_list.flags, coalesce(tot.rb, 0) AS rb,
      coalesce(dsts.targets, 0) AS targets, dsts.groups, dsts.ports, epoch_us(tot.t0) AS t0, epoch_us(tot.t1) AS t1
    FROM tot JOIN addrs a ON a.id = tot.src
    LEFT JOIN top_id USING (src) LEFT JOIN top_ttl USING (src) LEFT JOIN top_win USING (src)
    LEFT JOIN flag_list USING (src) LEFT JOIN dsts USING (src)
    ORDER BY a.host`;
  const rows = await run.store.all<ProfileRow>(q.text, q.params as SqlValue[]);
  const num = (v: number | null): number | null => (v === null ? null : Number(v));
  return rows.map((r) => ({
    src: r.src,
    packets: Number(r.packets),
    ipId: num(r.ip_id),
    ipIdCount: Number(r.ip_id_n),
    ipIdDf: Number(r.ip_id_df),
    ttl: num(r.ttl),
    ttlCount: Number(r.ttl_n),
    ttlMin: num(r.ttl_min),
    ttlMax: num(r.ttl_max),
    window: num(r.win),
    windowCount: Number(r.win_n),
    flags: new Map(
      (r.flags ?? '')
        .split(',')
        .filter((x) => x !== '')
        .map((x) => x.split(':').map(Number) as [number, number]),
    ),
    reservedIp: Number(r.rb),
    targets: Number(r.targets),
    targetGroups: (r.groups ?? '').split(',').filter((g) => g !== ''),
    ports: (r.ports ?? '')
      .split(',')
      .filter((x) => x !== '')
      .map(Number),
    first: Number(r.t0),
    last: Number(r.t1),
  }));
}

function draft(run: DetectRun, p: PacketProfile, v: CraftedVerdict): DraftFinding {
  const share = (n: number): string => `${n} of ${p.packets}`;
  const parts: string[] = [];
  if (v.fingerprint) {
    parts.push(
      `IP ID ${p.ipId} on ${share(p.ipIdCount)} packets` +
        (p.ttl !== null ? `, TTL ${p.ttl} on ${share(p.ttlCount)}` : '') +
        (p.window !== null ? `, window ${p.window} on ${share(p.windowCount)}` : ''),
    );
  }
  if (v.illegal > 0)
    parts.push(`${v.illegal} packets with flags no stack sends (${v.illegalSets.slice(0, 3).join('; ')})`);
  const targetText = p.targets === 1 ? 'one host' : `${p.targets} hosts`;
  return {
    kind: 'crafted-packets',
    subject: p.src,
    summary: `${p.src} sends hand-made packets to ${targetText} (ports ${summarisePorts(p.ports, 4)}): ${parts.join('; ')}`,
    related: [],
    facts: {
      packets: p.packets,
      fingerprint: v.fingerprint,
      ip_id: p.ipId,
      ip_id_share: round(p.ipIdCount / p.packets),
      ttl: p.ttl,
      ttl_share: round(p.ttlCount / p.packets),
      ttl_range: p.ttlMin === null ? null : `${p.ttlMin}-${p.ttlMax}`,
      window: p.window,
      window_share: round(p.windowCount / p.packets),
      illegal_packets: v.illegal,
      illegal_flag_sets: v.illegalSets.join('; ') || null,
      targets: p.targets,
      ports: summarisePorts(p.ports),
      first: isoFromMicros(p.first),
      last: isoFromMicros(p.last),
    },
    mechanism: v.fingerprint
      ? `A packet-crafting tool: every real IP stack moves the IP ID with each packet it sends, but this source repeats the ` +
        `same header values it was configured with${v.illegal > 0 ? ', and sets TCP flags no stack would' : ''} — the ` +
        `packets are built by hand, typically to probe or fingerprint the target quietly.`
      : `Packets with TCP flag sets the RFCs do not allow (${v.illegalSets.slice(0, 2).join('; ')}): a normal stack never ` +
        `sends them; tools do, to slip past filters and read how the target's stack reacts.`,
    recommendation:
      `Block ${p.src}; write a sensor rule on the fingerprint${v.fingerprint ? ` (IP ID ${p.ipId}${p.ttl !== null ? `, TTL ${p.ttl}` : ''})` : ''} ` +
      `to catch the tool from other addresses, and drop RFC-violating flag sets at the border.`,
    basis: {
      signal: 'crafted',
      signalText: v.fingerprint
        ? 'hand-crafted packets with a fixed tool fingerprint'
        : 'packets with RFC-forbidden flag sets',
      targetHosts: p.targets,
      targetGroups: p.targetGroups,
      targetPorts: p.ports.slice(0, 5),
      established: false,
      direction: directionOf(run.book.groupOf(p.src), p.targetGroups),
      blocked: false,
    },
    replies: {
      needsReplies: v.illegal > 0,
      why:
        v.illegal > 0
          ? 'odd-flag probes are sent to read the answers (RST or silence), which go back to the source'
          : 'the packets need no answer to do their work',
    },
    evidence: [
      { host: p.src, side: 'src', class: 'packet' },
      { host: p.src, side: 'src', class: 'alert' },
      { host: p.src, side: 'src', class: 'probe' },
      { host: p.src, side: 'src', class: 'portscan' },
    ],
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
