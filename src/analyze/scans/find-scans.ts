/**
 * Horizontal sweeps (one source, one port, many hosts) and vertical scans (one source, one host,
 * many ports). A sweep is a burst: many distinct targets within a window, well above the source's
 * own rate on that port over the rest of the store; a source with no burst that still touched many
 * hosts is a slow sweep, named as such with its rate. Traffic a source sends to a port as a service
 * it runs or uses (steady across the days, served to others, same-port chatter, answered) is set
 * aside as service activity, never a scan. Probes are
 * scan-log lines, crafted-flag packets and scan alerts (see EventClasses), counted per host with
 * aliases merged (`130.85.1.2` and `MY.NET.1.2` are one target).
 *
 * SQL shape: one pass over the probes on integer ids (the run's host-id table folds aliases), with
 * grouping sets for (source, port) sweeps and per-source port counts; a second, narrow pass for the
 * few sources that probe many ports; then small lookups keyed on the candidates' own address ids.
 * Text (host names, event names) is joined only for the rows that come out.
 */
import type { SqlValue } from '../../store/store.js';
import type { DetectRun } from '../detect/detect-module.js';
import { flaggedAggregates, NO_PORT } from '../detect/flagged-aggregates.js';
import { readHostKeys } from '../detect/host-id-table.js';
import { inList, rowsTable, sql } from '../detect/sql-fragment.js';
import { parseDetectSettings } from '../detect/detect-settings.js';
import {
  serviceActivitySettingsSchema,
  type ServiceActivitySettings,
} from '../service-activity/service-activity-settings.js';
import { isCommonServicePort } from '../traffic-knowledge/service-ports.js';
import type { ScanSettings } from './scan-settings.js';
import { measureWindows, type Burst, type Traffic } from './window-counts.js';

export type { Burst, Traffic };

export { NO_PORT };

export interface ScanDetail {
  shape: 'horizontal' | 'vertical';
  srcHost: string;
  /** Vertical: the one target. */
  dstHost: string | null;
  /** Horizontal: the one port (NO_PORT for portless probes). */
  port: number;
  probes: number;
  hosts: number;
  ports: number;
  /** Vertical: every port probed. */
  portList: number[];
  /** Distinct /24 blocks of the targets: a sweep is dense, a server's peers are scattered. */
  blocks: number;
  targetGroups: string[];
  first: number;
  last: number;
  days: number;
  /** Most common scan-log type word (SYN, NULL, UDP…) or, without scan lines, the most common event. */
  scanType: string | null;
  scanTypes: string[];
  /** Most common TCP flag byte. */
  flags: number | null;
  proto: string | null;
  sourcePorts: number;
  topSport: number | null;
  topSportShare: number;
  /** Targets that sent from the port back to the source (horizontal). */
  answered: number;
  /** Hosts the source sent to from the swept port (horizontal) or from its top source port (vertical). */
  servedFrom: number;
  /** Hosts that sent to the source on the swept port (horizontal). */
  servedTo: number;
  /** Horizontal: nothing in the targeted groups listens on the port (inverse mapping). */
  nothingListens: boolean;
  /** Why `nothingListens` is what it is. */
  listening: string;
  /** A sample of target host names (at most TARGET_SAMPLE), filled by `describeScans`. */
  targets: string[];
  /** Some probes leave from a port below 1024 or from the swept port itself (a server's habit). */
  fromServicePort: boolean;
  /** `describeScans` has filled the descriptive fields. */
  described: boolean;
  /**
   * Horizontal: `burst` (first/last/probes/hosts/blocks/answered are the largest burst's) or `slow`
   * (no burst; they are the whole store's). Vertical: `burst` when one window holds
   * `verticalMinPorts` ports, else `slow` (counts are always the whole store's).
   */
  pace: 'burst' | 'slow';
  /** Horizontal: every burst of this (source, port), in time order. */
  bursts: Burst[];
  /** Horizontal: this (source, port)'s probes over the whole store, for the role signals. */
  traffic: Traffic;
}

/** Why a source's traffic to a port is a service, not a scan. */
export type RoleSignal = 'steady' | 'serves' | 'chatter' | 'conversation' | 'answering';

export interface ServiceRole {
  candidate: ScanDetail;
  signal: RoleSignal;
  reason: string;
}

export interface ScanResults {
  horizontal: ScanDetail[];
  vertical: ScanDetail[];
  /** Traffic set aside as a service the source runs or uses, with the signal and the reason. */
  service: ServiceRole[];
}

/**
 * Find the scans of a run (memoised: scan-then-connect, crafted packets and the scan detect share
 * it). The result is lean — counts, span, service checks; `describeScans` adds the rest for the
 * scans that are reported.
 */
export function findScans(run: DetectRun, settings: ScanSettings): Promise<ScanResults> {
  const roles = parseDetectSettings(run.config, 'serviceActivity', serviceActivitySettingsSchema);
  return run.memo(`scans:${JSON.stringify(settings)}:${JSON.stringify(roles)}`, async () => {
    const { horizontal, multiPort } = await findSweeps(run, settings);
    const vertical = await findVerticalScans(run, settings, multiPort);
    await measureService(run, horizontal, vertical);
    await measureActivity(run, horizontal, settings);
    return judgeCandidates([...horizontal, ...vertical], settings, roles);
  });
}

/** Target host names kept per described scan (for `related`; the count of all is in the facts). */
export const TARGET_SAMPLE = 100;

/**
 * Scan type, flags, protocol, days, source ports, target groups, a sample of target names, and
 * whether anything listens on the swept port, for the scans about to be reported (once per scan;
 * one pass over the events for all of them).
 */
export async function describeScans(run: DetectRun, scans: readonly ScanDetail[]): Promise<void> {
  const todo = scans.filter((d) => !d.described);
  if (todo.length === 0) return;
  // A burst is described within its window; a slow sweep and a vertical scan over the whole store.
  const values = todo.map((d, i): SqlValue[] => [
    i,
    d.srcHost,
    d.dstHost,
    d.port,
    d.shape === 'horizontal' && d.pace === 'burst' ? d.first : null,
    d.shape === 'horizontal' && d.pace === 'burst' ? d.last : null,
  ]);
  const h = { text: run.hosts, params: [] };
  const scanLine = run.classes.isScanLine('e');
  // --- SQL: details of the reported scans
  const q = sql`
    WITH k AS ${rowsTable(
      [
        ['i', 'INTEGER'],
        ['src_host', 'VARCHAR'],
        ['dst_host', 'VARCHAR'],
        ['port', 'INTEGER'],
        ['t0', 'BIGINT'],
        ['t1', 'BIGINT'],
      ],
      values,
    )},
    ki AS (SELECT k.*, a.id AS addr_id, make_timestamp(k.t0) AS ts0, make_timestamp(k.t1) AS ts1
      FROM k JOIN addrs a ON a.host = k.src_host),
    kd AS (SELECT k.i, min(hh.hid) AS dst FROM k JOIN addrs a ON a.host = k.dst_host JOIN ${h} hh ON hh.id = a.id GROUP BY k.i),
    r AS MATERIALIZED (
      SELECT ki.i, e.ts, ${scanLine} AS scan_line, e.event_id, e.tcp_flags, e.proto_id, e.sport, hd.hid, hd.hkey,
        hd.host_grp
      FROM events_core e
      JOIN ki ON e.src_id = ki.addr_id AND (ki.dst_host IS NOT NULL OR coalesce(e.dport, ${NO_PORT}) = ki.port)
      JOIN ${h} hd ON hd.id = e.dst_id
      LEFT JOIN kd ON kd.i = ki.i
      WHERE e.src_id <> e.dst_id AND ${run.classes.isProbe('e')} AND (ki.dst_host IS NULL OR hd.hid = kd.dst)
        AND (ki.t0 IS NULL OR e.ts BETWEEN ki.ts0 AND ki.ts1)),
    -- One pass, one small tally per described property (distinct and most-common aggregates over
    -- every probe cost twice as much); names are joined to the tallies, not to the probes. A
    -- property's rows are those where its column is not null (a null value counts for none of
    -- them: the aggregates these replace skip nulls too).
    tally AS (
      SELECT i, event_id, scan_line, proto_id, tcp_flags, day, sport, host_grp, count(*) AS n
      FROM (SELECT i, event_id, scan_line, proto_id, tcp_flags, date_trunc('day', ts) AS day, sport, host_grp FROM r)
      GROUP BY GROUPING SETS ((i, event_id, scan_line), (i, proto_id), (i, tcp_flags), (i, day), (i, sport), (i, host_grp))),
    ev AS (
      SELECT t.i, t.event_id, t.scan_line, s.s AS name, sum(t.n) OVER (PARTITION BY t.i, t.event_id) AS n_any, t.n
      FROM tally t JOIN strings s ON s.id = t.event_id WHERE t.event_id IS NOT NULL AND t.scan_line IS NOT NULL),
    -- Ties of the most common value go to the least (names and values, never ids: those depend on
    -- the order of ingest); the sample of targets is the first in host-name order (hkey).
    agg AS (
      SELECT i.i,
        (SELECT count(*) FROM tally t WHERE t.i = i.i AND t.day IS NOT NULL) AS days,
        (SELECT arg_min(name, (-n, name)) FROM ev WHERE ev.i = i.i AND ev.scan_line) AS scan_type,
        (SELECT string_agg(DISTINCT event_id::VARCHAR, ',') FROM ev WHERE ev.i = i.i AND ev.scan_line) AS scan_types,
        (SELECT arg_min(name, (-n_any, name)) FROM ev WHERE ev.i = i.i) AS any_type,
        (SELECT arg_min(tcp_flags, (-n, tcp_flags)) FROM tally t WHERE t.i = i.i AND t.tcp_flags IS NOT NULL) AS flags,
        (SELECT arg_min(s.s, (-t.n, s.s)) FROM tally t JOIN strings s ON s.id = t.proto_id WHERE t.i = i.i) AS proto,
        (SELECT count(*) FROM tally t WHERE t.i = i.i AND t.sport IS NOT NULL) AS sports,
        (SELECT string_agg(host_grp, ',') FROM tally t WHERE t.i = i.i AND t.host_grp IS NOT NULL) AS groups
      FROM (SELECT DISTINCT i FROM r) i),
    tg AS (
      SELECT i, hid FROM (
        SELECT i, hid, row_number() OVER (PARTITION BY i ORDER BY hkey) AS rn FROM (SELECT DISTINCT i, hid, hkey FROM r))
      WHERE rn <= ${TARGET_SAMPLE}),
    names AS (SELECT tg.i, string_agg(a.host, ',') AS targets FROM tg JOIN addrs a ON a.id = tg.hid GROUP BY tg.i)
    SELECT agg.*, names.targets FROM agg LEFT JOIN names USING (i)`;
  const rows = await run.store.all<{
    i: number;
    days: number;
    scan_type: string | null;
    scan_types: string | null;
    any_type: string | null;
    flags: number | null;
    proto: string | null;
    sports: number;
    groups: string | null;
    targets: string | null;
  }>(q.text, q.params as SqlValue[]);
  const name = (id: number | null): string | null => (id === null ? null : (run.classes.nameOf(Number(id)) ?? null));
  for (const r of rows) {
    const d = todo[Number(r.i)]!;
    d.days = Number(r.days);
    d.scanType = r.scan_type ?? r.any_type;
    d.scanTypes = splitList(r.scan_types)
      .map((id) => name(Number(id)) ?? '')
      .filter((t) => t !== '')
      .sort();
    d.flags = r.flags === null ? null : Number(r.flags);
    d.proto = r.proto;
    d.sourcePorts = Number(r.sports);
    d.targetGroups = splitList(r.groups).sort();
    d.targets = d.shape === 'vertical' ? [d.dstHost!] : splitList(r.targets).sort();
  }
  for (const d of todo) d.described = true;
  await markListeners(
    run,
    todo.filter((d) => d.shape === 'horizontal'),
  );
}

type SweepRow = {
  src: string;
  port: number;
  probes: number;
  hosts: number;
  t0: number;
  t1: number;
  from_service: boolean;
};

/**
 * From the run's flagged-event aggregates: the sweep candidates, and the sources that probe many
 * ports (vertical candidates) unless nearly all their probes leave a service port below 1024 (a
 * server answering, not a scanner).
 */
async function findSweeps(run: DetectRun, s: ScanSettings): Promise<{ horizontal: ScanDetail[]; multiPort: string[] }> {
  const pa = { text: await flaggedAggregates(run), params: [] };
  const h = { text: run.hosts, params: [] };
  // The aggregates count approximately and per spelling: a margin keeps borderline sweeps, whose
  // exact count comes with their description.
  const minTargets = Math.max(2, Math.floor(s.horizontalMinHosts * 0.8));
  // --- SQL: sweep candidates per host
  const q = sql`
    WITH g AS (
      SELECT hh.hid AS src, pa.port, sum(pa.probes) AS probes, sum(pa.targets) AS hosts, min(pa.t0) AS t0, max(pa.t1) AS t1,
        sum(pa.low_sport) + sum(pa.same_port) > 0 AS from_service
      FROM ${pa} pa JOIN ${h} hh ON hh.id = pa.src_id WHERE pa.probes > 0 GROUP BY ALL)
    SELECT a.host AS src, g.port, g.probes, g.hosts, epoch_us(g.t0) AS t0, epoch_us(g.t1) AS t1, g.from_service
    FROM g JOIN addrs a ON a.id = g.src
    WHERE g.hosts >= ${minTargets} ORDER BY a.host, g.port`;
  const rows = await run.store.all<SweepRow>(q.text, q.params as SqlValue[]);
  // --- SQL: sources probing many ports, servers answering from a service port excluded
  const m = sql`
    SELECT a.host AS src FROM ${pa} pa JOIN ${h} hh ON hh.id = pa.src_id JOIN addrs a ON a.id = hh.hid
    WHERE pa.port <> ${NO_PORT} AND pa.probes > 0
    GROUP BY a.host
    HAVING count(DISTINCT pa.port) >= ${s.verticalMinPorts} AND sum(pa.low_sport) < ${s.serverReplyShare} * sum(pa.probes)
    ORDER BY a.host`;
  const multi = await run.store.all<{ src: string }>(m.text, m.params as SqlValue[]);
  return {
    horizontal: rows.map((r) => {
      const d = newDetail(
        'horizontal',
        r.src,
        null,
        Number(r.port),
        Number(r.probes),
        Number(r.hosts),
        1,
        Number(r.t0),
        Number(r.t1),
      );
      d.fromServicePort = Boolean(r.from_service);
      return d;
    }),
    multiPort: multi.map((r) => r.src),
  };
}

async function findVerticalScans(run: DetectRun, s: ScanSettings, sources: readonly string[]): Promise<ScanDetail[]> {
  if (sources.length === 0) return [];
  const h = { text: run.hosts, params: [] };
  const values = sources.map((src): SqlValue[] => [src]);
  const half = Math.max(1, Math.round(s.burstWindowMinutes * 30e6));
  const width = 2 * half;
  // --- SQL: vertical scans of the many-port sources, per target
  const q = sql`
    WITH k AS ${rowsTable([['src_host', 'VARCHAR']], values)},
    ids AS (SELECT a.id FROM k JOIN addrs a ON a.host = k.src_host),
    p AS MATERIALIZED (
      SELECT hs.hid AS src, hd.hid AS dst, e.dport AS port, e.sport, e.ts
      FROM events_core e JOIN ${h} hs ON hs.id = e.src_id JOIN ${h} hd ON hd.id = e.dst_id
      WHERE e.src_id IN (SELECT id FROM ids) AND e.dport IS NOT NULL AND e.src_id <> e.dst_id
        AND ${run.classes.isProbe('e')}),
    g AS (
      SELECT src, dst, count(*) AS probes, count(DISTINCT port) AS ports, string_agg(DISTINCT port::VARCHAR, ',') AS port_list,
        epoch_us(min(ts)) AS t0, epoch_us(max(ts)) AS t1
      FROM p GROUP BY src, dst HAVING count(DISTINCT port) >= ${s.verticalMinPorts}),
    sp AS (SELECT p.src, p.dst, p.sport, count(*) AS n FROM p JOIN g USING (src, dst) GROUP BY ALL),
    -- Ties go to the lowest port (a value, so the same whatever order the rows come in).
    top AS (SELECT src, dst, arg_max(sport, (n, -sport)) AS top_sport, max(n) AS top_sport_n FROM sp GROUP BY src, dst),
    -- The most ports in one window (two grids, offset by half a window): a burst, or a slow scan.
    win AS (
      SELECT src, dst, max(n) AS window_ports FROM (
        SELECT p.src, p.dst, count(DISTINCT p.port) AS n FROM p JOIN g USING (src, dst)
        GROUP BY GROUPING SETS ((p.src, p.dst, epoch_us(p.ts) // ${width}), (p.src, p.dst, (epoch_us(p.ts) + ${half}) // ${width})))
      GROUP BY src, dst)
    SELECT sa.host AS src, da.host AS dst, g.probes, g.ports, g.port_list, g.t0, g.t1, top.top_sport, top.top_sport_n,
      win.window_ports
    FROM g JOIN top USING (src, dst) JOIN win USING (src, dst) JOIN addrs sa ON sa.id = g.src JOIN addrs da ON da.id = g.dst
    ORDER BY sa.host, da.host`;
  const rows = await run.store.all<{
    src: string;
    dst: string;
    probes: number;
    ports: number;
    port_list: string;
    t0: number;
    t1: number;
    top_sport: number | null;
    top_sport_n: number | null;
    window_ports: number;
  }>(q.text, q.params as SqlValue[]);
  return rows.map((r) => {
    const d = newDetail(
      'vertical',
      r.src,
      r.dst,
      NO_PORT,
      Number(r.probes),
      1,
      Number(r.ports),
      Number(r.t0),
      Number(r.t1),
    );
    d.portList = splitList(r.port_list)
      .map(Number)
      .sort((a, b) => a - b);
    d.topSport = r.top_sport === null ? null : Number(r.top_sport);
    d.topSportShare = r.top_sport_n === null ? 0 : Number(r.top_sport_n) / d.probes;
    d.pace = Number(r.window_ports) >= s.verticalMinPorts ? 'burst' : 'slow';
    return d;
  });
}

function newDetail(
  shape: 'horizontal' | 'vertical',
  srcHost: string,
  dstHost: string | null,
  port: number,
  probes: number,
  hosts: number,
  ports: number,
  first: number,
  last: number,
): ScanDetail {
  return {
    shape,
    srcHost,
    dstHost,
    port,
    probes,
    hosts,
    ports,
    portList: [],
    blocks: 0,
    targetGroups: [],
    first,
    last,
    days: 0,
    scanType: null,
    scanTypes: [],
    flags: null,
    proto: null,
    sourcePorts: 0,
    topSport: null,
    topSportShare: 0,
    answered: 0,
    servedFrom: 0,
    servedTo: 0,
    nothingListens: false,
    listening: '',
    targets: [],
    fromServicePort: false,
    described: false,
    pace: 'slow',
    bursts: [],
    traffic: { probes, hosts, blocks: 0, days: 0, first, last, activeShare: 0 },
  };
}

/**
 * The time shape of each sweep candidate: its probes over the whole store (days, share of active
 * windows, blocks) and its bursts. Distinct targets are counted per window on two grids offset by
 * half a window, so a burst shorter than half a window falls wholly inside one window of one grid; a
 * window is a burst when it holds `horizontalMinHosts` targets (less a margin: two windows near the
 * threshold may merge into one burst above it) and `burstRateFactor` times the source's mean per
 * window over the rest of the store's span. Overlapping burst windows merge, and each merged burst
 * is counted again over its span. One narrow pass keyed on the candidates' own address ids brings
 * three numbers per probe; the counting is exact, in window-counts.ts.
 */
async function measureActivity(run: DetectRun, all: readonly ScanDetail[], s: ScanSettings): Promise<void> {
  // Same-port chatter is service activity with or without a burst; its millions of events need no
  // time shape (the candidate's own figures describe it).
  const chatter = (d: ScanDetail): boolean => d.port !== NO_PORT && d.servedFrom >= s.serverPeersMin;
  for (const d of all.filter(chatter)) {
    const days = Math.floor(d.last / 86400e6) - Math.floor(d.first / 86400e6) + 1;
    d.traffic = { ...d.traffic, probes: d.probes, hosts: d.hosts, days, first: d.first, last: d.last };
  }
  const sweeps = all.filter((d) => !chatter(d));
  if (sweeps.length === 0) return;
  const half = Math.max(1, Math.round(s.burstWindowMinutes * 30e6));
  const width = 2 * half;
  const pa = { text: await flaggedAggregates(run), params: [] };
  const [span] = await run.store.all<{ t0: number | null; t1: number | null }>(
    `SELECT epoch_us(min(t0)) AS t0, epoch_us(max(t1)) AS t1 FROM ${pa.text}`,
  );
  const windows = Math.max(1, Math.ceil((Number(span?.t1 ?? 0) - Number(span?.t0 ?? 0) + 1) / width));
  // --- SQL: the candidates' probes, three numbers each
  const q = sql`
    WITH k AS ${rowsTable(
      [
        ['i', 'INTEGER'],
        ['src_host', 'VARCHAR'],
        ['port', 'INTEGER'],
      ],
      sweeps.map((d, i): SqlValue[] => [i, d.srcHost, d.port]),
    )},
    ki AS (SELECT k.*, a.id AS addr_id FROM k JOIN addrs a ON a.host = k.src_host)
    SELECT ki.i, epoch_us(e.ts)::DOUBLE AS t, e.dst_id
    FROM events_core e JOIN ki ON e.src_id = ki.addr_id AND coalesce(e.dport, ${NO_PORT}) = ki.port
    WHERE e.src_id <> e.dst_id AND ${run.classes.isProbe('e')}`;
  const { rows, columns } = await run.store.numericColumns(q, { i: 'int32', t: 'float64', dst: 'uint32' });
  const shapes = measureWindows(
    { rows, candidate: columns.i, t: columns.t, dst: columns.dst },
    await run.memo('host-keys', () => readHostKeys(run.store, run.hosts)),
    sweeps.length,
    {
      width,
      half,
      windows,
      minWindowHosts: Math.max(2, Math.floor(s.horizontalMinHosts * 0.8)),
      rateFactor: s.burstRateFactor,
    },
    await answeringTargets(run, sweeps),
  );
  shapes.forEach((shape, i) => {
    const d = sweeps[i]!;
    // Every candidate has probes (the aggregates that named it counted them); one without is no sweep.
    const { traffic } = shape ?? {
      traffic: { probes: 0, hosts: 0, blocks: 0, days: 0, first: d.first, last: d.last, activeShare: 0 },
    };
    d.traffic = traffic;
    Object.assign(d, {
      probes: traffic.probes,
      hosts: traffic.hosts,
      blocks: traffic.blocks,
      first: traffic.first,
      last: traffic.last,
    });
    d.bursts = (shape?.bursts ?? []).filter((b) => b.hosts >= s.horizontalMinHosts);
    if (d.bursts.length === 0) return;
    const main = d.bursts.reduce((a, b) => (b.hosts > a.hosts ? b : a));
    Object.assign(d, {
      pace: 'burst',
      first: main.first,
      last: main.last,
      probes: main.probes,
      hosts: main.hosts,
      blocks: main.blocks,
      answered: main.answered,
    });
  });
}

/**
 * Per sweep (by index), the host ranks of its targets that ever sent from the swept port to the
 * source; only for sweeps where measureService counted some (most get none).
 */
async function answeringTargets(run: DetectRun, sweeps: readonly ScanDetail[]): Promise<Map<number, Set<number>>> {
  const answered = sweeps.flatMap((d, i): SqlValue[][] => (d.answered > 0 ? [[i, d.srcHost, d.port]] : []));
  const out = new Map<number, Set<number>>();
  if (answered.length === 0) return out;
  const h = { text: run.hosts, params: [] };
  // --- SQL: the targets that answered each sweep from its port
  const q = sql`
    WITH k AS ${rowsTable(
      [
        ['i', 'INTEGER'],
        ['src_host', 'VARCHAR'],
        ['port', 'INTEGER'],
      ],
      answered,
    )},
    ki AS (SELECT k.*, a.id AS addr_id FROM k JOIN addrs a ON a.host = k.src_host)
    SELECT DISTINCT ki.i, hs.hkey FROM events_core e
    JOIN ki ON e.dst_id = ki.addr_id AND e.sport = ki.port JOIN ${h} hs ON hs.id = e.src_id`;
  for (const r of await run.store.query<{ i: number; hkey: number }>(q)) {
    const set = out.get(Number(r.i)) ?? new Set<number>();
    set.add(Number(r.hkey));
    out.set(Number(r.i), set);
  }
  return out;
}

/**
 * Does the source serve the port itself, and did targets answer? Looked up on the candidates' own
 * address ids (every spelling), once per (source, port).
 */
async function measureService(run: DetectRun, horizontal: ScanDetail[], vertical: ScanDetail[]): Promise<void> {
  // What each candidate's port receives (answers, clients) is looked up for all of them; what it
  // sends only where the probes hint at a server (a service source port), and for the vertical
  // candidates' top source ports.
  const keys = new Map<string, { src: string; port: number; sends: boolean }>();
  for (const d of horizontal) {
    if (d.port !== NO_PORT)
      keys.set(`${d.srcHost}/${d.port}`, { src: d.srcHost, port: d.port, sends: d.fromServicePort });
  }
  for (const d of vertical) {
    if (d.topSport !== null) keys.set(`${d.srcHost}/${d.topSport}`, { src: d.srcHost, port: d.topSport, sends: true });
  }
  if (keys.size === 0) return;
  const values = [...keys.values()].map((k): SqlValue[] => [k.src, k.port, k.sends]);
  const h = { text: run.hosts, params: [] };
  // --- SQL: answers to and service from each candidate's port (one pass keyed on the candidates' ids)
  const q = sql`
    WITH k AS ${rowsTable(
      [
        ['src_host', 'VARCHAR'],
        ['port', 'INTEGER'],
        ['sends', 'BOOLEAN'],
      ],
      values,
    )},
    ki AS (SELECT k.*, a.id AS addr_id FROM k JOIN addrs a ON a.host = k.src_host),
    -- Addresses, not hosts: a busy server sends millions of events, and only "three or more" matters.
    served_from AS (
      SELECT ki.src_host, ki.port, count(DISTINCT e.dst_id) AS n
      FROM events_core e JOIN ki ON e.src_id = ki.addr_id AND e.sport = ki.port AND ki.sends GROUP BY ALL),
    f AS MATERIALIZED (
      SELECT e.src_id, e.dst_id, e.sport, e.dport FROM events_core e WHERE e.dst_id IN (SELECT addr_id FROM ki)),
    answered AS (
      SELECT ki.src_host, ki.port, count(DISTINCT hs.hid) AS n
      FROM f JOIN ki ON f.dst_id = ki.addr_id AND f.sport = ki.port JOIN ${h} hs ON hs.id = f.src_id GROUP BY ALL),
    served_to AS (
      SELECT ki.src_host, ki.port, count(DISTINCT hs.hid) AS n
      FROM f JOIN ki ON f.dst_id = ki.addr_id AND f.dport = ki.port JOIN ${h} hs ON hs.id = f.src_id GROUP BY ALL)
    SELECT k.src_host, k.port, coalesce(a.n, 0) AS answered, coalesce(sf.n, 0) AS served_from, coalesce(st.n, 0) AS served_to
    FROM k LEFT JOIN answered a USING (src_host, port) LEFT JOIN served_from sf USING (src_host, port)
    LEFT JOIN served_to st USING (src_host, port)`;
  const rows = await run.store.all<{
    src_host: string;
    port: number;
    answered: number;
    served_from: number;
    served_to: number;
  }>(q.text, q.params as SqlValue[]);
  const byKey = new Map(rows.map((r) => [`${r.src_host}/${Number(r.port)}`, r]));
  for (const d of horizontal) {
    const r = byKey.get(`${d.srcHost}/${d.port}`);
    if (!r) continue;
    d.answered = Number(r.answered);
    d.servedFrom = Number(r.served_from);
    d.servedTo = Number(r.served_to);
  }
  for (const d of vertical) {
    const r = byKey.get(`${d.srcHost}/${d.topSport}`);
    if (r) d.servedFrom = Number(r.served_from);
  }
}

/**
 * Inverse mapping: a sweep of a port that is no commonly attacked service and that nothing in the
 * targeted groups listens on — no target answered, no host there sends from the port outside of
 * probes, no alert shows a session on it. The sweeper learns which hosts exist from the "port
 * unreachable"/RST answers, not from a service.
 */
async function markListeners(run: DetectRun, sweeps: ScanDetail[]): Promise<void> {
  const ports = [...new Set(sweeps.map((s) => s.port).filter((p) => p !== NO_PORT && !isCommonServicePort(p)))];
  const rows: { what: 'served' | 'session'; port: number; grp: string; n: number }[] = [];
  if (ports.length > 0) {
    const h = { text: run.hosts, params: [] };
    // --- SQL: who listens on the swept ports
    const q = sql`
      WITH served AS (
        SELECT e.sport AS port, a.host_grp AS grp, count(*) AS n FROM events_core e JOIN ${h} a ON a.id = e.src_id
        WHERE ${inList({ text: 'e.sport', params: [] }, ports)} AND NOT ${run.classes.isProbe('e')} GROUP BY ALL),
      sessions AS (
        SELECT e.dport AS port, a.host_grp AS grp, count(*) AS n FROM events_core e JOIN ${h} a ON a.id = e.dst_id
        WHERE ${inList({ text: 'e.dport', params: [] }, ports)} AND ${run.classes.isSessionAlert('e')} GROUP BY ALL)
      SELECT 'served' AS what, * FROM served UNION ALL SELECT 'session' AS what, * FROM sessions`;
    rows.push(...(await run.store.all<(typeof rows)[number]>(q.text, q.params as SqlValue[])));
  }
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
    sweep.listening = common
      ? `port ${sweep.port} is a commonly attacked service port (${sweep.answered} targets answered)`
      : sweep.nothingListens
        ? `port ${sweep.port} is no common service, no target answered, and no host in ${sweep.targetGroups.join(', ')} ever sent from or had a session on it`
        : `port ${sweep.port} is in use in ${sweep.targetGroups.join(', ')}: ${sweep.answered} targets answered, ${served} events sent from it, ${sessions} session alerts on it`;
  }
}

/**
 * Keep real scans; set aside as service activity, with the signal and why, the traffic of servers
 * and clients of a service. A (source, port) with a burst and steady service traffic besides is
 * both: the burst is a sweep, the rest a role.
 */
export function judgeCandidates(
  details: readonly ScanDetail[],
  settings: ScanSettings,
  roles: ServiceActivitySettings,
): ScanResults {
  const out: ScanResults = { horizontal: [], vertical: [], service: [] };
  for (const d of details) {
    if (d.shape === 'vertical') {
      const role = verticalRole(d, settings);
      if (role !== null) out.service.push(role);
      else out.vertical.push(d);
      continue;
    }
    const role = horizontalRole(d, settings, roles);
    if (d.pace === 'burst') {
      const burstRole = role !== null && role.signal !== 'steady' ? role : conversation(d, settings);
      if (burstRole !== null) out.service.push(burstRole);
      else out.horizontal.push(d);
      // The steady traffic around a burst is still the source's role.
      if (role?.signal === 'steady') out.service.push(role);
      continue;
    }
    if (role !== null) out.service.push(role);
    else if (d.traffic.hosts >= settings.slowSweepMinHosts) out.horizontal.push(d);
  }
  return out;
}

/**
 * The role signals of a horizontal candidate, strongest first; for a burst the server test looks
 * at the burst's own targets (a server that suddenly walks a /24 is sweeping).
 */
function horizontalRole(d: ScanDetail, s: ScanSettings, r: ServiceActivitySettings): ServiceRole | null {
  const role = (signal: RoleSignal, reason: string): ServiceRole => ({ candidate: d, signal, reason });
  if (d.port !== NO_PORT && d.servedFrom >= s.serverPeersMin) {
    return role(
      'chatter',
      `${d.srcHost} also sends from port ${d.port} (to ${d.servedFrom} hosts): same-port service chatter (DNS, NetBIOS, NTP…)`,
    );
  }
  const scattered = d.blocks > 0 && d.hosts < s.sweepHostsPerBlock * d.blocks;
  if (d.port !== NO_PORT && d.servedTo >= s.serverPeersMin && (d.pace === 'slow' || scattered)) {
    return role(
      'serves',
      `${d.srcHost} itself serves port ${d.port} (${d.servedTo} clients) and talks to ${d.hosts} peers on it: server-to-server traffic`,
    );
  }
  const t = d.traffic;
  const revisits = t.hosts > 0 && t.probes >= r.revisitMin * t.hosts;
  const trafficScattered = t.blocks > 0 && t.hosts < s.sweepHostsPerBlock * t.blocks;
  if (t.days >= r.steadyMinDays && t.activeShare >= r.steadyMinActiveShare && (revisits || trafficScattered)) {
    return role(
      'steady',
      `${d.srcHost} sends to port ${d.port} on ${t.days} days, in ${Math.round(t.activeShare * 100)}% of the windows of its span, ` +
        `${(t.probes / Math.max(1, t.hosts)).toFixed(1)} events per peer over ${t.blocks} /24s: steady use of a service`,
    );
  }
  if (d.pace === 'slow') return conversation(d, s);
  return null;
}

function conversation(d: ScanDetail, s: ScanSettings): ServiceRole | null {
  if (d.hosts > 0 && d.answered / d.hosts > s.maxAnsweredShare) {
    return {
      candidate: d,
      signal: 'conversation',
      reason: `${d.answered} of ${d.hosts} targets answered from port ${d.port}: a conversation, not a sweep`,
    };
  }
  return null;
}

function verticalRole(d: ScanDetail, s: ScanSettings): ServiceRole | null {
  if (
    d.topSport !== null &&
    d.topSport < 1024 &&
    d.topSportShare >= s.serverReplyShare &&
    d.servedFrom >= s.serverPeersMin
  ) {
    return {
      candidate: d,
      signal: 'answering',
      reason: `${d.srcHost} sends from its service port ${d.topSport} (to ${d.servedFrom} hosts): a server answering, not a scan`,
    };
  }
  return null;
}

function splitList(text: string | null): string[] {
  return text === null || text === '' ? [] : text.split(',');
}
