/**
 * Compromised inside host (victim turned attacker): an inside host receives trojan or DDoS-control
 * traffic and afterwards is itself a source of scans, trojan-server traffic or DDoS-handler traffic
 * to outside hosts. The finding is the chain in time order, across days, with every peer.
 *
 * Trojan/DDoS traffic is recognised by signature words and classifications, and by the listening
 * ports of the classic tools (traffic-knowledge/malware-signatures.ts) — never by data-set values.
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
import { classifyMalware, MALWARE_PORTS, type MalwareKind } from '../traffic-knowledge/malware-signatures.js';

export const compromisedHostSettingsSchema = z
  .object({
    /** Distinct hosts the inside host must probe afterwards for its scanning to count. */
    minScanTargets: z.number().int().min(1).default(10),
    /**
     * Require at least one event of the chain to be named trojan/DDoS by its signature (message
     * words or classification); port knowledge alone is then only corroboration.
     */
    requireNamedSignature: z.boolean().default(true),
  })
  .strict();

type Settings = z.infer<typeof compromisedHostSettingsSchema>;

/** Ports a tool listens on: traffic to them is control, traffic from them is the listener answering. */
const LISTENER_PORTS = [...new Set(MALWARE_PORTS.map((p) => p.port))];
/** Ports where agents/daemons listen: a handler sends commands to them. */
const AGENT_PORTS = [
  ...new Set(MALWARE_PORTS.filter((p) => p.role === 'agent' || p.role === 'daemon').map((p) => p.port)),
];

export const compromisedHostDetect = defineDetect({
  name: 'compromisedHost',
  kinds: ['compromised-host'],
  description:
    'an inside host that receives trojan/DDoS control traffic, then scans or serves trojan/DDoS traffic to outside hosts',
  settings: compromisedHostSettingsSchema,
  async run(run: DetectRun, settings: Settings): Promise<DraftFinding[]> {
    // Port knowledge brings in alerts on listener ports; a flood report there is no control traffic.
    const inbound = (await findInbound(run)).filter((r) => classifyMalware(r.event, null, r.dport) !== null);
    if (inbound.length === 0) return [];
    const firstControl = new Map<string, number>();
    for (const r of inbound) firstControl.set(r.victim, Math.min(firstControl.get(r.victim) ?? Infinity, r.first));
    const outbound = await findOutbound(run, firstControl);
    const drafts: DraftFinding[] = [];
    for (const [victim, t0] of firstControl) {
      const d = assemble(
        victim,
        t0,
        inbound.filter((r) => r.victim === victim),
        outbound.filter((r) => r.victim === victim),
        settings,
      );
      if (d !== null) drafts.push(d);
    }
    return drafts;
  },
});

interface TrafficRow {
  victim: string;
  peer: string;
  peerGroup: string;
  sport: number | null;
  dport: number | null;
  event: string;
  probe: boolean;
  named: boolean;
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
    count: Number(r.n),
    first: Number(r.t0),
    last: Number(r.t1),
  };
}

/** Trojan/DDoS control traffic arriving at inside hosts. */
async function findInbound(run: DetectRun): Promise<TrafficRow[]> {
  const c = run.classes;
  // --- SQL: control traffic to inside hosts
  const q = sql`
    WITH x AS (
      SELECT e.src_id, e.dst_id, e.dport, e.event_id, ${c.isMalwareAlert('e')} AS named,
        count(*) AS n, epoch_us(min(e.ts)) AS t0, epoch_us(max(e.ts)) AS t1
      FROM events_core e
      WHERE e.dst_id IS NOT NULL AND e.src_id IS NOT NULL AND ${c.isSessionAlert('e')}
        AND (${c.isMalwareAlert('e')} OR ${inList({ text: 'e.dport', params: [] }, LISTENER_PORTS)})
      GROUP BY ALL)
    SELECT d.host AS victim, s.host AS peer, s.host_grp AS peer_grp, NULL AS sport, x.dport, ev.s AS event,
      false AS probe, bool_or(x.named) AS named, sum(x.n) AS n, min(x.t0) AS t0, max(x.t1) AS t1
    FROM x JOIN addrs d ON d.id = x.dst_id JOIN addrs s ON s.id = x.src_id JOIN strings ev ON ev.id = x.event_id
    WHERE d.host_grp <> 'external' AND s.host <> d.host
    GROUP BY ALL ORDER BY t0`;
  return (await run.store.all<RawRow>(q.text, q.params as SqlValue[])).map(toRow);
}

/** What each victim sent afterwards: probes (sources ports ≥ 1024) and trojan/DDoS traffic. */
async function findOutbound(run: DetectRun, firstControl: Map<string, number>): Promise<TrafficRow[]> {
  const c = run.classes;
  const victims = rowsTable(
    [
      ['host', 'VARCHAR'],
      ['t0', 'BIGINT'],
    ],
    [...firstControl],
  );
  const sport = { text: 'e.sport', params: [] };
  const dport = { text: 'e.dport', params: [] };
  // --- SQL: what the victims sent after the first control traffic
  const q = sql`
    WITH v AS ${victims},
    vi AS (SELECT v.*, a.id AS src_id FROM v JOIN addrs a ON a.host = v.host),
    -- The victims' own events first (few), the class tests on them after: pushed down to the scan
    -- they would run on every event of the store.
    mine AS MATERIALIZED (
      SELECT vi.host AS victim, e.dst_id, e.sport, e.dport, e.ts, ${{ text: CLASS_COLUMNS, params: [] }}
      FROM events_core e JOIN vi ON e.src_id = vi.src_id
      WHERE e.ts >= make_timestamp(vi.t0) AND e.dst_id IS NOT NULL),
    o AS (
      SELECT e.victim, e.dst_id, ${c.isProbe('e')} AS probe,
        CASE WHEN ${c.isProbe('e')} THEN NULL ELSE e.sport END AS sport, e.dport, e.event_id,
        ${c.isMalwareAlert('e')} AS named, count(*) AS n, epoch_us(min(e.ts)) AS t0, epoch_us(max(e.ts)) AS t1
      FROM mine e
      WHERE ((${c.isProbe('e')} AND coalesce(e.sport, 1024) >= 1024)
          OR (NOT ${c.isProbe('e')} AND (${c.isMalwareAlert('e')} OR ${inList(sport, LISTENER_PORTS)}
            OR ${inList(dport, AGENT_PORTS)})))
      GROUP BY ALL)
    SELECT o.victim, d.host AS peer, d.host_grp AS peer_grp, o.sport, o.dport, ev.s AS event, o.probe,
      bool_or(o.named) AS named, sum(o.n) AS n, min(o.t0) AS t0, max(o.t1) AS t1
    FROM o JOIN addrs d ON d.id = o.dst_id JOIN strings ev ON ev.id = o.event_id
    WHERE d.host <> o.victim
    GROUP BY ALL ORDER BY t0`;
  return (await run.store.all<RawRow>(q.text, q.params as SqlValue[])).map(toRow);
}

interface Step extends ChainStep {
  stage: 'control' | 'scan' | 'trojan' | 'ddos';
  rows: TrafficRow[];
}

function assemble(
  victim: string,
  t0: number,
  inbound: TrafficRow[],
  outbound: TrafficRow[],
  settings: Settings,
): DraftFinding | null {
  const steps: Step[] = [];
  for (const kind of ['ddos', 'trojan'] as const) {
    const rows = inbound.filter((r) => classifyMalware(r.event, null, r.dport)?.kind === kind);
    if (rows.length > 0) steps.push(step('control', `received ${kindText(kind)} control traffic`, rows, 'dport'));
  }
  const probes = outbound.filter((r) => r.probe);
  const scanned = new Set(probes.map((r) => r.peer));
  if (scanned.size >= settings.minScanTargets) {
    const s = step('scan', `portscanned ${scanned.size} hosts`, probes, 'dport');
    s.label += ` on ${s.ports.length === 1 ? `port ${s.ports[0]}` : `ports ${summarisePorts(s.ports, 6)}`}`;
    steps.push(s);
  }
  const malware = outbound.filter((r) => !r.probe && r.peerGroup === 'external');
  for (const kind of ['trojan', 'ddos'] as const) {
    const rows = malware.filter((r) => classifyMalware(r.event, r.sport, r.dport)?.kind === kind);
    if (rows.length === 0) continue;
    const label = kind === 'trojan' ? 'served trojan traffic' : 'acted as a DDoS handler';
    steps.push(step(kind, label, rows, 'sport'));
  }
  const after = steps.filter((s) => s.stage !== 'control');
  if (after.length === 0) return null;
  const named = [...inbound, ...outbound].some((r) => r.named);
  if (settings.requireNamedSignature && !named) return null;

  steps.sort((a, b) => a.ts.localeCompare(b.ts));
  const controllers = unique(steps.filter((s) => s.stage === 'control').flatMap((s) => s.peers));
  const malwarePeers = unique(steps.filter((s) => s.stage === 'trojan' || s.stage === 'ddos').flatMap((s) => s.peers));
  const families = unique(
    [...inbound, ...malware].map((r) => classifyMalware(r.event, r.sport, r.dport)?.family ?? null),
  );
  const stepOf = (stage: Step['stage']): Step | undefined => steps.find((s) => s.stage === stage);
  const last = Math.max(...[...inbound, ...outbound].map((r) => r.last));
  const chain: ChainStep[] = steps.map(({ stage: _s, rows: _r, ...c }) => c);
  const evidence: EvidenceQuery[] = [
    { host: victim, side: 'dst', class: 'malware' },
    ...unique(inbound.filter((r) => !r.named && r.dport !== null).map((r) => r.dport!)).map((p): EvidenceQuery => ({
      host: victim,
      side: 'dst',
      dport: p,
      class: 'session',
    })),
    { host: victim, side: 'src', class: 'malware', from: t0 },
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
  return {
    kind: 'compromised-host',
    subject: victim,
    summary:
      `${victim} ${steps.map((s) => s.label).join(', then ')}` +
      ` (${formatDuration(last - t0)} from first control to last activity)`,
    related: unique([...controllers, ...malwarePeers]),
    facts: {
      families: families.join(',') || null,
      control_ports: summarisePorts(stepOf('control')?.ports ?? []),
      control_signatures: unique(inbound.map((r) => r.event)).join(' | '),
      controllers: controllers.join(','),
      first_control: isoFromMicros(t0),
      scanned_hosts: stepOf('scan') ? scanned.size : 0,
      scan_ports: summarisePorts(stepOf('scan')?.ports ?? []) || null,
      trojan_ports: summarisePorts(stepOf('trojan')?.ports ?? []) || null,
      handler_ports: summarisePorts(stepOf('ddos')?.ports ?? []) || null,
      outside_peers: malwarePeers.join(','),
      stages: steps.map((s) => s.stage).join(' → '),
      last_activity: isoFromMicros(last),
      days: Math.ceil((last - t0) / 86_400e6),
    },
    chain,
    mechanism:
      `${victim} runs attacker-controlled software: outside hosts (${controllers.join(', ')}) talked to its ` +
      `${families.length > 0 ? families.join('/') + ' ' : ''}listener, and from then on the host itself ` +
      `${after.map((s) => s.label).join(', ')} — a victim turned attacker.`,
    recommendation:
      `Isolate ${victim} now; image it for forensics and rebuild it from trusted media. Block ${controllers.join(', ')} and ` +
      `the outside peers at the border, look for the same control traffic to other inside hosts, and tell the owners of ` +
      `the hosts ${victim} attacked.`,
    basis: {
      signal: 'compromise',
      signalText: `inside host under ${families.length > 0 ? families.join('/') : 'trojan/DDoS'} control, attacking outward`,
      targetHosts: malwarePeers.length + scanned.size,
      targetGroups: unique([...malware, ...probes].map((r) => r.peerGroup)),
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

function step(stage: Step['stage'], label: string, rows: TrafficRow[], portOf: 'sport' | 'dport'): Step {
  const families = unique(rows.map((r) => classifyMalware(r.event, r.sport, r.dport)?.family ?? null));
  const ports = unique(rows.map((r) => r[portOf]).filter((p): p is number => p !== null)).sort((a, b) => a - b);
  const peers = unique(rows.map((r) => r.peer)).sort();
  const full =
    stage === 'scan'
      ? label
      : `${label}${families.length > 0 ? ` (${families.join('/')})` : ''} ${stage === 'control' ? 'from' : 'to'} ${
          peers.length <= 3 ? peers.join(', ') : `${peers.length} hosts`
        }${ports.length > 0 ? ` ${stage === 'control' ? 'on' : 'from'} port${ports.length > 1 ? 's' : ''} ${summarisePorts(ports, 4)}` : ''}`;
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
