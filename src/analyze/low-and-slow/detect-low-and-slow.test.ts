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
      assert.equal(f.subject, PROBER);
      for (const [k, v] of Object.entries(c.expected)) assert.equal(f.facts[k], v, `fact ${k}`);
      assert.deepEqual([...new Set(f.evidence.map((e) => e.source))].sort(), ['alert', 'oos', 'scans']);
      assert.ok(f.evidence.length <= 50);
      assert.ok(Number(f.facts.events_oos) === Number(f.facts.probes));
    } finally {
      await ctx.close();
    }
  });
}
