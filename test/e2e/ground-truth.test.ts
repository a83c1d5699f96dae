/**
 * The real CLI on a generated three-day set, every count checked against the generator's own
 * ground truth (which the generator computes from what it wrote, never by parsing it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroundTruth } from '../../src/gen/ground-truth.js';
import { json, runCli } from './run-cli.js';

const GROUPS = ['internal', 'firewall', 'external'] as const;

for (const seed of [3, 11]) {
  test(`ground truth: generated set, seed ${seed}`, () => {
    const dir = mkdtempSync(join(tmpdir(), `idsift-truth-${seed}-`));
    const gen = runCli(['gen', dir, '--mb', '3', '--seed', String(seed)]);
    assert.equal(gen.code, 0, gen.stderr);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as GroundTruth;
    const db = join(dir, 'store.duckdb');
    const ingest = json<{
      files: {
        file: string;
        rows: number;
        quarantined: number;
        recovered: number;
        first_ts: string;
        last_ts: string;
        warnings: string[];
      }[];
      rows: number;
    }>(runCli(['ingest', dir, '--db', db, '--json'], { cwd: dir }));
    // Every file: rows, quarantined, recovered, first/last timestamps.
    for (const expected of truth.files) {
      const got = ingest.files.find((f) => f.file.endsWith(`/${expected.name}`));
      assert.ok(got, `${expected.name} ingested`);
      assert.deepEqual(
        {
          rows: got.rows,
          quarantined: got.quarantined,
          recovered: got.recovered,
          first_ts: got.first_ts,
          last_ts: got.last_ts,
        },
        {
          rows: expected.rows,
          quarantined: expected.quarantined,
          recovered: expected.recovered,
          first_ts: expected.first_ts,
          last_ts: expected.last_ts,
        },
        expected.name,
      );
      if (expected.nameDate !== expected.first_ts.slice(0, 10)) {
        assert.ok(
          got.warnings.some((w) => w.includes(`name says ${expected.nameDate}`)),
          `${expected.name}: name/content date finding`,
        );
      }
    }
    // Rows per kind.
    const perKind = json<{ source: string; n: number }[]>(
      runCli(
        ['sql', 'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source', '--json', '--db', db],
        { cwd: dir },
      ),
    );
    assert.deepEqual(Object.fromEntries(perKind.map((r) => [r.source, r.n])), truth.rows);
    // Top talkers and ports per group, as written.
    for (const group of GROUPS) {
      const talkers = json(
        runCli(['top', 'talkers', '--group', group, '--limit', '10', '--json', '--db', db], { cwd: dir }),
      );
      assert.deepEqual(talkers, truth.topTalkers[group], `top talkers ${group}`);
      const ports = json(
        runCli(['top', 'ports', '--group', group, '--limit', '10', '--json', '--db', db], { cwd: dir }),
      );
      assert.deepEqual(ports, truth.topPorts[group], `top ports ${group}`);
    }
    const signatures = json(runCli(['top', 'signatures', '--limit', '10', '--json', '--db', db], { cwd: dir }));
    assert.deepEqual(signatures, truth.topSignatures);
    // Hosts seen in all three logs, aliases applied.
    const stumble = json<{ address: string }[]>(runCli(['stumble', '--json', '--db', db], { cwd: dir }));
    assert.deepEqual(stumble.map((s) => s.address).sort(), [...truth.stumble].sort());
    // Re-ingesting is a no-op.
    const again = json<{ rows: number }>(runCli(['ingest', dir, '--db', db, '--json'], { cwd: dir }));
    assert.equal(again.rows, 0);
  });
}
