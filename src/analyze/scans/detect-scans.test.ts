import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { contextWith, alert, HOUR, MIN, portscanLine, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const SCANNER = '61.10.20.30';

/** `n` SYN probes from `src` to consecutive hosts `130.85.7.1…` on `port`, `gap` apart. */
function sweep(src: string, port: number, n: number, start: number, gap: number, spell = '130.85'): EventRecord[] {
  return Array.from({ length: n }, (_, i) => probe(start + i * gap, src, 40000 + i, `${spell}.7.${i + 1}`, port));
}

interface Case {
  name: string;
  events: EventRecord[];
  expected: { kind: string; subject: string; facts?: Record<string, unknown> }[];
  /** Kinds that must not appear for this subject. */
  absent?: { kind: string; subject: string }[];
}

const cases: Case[] = [
  {
    name: 'SYN sweep of an unused port is a horizontal scan named inverse mapping',
    events: [...sweep(SCANNER, 57, 30, T0, 2 * SEC), portscanLine(T0 + 10 * SEC, SCANNER)],
    expected: [
      {
        kind: 'horizontal-scan',
        subject: SCANNER,
        facts: {
          port: 57,
          hosts: 30,
          probes: 30,
          technique: 'inverse mapping',
          scan_type: 'SYN',
          flags: '******S*',
          days: 1,
        },
      },
    ],
  },
  {
    name: 'a sweep spread over three days with no burst is one slow sweep, named with its rate',
    events: sweep(SCANNER, 57, 36, T0, 2 * HOUR),
    expected: [
      {
        kind: 'horizontal-scan',
        subject: SCANNER,
        facts: {
          hosts: 36,
          days: 3,
          duration_s: 35 * 2 * 3600,
          technique: 'slow sweep',
          pace: 'slow',
          bursts: 0,
          hosts_per_hour: Math.round((36 / 70) * 100) / 100,
        },
      },
    ],
  },
  {
    name: "a burst above the same source's slow background is counted within its window",
    events: [
      ...sweep(SCANNER, 57, 36, T0, 2 * HOUR),
      ...sweep(SCANNER, 57, 25, T0 + 31 * HOUR + 10 * MIN, 10 * SEC).map((e, i) => ({
        ...e,
        dst: `130.85.8.${i + 1}`,
      })),
    ],
    expected: [
      {
        kind: 'horizontal-scan',
        subject: SCANNER,
        facts: { hosts: 25, probes: 25, pace: 'burst', bursts: 1, technique: 'inverse mapping', duration_s: 240 },
      },
    ],
  },
  {
    name: 'a burst across the edge of a window is still one burst',
    events: sweep(SCANNER, 57, 12, T0 + 55 * MIN, MIN),
    expected: [{ kind: 'horizontal-scan', subject: SCANNER, facts: { hosts: 12, pace: 'burst', bursts: 1 } }],
  },
  {
    name: 'near miss: a source sweeping at its own steady rate has no burst (a slow sweep at that rate)',
    events: [0, 1, 2].flatMap((h) =>
      sweep(SCANNER, 57, 15, T0 + h * HOUR, 3 * MIN).map((e, i) => ({ ...e, dst: `130.85.${h + 10}.${i + 1}` })),
    ),
    expected: [
      { kind: 'horizontal-scan', subject: SCANNER, facts: { hosts: 45, pace: 'slow', technique: 'slow sweep' } },
    ],
  },
  {
    name: 'a sweep of a port with sessions on it is a plain sweep, not inverse mapping',
    events: [
      ...sweep(SCANNER, 7777, 12, T0, SEC),
      alert(T0 - HOUR, 'MISC game server traffic', '200.1.1.1', 3000, 'MY.NET.9.9', 7777),
    ],
    expected: [{ kind: 'horizontal-scan', subject: SCANNER, facts: { port: 7777, technique: 'horizontal sweep' } }],
  },
  {
    name: 'a sweep of a commonly attacked service port is a plain sweep even when nothing here serves it',
    events: sweep(SCANNER, 445, 12, T0, SEC),
    expected: [{ kind: 'horizontal-scan', subject: SCANNER, facts: { port: 445, technique: 'horizontal sweep' } }],
  },
  {
    name: 'near miss: a busy DNS server talking 53→53 to many servers is no sweep',
    events: [
      ...Array.from({ length: 30 }, (_, i) => probe(T0 + i * MIN, '130.85.1.3', 53, `192.0.${i}.53`, 53, 'UDP')),
      ...Array.from({ length: 5 }, (_, i) => probe(T0 + i * MIN, `198.51.${i}.7`, 1500 + i, 'MY.NET.1.3', 53, 'UDP')),
    ],
    expected: [],
    absent: [{ kind: 'horizontal-scan', subject: 'MY.NET.1.3' }],
  },
  {
    name: "a portless (ICMP) sweep is described from its own probes, not from the source's port sweeps beside it",
    events: [
      ...Array.from({ length: 15 }, (_, i): EventRecord => ({
        ts: T0 + i * SEC,
        source: 'alert',
        event: 'ICMP PING NMAP',
        proto: 'ICMP',
        src: SCANNER,
        dst: `130.85.7.${i + 1}`,
      })),
      ...sweep(SCANNER, 57, 12, T0 + SEC / 2, SEC).map((e, i) => ({ ...e, dst: `130.85.9.${i + 1}` })),
    ],
    expected: [
      {
        kind: 'horizontal-scan',
        subject: SCANNER,
        facts: { hosts: 15, scan_type: 'ICMP PING NMAP', proto: 'ICMP' },
      },
    ],
  },
  {
    name: 'near miss: nine hosts is below the sweep threshold',
    events: sweep(SCANNER, 57, 9, T0, SEC),
    expected: [],
    absent: [{ kind: 'horizontal-scan', subject: SCANNER }],
  },
  {
    name: 'aliases merge: six hosts written two ways are six targets, not twelve',
    events: [...sweep(SCANNER, 57, 6, T0, SEC), ...sweep(SCANNER, 57, 6, T0 + MIN, SEC, 'MY.NET')],
    expected: [],
    absent: [{ kind: 'horizontal-scan', subject: SCANNER }],
  },
  {
    name: 'vertical scan of one host; an inside scanner is named by its host name',
    events: Array.from({ length: 25 }, (_, i) =>
      probe(T0 + i * SEC, '130.85.5.5', 60000, '203.0.113.9', 20 + i, 'NULL', 0),
    ),
    expected: [
      {
        kind: 'vertical-scan',
        subject: 'MY.NET.5.5',
        facts: { target: '203.0.113.9', ports: 25, scan_type: 'NULL', port_list: '20-44', pace: 'burst' },
      },
    ],
  },
  {
    name: 'a vertical scan spread over days, never ten ports in one window, is named a slow port scan',
    events: Array.from({ length: 12 }, (_, i) => probe(T0 + i * 5 * HOUR, '61.5.5.5', 60000, 'MY.NET.9.9', 20 + i)),
    expected: [
      {
        kind: 'vertical-scan',
        subject: '61.5.5.5',
        facts: { ports: 12, pace: 'slow', technique: 'slow port scan' },
      },
    ],
  },
  {
    name: 'near miss: a DNS server answering a busy client from port 53 is no vertical scan',
    events: [
      ...Array.from({ length: 25 }, (_, i) =>
        probe(T0 + i * SEC, '130.85.1.3', 53, '203.0.113.9', 30000 + i * 7, 'UDP'),
      ),
      ...Array.from({ length: 4 }, (_, i) => probe(T0 + i * MIN, '130.85.1.3', 53, `198.51.100.${i + 1}`, 53, 'UDP')),
    ],
    expected: [],
    absent: [{ kind: 'vertical-scan', subject: 'MY.NET.1.3' }],
  },
];

for (const c of cases) {
  test(`scans: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const findings = (await runDetects(ctx)).filter(
        (f) => f.kind === 'horizontal-scan' || f.kind === 'vertical-scan',
      );
      for (const want of c.expected) {
        const found = findings.find((f) => f.kind === want.kind && f.subject === want.subject);
        assert.ok(found, `${want.kind} ${want.subject} in ${JSON.stringify(findings.map((f) => f.summary))}`);
        for (const [k, v] of Object.entries(want.facts ?? {})) assert.deepEqual(found.facts[k], v, `fact ${k}`);
      }
      for (const no of c.absent ?? []) {
        assert.ok(
          !findings.some((f) => f.kind === no.kind && f.subject === no.subject),
          `${no.kind} ${no.subject} must not fire`,
        );
      }
      if (c.expected.length === 0)
        assert.deepEqual(
          findings.map((f) => f.summary),
          [],
        );
    } finally {
      await ctx.close();
    }
  });
}

test('scans: evidence comes from every log kind, with aliases applied, and severity inputs have reasons', async () => {
  const ctx = await contextWith([...sweep(SCANNER, 57, 30, T0, 2 * SEC), portscanLine(T0 + 10 * SEC, SCANNER)]);
  try {
    const [f] = (await runDetects(ctx)).filter((x) => x.kind === 'horizontal-scan');
    assert.ok(f);
    assert.deepEqual([...new Set(f.evidence.map((e) => e.source))].sort(), ['alert', 'scans']);
    assert.equal(f.facts.events_scans, 30);
    assert.equal(f.facts.events_alert, 1);
    assert.ok(f.related.includes('MY.NET.7.1'), 'targets are named by host (aliases applied)');
    assert.equal(f.evidence[0]!.dst, '130.85.7.1', 'evidence keeps the address as written');
    assert.equal(
      f.severity.score,
      f.severity.criticality + f.severity.lethality - f.severity.system - f.severity.network,
    );
    for (const reason of Object.values(f.severity.reasons)) assert.ok(reason.length > 10);
    assert.equal(f.severity.network, 2, f.severity.reasons.network);
    assert.equal(f.spoofing.likely, false);
    assert.match(f.summary, /inverse mapping/);
  } finally {
    await ctx.close();
  }
});
