/** ZoneClock's date checks: impossible days are refused, without inventing a rolled-over date. */
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { isoFromMicros, isoFromMicrosExact, ZoneClock } from './time.js';

const CASES: [string, [number, number, number, number, number, number], string | null][] = [
  ['Feb 29 in a leap year', [2004, 2, 29, 10, 0, 0], '2004-02-29T10:00:00.000Z'],
  ['Feb 29 in a century leap year', [2000, 2, 29, 0, 0, 0], '2000-02-29T00:00:00.000Z'],
  ['Feb 29 in a century common year', [1900, 2, 29, 0, 0, 0], null],
  ['Feb 29 in a common year', [2003, 2, 29, 0, 0, 0], null],
  ['Feb 30', [2004, 2, 30, 0, 0, 0], null],
  ['Apr 31', [2004, 4, 31, 0, 0, 0], null],
  ['Dec 31', [2004, 12, 31, 23, 59, 59], '2004-12-31T23:59:59.000Z'],
  ['a leap second at the end of a month', [2015, 6, 30, 23, 59, 60], '2015-07-01T00:00:00.000Z'],
  ['hour 24', [2004, 4, 20, 24, 0, 0], null],
];

for (const [name, [y, mo, d, h, mi, s], expected] of CASES) {
  test(`ZoneClock.toEpochMicros: ${name}`, () => {
    const micros = new ZoneClock('UTC').toEpochMicros(y, mo, d, h, mi, s, 0);
    assert.equal(Number.isNaN(micros) ? null : isoFromMicros(micros), expected);
  });
}

const EXACT: { name: string; micros: number | bigint; expected: string }[] = [
  { name: 'sub-millisecond digits are kept', micros: 1082468537874123, expected: '2004-04-20T13:42:17.874123Z' },
  { name: 'a whole second', micros: 1082468537000000, expected: '2004-04-20T13:42:17.000000Z' },
  { name: 'one microsecond', micros: 1n, expected: '1970-01-01T00:00:00.000001Z' },
  { name: 'before 1970', micros: -1n, expected: '1969-12-31T23:59:59.999999Z' },
  { name: 'the epoch', micros: 0, expected: '1970-01-01T00:00:00.000000Z' },
  { name: 'before 1970, as a number', micros: -1_500_001, expected: '1969-12-31T23:59:58.499999Z' },
  { name: 'beyond exact numbers, as a bigint', micros: 2n ** 53n + 1n, expected: '2255-06-05T23:47:34.740993Z' },
];

for (const c of EXACT) {
  test(`isoFromMicrosExact: ${c.name}`, () => {
    assert.equal(isoFromMicrosExact(c.micros), c.expected);
  });
}

test('property: isoFromMicrosExact gives the same text for a number as for the same bigint', () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (micros) => {
      assert.equal(isoFromMicrosExact(micros), isoFromMicrosExact(BigInt(micros)));
    }),
    { seed, numRuns: 2000 },
  );
});

test('property: isoFromMicrosExact over a run of times days apart or a second apart (one day formatted, then reused)', () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(
      fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
      fc.array(fc.integer({ min: -3 * 86_400_000_000, max: 3 * 86_400_000_000 }), { minLength: 1, maxLength: 40 }),
      (base, offsets) => {
        for (const micros of offsets.map((o) => base + o))
          assert.equal(isoFromMicrosExact(micros), isoFromMicrosExact(BigInt(micros)));
      },
    ),
    { seed, numRuns: 500 },
  );
});
