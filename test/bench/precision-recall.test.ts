/**
 * The precision/recall bench (bench/precision-recall.ts), small: two scenario sets and two
 * background-only sets of 2 MB through the real gen → ingest → detect. Every injected scenario is
 * found and ranked in the top 10; background-only sets name no inside host as an attacker and have
 * no story finding. `npm run bench:detects -- --mb 20 --seeds 5` is the full run (docs/DETECTS.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTables, measureSet, verdict, type SetResult } from '../../bench/precision-recall.js';

const MB = 2;
const results: SetResult[] = [];

for (const backgroundOnly of [false, true]) {
  for (const seed of backgroundOnly ? [101, 102] : [1, 2]) {
    test(`precision/recall: ${backgroundOnly ? 'background-only' : 'scenario'} set, seed ${seed}, ${MB} MB`, async () => {
      const r = await measureSet({ seed, mb: MB, backgroundOnly });
      results.push(r);
      assert.deepEqual(verdict([r]), [], formatTables([r]));
      if (backgroundOnly) {
        assert.deepEqual(r.hits, []);
      } else {
        assert.deepEqual(
          r.hits.map((h) => h.kind),
          ['scan-then-connect', 'compromised-host', 'low-and-slow', 'crafted-packets'],
        );
      }
    });
  }
}

test('precision/recall: the tables name every set and the verdict sees a miss', () => {
  const table = formatTables(results);
  for (const r of results) assert.match(table, new RegExp(`\\| seed ${r.seed} \\| ${MB} \\|`));
  // A missed scenario and an inside attacker on background break the rules.
  const missed: SetResult = {
    seed: 9,
    mb: MB,
    backgroundOnly: false,
    findings: 0,
    detectMs: 0,
    hits: [{ scenario: 'low and slow', kind: 'low-and-slow', rank: null }],
    insideAttackers: [],
    story: [],
    scansByWhat: new Map(),
    infoByWhat: new Map(),
  };
  const noisy: SetResult = {
    ...missed,
    backgroundOnly: true,
    hits: [],
    insideAttackers: ['horizontal-scan MY.NET.1.3'],
  };
  assert.deepEqual(verdict([missed, noisy]), [
    'scenario seed 9: low and slow not found',
    'background seed 9: inside host named as attacker (horizontal-scan MY.NET.1.3)',
  ]);
});
