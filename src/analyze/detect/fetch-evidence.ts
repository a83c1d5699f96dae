/**
 * Evidence for every finding of a run in one pass over `events_raw`: each finding names where its
 * evidence is (host and side, optional peer, ports, time window, class of event); one query matches
 * them all on address ids (every spelling of the host, so aliases apply), samples each finding's
 * matches evenly across time and log kinds, and only then joins the text columns for the few rows kept.
 */
import { formatTcpFlags, IP_FLAG } from '../../core/event.js';
import { isoFromMicros } from '../../core/time.js';
import type { SqlValue, Store } from '../../store/store.js';
import type { EvidenceEvent } from '../finding.js';
import type { TtlStats } from '../severity/assess-spoofing.js';
import type { EventClasses } from './event-classes.js';
import { join, sql, type Sql } from './sql-fragment.js';

/**
 * Which events of the host count: any; probes; alerts; session alerts (not probes); malware alerts;
 * spp_portscan lines; flagged (alerts or probes); packets (dumps with IP header detail).
 */
export type EvidenceClass = 'any' | 'probe' | 'alert' | 'session' | 'malware' | 'portscan' | 'flagged' | 'packet';

export interface EvidenceQuery {
  /** The host (aliases merged) at the `side` end of the event. */
  host: string;
  side: 'src' | 'dst';
  /** The host at the other end, when the evidence is one conversation. */
  peer?: string;
  dport?: number;
  sport?: number;
  /** Epoch microseconds, inclusive. */
  from?: number;
  to?: number;
  class: EvidenceClass;
}

export interface EvidenceRequest {
  queries: readonly EvidenceQuery[];
  /** Host whose packets' TTLs are summarised (for the spoofing verdict). */
  ttlHost?: string;
}

export interface EvidenceResult {
  /** At most `cap` events, in time order. */
  events: EvidenceEvent[];
  /** Distinct matching events per log kind. */
  bySource: Record<string, number>;
  ttl?: TtlStats;
}

/** Fetch evidence for many findings at once. */
export async function fetchEvidence(
  store: Store,
  classes: EventClasses,
  requests: readonly EvidenceRequest[],
  cap: number,
): Promise<EvidenceResult[]> {
  const results: EvidenceResult[] = requests.map(() => ({ events: [], bySource: {} }));
  const rows: Sql[] = [];
  requests.forEach((request, fi) => {
    request.queries.forEach((q, qi) => {
      rows.push(
        sql`(${fi}, ${qi}, ${q.host}, ${q.side}, ${q.peer ?? null}, ${q.dport ?? null}, ${q.sport ?? null}, ${
          q.from ?? null
        }::BIGINT, ${q.to ?? null}::BIGINT, ${q.class}, ${request.ttlHost ?? null})`,
      );
    });
  });
  if (rows.length === 0) return results;

  const classFilter = sql`CASE m.cls
      WHEN 'probe' THEN ${classes.isProbe('m')}
      WHEN 'alert' THEN ${classes.isAlert('m')}
      WHEN 'session' THEN ${classes.isSessionAlert('m')}
      WHEN 'malware' THEN ${classes.isMalwareAlert('m')}
      WHEN 'portscan' THEN ${classes.isPortscanLine('m')}
      WHEN 'flagged' THEN ${classes.isFlagged('m')}
      WHEN 'packet' THEN m.ip_id IS NOT NULL
      ELSE true END`;
  const side = (column: 'src_id' | 'dst_id', name: 'src' | 'dst'): Sql => ({
    text: `SELECT qa.fi, qa.qi, qa.cls, qa.side, qa.peer, qa.ttl_host, e.*
        FROM events_raw e JOIN qa ON e.${column} = qa.addr_id
        WHERE qa.side = '${name}'
          AND (qa.dport IS NULL OR e.dport = qa.dport) AND (qa.sport IS NULL OR e.sport = qa.sport)
          AND (qa.t_from IS NULL OR e.ts >= make_timestamp(qa.t_from))
          AND (qa.t_to IS NULL OR e.ts <= make_timestamp(qa.t_to))`,
    params: [],
  });
  // --- SQL: evidence sampling (one pass for every finding of the run)
  const query = sql`
    WITH q(fi, qi, host, side, peer, dport, sport, t_from, t_to, cls, ttl_host) AS (VALUES ${join(rows, ', ')}),
    qa AS (SELECT q.*, a.id AS addr_id FROM q JOIN addrs a ON a.host = q.host),
    raw_match AS (${side('src_id', 'src')} UNION ALL ${side('dst_id', 'dst')}),
    m AS (
      SELECT m.*, m.peer IS NULL OR coalesce(o.host = m.peer, false) AS peer_ok, coalesce(sa.host = m.ttl_host, false) AS from_ttl_host
      FROM raw_match m
      LEFT JOIN addrs sa ON sa.id = m.src_id
      LEFT JOIN addrs o ON o.id = CASE WHEN m.side = 'src' THEN m.dst_id ELSE m.src_id END
    ),
    uniq AS (
      SELECT * FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m.fi, m.file_id, m.line ORDER BY m.qi) AS dup
        FROM m WHERE m.peer_ok AND ${classFilter})
      WHERE dup = 1),
    stats AS (
      SELECT u.*,
        count(*) OVER (PARTITION BY u.fi, u.source_id) AS n_source,
        count(*) OVER (PARTITION BY u.fi, u.qi, u.source_id) AS n_group,
        row_number() OVER (PARTITION BY u.fi, u.qi, u.source_id ORDER BY u.ts, u.file_id, u.line) AS rn,
        count(DISTINCT u.qi::VARCHAR || '/' || u.source_id::VARCHAR) OVER (PARTITION BY u.fi) AS n_groups,
        count(u.ttl) FILTER (WHERE u.from_ttl_host) OVER (PARTITION BY u.fi) AS ttl_n,
        min(u.ttl) FILTER (WHERE u.from_ttl_host) OVER (PARTITION BY u.fi) AS ttl_min,
        max(u.ttl) FILTER (WHERE u.from_ttl_host) OVER (PARTITION BY u.fi) AS ttl_max,
        mode(u.ttl) FILTER (WHERE u.from_ttl_host) OVER (PARTITION BY u.fi) AS ttl_mode
      FROM uniq u),
    kept AS (
      SELECT * FROM stats
      WHERE (rn - 1) % greatest(1, ceil(n_group / greatest(1, ceil(2.0 * ${cap} / n_groups))))::BIGINT = 0)
    SELECT k.fi, k.qi, epoch_us(k.ts) AS ts, so.s AS source, ev.s AS event, sa.addr AS src, k.sport, da.addr AS dst,
      k.dport, pr.s AS proto, f.name AS file, k.line, k.n_source, k.ttl_n, k.ttl_min, k.ttl_max, k.ttl_mode,
      k.tcp_flags, k.reserved_bits, k.ttl, k.ip_id, k.tcp_win, k.ip_flags, k.gid, k.sid, k.rev, cl.s AS classification,
      k.priority, ac.s AS action, k.ps_connections, k.ps_hosts
    FROM kept k
    JOIN strings so ON so.id = k.source_id
    JOIN strings ev ON ev.id = k.event_id
    LEFT JOIN strings pr ON pr.id = k.proto_id
    LEFT JOIN strings cl ON cl.id = k.classification_id
    LEFT JOIN strings ac ON ac.id = k.action_id
    LEFT JOIN addrs sa ON sa.id = k.src_id
    LEFT JOIN addrs da ON da.id = k.dst_id
    LEFT JOIN files f ON f.id = k.file_id
    ORDER BY k.fi, k.ts, k.file_id, k.line`;
  const found = await store.all(query.text, query.params as SqlValue[]);

  // Round-robin over each finding's (query, log kind) groups, so that every kind of evidence shows.
  const groups = new Map<number, Map<string, EvidenceRow[]>>();
  for (const row of found as unknown as EvidenceRow[]) {
    const fi = Number(row.fi);
    const result = results[fi]!;
    result.bySource[row.source] = Number(row.n_source);
    if (Number(row.ttl_n) > 0) {
      result.ttl = {
        packets: Number(row.ttl_n),
        min: Number(row.ttl_min),
        max: Number(row.ttl_max),
        mode: Number(row.ttl_mode),
      };
    }
    const byGroup = groups.get(fi) ?? new Map<string, EvidenceRow[]>();
    groups.set(fi, byGroup);
    const key = `${row.qi}/${row.source}`;
    const list = byGroup.get(key) ?? [];
    list.push(row);
    byGroup.set(key, list);
  }
  for (const [fi, byGroup] of groups) {
    const picked = pickRoundRobin([...byGroup.values()], cap);
    picked.sort(
      (a, b) => Number(a.ts) - Number(b.ts) || a.file.localeCompare(b.file) || Number(a.line) - Number(b.line),
    );
    results[fi]!.events = picked.map(toEvidenceEvent);
  }
  return results;
}

interface EvidenceRow {
  fi: number;
  qi: number;
  ts: number;
  source: string;
  event: string;
  src: string | null;
  sport: number | null;
  dst: string | null;
  dport: number | null;
  proto: string | null;
  file: string;
  line: number;
  n_source: number;
  ttl_n: number;
  ttl_min: number | null;
  ttl_max: number | null;
  ttl_mode: number | null;
  tcp_flags: number | null;
  reserved_bits: boolean | null;
  ttl: number | null;
  ip_id: number | null;
  tcp_win: number | null;
  ip_flags: number | null;
  gid: number | null;
  sid: number | null;
  rev: number | null;
  classification: string | null;
  priority: number | null;
  action: string | null;
  ps_connections: number | null;
  ps_hosts: number | null;
}

/** Take one from each group in turn (each group in time order) until `cap` are taken. */
export function pickRoundRobin<T>(groups: readonly (readonly T[])[], cap: number): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < cap; i++) {
    let any = false;
    for (const group of groups) {
      if (i < group.length && out.length < cap) {
        out.push(group[i]!);
        any = true;
      }
    }
    if (!any) break;
  }
  return out;
}

function toEvidenceEvent(r: EvidenceRow): EvidenceEvent {
  const detail: Record<string, string | number | boolean> = {};
  if (r.tcp_flags !== null) detail.tcp_flags = formatTcpFlags(Number(r.tcp_flags));
  if (r.reserved_bits) detail.reserved_bits = true;
  if (r.ttl !== null) detail.ttl = Number(r.ttl);
  if (r.ip_id !== null) detail.ip_id = Number(r.ip_id);
  if (r.tcp_win !== null) detail.tcp_win = Number(r.tcp_win);
  if (r.ip_flags !== null && Number(r.ip_flags) !== 0) detail.ip_flags = formatIpFlags(Number(r.ip_flags));
  if (r.sid !== null) detail.sid = `${r.gid ?? 1}:${r.sid}:${r.rev ?? 0}`;
  if (r.classification !== null) detail.classification = r.classification;
  if (r.priority !== null) detail.priority = Number(r.priority);
  if (r.action !== null) detail.action = r.action;
  if (r.ps_connections !== null) detail.ps_connections = Number(r.ps_connections);
  if (r.ps_hosts !== null) detail.ps_hosts = Number(r.ps_hosts);
  const event: EvidenceEvent = {
    ts: isoFromMicros(Number(r.ts)),
    source: r.source,
    event: r.event,
    src: r.src,
    sport: r.sport === null ? null : Number(r.sport),
    dst: r.dst,
    dport: r.dport === null ? null : Number(r.dport),
    proto: r.proto,
    file: r.file,
    line: Number(r.line),
  };
  if (Object.keys(detail).length > 0) event.detail = detail;
  return event;
}

function formatIpFlags(bits: number): string {
  return [
    [IP_FLAG.RB, 'RB'],
    [IP_FLAG.DF, 'DF'],
    [IP_FLAG.MF, 'MF'],
  ]
    .filter(([bit]) => bits & (bit as number))
    .map(([, name]) => name)
    .join(' ');
}
