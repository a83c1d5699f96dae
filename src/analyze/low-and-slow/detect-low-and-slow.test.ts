import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRecord } from '../../core/event.js';
import { alert, contextWith, HOUR, MIN, packet, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const PROBER = '203.59.1.77';

/** A deterministic pseudo-random sequence so the tests cannot flake. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** One NULL probe every `period` (± jitter) in all three logs, source port rising by `step`. */
function probes(
  n: number,
  period: number,
  p: { dst?: string; dport?: number; step?: number; jitter?: number; seed?: number } = {},
): EventRecord[] {
  const rnd = lcg(p.seed ?? 1);
  const out: EventRecord[] = [];
  for (let i = 0; i < n; i++) {
    const ts = T0 + HOUR + i * period + Math.round((rnd() * 2 - 1) * (p.jitter ?? 30 * SEC));
    const sport = 1500 + (p.step ?? 256) * i;
    const dst = p.dst ?? 'MY.NET.6.7';
    out.push(
      probe(Math.floor(ts / SEC) * SEC, PROBER, sport, dst.replace('MY.NET', '130.85'), p.dport ?? 110, 'NULL', 0),
      alert(ts, 'SCAN NULL', PROBER, sport, dst, p.dport ?? 110),
      packet(ts, PROBER, sport, dst, p.dport ?? 110, { flags: 0, ttl: 78, ipId: 4660 }),
    );
  }
  return out;
}

const cases: { name: string; events: EventRecord[]; expected: Record<string, unknown> | null }[] = [
  {
    name: 'every 22 minutes for three days, in all three logs',
    events: probes(190, 22 * MIN),
    expected: { target: 'MY.NET.6.7', dport: 110, probes: 190, period_s: 1320, sport_step: 256, first_sport: 1500 },
  },
  {
    name: 'another period, port and step are found the same way',
    events: probes(40, 47 * MIN, { dport: 143, step: 1, seed: 9 }),
    expected: { dport: 143, probes: 40, period_s: 2820, sport_step: 1 },
  },
  {
    name: 'near miss: irregular repeats',
    events: (() => {
      const rnd = lcg(5);
      let t = 0;
      return probes(60, 0, { jitter: 0 }).map((e, i) => {
        if (i % 3 === 0) t += Math.round(-Math.log(1 - rnd()) * 20 * MIN);
        return { ...e, ts: T0 + t + (i % 3) * 1000 };
      });
    })(),
    expected: null,
  },
  {
    name: 'near miss: a busy client every 20 s is for minute-scale detectors',
    events: probes(200, 20 * SEC, { jitter: SEC }),
    expected: null,
  },
  {
    name: 'near miss: regular but only for an hour',
    events: probes(6, 12 * MIN),
    expected: null,
  },
];

/**
 * Random (Poisson) re-visits of one host by one outside source: `n` probes over about `n × mean`,
 * in the scans and alert logs.
 */
function randomRevisits(src: string, dst: string, n: number, mean: number, seed: number): EventRecord[] {
  const rnd = lcg(seed);
  let t = T0 + HOUR;
  return Array.from({ length: n }, () => {
    t += Math.max(MIN, Math.round(-Math.log(1 - rnd()) * mean));
    const ts = Math.floor(t / SEC) * SEC;
    return [probe(ts, src, 40000, dst.replace('MY.NET', '130.85'), 3127), alert(ts, 'SCAN SYN', src, 40000, dst, 3127)];
  }).flat();
}

/** Six probes 275 minutes apart (±2 min): as even as chance sometimes makes them. */
const luckySix = [0, 1, 2, 3, 4, 5]
  .map((i) => {
    const ts = T0 + HOUR + i * 275 * MIN + (i % 2 ? 2 : -2) * MIN;
    return [
      probe(ts, '66.1.2.3', 40000, '130.85.206.216', 3127),
      alert(ts, 'SCAN SYN', '66.1.2.3', 40000, 'MY.NET.206.216', 3127),
    ];
  })
  .flat();

cases.push(
  {
    name: 'six even probes on their own are unlikely by chance',
    events: luckySix,
    expected: { target: 'MY.NET.206.216', probes: 6, series_tested: 1 },
  },
  {
    name: 'near miss: the same six among a hundred series of random re-visits are chance',
    events: [
      ...luckySix,
      ...Array.from({ length: 100 }, (_, i) =>
        randomRevisits(`66.9.${i >> 4}.${i + 1}`, `MY.NET.${100 + i}.7`, 8, 200 * MIN, 1000 + i),
      ).flat(),
    ],
    expected: null,
  },
  {
    name: 'near miss: a source that re-visits many hosts is a recurring scanner',
    events: ['MY.NET.6.7', 'MY.NET.6.8', 'MY.NET.7.9', 'MY.NET.9.1', 'MY.NET.12.3'].flatMap((dst, i) =>
      probes(100, 22 * MIN, { dst, seed: i + 2 }),
    ),
    expected: null,
  },
);

for (const c of cases) {
  test(`low-and-slow: ${c.name}`, async () => {
    const ctx = await contextWith(c.events);
    try {
      const found = (await runDetects(ctx)).filter((f) => f.kind === 'low-and-slow');
      if (c.expected === null) {
        assert.deepEqual(
          found.map((f) => f.summary),
          [],
        );
        return;
      }
      assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.summary)));
      const f = found[0]!;
      for (const [k, v] of Object.entries(c.expected)) assert.equal(f.facts[k], v, `fact ${k}`);
      assert.ok(f.evidence.length <= 50);
      if (f.subject === PROBER) {
        assert.deepEqual([...new Set(f.evidence.map((e) => e.source))].sort(), ['alert', 'oos', 'scans']);
        assert.ok(Number(f.facts.events_oos) === Number(f.facts.probes));
      }
    } finally {
      await ctx.close();
    }
  });
}
