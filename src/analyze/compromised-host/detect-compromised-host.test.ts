import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { alert, contextWith, HOUR, MIN, probe, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const DAY = 24 * HOUR;
const V = 'MY.NET.84.235';
const V_SCANS = '130.85.84.235';

/** The classic chain, with the roles' signatures and ports as parameters. */
function chain(p: {
  control: [string, number];
  trojan: [string, number];
  handler: [string, number[]];
  scan?: number;
  order?: 'normal' | 'reversed';
}): EventRecord[] {
  const shift = p.order === 'reversed' ? 3 * DAY : 0;
  const control = [0, 7, 19].map((m) =>
    alert(T0 + 10 * HOUR + m * MIN + shift, p.control[0], '81.220.163.126', 4662 + m, V, p.control[1]),
  );
  const scan = Array.from({ length: p.scan ?? 30 }, (_, i) =>
    probe(T0 + 16 * HOUR + i * 1e6, V_SCANS, 3000 + i, `64.12.9.${i + 1}`, 80),
  );
  const trojan = [0, 3, 5].map((h) =>
    alert(T0 + DAY + (6 + h) * HOUR, p.trojan[0], V, p.trojan[1], '200.9.9.9', 1100 + h),
  );
  const handler = ['61.1.1.1', '62.2.2.2', '63.3.3.3'].flatMap((peer, i) =>
    p.handler[1].map((port, j) => alert(T0 + DAY + (10 + i) * HOUR + j * MIN, p.handler[0], V, port, peer, 1500 + i)),
  );
  return [...control, ...scan, ...trojan, ...handler];
}

const CLASSIC = {
  control: ['DDOS shaft client to handler', 20432] as [string, number],
  trojan: ['BACKDOOR SubSeven 22', 27374] as [string, number],
  handler: ['DDOS mstream handler to client', [12754, 15104]] as [string, number[]],
};

const cases: {
  name: string;
  events: EventRecord[];
  expected: { stages: string; handler_ports: string | null; trojan_ports: string | null; control_ports: string } | null;
}[] = [
  {
    name: 'classic chain: shaft control, scan, SubSeven server, mstream handler',
    events: chain(CLASSIC),
    expected: {
      stages: 'control → scan → trojan → ddos',
      handler_ports: '12754,15104',
      trojan_ports: '27374',
      control_ports: '20432',
    },
  },
  {
    name: 'other tools and ports are found the same way',
    events: chain({
      control: ['DDOS Trin00 Attacker to Master default startup password', 27665],
      trojan: ['BACKDOOR NetBus active', 12345],
      handler: ['DDOS Stacheldraht handler to agent', [16660, 65000]],
      scan: 0,
    }),
    expected: {
      stages: 'control → trojan → ddos',
      handler_ports: '16660,65000',
      trojan_ports: '12345',
      control_ports: '27665',
    },
  },
  {
    name: 'near miss: control traffic but the host never does anything afterwards',
    events: chain(CLASSIC).filter((e) => e.dst === V),
    expected: null,
  },
  {
    name: 'near miss: the outbound traffic came before the control traffic',
    events: chain({ ...CLASSIC, order: 'reversed' }),
    expected: null,
  },
  {
    name: 'near miss: being flooded is not being controlled',
    events: chain({ ...CLASSIC, control: ['DDOS shaft synflood', 20432] }).filter(
      (e) => e.src !== V || e.source === 'scans',
    ),
    expected: null,
  },
];

for (const c of cases) {
  test(`compromised-host: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const found = (await runDetects(ctx)).filter((f) => f.kind === 'compromised-host');
      if (c.expected === null) {
        assert.deepEqual(
          found.map((f) => f.summary),
          [],
        );
        return;
      }
      assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.summary)));
      const f = found[0]!;
      assert.equal(f.subject, V);
      for (const [k, v] of Object.entries(c.expected)) assert.equal(f.facts[k], v, `fact ${k}`);
      for (const peer of ['81.220.163.126', '200.9.9.9', '61.1.1.1', '62.2.2.2', '63.3.3.3'])
        assert.ok(f.related.includes(peer), peer);
      const stamps = f.chain!.map((s) => s.ts);
      assert.deepEqual(stamps, [...stamps].sort(), 'chain in time order');
      assert.equal(f.severity.criticality, 5, f.severity.reasons.criticality);
      assert.equal(f.severity.system, 1, f.severity.reasons.system);
      assert.ok(
        f.evidence.some((e) => e.dst === V),
        'inbound control in evidence',
      );
      assert.ok(
        f.evidence.some((e) => e.src === V && e.dst === '61.1.1.1'),
        'handler traffic in evidence',
      );
      if (c.expected.stages.includes('scan'))
        assert.ok(f.evidence.some((e) => e.source === 'scans' && e.src === V_SCANS));
    } finally {
      await ctx.close();
    }
  });
}
