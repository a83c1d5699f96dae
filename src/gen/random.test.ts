import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';

const draw = (rng: Random, n: number): number[] => Array.from({ length: n }, () => rng.next());

test('Random is reproducible per seed and stream, and differs across them', () => {
  const cases: { name: string; input: [number, number, number, number]; expected: boolean }[] = [
    { name: 'same seed, same stream', input: [1, 0, 1, 0], expected: true },
    { name: 'next seed', input: [1, 0, 2, 0], expected: false },
    { name: 'other stream', input: [1, 0, 1, 1], expected: false },
    { name: 'seeds 2^32 apart', input: [5, 0, 5 + 2 ** 32, 0], expected: false },
  ];
  for (const c of cases) {
    const [s1, t1, s2, t2] = c.input;
    assert.equal(draw(new Random(s1, t1), 8).join() === draw(new Random(s2, t2), 8).join(), c.expected, c.name);
  }
});

test('Random ranges stay in bounds and cover them', () => {
  const rng = new Random(42);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const v = rng.range(3, 9);
    assert.ok(v >= 3 && v <= 9);
    seen.add(v);
    const f = rng.float();
    assert.ok(f >= 0 && f < 1);
    const s = rng.skewed(10, 3);
    assert.ok(s >= 0 && s < 10);
  }
  assert.equal(seen.size, 7);
});
