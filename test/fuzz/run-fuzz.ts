/**
 * `npm run fuzz [-- --seconds 60] [--seed N]`: the parser fuzzing of fuzz-formats.ts for a bounded
 * time, round-robin over every format, in rounds of RUNS_PER_ROUND inputs with seeds seed, seed+1…
 * Prints how many inputs (and records, and bytes) each format was given; a failure prints the
 * format, the round's seed and the counterexample, and exits 1. Replay one round with
 * `FUZZ_SEED=<seed> node --import tsx --test test/fuzz/fuzz-formats.test.ts`.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { fuzzProperty, fuzzTargets } from './fuzz-formats.js';

const RUNS_PER_ROUND = 50;

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string' } },
});
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds <= 0) {
  process.stderr.write(`fuzz: --seconds must be a positive number, not "${values.seconds}"\n`);
  process.exit(1);
}
const firstSeed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const targets = fuzzTargets();
const tallies = targets.map(() => ({ inputs: 0, records: 0, bytes: 0 }));
const deadline = Date.now() + seconds * 1000;
const started = Date.now();
let seed = firstSeed;
let failed = false;

process.stdout.write(`fuzzing ${targets.length} formats for ${seconds} s from seed ${firstSeed}\n`);
while (Date.now() < deadline && !failed) {
  for (const [i, target] of targets.entries()) {
    if (Date.now() >= deadline) break;
    const details = await fc.check(fuzzProperty(target, tallies[i]!), { seed, numRuns: RUNS_PER_ROUND });
    if (details.failed) {
      process.stdout.write(`FAIL ${target.format.name} with seed ${seed}\n${fc.defaultReportMessage(details)}\n`);
      failed = true;
      break;
    }
    seed++;
  }
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
process.stdout.write(`\n${'format'.padEnd(18)}${pad('inputs', 10)}${pad('records', 12)}${pad('MB', 9)}\n`);
for (const [i, target] of targets.entries()) {
  const t = tallies[i]!;
  process.stdout.write(
    `${target.format.name.padEnd(18)}${pad(t.inputs, 10)}${pad(t.records, 12)}${pad((t.bytes / 1e6).toFixed(1), 9)}\n`,
  );
}
const total = tallies.reduce((a, t) => ({
  inputs: a.inputs + t.inputs,
  records: a.records + t.records,
  bytes: a.bytes + t.bytes,
}));
process.stdout.write(
  `${'all'.padEnd(18)}${pad(total.inputs, 10)}${pad(total.records, 12)}${pad((total.bytes / 1e6).toFixed(1), 9)}\n` +
    `${((Date.now() - started) / 1000).toFixed(1)} s, seeds ${firstSeed}–${seed - 1}: ${failed ? 'FAILED' : 'no failure'}\n`,
);
process.exit(failed ? 1 : 0);
