/**
 * A small classic-style data set built by hand for the report's tests: the three detects of
 * docs/PRODUCT.md in miniature, a noisy signature, an alert recurring across days, quarantined lines,
 * and — when asked — hostile log text in every place a log can put text (event names, quarantined
 * raw lines, addresses of text form, finding prose).
 */
import type { EvidenceEvent, Finding } from '../../src/analyze/finding.js';
import { AddressBook } from '../../src/core/address-book.js';
import { parseConfig, type IdsiftConfig } from '../../src/core/config.js';
import type { EventRecord } from '../../src/core/event.js';
import type { Problem } from '../../src/core/problem.js';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';
import { loadEvents } from '../../src/store/load-events.js';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  link: 'javascript:alert(1)',
  markdownLink: '[click](javascript:alert(1))',
  pipe: 'a | b ` c',
  /** An "address" as a hostile log could write one: it reaches tables, charts, diagrams and profiles. */
  address: '<svg/onload=alert(1)>',
} as const;

const T0 = Date.UTC(2004, 3, 20, 14, 0, 0) * 1000;
const MIN = 60_000_000;
const DAY = 24 * 60 * MIN;

export interface Scenario {
  config: IdsiftConfig;
  book: AddressBook;
  files: { name: string; events: EventRecord[]; problems?: Problem[] }[];
  findings: Finding[];
}

export function buildScenario(options: { hostile?: boolean } = {}): Scenario {
  const config = parseConfig(
    JSON.stringify({
      groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
      aliases: [['MY.NET', '130.85']],
      detect: { report: { noisyMinSources: 3, noisyShare: 0.2 } },
    }),
    'idsift.config.json',
  );
  const book = new AddressBook(config.address);
  const alerts: EventRecord[] = [];
  const scans: EventRecord[] = [];
  const oos: EventRecord[] = [];

  // Scan, then connect: 12 inside hosts swept on port 57, then a NetBIOS null session to one.
  for (let i = 0; i < 12; i++) {
    scans.push({
      ts: T0 + i * 1_000_000,
      source: 'scans',
      event: 'SYN',
      proto: 'TCP',
      src: '61.1.2.3',
      sport: 4000 + i,
      dst: `130.85.70.${10 + i}`,
      dport: 57,
      tcpFlags: 2,
    });
  }
  alerts.push({
    ts: T0 + 5 * MIN,
    source: 'alert',
    event: 'NETBIOS NT NULL session',
    sid: 530,
    src: '61.1.2.3',
    sport: 4100,
    dst: 'MY.NET.70.15',
    dport: 139,
  });
  // Noise: the same signature from many sources.
  for (let i = 0; i < 30; i++) {
    alerts.push({
      ts: T0 + i * 3 * MIN,
      source: 'alert',
      event: 'SMB Name Wildcard',
      src: `MY.NET.${i % 6}.9`,
      sport: 137,
      dst: `200.0.0.${i % 4}`,
      dport: 137,
    });
  }
  // Recurring across three days, and an inside host that talks out (compromised).
  for (let d = 0; d < 3; d++) {
    alerts.push({
      ts: T0 + d * DAY + 60 * MIN,
      source: 'alert',
      event: 'DDOS shaft client to handler',
      src: '81.220.163.126',
      sport: 4662,
      dst: 'MY.NET.84.235',
      dport: 20432,
    });
    alerts.push({
      ts: T0 + d * DAY + 90 * MIN,
      source: 'alert',
      event: 'DDOS mstream handler to client',
      src: 'MY.NET.84.235',
      sport: 12754,
      dst: `24.0.0.${d + 1}`,
      dport: 15104,
    });
  }
  // Low and slow: a NULL-flag probe every 22 minutes, source port +256, IP ID 4660, TTL 78.
  for (let k = 0; k < 8; k++) {
    const probe = { ts: T0 + k * 22 * MIN, src: '195.7.7.7', sport: 1024 + 256 * k, dst: 'MY.NET.1.3', dport: 110 };
    scans.push({ ...probe, source: 'scans', event: 'NULL', proto: 'TCP', tcpFlags: 0 });
    oos.push({ ...probe, source: 'oos', event: 'TCP ********', proto: 'TCP', ttl: 78, ipId: 4660, tcpFlags: 0 });
  }
  if (options.hostile) {
    alerts.push({
      ts: T0 + 7 * MIN,
      source: 'alert',
      event: HOSTILE.script,
      src: '61.1.2.3',
      sport: 1,
      dst: 'MY.NET.70.15',
      dport: 80,
    });
    alerts.push({
      ts: T0 + 8 * MIN,
      source: 'alert',
      event: HOSTILE.img,
      src: '61.1.2.3',
      sport: 2,
      dst: 'MY.NET.70.15',
      dport: 80,
    });
    alerts.push({
      ts: T0 + 9 * MIN,
      source: 'alert',
      event: `${HOSTILE.link} ${HOSTILE.markdownLink} ${HOSTILE.pipe}`,
      src: '61.1.2.3',
      sport: 3,
      dst: 'MY.NET.70.15',
      dport: 80,
    });
    for (let i = 0; i < 20; i++) {
      const at = T0 + (10 + i) * MIN;
      alerts.push({
        ts: at,
        source: 'alert',
        event: HOSTILE.img,
        src: HOSTILE.address,
        sport: 6,
        dst: 'MY.NET.70.15',
        dport: 80,
      });
    }
  }
  alerts.sort((a, b) => a.ts - b.ts);
  const problems: Problem[] = [
    {
      code: 'spliced',
      file: 'alert.040420',
      line: 7,
      message: 'tail of one record glued to the next',
      input: `04/20-14:02:11.1 [**] NETBIOS${options.hostile ? ` ${HOSTILE.script}` : ''} 04/20-14:02:12.0 [**]`,
    },
    {
      code: 'no_match',
      file: 'alert.040420',
      line: 19,
      message: 'line matches no alert layout',
      input: options.hostile ? HOSTILE.img : 'garbage',
    },
  ];

  const evidence = (events: EventRecord[], file: string, lineOf: (e: EventRecord) => number): EvidenceEvent[] =>
    events.map((e) => ({
      ts: new Date(e.ts / 1000).toISOString(),
      source: e.source,
      event: e.event,
      src: e.src ?? null,
      sport: e.sport ?? null,
      dst: e.dst ?? null,
      dport: e.dport ?? null,
      proto: e.proto ?? null,
      file,
      line: lineOf(e),
      ...(e.ttl !== undefined ? { detail: { ttl: e.ttl, ip_id: e.ipId ?? 0 } } : {}),
    }));
  const alertLine = (e: EventRecord): number => alerts.indexOf(e) + 1;
  const scanLine = (e: EventRecord): number => scans.indexOf(e) + 1;
  const severity = (c: number, l: number, s: number, n: number, why: string): Finding['severity'] => ({
    criticality: c,
    lethality: l,
    system: s,
    network: n,
    score: c + l - (s + n),
    reasons: {
      criticality: `${why}: target role`,
      lethality: `${why}: what it can do`,
      system: 'patched hosts',
      network: 'firewall blocks 139 from outside',
    },
  });
  const hostileText = options.hostile ? ` ${HOSTILE.script} ${HOSTILE.link}` : '';
  const findings: Finding[] = [
    {
      kind: 'scan-then-connect',
      subject: '61.1.2.3',
      summary: `61.1.2.3 swept 12 hosts on port 57, then opened a NetBIOS null session to MY.NET.70.15${hostileText}`,
      severity: severity(4, 4, 2, 2, 'file server'),
      evidence: [
        ...evidence(scans.slice(0, 12), 'scans.040420', scanLine),
        ...evidence(
          alerts.filter((a) => a.src === '61.1.2.3' || a.src === HOSTILE.address),
          'alert.040420',
          alertLine,
        ),
      ],
      related: options.hostile ? ['MY.NET.70.15', HOSTILE.address] : ['MY.NET.70.15'],
      facts: { sweptHosts: 12, port: 57, followUpPort: 139 },
      spoofing: {
        likely: false,
        reason: 'The attacker needs the replies (port unreachable) to learn which hosts are alive.',
      },
      mechanism: 'Inverse mapping on port 57, then a NetBIOS null session to enumerate shares and users.',
      recommendation: 'Block 139/tcp at the border; check MY.NET.70.15 for null-session exposure.',
      linked: options.hostile
        ? ['compromised-host:MY.NET.84.235', `x:${HOSTILE.script}`]
        : ['compromised-host:MY.NET.84.235'],
    },
    {
      kind: 'compromised-host',
      subject: 'MY.NET.84.235',
      summary: 'MY.NET.84.235 received shaft handler traffic, then talked as an mstream handler to 3 outside hosts',
      severity: severity(5, 5, 1, 2, 'inside host'),
      evidence: evidence(
        alerts.filter((a) => a.src === 'MY.NET.84.235' || a.dst === 'MY.NET.84.235'),
        'alert.040420',
        alertLine,
      ),
      related: ['81.220.163.126', '24.0.0.1', '24.0.0.2', '24.0.0.3'],
      facts: { days: 3 },
      spoofing: { likely: false, reason: 'Two-way handler traffic over days.' },
      mechanism: 'A DDoS agent installed on the host takes orders from a handler.',
      recommendation: 'Take MY.NET.84.235 off the network and rebuild it.',
      linked: ['scan-then-connect:61.1.2.3'],
      chain: [
        {
          ts: '2004-04-20T15:00:00.000Z',
          last: '2004-04-22T15:00:00.000Z',
          label: 'received DDoS control traffic (shaft)',
          peers: ['81.220.163.126'],
          ports: [20432],
          events: 3,
        },
        {
          ts: '2004-04-20T15:30:00.000Z',
          last: '2004-04-22T15:30:00.000Z',
          label: 'acted as an mstream handler',
          peers: ['24.0.0.1', '24.0.0.2', '24.0.0.3'],
          ports: [15104],
          events: 3,
        },
      ],
    },
    {
      kind: 'low-and-slow',
      subject: '195.7.7.7',
      summary: 'NULL-flag probes to MY.NET.1.3:110 every 22 minutes; IP ID 4660, TTL 78 constant',
      severity: severity(3, 2, 3, 3, 'mail server'),
      evidence: [
        ...evidence(scans.slice(12), 'scans.040420', scanLine),
        ...evidence(oos, 'oos_Apr.20.2004', (e) => oos.indexOf(e) * 12 + 1),
      ],
      related: ['MY.NET.1.3'],
      facts: { periodMinutes: 22, ipId: 4660, ttl: 78, targeting: 'One mail server, one port, every 22 minutes.' },
      spoofing: {
        likely: true,
        reason:
          'Crafted packets; no reply is needed to learn from a NULL scan? It is: replies are needed, but the constant IP ID marks a tool.',
      },
      mechanism: 'A packet-crafting tool sends flagless TCP segments to see how the stack answers.',
      recommendation: 'Watch 195.7.7.7; the firewall already drops flagless segments.',
      linked: [],
    },
  ];
  return {
    config,
    book,
    files: [
      { name: 'alert.040420', events: alerts, problems },
      { name: 'scans.040420', events: scans },
      { name: 'oos_Apr.20.2004', events: oos },
    ],
    findings,
  };
}

/** An in-memory store holding the scenario's files. */
export async function loadScenario(scenario: Scenario): Promise<DuckDBStore> {
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(scenario.book, scenario.config.addressHash);
  for (const f of scenario.files) await loadEvents(store, f.events, { name: f.name, problems: f.problems });
  return store;
}
