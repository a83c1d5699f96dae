/**
 * The short CI run of the parser fuzzing (test/fuzz/fuzz-formats.ts): every format, a few seconds
 * in all. `npm run fuzz` runs the same properties for as long as asked. A failure prints its seed;
 * replay with FUZZ_SEED=<seed>.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fuzzOnce, fuzzProperty, fuzzTargets } from './fuzz-formats.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

for (const target of fuzzTargets()) {
  test(`fuzz ${target.format.name}: ${RUNS} hostile inputs never throw and every record is accounted for (seed ${seed})`, async () => {
    const tally = { inputs: 0, records: 0, bytes: 0 };
    try {
      await fc.assert(fuzzProperty(target, tally), { seed, numRuns: RUNS });
    } catch (error) {
      console.error(`fuzz ${target.format.name} failed: replay with FUZZ_SEED=${seed}`);
      throw error;
    }
  });
}

/** The accounting itself, on inputs whose figures are known: the fuzzing can only be as good as it. */
const LINE = '04/20-14:45:09.171005  [**] SCAN nmap XMAS [**] 10.0.0.9:53998 -> 10.0.0.5:1';
const known = [
  { name: 'one good line', input: `${LINE}\n`, expected: { records: 1, rows: 1, quarantined: 0, recovered: 0 } },
  { name: 'blank lines only', input: '\n\r\n  \n', expected: { records: 0, rows: 0, quarantined: 0, recovered: 0 } },
  {
    name: 'a NUL line',
    input: `${LINE}\nab\u0000c\n`,
    expected: { records: 2, rows: 1, quarantined: 1, recovered: 0 },
  },
  {
    name: 'a giant line',
    input: `${'x'.repeat(70_000)}\n${LINE}`,
    expected: { records: 2, rows: 1, quarantined: 1, recovered: 0 },
  },
  {
    name: 'a spliced line: fragment quarantined, tail recovered',
    input: `04/20-14:45:09.1${LINE}\n`,
    expected: { records: 1, rows: 1, quarantined: 1, recovered: 1 },
  },
];
const snortFast = fuzzTargets().find((t) => t.format.name === 'snort-fast')!;
for (const k of known) {
  test(`fuzz accounting: ${k.name}`, async () => {
    assert.deepEqual(await fuzzOnce(snortFast, Buffer.from(k.input)), k.expected);
  });
}
