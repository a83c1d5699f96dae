/**
 * Detect output is a function of the logs alone. Address and file ids are handed out in the order
 * the ingest meets them (parallel workers, one call or several), so two ingests of the same logs
 * number things differently; `detect --json` and the report must not notice. The demo set is
 * ingested once in one call with one worker, and once file by file in reverse name order with two
 * workers — different ids for the same addresses — and both stores must give byte-identical
 * `detect --json` and Markdown reports. (The demo's horizontal scans outnumber the scans cap, so
 * which ones survive the cut is part of what is compared.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { json, runCli } from './run-cli.js';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const LOGS = readdirSync(DEMO)
  .filter((f) => !f.endsWith('.json'))
  .sort();

/** Ingest `batches` of demo files, one `ingest` call each, into a fresh store; returns its folder. */
function ingestStore(batches: string[][], workers: number): string {
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-determinism-'));
  copyFileSync(join(DEMO, 'idsift.config.json'), join(cwd, 'idsift.config.json'));
  for (const batch of batches) {
    const files = batch.map((f) => join(DEMO, f));
    const r = runCli(['ingest', ...files, '--db', 'store.duckdb', '--workers', String(workers), '--json'], { cwd });
    assert.equal(r.code, 0, r.stderr);
  }
  return cwd;
}

/** The Markdown report, less what names when and where it was written (the store's own folder). */
function reportText(cwd: string): string {
  const r = runCli(['report', '--db', 'store.duckdb', '--format', 'md', '--out', 'report.md'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return readFileSync(join(cwd, 'report.md'), 'utf8')
    .replace(/Generated \d{4}-\d\d-\d\d [\d:.]+ UTC/, 'Generated (time) UTC')
    .replaceAll(cwd, '(folder)');
}

test('detect determinism: the same logs ingested in another order, with other worker counts, give identical detect --json and report', () => {
  const together = ingestStore([LOGS], 1);
  const oneByOne = ingestStore(
    [...LOGS].reverse().map((f) => [f]),
    2,
  );
  // The ids really differ (else this test could not fail): the first addresses each store numbered.
  const firstAddresses = (cwd: string): unknown =>
    json(runCli(['sql', '--json', '--db', 'store.duckdb', 'SELECT host FROM addrs ORDER BY id LIMIT 20'], { cwd }));
  assert.notDeepEqual(firstAddresses(together), firstAddresses(oneByOne), 'the two stores numbered addresses apart');

  const detect = (cwd: string): string => {
    const r = runCli(['detect', '--json', '--db', 'store.duckdb'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const a = detect(together);
  const b = detect(oneByOne);
  assert.ok(
    (JSON.parse(a) as { kind: string }[]).some((f) => f.kind === 'horizontal-scan'),
    'the demo finds horizontal scans',
  );
  assert.equal(b, a, 'detect --json is the same for both stores');
  assert.equal(reportText(oneByOne), reportText(together), 'the report is the same for both stores');
});
