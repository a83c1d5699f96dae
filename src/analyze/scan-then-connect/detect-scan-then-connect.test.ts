import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { alert, contextWith, HOUR, MIN, portscanLine, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const SCANNER = '24.7.9.11';
/** A SYN sweep of port 57 over 130.85.5.1–40 (the scans log's spelling of MY.NET.5.x). */
const SWEEP: EventRecord[] = [
  ...Array.from({ length: 40 }, (_, i) => probe(T0 + i * SEC, SCANNER, 31000 + i, `130.85.5.${i + 1}`, 57)),
  portscanLine(T0 + 5 * SEC, SCANNER),
];

/** A sweep of SubSeven's port 27374 over 130.85.5.1–40; the sensor's rule fired on the probe of .16. */
const TROJAN_SWEEP: EventRecord[] = [
  ...Array.from({ length: 40 }, (_, i) => probe(T0 + i * SEC, SCANNER, 31000 + i, `130.85.5.${i + 1}`, 27374)),
  alert(T0 + 15 * SEC + 200, 'BACKDOOR SubSeven 22', SCANNER, 31015, 'MY.NET.5.16', 27374),
];

/** A burst over 40 /24s, one host (.9) in each. */
const SPREAD: EventRecord[] = Array.from({ length: 40 }, (_, i) =>
  probe(T0 + i * SEC, SCANNER, 31000 + i, `130.85.${i + 1}.9`, 57),
);

const cases: {
  name: string;
  events: EventRecord[];
  expected: {
    target: string;
    target_port: number;
    target_probed: boolean;
    sweep_port: number;
    during_sweep?: boolean;
    delay_s?: number;
  } | null;
}[] = [
  {
    name: 'sweep, then a NetBIOS null session to a swept host (alias spelling) fires; the delay runs from the burst',
    events: [...SWEEP, alert(T0 + 40 * MIN, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.17', 139)],
    expected: {
      target: 'MY.NET.5.17',
      target_port: 139,
      target_probed: true,
      sweep_port: 57,
      during_sweep: false,
      delay_s: 40 * 60 - 39,
    },
  },
  {
    name: 'a session inside the burst fires and says so',
    events: [...SWEEP, alert(T0 + 20 * SEC, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.3', 139)],
    expected: {
      target: 'MY.NET.5.3',
      target_port: 139,
      target_probed: true,
      sweep_port: 57,
      during_sweep: true,
      delay_s: 0,
    },
  },
  {
    name: "the delay runs from the burst, not from the source's first line",
    events: [
      probe(T0 - 20 * HOUR, SCANNER, 30999, '130.85.77.1', 57),
      ...SWEEP,
      alert(T0 + 2 * HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.17', 139),
    ],
    expected: {
      target: 'MY.NET.5.17',
      target_port: 139,
      target_probed: true,
      sweep_port: 57,
      during_sweep: false,
      delay_s: 2 * 3600 - 39,
    },
  },
  {
    name: 'a burst over many /24s: a probed host counts',
    events: [...SPREAD, alert(T0 + HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.9', 139)],
    expected: { target: 'MY.NET.5.9', target_port: 139, target_probed: true, sweep_port: 57 },
  },
  {
    name: 'near miss: a burst over many /24s does not cover their unprobed hosts',
    events: [...SPREAD, alert(T0 + HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.200', 139)],
    expected: null,
  },
  {
    name: 'near miss: a slow sweep is no reconnaissance burst for a later session',
    events: [
      ...Array.from({ length: 30 }, (_, i) => probe(T0 + i * 2 * HOUR, SCANNER, 31000 + i, `130.85.5.${i + 1}`, 57)),
      alert(T0 + 70 * HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.17', 139),
    ],
    expected: null,
  },
  {
    name: 'a host in the swept /24 that was not probed itself counts',
    events: [...SWEEP, alert(T0 + 2 * HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.200', 139)],
    expected: { target: 'MY.NET.5.200', target_port: 139, target_probed: false, sweep_port: 57 },
  },
  { name: 'near miss: a sweep with no later alert', events: SWEEP, expected: null },
  {
    name: 'near miss: the alert came before the sweep',
    events: [...SWEEP, alert(T0 - HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.5.17', 139)],
    expected: null,
  },
  {
    name: 'near miss: a later alert to a host outside the swept range',
    events: [...SWEEP, alert(T0 + HOUR, 'NETBIOS NT NULL session', SCANNER, 1075, 'MY.NET.99.17', 139)],
    expected: null,
  },
  {
    name: "near miss: a trojan-port sweep's own probe, seen by a rule, is no session inside the burst",
    events: TROJAN_SWEEP,
    expected: null,
  },
  {
    name: 'a trojan-port sweep, then a session on that port from a new source port inside the burst, fires',
    events: [...TROJAN_SWEEP, alert(T0 + 30 * SEC, 'BACKDOOR SubSeven 22', SCANNER, 1075, 'MY.NET.5.16', 27374)],
    expected: {
      target: 'MY.NET.5.16',
      target_port: 27374,
      target_probed: true,
      sweep_port: 27374,
      during_sweep: true,
    },
  },
  {
    name: 'near miss: a later scan alert is more reconnaissance, not a session',
    events: [...SWEEP, alert(T0 + HOUR, 'SCAN nmap XMAS', SCANNER, 1075, 'MY.NET.5.17', 139)],
    expected: null,
  },
];

for (const c of cases) {
  test(`scan-then-connect: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const findings = await runDetects(ctx);
      const found = findings.filter((f) => f.kind === 'scan-then-connect');
      if (c.expected === null) {
        assert.deepEqual(
          found.map((f) => f.summary),
          [],
        );
        return;
      }
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.subject, SCANNER);
      for (const [k, v] of Object.entries(c.expected)) assert.equal(f.facts[k], v, `fact ${k}`);
      assert.ok(f.linked.includes(`horizontal-scan:${SCANNER}`));
      assert.ok(f.evidence.some((e) => e.source === 'alert' && e.dport === c.expected!.target_port));
      assert.ok(f.evidence.some((e) => e.source === 'scans' && e.dport === c.expected!.sweep_port));
      assert.ok(f.severity.lethality >= 4, f.severity.reasons.lethality);
      assert.equal(f.severity.network, 1, f.severity.reasons.network);
    } finally {
      await ctx.close();
    }
  });
}
