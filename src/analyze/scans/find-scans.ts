/**
 * Horizontal sweeps (one source, one port, many hosts) and vertical scans (one source, one host,
 * many ports) over the whole store, so that a scan spread over days is one scan. Probes are
 * scan-log lines, crafted-flag packets and scan alerts (see EventClasses), counted per host with
 * aliases merged (`130.85.1.2` and `MY.NET.1.2` are one target).
 *
 * SQL shape: aggregate probes on integer ids (source, destination, port), fold address ids into
 * host ids, find candidates; only then look at the candidates' events in detail and join text.
 */
import { blockOf } from '../detect/block-of.js';
import type { DetectRun } from '../detect/detect-module.js';
import { isCommonServicePort } from '../traffic-knowledge/service-ports.js';
import { join, list, sql, type Sql } from '../detect/sql-fragment.js';
import type { SqlValue } from '../../store/store.js';
import type { ScanSettings } from './scan-settings.js';

/** A port with no number: ICMP and other portless probes share this key. */
export const NO_PORT = -1;

export interface ScanCandidate {
  shape: 'horizontal' | 'vertical';
  srcHost: string;
  /** Vertical: the one target. */
  dstHost: string | null;
  /** Horizontal: the one port (NO_PORT for portless probes). */
  port: number;
  probes: number;
  /** Distinct hosts (horizontal) or ports (vertical). */
  width: number;
  first: number;
  last: number;
}

export interface ScanDetail extends ScanCandidate {
  hosts: number;
  ports: number;
  portList: number[];
  /** Target host names, sorted. */
  targets: string[];
  targetGroups: string[];
  /** Most common scan-log type word (SYN, NULL, UDP…) or, without scan lines, the most common event. */
  scanType: string | null;
  scanTypes: string[];
  /** Most common TCP flag byte. */
  flags: number | null;
  proto: string | null;
  days: number;
  sourcePorts: number;
  topSport: number | null;
  topSportShare: number;
  /** Targets that sent from the port back to the source. */
  answered: number;
  /** Hosts the source sent to from the port (horizontal: the swept port; vertical: its top source port). */
  servedFrom: number;
  /** Hosts that sent to the source on the swept port (horizontal). */
  servedTo: number;
  /** Distinct /24 blocks of the targets: a sweep is dense, a server's peers are scattered. */
  blocks: number;
  /** Horizontal: nothing in the targeted groups listens on the port (inverse mapping). */
  nothingListens: boolean;
  /** Why `nothingListens` is what it is. */
  listening: string;
}

export interface ScanResults {
  horizontal: ScanDetail[];
  vertical: ScanDetail[];
  /** Candidates set aside as server-to-server traffic or conversations, with the reason. */
  dismissed: { candidate: ScanDetail; reason: string }[];
}

/** Find the scans of a run (memoised: the scan-then-connect detect reuses them). */
export function findScans(run: DetectRun, settings: ScanSettings): Promise<ScanResults> {
  return run.memo(`scans:${JSON.stringify(settings)}`, async () => {
    const candidates = await findCandidates(run, settings);
    const details = await describeCandidates(run, candidates);
    const judged = judgeCandidates(details, settings);
    await markListeners(run, judged.horizontal);
    return judged;
  });
}

async function findCandidates(run: DetectRun, settings: ScanSettings): Promise<ScanCandidate[]> {
  // --- SQL: scan candidates
  const q = sql`
    WITH hid AS (SELECT id, min(id) OVER (PARTITION BY host) AS hid FROM addrs),
    pp AS (
      SELECT e.src_id, e.dst_id, coalesce(e.dport, ${NO_PORT}) AS port, count(*) AS n, min(e.ts) AS t0, max(e.ts) AS t1
      FROM events_raw e
      WHERE e.src_id IS NOT NULL AND e.dst_id IS NOT NULL AND ${run.classes.isProbe('e')}
      GROUP BY ALL),
    hp AS MATERIALIZED (
      SELECT s.hid AS src, d.hid AS dst, pp.port, sum(pp.n) AS n, min(pp.t0) AS t0, max(pp.t1) AS t1
      FROM pp JOIN hid s ON s.id = pp.src_id JOIN hid d ON d.id = pp.dst_id
      WHERE s.hid <> d.hid
      GROUP BY ALL),
    horiz AS (
      SELECT 'horizontal' AS shape, src, NULL::UINTEGER AS dst, port, count(*) AS width, sum(n) AS probes,
        min(t0) AS t0, max(t1) AS t1
      FROM hp GROUP BY src, port HAVING count(*) >= ${settings.horizontalMinHosts}),
    vert AS (
      SELECT 'vertical' AS shape, src, dst, ${NO_PORT} AS port, count(*) AS width, sum(n) AS probes,
        min(t0) AS t0, max(t1) AS t1
      FROM hp WHERE port <> ${NO_PORT} GROUP BY src, dst HAVING count(*) >= ${settings.verticalMinPorts})
    SELECT c.shape, sa.host AS src_host, da.host AS dst_host, c.port, c.width, c.probes,
      epoch_us(c.t0) AS t0, epoch_us(c.t1) AS t1
    FROM (SELECT * FROM horiz UNION ALL SELECT * FROM vert) c
    JOIN addrs sa ON sa.id = c.src LEFT JOIN addrs da ON da.id = c.dst
    ORDER BY c.shape, sa.host, c.port, da.host`;
  const rows = await run.store.all<{
    shape: 'horizontal' | 'vertical';
    src_host: string;
    dst_host: string | null;
    port: number;
    width: number;
    probes: number;
    t0: number;
    t1: number;
  }>(q.text, q.params as SqlValue[]);
  return rows.map((r) => ({
    shape: r.shape,
    srcHost: r.src_host,
    dstHost: r.dst_host,
    port: Number(r.port),
    width: Number(r.width),
    probes: Number(r.probes),
    first: Number(r.t0),
    last: Number(r.t1),
  }));
}

interface DetailRow {
  ci: number;
  probes: number;
  hosts: number;
  ports: number;
  port_list: string | null;
  targets: string | null;
  groups: string | null;
  scan_type: string | null;
  scan_types: string | null;
  any_type: string | null;
  flags: number | null;
  proto: string | null;
  days: number;
  sports: number;
  top_sport: number | null;
  top_sport_n: number | null;
  answered: number | null;
  served_to: number | null;
  served_from: number | null;
  served_top: number | null;
  t0: number;
  t1: number;
  [key: string]: string | number | boolean | null;
}

async function describeCandidates(run: DetectRun, candidates: readonly ScanCandidate[]): Promise<ScanDetail[]> {
  if (candidates.length === 0) return [];
  const values: Sql[] = candidates.map((c, ci) => sql`(${ci}, ${c.shape}, ${c.srcHost}, ${c.dstHost}, ${c.port})`);
  const isScanLine = run.classes.isScanLine('h');
  // --- SQL: scan candidate details
  const q = sql`
    WITH c(ci, shape, src_host, dst_host, port) AS (VALUES ${join(values, ', ')}),
    cs AS (SELECT c.*, a.id AS src_id FROM c JOIN addrs a ON a.host = c.src_host),
    hits AS (
      SELECT cs.ci, cs.shape, cs.dst_host AS want_dst, e.*
      FROM events_raw e JOIN cs ON e.src_id = cs.src_id
      WHERE e.dst_id IS NOT NULL AND ${run.classes.isProbe('e')}
        AND (cs.shape = 'vertical' OR coalesce(e.dport, ${NO_PORT}) = cs.port)),
    h AS (
      SELECT hits.*, d.host AS target, d.host_grp AS target_grp, ev.s AS ev_name, pr.s AS proto_name
      FROM hits JOIN addrs d ON d.id = hits.dst_id
      JOIN strings ev ON ev.id = hits.event_id LEFT JOIN strings pr ON pr.id = hits.proto_id
      WHERE hits.shape = 'horizontal' OR d.host = hits.want_dst),
    sp AS (SELECT ci, sport, count(*) AS n FROM h WHERE sport IS NOT NULL GROUP BY ALL),
    sp_top AS (SELECT ci, arg_max(sport, n) AS top_sport, max(n) AS top_sport_n FROM sp GROUP BY ci),
    answered AS (
      SELECT cs.ci, count(DISTINCT r.host) AS n
      FROM events_raw e JOIN cs ON e.dst_id = cs.src_id AND e.sport = cs.port JOIN addrs r ON r.id = e.src_id
      WHERE cs.shape = 'horizontal' GROUP BY cs.ci),
    served_from AS (
      SELECT cs.ci, count(DISTINCT d.host) AS n
      FROM events_raw e JOIN cs ON e.src_id = cs.src_id AND e.sport = cs.port JOIN addrs d ON d.id = e.dst_id
      WHERE cs.shape = 'horizontal' GROUP BY cs.ci),
    served_to AS (
      SELECT cs.ci, count(DISTINCT s.host) AS n
      FROM events_raw e JOIN cs ON e.dst_id = cs.src_id AND e.dport = cs.port JOIN addrs s ON s.id = e.src_id
      WHERE cs.shape = 'horizontal' GROUP BY cs.ci),
    served_top AS (
      SELECT t.ci, count(DISTINCT d.host) AS n
      FROM sp_top t JOIN cs ON cs.ci = t.ci JOIN events_raw e ON e.src_id = cs.src_id AND e.sport = t.top_sport
      JOIN addrs d ON d.id = e.dst_id
      WHERE cs.shape = 'vertical' GROUP BY t.ci),
    agg AS (
      SELECT h.ci, count(*) AS probes, count(DISTINCT h.target) AS hosts,
        count(DISTINCT coalesce(h.dport, ${NO_PORT})) AS ports,
        string_agg(DISTINCT h.dport::VARCHAR, ',') AS port_list,
        string_agg(DISTINCT h.target, ',') AS targets,
        string_agg(DISTINCT h.target_grp, ',') AS groups,
        mode(h.ev_name) FILTER (WHERE ${isScanLine}) AS scan_type,
        string_agg(DISTINCT h.ev_name, ',') FILTER (WHERE ${isScanLine}) AS scan_types,
        mode(h.ev_name) AS any_type,
        mode(h.tcp_flags) AS flags, mode(h.proto_name) AS proto,
        count(DISTINCT date_trunc('day', h.ts)) AS days,
        count(DISTINCT h.sport) AS sports,
        epoch_us(min(h.ts)) AS t0, epoch_us(max(h.ts)) AS t1
      FROM h GROUP BY h.ci)
    SELECT agg.*, sp_top.top_sport, sp_top.top_sport_n, answered.n AS answered, served_from.n AS served_from,
      served_to.n AS served_to, served_top.n AS served_top
    FROM agg LEFT JOIN sp_top USING (ci) LEFT JOIN answered USING (ci) LEFT JOIN served_from USING (ci)
    LEFT JOIN served_to USING (ci) LEFT JOIN served_top USING (ci)
    ORDER BY agg.ci`;
  const rows = await run.store.all<DetailRow>(q.text, q.params as SqlValue[]);
  return rows.map((r) => {
    const c = candidates[Number(r.ci)]!;
    const probes = Number(r.probes);
    return {
      ...c,
      probes,
      first: Number(r.t0),
      last: Number(r.t1),
      hosts: Number(r.hosts),
      ports: Number(r.ports),
      portList: splitList(r.port_list)
        .map(Number)
        .sort((a, b) => a - b),
      targets: splitList(r.targets).sort(),
      targetGroups: splitList(r.groups).sort(),
      scanType: r.scan_type ?? r.any_type,
      scanTypes: splitList(r.scan_types).sort(),
      flags: r.flags === null ? null : Number(r.flags),
      proto: r.proto,
      days: Number(r.days),
      sourcePorts: Number(r.sports),
      topSport: r.top_sport === null ? null : Number(r.top_sport),
      topSportShare: r.top_sport_n === null ? 0 : Number(r.top_sport_n) / probes,
      answered: Number(r.answered ?? 0),
      servedFrom: Number((c.shape === 'horizontal' ? r.served_from : r.served_top) ?? 0),
      servedTo: Number(r.served_to ?? 0),
      blocks: new Set(splitList(r.targets).map(blockOf)).size,
      nothingListens: false,
      listening: '',
    };
  });
}

/**
 * Inverse mapping: a sweep of a port that is no commonly attacked service and that nothing in the
 * targeted groups listens on — no target answered, no host there sends from the port outside of
 * probes, no alert shows a session on it.
 * The sweeper learns which hosts exist from the "port unreachable"/RST answers, not from a service.
 */
async function markListeners(run: DetectRun, sweeps: ScanDetail[]): Promise<void> {
  const ports = [...new Set(sweeps.map((s) => s.port).filter((p) => p !== NO_PORT))];
  if (ports.length === 0) return;
  // --- SQL: who listens on the swept ports
  const q = sql`
    WITH served AS (
      SELECT e.sport AS port, a.host_grp AS grp, count(*) AS n FROM events_raw e JOIN addrs a ON a.id = e.src_id
      WHERE e.sport IN (${list(ports)}) AND NOT ${run.classes.isProbe('e')} GROUP BY ALL),
    sessions AS (
      SELECT e.dport AS port, a.host_grp AS grp, count(*) AS n FROM events_raw e JOIN addrs a ON a.id = e.dst_id
      WHERE e.dport IN (${list(ports)}) AND ${run.classes.isSessionAlert('e')} GROUP BY ALL)
    SELECT 'served' AS what, * FROM served UNION ALL SELECT 'session' AS what, * FROM sessions`;
  const rows = await run.store.all<{ what: 'served' | 'session'; port: number; grp: string; n: number }>(
    q.text,
    q.params as SqlValue[],
  );
  for (const sweep of sweeps) {
    if (sweep.port === NO_PORT) {
      sweep.listening = 'portless probes';
      continue;
    }
    const inGroups = rows.filter((r) => Number(r.port) === sweep.port && sweep.targetGroups.includes(r.grp));
    const served = inGroups.filter((r) => r.what === 'served').reduce((n, r) => n + Number(r.n), 0);
    const sessions = inGroups.filter((r) => r.what === 'session').reduce((n, r) => n + Number(r.n), 0);
    const common = isCommonServicePort(sweep.port);
    sweep.nothingListens = !common && sweep.answered === 0 && served === 0 && sessions === 0;
    sweep.listening = sweep.nothingListens
      ? `port ${sweep.port} is no common service, no target answered, and no host in ${sweep.targetGroups.join(', ')} ever sent from or had a session on it`
      : common
        ? `port ${sweep.port} is a commonly attacked service port (${sweep.answered} targets answered, ${served} events sent from it, ${sessions} session alerts on it)`
        : `port ${sweep.port} is in use in ${sweep.targetGroups.join(', ')}: ${sweep.answered} targets answered, ${served} events sent from it, ${sessions} session alerts on it`;
  }
}

/** Keep real scans; set aside servers talking to peers and answered conversations, saying why. */
export function judgeCandidates(details: readonly ScanDetail[], settings: ScanSettings): ScanResults {
  const out: ScanResults = { horizontal: [], vertical: [], dismissed: [] };
  for (const d of details) {
    const reason = dismissReason(d, settings);
    if (reason !== null) out.dismissed.push({ candidate: d, reason });
    else if (d.shape === 'horizontal') out.horizontal.push(d);
    else out.vertical.push(d);
  }
  return out;
}

function dismissReason(d: ScanDetail, s: ScanSettings): string | null {
  if (d.shape === 'horizontal') {
    if (d.port !== NO_PORT && d.servedFrom >= s.serverPeersMin) {
      return `${d.srcHost} also sends from port ${d.port} (to ${d.servedFrom} hosts): same-port service chatter (DNS, NetBIOS, NTP…)`;
    }
    if (d.port !== NO_PORT && d.servedTo >= s.serverPeersMin && d.hosts < s.sweepHostsPerBlock * d.blocks) {
      return `${d.srcHost} itself serves port ${d.port} (${d.servedTo} clients) and its peers are scattered: server-to-server traffic`;
    }
    if (d.hosts > 0 && d.answered / d.hosts > s.maxAnsweredShare) {
      return `${d.answered} of ${d.hosts} targets answered from port ${d.port}: a conversation, not a sweep`;
    }
    return null;
  }
  if (
    d.topSport !== null &&
    d.topSport < 1024 &&
    d.topSportShare >= s.serverReplyShare &&
    d.servedFrom >= s.serverPeersMin
  ) {
    return `${d.srcHost} sends from its service port ${d.topSport} (to ${d.servedFrom} hosts): a server answering, not a scan`;
  }
  return null;
}

function splitList(text: string | null): string[] {
  return text === null || text === '' ? [] : text.split(',');
}
