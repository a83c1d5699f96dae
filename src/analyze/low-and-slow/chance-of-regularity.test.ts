import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { log10BinomialTail, log10ChanceOfRegularity, periodsTried, regularByChance } from './chance-of-regularity.js';

const near = (a: number, b: number, eps: number): boolean => Math.abs(a - b) <= eps;

test('chance: one random interval near a whole period, mean = period, ±10%', () => {
  // e^-0.9 − e^-1.1 + e^-1.9 − e^-2.1 + e^-2.9 − e^-3.1
  const expected = [0.9, 1.9, 2.9].reduce((s, a) => s + Math.exp(-a) - Math.exp(-(a + 0.2)), 0);
  assert.ok(near(regularByChance(600, 600, 0.1), expected, 1e-12));
});

test('chance: periods tried between 2 min and 24 h, one 10% allowance apart', () => {
  assert.equal(periodsTried(120, 86_400, 0.1), Math.ceil(Math.log(720) / Math.log(1.2)));
  assert.equal(periodsTried(600, 600, 0.1), 1);
});

test('chance: the binomial tail agrees with a direct sum (property)', () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 1e9);
  console.log(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      (n, r, p) => {
        let direct = 0;
        let c = 1;
        for (let j = 0; j <= n; j++) {
          if (j >= r) direct += c * p ** j * (1 - p) ** (n - j);
          c = (c * (n - j)) / (j + 1);
        }
        const got = log10BinomialTail(n, r, p);
        if (direct === 0) return got < -300;
        return near(got, Math.log10(direct), 1e-6);
      },
    ),
    { seed, numRuns: 300 },
  );
});

const series = { intervals: 5, regular: 5, period: 16_500, span: 5 * 16_500, maxJitter: 0.1 };
const cases: { name: string; tests: number; input: typeof series; counts: boolean }[] = [
  { name: 'six even probes, tested alone', tests: 1, input: series, counts: true },
  { name: 'the same six among a thousand series tested', tests: 1000, input: series, counts: false },
  { name: 'four of five intervals even, alone', tests: 1, input: { ...series, regular: 4 }, counts: false },
  {
    name: '190 probes every 22 min among 500,000 series',
    tests: 500_000,
    input: { intervals: 189, regular: 189, period: 1320, span: 189 * 1320, maxJitter: 0.1 },
    counts: true,
  },
];
for (const c of cases) {
  test(`chance: ${c.name}`, () => {
    const chance = log10ChanceOfRegularity(c.input, periodsTried(120, 86_400, 0.1), c.tests);
    assert.equal(chance <= Math.log10(0.01), c.counts, `log10 chance ${chance}`);
  });
}
