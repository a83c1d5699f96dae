import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { alert, contextWith, HOUR, MIN, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const RESOLVER = 'MY.NET.1.3';
const RELAY = 'MY.NET.2.25';
/** Internet DNS servers, one per /24: a resolver's peers are scattered. */
const dnsServers = Array.from({ length: 40 }, (_, i) => `198.${51 + (i % 7)}.${i}.53`);

/**
 * A resolver over three days: every hour it asks `perHour` of the Internet's DNS servers (from
 * ephemeral ports, as scans-log UDP lines), cycling through them, so each server is asked again
 * and again; `clients` inside hosts ask it on port 53.
 */
function resolver(perHour: number, clients: number): EventRecord[] {
  const out: EventRecord[] = [];
  for (let h = 0; h < 72; h++) {
    for (let k = 0; k < perHour; k++) {
      const server = dnsServers[(h * perHour + k) % dnsServers.length]!;
      out.push(probe(T0 + h * HOUR + k * 7 * MIN, RESOLVER, 32768 + ((h * perHour + k) % 20000), server, 53, 'UDP'));
    }
  }
  for (let c = 0; c < clients; c++)
    out.push(probe(T0 + c * HOUR, `MY.NET.30.${c + 1}`, 40000 + c, RESOLVER, 53, 'UDP'));
  return out;
}

/** A mail relay: every 90 minutes for three days it delivers to one of 30 mail exchangers (in 30 /24s). */
function mailRelay(): EventRecord[] {
  return Array.from({ length: 48 }, (_, i) =>
    probe(T0 + i * 90 * MIN, RELAY, 20000 + i, `203.${i % 30}.9.25`, 25, 'SYN'),
  );
}

/** `n` SYN probes from `src` to `prefix.1…n` on `port`, `gap` apart. */
function burst(src: string, prefix: string, port: number, n: number, start: number, gap: number): EventRecord[] {
  return Array.from({ length: n }, (_, i) => probe(start + i * gap, src, 50000 + i, `${prefix}.${i + 1}`, port, 'UDP'));
}

interface Case {
  name: string;
  events: EventRecord[];
  /** Expected service-activity findings: subject → signal. */
  service: Record<string, string>;
  /** Expected scan findings: kind/subject → facts. */
  scans: { kind: string; subject: string; facts: Record<string, unknown>; minHosts?: number }[];
  /** Scan-then-connect subjects expected. */
  connect?: string[];
}

const cases: Case[] = [
  {
    name: 'a busy resolver asking the Internet on 53 day after day is service activity, never a sweep',
    events: resolver(6, 0),
    service: { [RESOLVER]: 'steady' },
    scans: [],
  },
  {
    name: 'a resolver its own site asks on 53 is a server talking to its peers',
    events: resolver(6, 5),
    service: { [RESOLVER]: 'serves' },
    scans: [],
  },
  {
    name: 'a mail relay delivering on 25 over three days is service activity, never a slow sweep',
    events: mailRelay(),
    service: { [RELAY]: 'steady' },
    scans: [],
  },
  {
    name: 'a burst from the resolver is a sweep, its steady traffic besides is service activity',
    events: [...resolver(6, 0), ...burst(RESOLVER, '61.20.30', 53, 40, T0 + 30 * HOUR + 10 * MIN, 5 * SEC)],
    service: { [RESOLVER]: 'steady' },
    scans: [
      { kind: 'horizontal-scan', subject: RESOLVER, facts: { port: 53, pace: 'burst', bursts: 1 }, minHosts: 40 },
    ],
  },
  {
    name: "the issue's case: a session to a host in a /24 the resolver once asked is no scan-then-connect",
    events: [
      ...resolver(6, 0),
      alert(T0 + 4 * HOUR + 25 * MIN, 'IRC user /kill detected', RESOLVER, 40000, '198.51.0.145', 6667),
    ],
    service: { [RESOLVER]: 'steady' },
    scans: [],
    connect: [],
  },
];

for (const c of cases) {
  test(`service activity: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const findings = await runDetects(ctx);
      const service = Object.fromEntries(
        findings.filter((f) => f.kind === 'service-activity').map((f) => [f.subject, f.facts.signal]),
      );
      assert.deepEqual(service, c.service, JSON.stringify(findings.map((f) => f.summary)));
      const scans = findings.filter((f) => f.kind === 'horizontal-scan' || f.kind === 'vertical-scan');
      assert.deepEqual(
        scans.map((f) => `${f.kind} ${f.subject}`),
        c.scans.map((s) => `${s.kind} ${s.subject}`),
        JSON.stringify(scans.map((f) => f.summary)),
      );
      for (const want of c.scans) {
        const f = scans.find((x) => x.kind === want.kind && x.subject === want.subject)!;
        for (const [k, v] of Object.entries(want.facts)) assert.deepEqual(f.facts[k], v, `fact ${k}`);
        // The burst's window also holds the hour's ordinary traffic; never the three days' worth.
        if (want.minHosts !== undefined)
          assert.ok(Number(f.facts.hosts) >= want.minHosts && Number(f.facts.hosts) < 60);
      }
      if (c.connect !== undefined) {
        assert.deepEqual(
          findings.filter((f) => f.kind === 'scan-then-connect').map((f) => f.subject),
          c.connect,
        );
      }
      // Informational: below every other finding.
      const firstService = findings.findIndex((f) => f.kind === 'service-activity');
      if (firstService >= 0) assert.ok(findings.slice(firstService).every((f) => f.kind === 'service-activity'));
    } finally {
      await ctx.close();
    }
  });
}
