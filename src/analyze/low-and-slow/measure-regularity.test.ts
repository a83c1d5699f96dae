import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRegularity } from './measure-regularity.js';

const S = 1e6;
const OPTIONS = { mergeMicros: 5 * S, maxJitter: 0.1 };

/** A deterministic pseudo-random sequence so the tests cannot flake. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

test('a 22-minute clock with ±30 s jitter, seen in three logs, sport +256', () => {
  const rnd = lcg(7);
  const times: number[] = [];
  const sports: (number | null)[] = [];
  for (let i = 0; i < 40; i++) {
    const t = i * 1320 * S + Math.round((rnd() * 60 - 30) * S);
    // scans line (whole second), alert and oos: one probe
    times.push(Math.floor(t / S) * S, t, t + 200);
    sports.push(2000 + 256 * i, 2000 + 256 * i, 2000 + 256 * i);
  }
  const order = times.map((t, i) => [t, sports[i]] as const).sort((a, b) => a[0] - b[0]);
  const r = measureRegularity(
    order.map((o) => o[0]),
    order.map((o) => o[1]),
    OPTIONS,
  )!;
  assert.equal(r.probes, 40);
  assert.ok(Math.abs(r.period - 1320) < 10, `period ${r.period}`);
  assert.ok(r.jitter < 40, `jitter ${r.jitter}`);
  assert.equal(r.regularShare, 1);
  assert.equal(r.sportStep, 256);
  assert.equal(r.sportStepShare, 1);
  assert.equal(r.firstSport, 2000);
});

test('missing probes count as whole periods', () => {
  const times = [0, 1, 2, 4, 5, 6, 8, 9].map((k) => k * 600 * S);
  const r = measureRegularity(
    times,
    times.map(() => null),
    OPTIONS,
  )!;
  assert.equal(r.period, 600);
  assert.equal(r.regularShare, 1);
  assert.equal(r.sportStep, null);
});

test('near miss: irregular (exponential) repeats are not regular', () => {
  const rnd = lcg(3);
  let t = 0;
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    t += Math.round(-Math.log(1 - rnd()) * 1200 * S);
    times.push(t);
  }
  const r = measureRegularity(
    times,
    times.map(() => null),
    OPTIONS,
  )!;
  assert.ok(r.regularShare < 0.5, `share ${r.regularShare}`);
});

test('too few probes to say anything', () => {
  assert.equal(measureRegularity([0, 600 * S], [null, null], OPTIONS), null);
});
