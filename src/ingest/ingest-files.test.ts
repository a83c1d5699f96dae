import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AddressBook } from '../core/address-book.js';
import { loadConfig } from '../core/config.js';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { ingestFiles, type IngestReport } from './ingest-files.js';

const FIXTURES = new URL('../../test/fixtures/classic/', import.meta.url).pathname;

async function freshStore(): Promise<DuckDBStore> {
  const store = await DuckDBStore.open(':memory:');
  const config = loadConfig(join(FIXTURES, 'idsift.config.json'));
  await store.applyAddressBook(new AddressBook(config.address), config.addressHash);
  return store;
}

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-ingest-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

const byName = (report: IngestReport, suffix: string) => report.files.find((f) => f.file.endsWith(suffix))!;

test('ingest: a folder of the three classic kinds, sniffed, counted, quarantined, with integrity findings', async () => {
  const dir = copyFixtures();
  const store = await freshStore();
  // Worker threads even for these small files: the path large inputs take.
  const report = await ingestFiles(store, { paths: [dir], inlineParseBytes: 0 });
  assert.equal(report.files.length, 3, 'the config file beside the logs is not ingested');
  const alert = byName(report, 'alert.040420');
  assert.deepEqual(
    {
      format: alert.format,
      status: alert.status,
      rows: alert.rows,
      quarantined: alert.quarantined,
      recovered: alert.recovered,
    },
    { format: 'snort-fast', status: 'ingested', rows: 5, quarantined: 2, recovered: 1 },
  );
  assert.equal(alert.first_ts, '2004-04-20T14:45:09.171Z');
  const scans = byName(report, 'scans.040420');
  assert.deepEqual([scans.format, scans.rows, scans.quarantined], ['snort-scans', 4, 0]);
  const oos = byName(report, 'oos_Apr.24.2004');
  assert.deepEqual([oos.format, oos.rows, oos.quarantined], ['snort-oos', 2, 0]);
  assert.ok(
    oos.warnings.some((w) => /name says 2004-04-24 but content runs 2004-04-20 \(\+4 day/.test(w)),
    oos.warnings.join('; '),
  );
  assert.equal(report.rows, 11);
  const [counts] = await store.all<{ n: number; q: number }>(
    'SELECT (SELECT count(*) FROM events) AS n, (SELECT count(*) FROM quarantine) AS q',
  );
  assert.deepEqual(counts, { n: 11, q: 2 });
  const quarantined = await store.all<{ line: number; code: string; raw: string }>(
    'SELECT line, code, raw FROM quarantine ORDER BY line',
  );
  assert.deepEqual(
    quarantined.map((q) => [q.line, q.code]),
    [
      [4, 'spliced'],
      [5, 'no_match'],
    ],
  );
  assert.equal(quarantined[1]!.raw, 'this is not an alert line');
  await store.close();
});

test('ingest: re-ingesting is a no-op; a grown file reads only its new lines', async () => {
  const dir = copyFixtures();
  const store = await freshStore();
  await ingestFiles(store, { paths: [dir] });
  const again = await ingestFiles(store, { paths: [dir] });
  assert.deepEqual(
    again.files.map((f) => f.status),
    ['skipped', 'skipped', 'skipped'],
  );
  assert.equal(again.rows, 0);
  appendFileSync(join(dir, 'scans.040420'), 'Apr 20 15:00:00 24.1.2.3:80 -> 130.85.1.3:110 NULL ******** \n');
  const grown = await ingestFiles(store, { paths: [join(dir, 'scans.040420')] });
  assert.equal(grown.files[0]!.status, 'grown');
  assert.equal(grown.files[0]!.rows, 1);
  const lines = await store.all<{ line: number }>(`SELECT line FROM events WHERE source = 'scans' ORDER BY line`);
  assert.deepEqual(
    lines.map((l) => l.line),
    [1, 2, 3, 4, 5],
  );
  const third = await ingestFiles(store, { paths: [dir] });
  assert.equal(third.rows, 0, 'after growth, the whole folder is again a no-op');
  await store.close();
});

test('ingest: gzip, --year, stdin, and an unrecognised file named explicitly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-ingest-'));
  const alertText = readFileSync(join(FIXTURES, 'alert.040420'));
  writeFileSync(join(dir, 'alerts.gz'), gzipSync(alertText));
  writeFileSync(join(dir, 'notes.txt'), 'hello\nworld\n');
  const store = await freshStore();
  const report = await ingestFiles(store, {
    paths: [join(dir, 'alerts.gz'), join(dir, 'notes.txt'), '-'],
    year: 2003,
    stdin: Readable.from([readFileSync(join(FIXTURES, 'scans.040420'))]),
  });
  const gz = byName(report, 'alerts.gz');
  assert.deepEqual([gz.status, gz.rows, gz.first_ts], ['ingested', 5, '2003-04-20T14:45:09.171Z']);
  const notes = byName(report, 'notes.txt');
  assert.equal(notes.status, 'failed');
  assert.match(notes.warnings[0]!, /format not recognised/);
  const stdin = byName(report, '-');
  assert.deepEqual([stdin.format, stdin.rows], ['snort-scans', 4]);
  await store.close();
});

test('ingest: --tz reads wall-clock times in that zone', async () => {
  const dir = copyFixtures();
  const store = await freshStore();
  const report = await ingestFiles(store, { paths: [join(dir, 'alert.040420')], tz: 'America/New_York' });
  assert.equal(report.files[0]!.first_ts, '2004-04-20T18:45:09.171Z');
  await store.close();
});
