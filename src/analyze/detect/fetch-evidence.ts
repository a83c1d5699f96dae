/**
 * Evidence for every finding of a run in one pass over `events_raw`: each finding names where its
 * evidence is (host and side, optional peer, ports, time window, class of event); one query matches
 * them all on address ids (every spelling of the host, so aliases apply), samples each finding's
 * matches evenly across time and log kinds, and only then joins the text columns for the few rows kept.
 */
import { formatTcpFlags, IP_FLAG } from '../../core/event.js';
import type { Row, SqlValue, Store } from '../../store/store.js';
import { toEnvelope, type EnvelopeRow } from '../evidence-envelope.js';
import type { EvidenceEvent } from '../finding.js';
import type { TtlStats } from '../severity/assess-spoofing.js';
import type { EventClasses } from './event-classes.js';
import { compareText } from './compare-text.js';
import { inIds, rowsTable, sql, type Sql } from './sql-fragment.js';
import { raw } from '../../store/sql.js';
import { EVENT_COLUMNS, storedColumnName } from '../../core/event-columns.js';

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

/** Display columns of an evidence event (never `e.*`: text columns would ride along through every join). */
/** Stored names of the columns every event has in `events_core` (the rest are in `events_detail`). */
const CORE_STORED = new Set(
  EVENT_COLUMNS.filter((c) => c.table === 'core').map((c) => storedColumnName(c.name, c.kind)),
);

const DISPLAY_COLUMNS = [
  'ts',
  'source_id',
  'event_id',
  'proto_id',
  'classification_id',
  'action_id',
  'src_id',
  'dst_id',
  'sport',
  'dport',
  'tcp_flags',
  'reserved_bits',
  'ttl',
  'ip_id',
  'tcp_win',
  'ip_flags',
  'gid',
  'sid',
  'rev',
  'priority',
  'ps_connections',
  'ps_hosts',
]
  .map((c) => `${CORE_STORED.has(c) ? 'c' : 'd'}.${c}`)
  .join(', ');

/**
 * Fetch evidence for many findings at once. The matches of every query go, narrow, into one
 * temporary table (one pass per side of the address); from it come exact per-log-kind counts,
 * the TTLs of the subject's packets, and a sample per (finding, query, log kind) group — its first
 * event plus a hash sample of about 2·cap/groups events — whose display columns are fetched in a
 * last pass. No group of a million probes is ever sorted or carried whole. The sample is a function
 * of the logs alone: `ref` numbers an event by its file's rank in name order and its line.
 */
export async function fetchEvidence(
  store: Store,
  classes: EventClasses,
  requests: readonly EvidenceRequest[],
  cap: number,
  tableName: string,
): Promise<EvidenceResult[]> {
  const results: EvidenceResult[] = requests.map(() => ({ events: [], bySource: {} }));
  const rows = evidenceQueryRows(requests);
  if (rows.length === 0) return results;
  const m = { text: tableName, params: [] };
  const create = sql`CREATE OR REPLACE TEMP TABLE ${m} AS ${matchSql(classes, rows)}`;
  await store.run(create.text, create.params as SqlValue[]);
  try {
    await countMatches(store, classes, m, results);
    const found = await sampleMatches(store, m, cap);
    // Spread each finding's cap over its (query, log kind) groups, evenly through time within each.
    const groups = new Map<number, Map<string, EvidenceRow[]>>();
    for (const row of found) {
      const fi = Number(row.fi);
      const byGroup = groups.get(fi) ?? new Map<string, EvidenceRow[]>();
      groups.set(fi, byGroup);
      const key = `${row.qi}/${row.source}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), row]);
    }
    for (const [fi, byGroup] of groups) {
      const picked = pickSpread([...byGroup.values()], cap);
      picked.sort(
        (a, b) => Number(a.ts) - Number(b.ts) || compareText(a.file, b.file) || Number(a.line) - Number(b.line),
      );
      results[fi]!.events = picked.map(toEvidenceEvent);
    }
    return results;
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${tableName}`);
  }
}

/** One row per (finding, query), as `matchSql` takes them: finding `fi` is `requests[fi]`. */
export function evidenceQueryRows(requests: readonly EvidenceRequest[]): SqlValue[][] {
  const rows: SqlValue[][] = [];
  requests.forEach((request, fi) => {
    request.queries.forEach((q, qi) => {
      rows.push([
        fi,
        qi,
        q.host,
        q.side,
        q.peer ?? null,
        q.dport ?? null,
        q.sport ?? null,
        q.from ?? null,
        q.to ?? null,
        q.class,
        request.ttlHost ?? null,
      ]);
    });
  });
  return rows;
}

/** Exact distinct matches per finding and log kind, and the TTLs of the subject's own packets. */
async function countMatches(store: Store, classes: EventClasses, m: Sql, results: EvidenceResult[]): Promise<void> {
  // --- SQL: evidence counts and TTLs
  const q = sql`
    SELECT fi, source_id, count(DISTINCT ref) AS n,
      count(DISTINCT ref) FILTER (WHERE ttl_side AND ttl IS NOT NULL) AS ttl_n,
      min(ttl) FILTER (WHERE ttl_side) AS ttl_min, max(ttl) FILTER (WHERE ttl_side) AS ttl_max,
      mode(ttl ORDER BY ttl) FILTER (WHERE ttl_side) AS ttl_mode
    FROM ${m} GROUP BY fi, source_id`;
  const rows = await store.all<{
    fi: number;
    source_id: number;
    n: number;
    ttl_n: number;
    ttl_min: number | null;
    ttl_max: number | null;
    ttl_mode: number | null;
  }>(q.text, q.params as SqlValue[]);
  const ttl = new Map<number, { n: number; min: number; max: number; mode: number; best: number }>();
  for (const r of rows) {
    const fi = Number(r.fi);
    results[fi]!.bySource[classes.nameOf(Number(r.source_id)) ?? String(r.source_id)] = Number(r.n);
    const n = Number(r.ttl_n);
    if (n === 0) continue;
    const t = ttl.get(fi) ?? { n: 0, min: Infinity, max: -Infinity, mode: 0, best: 0 };
    t.n += n;
    t.min = Math.min(t.min, Number(r.ttl_min));
    t.max = Math.max(t.max, Number(r.ttl_max));
    if (n > t.best) {
      t.best = n;
      t.mode = Number(r.ttl_mode);
    }
    ttl.set(fi, t);
  }
  for (const [fi, t] of ttl) results[fi]!.ttl = { packets: t.n, min: t.min, max: t.max, mode: t.mode };
}

/** Each group's first match plus a hash sample, with display columns. */
async function sampleMatches(store: Store, m: Sql, cap: number): Promise<EvidenceRow[]> {
  // --- SQL: evidence sample with display columns
  const q = sql`
    WITH grp AS (
      SELECT fi, qi, source_id, count(*) AS n, arg_min(ref, (ts, ref)) AS first_ref FROM ${m} GROUP BY ALL),
    want AS (
      SELECT grp.*,
        greatest(1, n // greatest(1, ceil(${2 * cap} / count(*) OVER (PARTITION BY fi))))::UBIGINT AS step
      FROM grp),
    picked AS (
      SELECT DISTINCT ON (m.fi, m.ref) m.fi, m.qi, m.ref, m.file_id, m.line
      FROM ${m} m JOIN want w USING (fi, qi, source_id)
      WHERE m.ref = w.first_ref OR hash(m.ref) % w.step = 0
      ORDER BY m.fi, m.ref, m.qi)
    SELECT k.fi, k.qi, epoch_us(e.ts) AS ts, so.s AS source, ev.s AS event, sa.addr AS src, e.sport, da.addr AS dst,
      e.dport, pr.s AS proto, f.name AS file, e.line, e.tcp_flags, e.reserved_bits, e.ttl, e.ip_id, e.tcp_win,
      e.ip_flags, e.gid, e.sid, e.rev, cl.s AS classification, e.priority, ac.s AS action, e.ps_connections, e.ps_hosts
    FROM (SELECT ${{ text: DISPLAY_COLUMNS, params: [] }}, c.file_id, c.line, c.line_seq
          FROM (SELECT DISTINCT file_id, line FROM picked) p
          JOIN events_core c ON c.file_id = p.file_id AND c.line = p.line
          LEFT JOIN events_detail d
            ON d.file_id = c.file_id AND d.line = c.line AND d.line_seq = coalesce(c.line_seq, 0)) e
    JOIN picked k ON k.file_id = e.file_id AND k.line = e.line
    JOIN strings so ON so.id = e.source_id
    JOIN strings ev ON ev.id = e.event_id
    LEFT JOIN strings pr ON pr.id = e.proto_id
    LEFT JOIN strings cl ON cl.id = e.classification_id
    LEFT JOIN strings ac ON ac.id = e.action_id
    LEFT JOIN addrs sa ON sa.id = e.src_id
    LEFT JOIN addrs da ON da.id = e.dst_id
    LEFT JOIN files f ON f.id = e.file_id
    ORDER BY k.fi, e.ts, k.ref, e.line_seq`;
  return store.all<EvidenceRow & Row>(q.text, q.params as SqlValue[]);
}

/**
 * The matches of every evidence query, narrow: finding, query, log kind, `ref` (file and line in
 * one number), time, TTL and whether the event comes from the TTL host. `rows` are
 * `evidenceQueryRows` of the requests (the report counts a finding's links from them too).
 */
export function matchSql(classes: EventClasses, rows: readonly SqlValue[][]): Sql {
  const classFilter = sql`CASE r.cls
      WHEN 'probe' THEN ${classes.isProbe('r')}
      WHEN 'alert' THEN ${classes.isAlert('r')}
      WHEN 'session' THEN ${classes.isSessionAlert('r')}
      WHEN 'malware' THEN ${classes.isMalwareAlert('r')}
      WHEN 'portscan' THEN ${classes.isPortscanLine('r')}
      WHEN 'flagged' THEN ${classes.isFlagged('r')}
      WHEN 'packet' THEN r.ip_id IS NOT NULL
      ELSE true END`;
  // IP header fields (TTL, IP ID) are looked up only for the rows of the files that have them: a
  // join of every match with the detail table cost a third of this query on the 650 MB set, and
  // joined in the sides DuckDB built its hash table on the matches (misjudged as few), not the detail.
  const packetFiles = inIds({ text: 'file_id', params: [] }, classes.ids.packetFiles).text;
  const side = (column: 'src_id' | 'dst_id', other: 'src_id' | 'dst_id', name: 'src' | 'dst'): string =>
    `SELECT qa.fi, qa.qi, qa.cls, qa.peer, ${name === 'src' ? 'qa.host = qa.ttl_host' : 'false'} AS ttl_side,
          e.${other} AS other_id, e.source_id, e.event_id, e.event_type_id, e.classification_id, e.ps_phase_id,
          e.tcp_flags, e.file_id, e.line, e.line_seq, e.ts
        FROM events_core e JOIN qa ON e.${column} = qa.addr_id
        WHERE qa.side = '${name}'
          AND (qa.dport IS NULL OR e.dport = qa.dport) AND (qa.sport IS NULL OR e.sport = qa.sport)
          AND (qa.ts_from IS NULL OR e.ts >= qa.ts_from) AND (qa.ts_to IS NULL OR e.ts <= qa.ts_to)`;
  // Only the sides some query asks for (every query asks for one): each side reads every event once.
  if (rows.length === 0) throw new Error('matchSql: no evidence queries');
  const sides = (['src', 'dst'] as const)
    .filter((name) => rows.some((r) => r[3] === name)) // r[3]: the side column of the rows table below
    .map((name) => (name === 'src' ? side('src_id', 'dst_id', 'src') : side('dst_id', 'src_id', 'dst')));
  const withDetail =
    classes.ids.packetFiles.length === 0
      ? `SELECT *, NULL::INTEGER AS ip_id, NULL::INTEGER AS ttl FROM side_match`
      : `SELECT r.*, d.ip_id, d.ttl FROM (SELECT * FROM side_match WHERE ${packetFiles}) r
          LEFT JOIN (SELECT file_id, line, line_seq, ip_id, ttl FROM events_detail WHERE ${packetFiles}) d
            ON d.file_id = r.file_id AND d.line = r.line AND d.line_seq = coalesce(r.line_seq, 0)
        UNION ALL SELECT *, NULL::INTEGER AS ip_id, NULL::INTEGER AS ttl FROM side_match WHERE NOT (${packetFiles})`;
  // --- SQL: evidence matches
  return sql`
    WITH q AS ${rowsTable(
      [
        ['fi', 'INTEGER'],
        ['qi', 'INTEGER'],
        ['host', 'VARCHAR'],
        ['side', 'VARCHAR'],
        ['peer', 'VARCHAR'],
        ['dport', 'INTEGER'],
        ['sport', 'INTEGER'],
        ['t_from', 'BIGINT'],
        ['t_to', 'BIGINT'],
        ['cls', 'VARCHAR'],
        ['ttl_host', 'VARCHAR'],
      ],
      rows,
    )},
    -- The time bounds as timestamps once per query, not once per event compared.
    qa AS (SELECT q.*, a.id AS addr_id, make_timestamp(q.t_from) AS ts_from, make_timestamp(q.t_to) AS ts_to
      FROM q JOIN addrs a ON a.host = q.host),
    qp AS (SELECT q.fi, q.qi, a.id AS peer_id FROM q JOIN addrs a ON a.host = q.peer),
    side_match AS (${raw(sides.join(' UNION ALL '))}),
    raw_match AS (${raw(withDetail)}),
    -- Files ranked by name and path: file ids follow the order the ingest met the files in, and
    -- the sample (a hash of ref) and its order must depend on the logs alone.
    fr AS (SELECT id, row_number() OVER (ORDER BY name, path, id) AS rank FROM files)
    SELECT r.fi, r.qi, r.source_id, r.ts, r.ttl, r.ttl_side, r.file_id, r.line,
      (fr.rank::UBIGINT << 32) | r.line AS ref
    FROM raw_match r JOIN fr ON fr.id = r.file_id
    LEFT JOIN qp ON qp.fi = r.fi AND qp.qi = r.qi AND qp.peer_id = r.other_id
    WHERE (r.peer IS NULL OR qp.peer_id IS NOT NULL) AND ${classFilter}`;
}

/**
 * Share `cap` among the groups — one each in turn while any has more — and take each group's share
 * evenly spaced through it (groups are in time order), its first event always included.
 */
export function pickSpread<T>(groups: readonly (readonly T[])[], cap: number): T[] {
  const quota = groups.map(() => 0);
  let left = cap;
  for (let progress = true; left > 0 && progress;) {
    progress = false;
    groups.forEach((g, i) => {
      if (left > 0 && quota[i]! < g.length) {
        quota[i]!++;
        left--;
        progress = true;
      }
    });
  }
  return groups.flatMap((g, i) =>
    Array.from({ length: quota[i]! }, (_, k) => g[Math.floor((k * g.length) / quota[i]!)]!),
  );
}

interface EvidenceRow extends EnvelopeRow {
  fi: number;
  qi: number;
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
  const event: EvidenceEvent = toEnvelope(r);
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
