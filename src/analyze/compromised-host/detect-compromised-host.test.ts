import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AddressBook } from '../../core/address-book.js';
import { parseConfig } from '../../core/config.js';
import type { EventRecord } from '../../core/event.js';
import { ZoneClock } from '../../core/time.js';
import { parseEveRecord } from '../../ingest/formats/suricata-eve.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import { alert, contextWith, HOUR, MIN, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import type { DetectContext } from '../detect/detect-module.js';
import { runDetects } from '../detect/run-detects.js';

const SAMPLES = fileURLToPath(new URL('../../../test/fixtures/samples/', import.meta.url));

/** A store of one real EVE sample (a JSON array of records), parsed by the real parser, default config. */
async function sampleContext(name: string): Promise<DetectContext & { close(): Promise<void> }> {
  const records = JSON.parse(readFileSync(`${SAMPLES}${name}`, 'utf8')) as unknown[];
  const events = records.flatMap((r) => {
    const parsed = parseEveRecord(JSON.stringify(r), new ZoneClock('UTC'));
    return parsed.kind === 'parsed' ? [parsed.event] : [];
  });
  const config = parseConfig('{}', 'test-config');
  const book = new AddressBook(config.address);
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(book, config.addressHash);
  await loadEvents(
    store,
    [...events].sort((a, b) => a.ts - b.ts),
    { name: name.split('/').pop()! },
  );
  return { store, book, config, close: () => store.close() };
}

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

/** The controller's real check-ins to the handler port on V (one source, one host). */
const control = [0, 7, 19].map((m) =>
  alert(T0 + 10 * HOUR + m * MIN, 'DDOS shaft client to handler', '81.220.163.126', 4700 + m, V, 20432),
);

const portIsNotARole: { name: string; events: EventRecord[] }[] = [
  {
    name: "an IRC client's ephemeral port that is a SubSeven port is not a SubSeven server",
    events: [
      ...control,
      ...[0, 2, 5].map((h) => alert(T0 + DAY + h * HOUR, 'CHAT IRC nick change', V, 6776, '87.230.249.145', 6667)),
    ],
  },
  {
    name: 'one packet from a listener port to a peer that connected is not yet a server',
    events: [...control, alert(T0 + DAY, 'BACKDOOR SubSeven 22', V, 27374, '200.9.9.9', 3312)],
  },
  {
    name: "an inbound SubSeven sweep, then the host's ordinary resolver traffic",
    events: [
      ...Array.from({ length: 12 }, (_, i) =>
        alert(
          T0 + HOUR + i * SEC,
          'BACKDOOR SubSeven access',
          '161.26.133.101',
          3500,
          i === 0 ? V : `MY.NET.84.${i + 1}`,
          27374,
        ),
      ),
      ...Array.from({ length: 60 }, (_, i) =>
        probe(T0 + 5 * HOUR + i * 30 * SEC, V_SCANS, 2000 + i, `64.12.${i}.1`, 53, 'UDP'),
      ),
    ],
  },
  {
    name: "a one-off SubSeven alert to a resolver, then the resolver's ordinary traffic (its habit before too)",
    events: [
      ...Array.from({ length: 60 }, (_, i) =>
        probe(T0 + HOUR + i * 60 * SEC, V_SCANS, 2000 + i, `64.12.${i}.1`, 53, 'UDP'),
      ),
      alert(T0 + 3 * HOUR, 'BACKDOOR SubSeven 22', '161.26.133.101', 3500, V, 27374),
      ...Array.from({ length: 60 }, (_, i) =>
        probe(T0 + 5 * HOUR + i * 60 * SEC, V_SCANS, 3000 + i, `64.13.${i}.1`, 53, 'UDP'),
      ),
    ],
  },
];

for (const c of portIsNotARole) {
  test(`compromised-host: a port is not a role: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const found = (await runDetects(ctx)).filter((f) => f.kind === 'compromised-host');
      assert.deepEqual(
        found.map((f) => f.summary),
        [],
      );
    } finally {
      await ctx.close();
    }
  });
}

test('compromised-host: the real Suricata sample tells a drive-by download, then C2 beacons', async () => {
  const ctx = await sampleContext('suricata-sample-data/first-org-conf-2015.alerts-only.json');
  try {
    const found = (await runDetects(ctx)).filter((f) => f.kind === 'compromised-host');
    const f = found.find((x) => x.subject === '192.168.0.53');
    assert.ok(f, JSON.stringify(found.map((x) => x.summary)));
    assert.equal(f.facts.stages, 'download → beacon', f.summary);
    assert.match(f.summary, /fetched a drive-by download .*then sent command-and-control beacons/);
    assert.doesNotMatch(f.summary, /served trojan traffic|control traffic/);
    // The beacons went to the C2 servers' service ports, not from the host's client ports.
    assert.equal(f.facts.beacon_ports, '80,8080');
    for (const c2 of ['88.214.241.199', '71.95.164.42']) assert.ok(f.related.includes(c2), c2);
    // The exploit kit's landing page and the executable it sent are the download's sources.
    for (const ek of ['92.222.174.249', '217.172.189.243']) assert.ok(f.related.includes(ek), ek);
    assert.match(String(f.facts.families), /Poweliks/);
    assert.match(String(f.facts.families), /NanoCore/);
  } finally {
    await ctx.close();
  }
});
