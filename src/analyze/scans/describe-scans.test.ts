/**
 * The description of a reported sweep (scan type, flags, protocol, source ports, days) held to a
 * plain count over its probes: most common value, ties to the least, as the write-up promises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatTcpFlags, type EventRecord } from '../../core/event.js';
import { contextWith, HOUR, probe, SEC, T0 } from '../detect/detect-test-kit.js';
import { runDetects } from '../detect/run-detects.js';

const SCANNER = '61.10.20.30';
const PORT = 57;
const TYPES: Record<string, number | null> = { SYN: 0x02, FIN: 0x01, NULL: 0x00, XMAS: 0x29, UDP: null };

/** The most common value, ties to the least (`undefined` values skipped); null when none. */
function mostCommon<T extends string | number>(values: readonly (T | undefined)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: [T, number] | null = null;
  for (const [v, n] of counts) if (best === null || n > best[1] || (n === best[1] && v < best[0])) best = [v, n];
  return best === null ? null : best[0];
}

function reference(probes: readonly EventRecord[]) {
  const flags = mostCommon(probes.map((p) => p.tcpFlags));
  return {
    probes: probes.length,
    scan_type: mostCommon(probes.map((p) => p.event)),
    scan_types: [...new Set(probes.map((p) => p.event))].sort().join(','),
    flags: flags === null ? null : formatTcpFlags(flags),
    proto: mostCommon(probes.map((p) => p.proto)),
    source_ports: new Set(probes.map((p) => p.sport)).size,
    days: new Set(probes.map((p) => Math.floor(p.ts / (24 * HOUR)))).size,
  };
}

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

test('property: a slow sweep is described as a plain count of its probes says', async () => {
  console.log(`fast-check seed ${seed}`);
  const visit = fc.record({
    type: fc.constantFrom(...Object.keys(TYPES)),
    sport: fc.integer({ min: 40000, max: 40005 }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(visit, { minLength: 36, maxLength: 44 }),
      fc.integer({ min: 90, max: 180 }),
      async (visits, gapMinutes) => {
        // One host every `gapMinutes` (no burst: a slow sweep, described over the whole store).
        const probes = visits.map((p, j) =>
          probe(T0 + j * gapMinutes * 60 * SEC, SCANNER, p.sport, `24.9.7.${j + 1}`, PORT, p.type, TYPES[p.type] ?? 0),
        );
        const ctx = await contextWith(probes);
        try {
          const scan = (await runDetects(ctx)).find((f) => f.kind === 'horizontal-scan' && f.subject === SCANNER);
          assert.ok(scan, 'the sweep is found');
          const facts = scan.facts as Record<string, unknown>;
          const want = reference(probes);
          assert.deepEqual(
            Object.fromEntries(Object.keys(want).map((k) => [k, facts[k]])),
            want,
            `pace ${String(facts.pace)}`,
          );
        } finally {
          await ctx.close();
        }
      },
    ),
    { seed, numRuns: 15 },
  );
});
