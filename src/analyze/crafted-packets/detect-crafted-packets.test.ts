import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_FLAG } from '../../core/event.js';
import type { EventRecord } from '../../core/event.js';
import { alert, contextWith, MIN, packet, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const { CWR, ECE, SYN, ACK, PSH, FIN, URG } = TCP_FLAG;
const SRC = '198.18.7.7';

/** Deterministic "random" IP IDs, as a real stack's would look. */
const ids = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => ((seed * 7919 + i * 104729) % 65535) + 1);

const cases: { name: string; events: EventRecord[]; expected: Record<string, unknown> | null; alsoScan?: boolean }[] = [
  {
    name: 'NULL probes with a fixed IP ID, TTL and window, tied to the source’s alerts and scans',
    events: Array.from({ length: 30 }, (_, i) => {
      const ts = T0 + i * 20 * MIN;
      return [
        packet(ts, SRC, 1000 + 256 * i, 'MY.NET.6.7', 110, { flags: 0, ttl: 78, ipId: 4660, win: 1024 }),
        alert(ts, 'SCAN NULL', SRC, 1000 + 256 * i, 'MY.NET.6.7', 110),
        probe(ts, SRC, 1000 + 256 * i, '130.85.6.7', 110, 'NULL', 0),
      ];
    }).flat(),
    expected: { fingerprint: true, ip_id: 4660, ttl: 78, window: 1024, illegal_packets: 30, ip_id_share: 1 },
  },
  {
    name: 'a fixed fingerprint on legal SYNs is still a tool',
    events: Array.from({ length: 12 }, (_, i) =>
      packet(T0 + i * MIN, SRC, 2000 + i, 'MY.NET.1.9', 80, { flags: SYN, ttl: 201, ipId: 31337 }),
    ),
    expected: { fingerprint: true, ip_id: 31337, ttl: 201, illegal_packets: 0 },
  },
  {
    name: 'odd flags alone, from a source no scan finding explains',
    events: ids(8, 3).map((id, i) =>
      packet(T0 + i * MIN, SRC, 3000 + i, `MY.NET.2.${1 + (i % 3)}`, 22, { flags: FIN | PSH | URG, ttl: 50, ipId: id }),
    ),
    expected: { fingerprint: false, illegal_packets: 8 },
  },
  {
    name: 'near miss: ECN-setup SYNs from a normal client',
    events: ids(20, 5).map((id, i) =>
      packet(T0 + i * MIN, SRC, 3000 + i, 'MY.NET.1.9', 80, { flags: CWR | ECE | SYN, ttl: 113, ipId: id, df: true }),
    ),
    expected: null,
  },
  {
    name: 'near miss: Linux sends IP ID 0 on every DF packet',
    events: Array.from({ length: 20 }, (_, i) =>
      packet(T0 + i * MIN, SRC, 3000 + i, 'MY.NET.1.9', 80, { flags: CWR | ECE | SYN, ttl: 52, ipId: 0, df: true }),
    ),
    expected: null,
  },
  {
    name: 'near miss: a few broken packets among a client’s normal ones',
    events: [
      ...ids(50, 11).map((id, i) =>
        packet(T0 + i * MIN, SRC, 3000 + i, 'MY.NET.1.9', 80, { flags: CWR | ECE | SYN, ttl: 113, ipId: id }),
      ),
      ...ids(6, 13).map((id, i) =>
        packet(T0 + i * MIN + SEC, SRC, 4000 + i, 'MY.NET.1.9', 80, {
          flags: CWR | SYN | FIN | ACK | PSH,
          ttl: 113,
          ipId: id,
        }),
      ),
    ],
    expected: null,
  },
  {
    name: 'near miss: a stealth XMAS sweep is reported as a scan, not as crafted packets',
    events: [
      ...Array.from({ length: 30 }, (_, i) =>
        probe(T0 + i * SEC, SRC, 5000, `130.85.9.${i + 1}`, 80, 'XMAS', FIN | PSH | URG),
      ),
      ...ids(10, 17).map((id, i) =>
        packet(T0 + i * SEC, SRC, 5000, `MY.NET.9.${i + 1}`, 80, { flags: FIN | PSH | URG, ttl: 45, ipId: id }),
      ),
    ],
    expected: null,
    alsoScan: true,
  },
];

for (const c of cases) {
  test(`crafted-packets: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const findings = await runDetects(ctx);
      const found = findings.filter((f) => f.kind === 'crafted-packets');
      if (c.alsoScan)
        assert.ok(
          findings.some((f) => f.kind === 'horizontal-scan' && f.subject === SRC && f.facts.flags === '**U*P**F'),
        );
      if (c.expected === null) {
        assert.deepEqual(
          found.map((f) => f.summary),
          [],
        );
        return;
      }
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.subject, SRC);
      for (const [k, v] of Object.entries(c.expected)) assert.equal(f.facts[k], v, `fact ${k}`);
      const kinds = new Set(c.events.map((e) => e.source));
      assert.deepEqual(
        [...new Set(f.evidence.map((e) => e.source))].sort(),
        [...kinds].sort(),
        'evidence from every log kind',
      );
      if (c.expected.ttl !== undefined) assert.match(f.spoofing.reason, /TTL steady/);
    } finally {
      await ctx.close();
    }
  });
}
