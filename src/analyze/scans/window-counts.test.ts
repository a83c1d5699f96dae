import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HostKeys } from '../detect/host-id-table.js';
import { mergeWindows } from './merge-windows.js';
import { measureWindows, type CandidateShape, type WindowRules } from './window-counts.js';

const HOUR = 3600e6;

interface Probe {
  candidate: number;
  t: number;
  dst: number;
}

/** The same figures the plain way: sets and maps, one candidate at a time (slow, obviously right). */
function reference(
  probes: readonly Probe[],
  keys: HostKeys,
  candidates: number,
  rules: WindowRules,
  answerers: ReadonlyMap<number, ReadonlySet<number>>,
): (CandidateShape | null)[] {
  const figures = (rows: readonly Probe[], answering: ReadonlySet<number> | null) => {
    const hosts = new Set(rows.map((p) => keys.hkey[p.dst]!));
    return {
      probes: rows.length,
      hosts: hosts.size,
      blocks: new Set(rows.map((p) => keys.bid[p.dst]!)).size,
      first: Math.min(...rows.map((p) => p.t)),
      last: Math.max(...rows.map((p) => p.t)),
      answered: [...hosts].filter((h) => answering?.has(h) ?? false).length,
    };
  };
  const out: (CandidateShape | null)[] = [];
  for (let c = 0; c < candidates; c++) {
    const rows = probes.filter((p) => p.candidate === c);
    if (rows.length === 0) {
      out.push(null);
      continue;
    }
    const whole = figures(rows, null);
    const found: { start: number; end: number }[] = [];
    let active = 0;
    const days = new Set<number>();
    for (const offset of [0, rules.half]) {
      const byWindow = new Map<number, Set<number>>();
      for (const p of rows) {
        const w = Math.floor((p.t + offset) / rules.width);
        byWindow.set(w, (byWindow.get(w) ?? new Set()).add(keys.hkey[p.dst]!));
      }
      const total = [...byWindow.values()].reduce((n, s) => n + s.size, 0);
      if (offset === 0) {
        active = byWindow.size;
        for (const w of byWindow.keys()) days.add(Math.floor((w * rules.width) / 86400e6));
      }
      for (const [w, set] of byWindow) {
        const baseline = (total - set.size) / Math.max(1, rules.windows - 1);
        if (set.size >= rules.minWindowHosts && set.size >= rules.rateFactor * baseline)
          found.push({ start: w * rules.width - offset, end: w * rules.width - offset + rules.width });
      }
    }
    const { answered: _answered, ...counts } = whole;
    const windowsSpanned = Math.floor(whole.last / rules.width) - Math.floor(whole.first / rules.width) + 1;
    out.push({
      traffic: { ...counts, days: days.size, activeShare: active / windowsSpanned },
      bursts: mergeWindows(found).map((w) =>
        figures(
          rows.filter((p) => p.t >= w.start && p.t < w.end),
          answerers.get(c) ?? null,
        ),
      ),
    });
  }
  return out;
}

function run(probes: readonly Probe[], keys: HostKeys, candidates: number, rules: WindowRules, answerers = new Map()) {
  return measureWindows(
    {
      rows: probes.length,
      candidate: Int32Array.from(probes.map((p) => p.candidate)),
      t: Float64Array.from(probes.map((p) => p.t)),
      dst: Uint32Array.from(probes.map((p) => p.dst)),
    },
    keys,
    candidates,
    rules,
    answerers,
  );
}

const RULES: WindowRules = { width: HOUR, half: HOUR / 2, windows: 72, minWindowHosts: 8, rateFactor: 4 };

/** Addresses 0..59: ids 50..59 are aliases of hosts 0..9 (same rank); six hosts per /24 block. */
function hostKeys(): HostKeys {
  const keys: HostKeys = { hkey: new Int32Array(60), bid: new Int32Array(60) };
  for (let id = 0; id < 60; id++) {
    const host = id >= 50 ? id - 50 : id;
    keys.hkey[id] = host + 1;
    keys.bid[id] = Math.floor(host / 6) + 1;
  }
  return keys;
}

test('measureWindows: a burst in one hour over a quiet background, aliases counted once', () => {
  const keys = hostKeys();
  const start = 24 * HOUR;
  const probes: Probe[] = [];
  // 12 hosts in ten minutes, plus the same first 3 hosts again under their alias spelling.
  for (let h = 0; h < 12; h++) probes.push({ candidate: 0, t: start + h * 50e6, dst: h });
  for (let h = 0; h < 3; h++) probes.push({ candidate: 0, t: start + 700e6 + h, dst: 50 + h });
  // One probe a day before and after: background.
  probes.push({ candidate: 0, t: 2 * HOUR, dst: 30 }, { candidate: 0, t: 50 * HOUR, dst: 31 });
  const [shape] = run(probes, keys, 1, RULES, new Map([[0, new Set([keys.hkey[0]!, keys.hkey[1]!, 99])]]));
  assert.ok(shape);
  assert.deepEqual(shape.bursts, [
    {
      first: start,
      last: start + 700e6 + 2,
      probes: 15,
      hosts: 12,
      blocks: 2,
      answered: 2,
    },
  ]);
  assert.equal(shape.traffic.probes, 17);
  assert.equal(shape.traffic.hosts, 14);
  assert.equal(shape.traffic.days, 3);
});

test('measureWindows: a candidate with no probes is null, its neighbours are not', () => {
  const keys = hostKeys();
  const shapes = run(
    [
      { candidate: 2, t: HOUR, dst: 1 },
      { candidate: 0, t: HOUR, dst: 2 },
    ],
    keys,
    3,
    RULES,
  );
  assert.equal(shapes[1], null);
  assert.equal(shapes[0]?.traffic.hosts, 1);
  assert.equal(shapes[2]?.traffic.hosts, 1);
});

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

test('property: measureWindows gives the plain count of sets, whatever the order of the rows', () => {
  console.log(`fast-check seed ${seed}`);
  const keys = hostKeys();
  const probe = fc.record({
    candidate: fc.integer({ min: 0, max: 3 }),
    // Three days, with clusters: most probes fall in a few hours so that bursts exist.
    t: fc.oneof(
      fc.integer({ min: 0, max: 72 * 3600 }).map((s) => s * 1e6),
      fc.integer({ min: 0, max: 5400 }).map((s) => 30 * HOUR + s * 1e6),
    ),
    dst: fc.integer({ min: 0, max: 59 }),
  });
  fc.assert(
    fc.property(
      fc.array(probe, { maxLength: 300 }),
      fc.integer({ min: 2, max: 12 }),
      fc.integer({ min: 1, max: 5 }),
      fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 10 }),
      (probes, minWindowHosts, rateFactor, answering) => {
        const rules = { ...RULES, minWindowHosts, rateFactor };
        const answerers = new Map([
          [0, new Set(answering)],
          [2, new Set(answering.slice(0, 3))],
        ]);
        assert.deepEqual(run(probes, keys, 4, rules, answerers), reference(probes, keys, 4, rules, answerers));
      },
    ),
    { seed, numRuns: 300 },
  );
});
