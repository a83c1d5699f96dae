/**
 * Compromised inside host (victim turned attacker): an inside host is taken over — outside hosts
 * talk to a trojan or DDoS-tool listener on it, or it fetches an exploit kit's page and payload (a
 * drive-by) — and afterwards is itself a source of scans, trojan-server traffic, DDoS-handler
 * traffic or command-and-control beacons. The finding is the chain in time order, across days,
 * with every peer.
 *
 * Trojan/DDoS traffic is recognised by signature words and classifications, and by the listening
 * ports of the classic tools (traffic-knowledge/malware-signatures.ts) — never by data-set values.
 * A port is not a role: who opened each connection is read from its ports (who-initiated.ts), so a
 * client's ephemeral port that happens to be a trojan's is a coincidence, a reply on the host's
 * own client port is a download it asked for, and "serving" needs repeated traffic from the
 * listener port to peers that connect to it. A source sending to the same trojan port on many
 * inside hosts is sweeping the Internet for listeners, not controlling one.
 */
import { z } from 'zod';
import { isoFromMicros } from '../../core/time.js';
import type { SqlValue } from '../../store/store.js';
import type { ChainStep } from '../finding.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { CLASS_COLUMNS } from '../detect/event-classes.js';
import type { EvidenceQuery } from '../detect/fetch-evidence.js';
import { formatDuration } from '../detect/format-duration.js';
import { inList, rowsTable, sql } from '../detect/sql-fragment.js';
import { summarisePorts } from '../detect/summarise-ports.js';
import {
  classifyMalware,
  FLOOD_WORDS,
  MALWARE_PORTS,
  type MalwareKind,
} from '../traffic-knowledge/malware-signatures.js';
import { LISTENER_PORTS, peerStartedSql } from '../traffic-knowledge/who-initiated.js';
import { compareText } from '../detect/compare-text.js';

export const compromisedHostSettingsSchema = z
  .object({
    /** Distinct hosts the inside host must probe afterwards for its scanning to count. */
    minScanTargets: z.number().int().min(1).default(10),
    /**
     * Require at least one event of the chain to be named trojan/DDoS by its signature (message
     * words or classification); port knowledge alone is then only corroboration.
     */
    requireNamedSignature: z.boolean().default(true),
    /** Events from a listener port to peers that connected to it, fewest to call the host a server. */
    minServedEvents: z.number().int().min(1).default(2),
    /**
     * A source that sends to one trojan/DDoS port on this many inside hosts or more is sweeping for
     * listeners (the Internet's everyday SubSeven probes), not controlling one.
     */
    sweepHosts: z.number().int().min(2).default(5),
  })
  .strict();

type Settings = z.infer<typeof compromisedHostSettingsSchema>;

/** Ports where agents/daemons listen: a handler sends commands to them. */
const AGENT_PORTS = [
  ...new Set(MALWARE_PORTS.filter((p) => p.role === 'agent' || p.role === 'daemon').map((p) => p.port)),
];

/** Signature words of an exploit kit's page or the payload it delivers: a drive-by download. */
const DOWNLOAD_WORDS = /\b(EK|exploit kit|landing|payload|download|executable|dropper|second stage)\b/i;

export const compromisedHostDetect = defineDetect({
  name: 'compromisedHost',
  kinds: ['compromised-host'],
  description:
    'an inside host taken over (trojan/DDoS control traffic, or a drive-by download) that then scans, serves trojan/DDoS traffic or beacons to outside hosts',
  settings: compromisedHostSettingsSchema,
  async run(run: DetectRun, settings: Settings): Promise<DraftFinding[]> {
    // Port knowledge brings in alerts on listener ports; a flood report there is no control traffic.
    const inbound = (await findInbound(run, settings))
      .filter((r) => kindOf(r) !== null)
      .map((r) => ({ ...r, role: inboundRole(r) }));
    const starts = new Map<string, number>();
    for (const r of inbound) {
      if (r.role === null) continue;
      starts.set(r.victim, Math.min(starts.get(r.victim) ?? Infinity, r.first));
    }
    if (starts.size === 0) return [];
    const outbound = (await findOutbound(run, starts)).map((r) => ({ ...r, role: outboundRole(r) }));
    const drafts: DraftFinding[] = [];
    for (const victim of starts.keys()) {
      const d = assemble(
        victim,
        inbound.filter((r) => r.victim === victim && r.role !== null),
        outbound.filter((r) => r.victim === victim && r.role !== null),
        settings,
      );
      if (d !== null) drafts.push(d);
    }
    return drafts;
  },
});

type Role = 'control' | 'download' | 'scan' | 'served' | 'commands' | 'beacon';

interface TrafficRow {
  victim: string;
  peer: string;
  peerGroup: string;
  sport: number | null;
  dport: number | null;
  event: string;
  probe: boolean;
  named: boolean;
  /** The peer opened the connection (read from the ports, see who-initiated.ts). */
  peerStarted: boolean;
  /** Inside hosts the peer sent this port to (inbound rows only). */
  peerTargets: number;
  /** From the host's first sign of takeover on (outbound rows; inbound rows are all "after"). */
  after: boolean;
  count: number;
  first: number;
  last: number;
}

type RawRow = {
  victim: string;
  peer: string;
  peer_grp: string;
  sport: number | null;
  dport: number | null;
  event: string;
  probe: boolean;
  named: boolean;
  peer_started: boolean;
  peer_targets: number | null;
  after?: boolean;
  n: number;
  t0: number;
  t1: number;
};

function toRow(r: RawRow): TrafficRow {
  return {
    victim: r.victim,
    peer: r.peer,
    peerGroup: r.peer_grp,
    sport: r.sport === null ? null : Number(r.sport),
    dport: r.dport === null ? null : Number(r.dport),
    event: r.event,
    probe: Boolean(r.probe),
    named: Boolean(r.named),
    peerStarted: Boolean(r.peer_started),
    peerTargets: r.peer_targets === null ? 0 : Number(r.peer_targets),
    after: r.after === undefined ? true : Boolean(r.after),
    count: Number(r.n),
    first: Number(r.t0),
    last: Number(r.t1),
  };
}

/**
 * What an inbound row says: control (the peer connected to the host's listener), a download (the
 * answer to a connection the host opened, named as malware), or nothing (a sweep for listeners,
 * or a port coincidence).
 */
function inboundRole(r: TrafficRow & { sweep?: boolean }): Role | null {
  if (r.peerStarted) return r.sweep ? null : 'control';
  return r.named ? 'download' : null;
}

/** What an outbound row says; `null` for a port coincidence of the host's own client traffic. */
function outboundRole(r: TrafficRow): Role | null {
  if (r.probe) return 'scan';
  if (r.peerStarted) return r.sport !== null && LISTENER_PORTS.includes(r.sport) ? 'served' : null;
  if (r.dport !== null && AGENT_PORTS.includes(r.dport)) return 'commands';
  if (!r.named) return null;
  return DOWNLOAD_WORDS.test(r.event) ? 'download' : 'beacon';
}

/** Trojan/DDoS traffic arriving at inside hosts, with who opened it and how widely its sender sent it. */
async function findInbound(run: DetectRun, settings: Settings): Promise<(TrafficRow & { sweep: boolean })[]> {
  const c = run.classes;
  // --- SQL: trojan/DDoS traffic to inside hosts
  const q = sql`
    WITH x AS (
      SELECT e.src_id, e.dst_id, e.dport, e.event_id, ${c.isMalwareAlert('e')} AS named,
        ${{ text: peerStartedSql('e.dport', 'e.sport', true), params: [] }} AS peer_started,
        count(*) AS n, epoch_us(min(e.ts)) AS t0, epoch_us(max(e.ts)) AS t1
      FROM events_core e
      WHERE e.dst_id IS NOT NULL AND e.src_id IS NOT NULL AND ${c.isSessionAlert('e')}
        AND (${c.isMalwareAlert('e')} OR ${inList({ text: 'e.dport', params: [] }, LISTENER_PORTS)})
      GROUP BY ALL),
    spread AS (
      SELECT x.src_id, x.dport, count(DISTINCT x.dst_id) AS targets
      FROM x JOIN addrs d ON d.id = x.dst_id WHERE d.host_grp <> 'external' GROUP BY ALL)
    SELECT d.host AS victim, s.host AS peer, s.host_grp AS peer_grp, NULL AS sport, x.dport, ev.s AS event,
      false AS probe, bool_or(x.named) AS named,
      -- One relation (these two hosts, this port, this signature) has one opener: the one most of
      -- its records' ports say, so that a single ephemeral port that looks like a service cannot flip it.
      sum(CASE WHEN x.peer_started THEN x.n ELSE 0 END) * 2 >= sum(x.n) AS peer_started,
      max(sp.targets) AS peer_targets,
      sum(x.n) AS n, min(x.t0) AS t0, max(x.t1) AS t1
    FROM x JOIN addrs d ON d.id = x.dst_id JOIN addrs s ON s.id = x.src_id JOIN strings ev ON ev.id = x.event_id
      LEFT JOIN spread sp ON sp.src_id = x.src_id AND sp.dport IS NOT DISTINCT FROM x.dport
    WHERE d.host_grp <> 'external' AND s.host <> d.host
    GROUP BY ALL ORDER BY t0`;
  return (await run.store.all<RawRow>(q.text, q.params as SqlValue[])).map((raw) => {
    const r = toRow(raw);
    return { ...r, sweep: r.peerTargets >= settings.sweepHosts };
  });
}

/**
 * What each victim sent: probes (source ports ≥ 1024) from its first sign of takeover on, and its
 * trojan/DDoS traffic — named traffic from any time, since a drive-by's first step is the host's
 * own request.
 */
async function findOutbound(run: DetectRun, starts: Map<string, number>): Promise<TrafficRow[]> {
  const c = run.classes;
  const victims = rowsTable(
    [
      ['host', 'VARCHAR'],
      ['t0', 'BIGINT'],
    ],
    [...starts],
  );
  const sport = { text: 'e.sport', params: [] };
  const dport = { text: 'e.dport', params: [] };
  // --- SQL: what the victims sent
  const q = sql`
    WITH v AS ${victims},
    vi AS (SELECT v.*, a.id AS src_id FROM v JOIN addrs a ON a.host = v.host),
    -- The victims' own events first (few), the class tests on them after: pushed down to the scan
    -- they would run on every event of the store.
    mine AS MATERIALIZED (
      SELECT vi.host AS victim, e.ts >= make_timestamp(vi.t0) AS after, e.dst_id, e.sport, e.dport, e.ts,
        ${{ text: CLASS_COLUMNS, params: [] }}
      FROM events_core e JOIN vi ON e.src_id = vi.src_id
      WHERE e.dst_id IS NOT NULL
        AND (e.ts >= make_timestamp(vi.t0) OR ${c.isProbe('e')} OR e.event_id IN (${{ text: c.ids.malwareWords.join(', ') || 'NULL', params: [] }})
          OR e.classification_id IN (${{ text: c.ids.malwareWords.join(', ') || 'NULL', params: [] }}))),
    o AS (
      SELECT e.victim, e.after, e.dst_id, ${c.isProbe('e')} AS probe,
        CASE WHEN ${c.isProbe('e')} THEN NULL ELSE e.sport END AS sport,
        e.dport, e.event_id,
        ${c.isMalwareAlert('e')} AS named,
        ${{ text: peerStartedSql('e.sport', 'e.dport', false), params: [] }} AS peer_started,
        count(*) AS n, epoch_us(min(e.ts)) AS t0, epoch_us(max(e.ts)) AS t1
      FROM mine e
      WHERE ((${c.isProbe('e')} AND coalesce(e.sport, 1024) >= 1024)
          OR (NOT ${c.isProbe('e')} AND (${c.isMalwareAlert('e')}
            OR (e.after AND (${inList(sport, LISTENER_PORTS)} OR ${inList(dport, AGENT_PORTS)})))))
      GROUP BY ALL)
    SELECT o.victim, o.after, d.host AS peer, d.host_grp AS peer_grp, o.sport, o.dport, ev.s AS event, o.probe,
      bool_or(o.named) AS named, o.peer_started, NULL AS peer_targets, sum(o.n) AS n, min(o.t0) AS t0, max(o.t1) AS t1
    FROM o JOIN addrs d ON d.id = o.dst_id JOIN strings ev ON ev.id = o.event_id
    WHERE d.host <> o.victim
    GROUP BY ALL ORDER BY t0`;
  return (await run.store.all<RawRow>(q.text, q.params as SqlValue[])).map(toRow);
}

interface Step extends ChainStep {
  stage: 'control' | 'download' | 'scan' | 'trojan' | 'ddos' | 'beacon';
  rows: RoleRow[];
}

type RoleRow = TrafficRow & { role: Role | null };

function assemble(victim: string, inbound: RoleRow[], outbound: RoleRow[], settings: Settings): DraftFinding | null {
  const control = inbound.filter((r) => r.role === 'control');
  const downloads = [...inbound, ...outbound].filter((r) => r.role === 'download');
  const entry = [...control, ...downloads];
  if (entry.length === 0) return null;
  const t0 = Math.min(...entry.map((r) => r.first));
  // What the host did itself counts from its takeover on; the same traffic before it is its habit.
  const later = outbound.filter((r) => r.role !== 'download' && r.first >= t0);

  const steps: Step[] = [];
  for (const kind of ['ddos', 'trojan'] as const) {
    const rows = control.filter((r) => kindOf(r) === kind);
    if (rows.length > 0) steps.push(step('control', `received ${kindText(kind)} control traffic`, rows, 'dport'));
  }
  if (downloads.length > 0) steps.push(step('download', 'fetched a drive-by download', downloads, 'none'));
  // Scanning it did before the takeover too (a resolver's, a busy client's) is its habit, not a consequence.
  const before = new Map<number | null, Set<string>>();
  for (const r of outbound.filter((x) => x.role === 'scan' && !x.after))
    before.set(r.dport, (before.get(r.dport) ?? new Set()).add(r.peer));
  const habit = (port: number | null): boolean => (before.get(port)?.size ?? 0) >= settings.minScanTargets;
  const probes = later.filter((r) => r.role === 'scan' && r.after && !habit(r.dport));
  const scanned = new Set(probes.map((r) => r.peer));
  if (scanned.size >= settings.minScanTargets) {
    const s = step('scan', `portscanned ${scanned.size} hosts`, probes, 'dport');
    s.label += ` on ${s.ports.length === 1 ? `port ${s.ports[0]}` : `ports ${summarisePorts(s.ports, 6)}`}`;
    steps.push(s);
  }
  const external = later.filter((r) => r.peerGroup === 'external');
  // Serving is a role only when peers keep coming back to the listener port.
  const servedBy = new Map<number, number>();
  for (const r of external.filter((x) => x.role === 'served'))
    servedBy.set(r.sport!, (servedBy.get(r.sport!) ?? 0) + r.count);
  const served = external.filter((r) => r.role === 'served' && servedBy.get(r.sport!)! >= settings.minServedEvents);
  const malware = [...served, ...external.filter((r) => r.role === 'commands')];
  for (const kind of ['trojan', 'ddos'] as const) {
    const rows = malware.filter((r) => kindOf(r) === kind);
    if (rows.length === 0) continue;
    const label = kind === 'trojan' ? 'served trojan traffic' : 'acted as a DDoS handler';
    steps.push(step(kind, label, rows, 'sport'));
  }
  const beacons = external.filter((r) => r.role === 'beacon');
  if (beacons.length > 0) steps.push(step('beacon', 'sent command-and-control beacons', beacons, 'dport'));
  const after = steps.filter((s) => s.stage !== 'control' && s.stage !== 'download');
  if (after.length === 0) return null;
  const used = steps.flatMap((s) => s.rows);
  if (settings.requireNamedSignature && !used.some((r) => r.named)) return null;

  steps.sort((a, b) => compareText(a.ts, b.ts));
  const controllers = unique(
    steps.filter((s) => s.stage === 'control' || s.stage === 'download').flatMap((s) => s.peers),
  );
  const outsidePeers = unique(
    steps.filter((s) => s.stage === 'trojan' || s.stage === 'ddos' || s.stage === 'beacon').flatMap((s) => s.peers),
  );
  const families = unique(used.filter((r) => r.role !== 'scan').map((r) => familyOf(r)));
  const stepOf = (stage: Step['stage']): Step | undefined => steps.find((s) => s.stage === stage);
  const last = Math.max(...used.map((r) => r.last));
  const chain: ChainStep[] = steps.map(({ stage: _s, rows: _r, ...c }) => c);
  const driveBy = stepOf('control') === undefined;
  const evidence: EvidenceQuery[] = [
    { host: victim, side: 'dst', class: 'malware' },
    ...unique(control.filter((r) => !r.named && r.dport !== null).map((r) => r.dport!)).map((p): EvidenceQuery => ({
      host: victim,
      side: 'dst',
      dport: p,
      class: 'session',
    })),
    { host: victim, side: 'src', class: 'malware', from: driveBy ? undefined : t0 },
    ...unique(malware.filter((r) => !r.named && r.sport !== null).map((r) => r.sport!)).map((p): EvidenceQuery => ({
      host: victim,
      side: 'src',
      sport: p,
      class: 'alert',
      from: t0,
    })),
    ...(stepOf('scan') ? [{ host: victim, side: 'src', class: 'probe', from: t0 } as EvidenceQuery] : []),
    { host: victim, side: 'src', class: 'portscan', from: t0 },
  ];
  const story = driveBy
    ? `${victim} fetched malicious content on connections it opened itself (a drive-by download from ` +
      `${controllers.join(', ')}), and from then on the host itself ${after.map((s) => s.label).join(', ')}`
    : `${victim} runs attacker-controlled software: outside hosts (${controllers.join(', ')}) connected to its ` +
      `${families.length > 0 ? families.join('/') + ' ' : ''}listener, and from then on the host itself ` +
      `${after.map((s) => s.label).join(', ')}`;
  return {
    kind: 'compromised-host',
    subject: victim,
    summary:
      `${victim} ${steps.map((s) => s.label).join(', then ')}` +
      ` (${formatDuration(last - t0)} from ${driveBy ? 'the download' : 'first control'} to last activity)`,
    related: unique([...controllers, ...outsidePeers]),
    facts: {
      families: families.join(',') || null,
      control_ports: summarisePorts(stepOf('control')?.ports ?? []),
      control_signatures: unique(control.map((r) => r.event)).join(' | '),
      controllers: controllers.join(','),
      first_control: isoFromMicros(t0),
      download_signatures: unique(downloads.map((r) => r.event)).join(' | ') || null,
      scanned_hosts: stepOf('scan') ? scanned.size : 0,
      scan_ports: summarisePorts(stepOf('scan')?.ports ?? []) || null,
      trojan_ports: summarisePorts(stepOf('trojan')?.ports ?? []) || null,
      handler_ports: summarisePorts(stepOf('ddos')?.ports ?? []) || null,
      beacon_ports: summarisePorts(stepOf('beacon')?.ports ?? []) || null,
      outside_peers: outsidePeers.join(','),
      stages: steps.map((s) => s.stage).join(' → '),
      last_activity: isoFromMicros(last),
      days: Math.ceil((last - t0) / 86_400e6),
    },
    chain,
    mechanism: `${story} — a victim turned attacker.`,
    recommendation:
      `Isolate ${victim} now; image it for forensics and rebuild it from trusted media. Block ${controllers.join(', ')} and ` +
      `the outside peers at the border, look for the same ${driveBy ? 'downloads and beacons from' : 'control traffic to'} other inside hosts, and tell the owners of ` +
      `the hosts ${victim} attacked.`,
    basis: {
      signal: 'compromise',
      signalText: `inside host under ${families.length > 0 ? families.join('/') : 'trojan/DDoS'} control, attacking outward`,
      targetHosts: outsidePeers.length + scanned.size,
      targetGroups: unique([...malware, ...beacons, ...probes].map((r) => r.peerGroup)),
      targetPorts: [],
      insideAttacker: victim,
      established: true,
      direction: 'outbound',
      blocked: false,
    },
    replies: {
      needsReplies: true,
      why: 'control sessions and trojan-server traffic are two-way, and the outbound traffic comes from our own host',
    },
    ttlHost: controllers[0] ?? victim,
    evidence,
  };
}

/**
 * Trojan or DDoS, from the message's words and the ports; an alert named only by its classification
 * ("A Network Trojan was detected") is trojan traffic. Null for flood reports and unnamed traffic.
 */
function kindOf(r: TrafficRow): MalwareKind | null {
  if (FLOOD.test(r.event)) return null;
  return classifyMalware(r.event, r.sport, r.dport)?.kind ?? (r.named ? 'trojan' : null);
}

const FLOOD = new RegExp(FLOOD_WORDS.join('|'), 'i');

/** A tool's name: from the port table or the signature's tool words, else the word after `TROJAN`/`CnC`. */
function familyOf(r: TrafficRow): string | null {
  const known = classifyMalware(r.event, r.sport, r.dport)?.family ?? null;
  if (known !== null) return known;
  if (DOWNLOAD_WORDS.test(r.event)) return null;
  const m = /\bTROJAN\s+(?:Possible\s+)?([A-Za-z][\w/.-]*)/i.exec(r.event);
  return m?.[1] ?? null;
}

function step(stage: Step['stage'], label: string, rows: RoleRow[], portOf: 'sport' | 'dport' | 'none'): Step {
  const families = unique(rows.map((r) => familyOf(r)));
  const ports =
    portOf === 'none'
      ? []
      : unique(rows.map((r) => r[portOf]).filter((p): p is number => p !== null)).sort((a, b) => a - b);
  const peers = unique(rows.map((r) => r.peer)).sort();
  const portWord = stage === 'control' ? 'on' : stage === 'beacon' ? 'on' : 'from';
  const full =
    stage === 'scan'
      ? label
      : `${label}${families.length > 0 ? ` (${families.join('/')})` : ''} ${stage === 'control' || stage === 'download' ? 'from' : 'to'} ${
          peers.length <= 3 ? peers.join(', ') : `${peers.length} hosts`
        }${ports.length > 0 ? ` ${portWord} port${ports.length > 1 ? 's' : ''} ${summarisePorts(ports, 4)}` : ''}`;
  return {
    stage,
    rows,
    ts: isoFromMicros(Math.min(...rows.map((r) => r.first))),
    last: isoFromMicros(Math.max(...rows.map((r) => r.last))),
    label: full,
    peers,
    ports,
    events: rows.reduce((n, r) => n + r.count, 0),
  };
}

function kindText(kind: MalwareKind): string {
  return kind === 'ddos' ? 'DDoS' : 'trojan';
}

function unique<T>(items: readonly (T | null)[]): T[] {
  return [...new Set(items.filter((x): x is T => x !== null))];
}
