import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AddressBook } from '../core/address-book.js';
import { loadConfig } from '../core/config.js';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { dumpStore, type StoreDump } from '../../test/harness/dump-store.js';
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

/** A generated three-day classic set (alert, scans, oos), written once for the tests below. */
let generated: Promise<string> | null = null;
function generatedLogs(): Promise<string> {
  generated ??= (async () => {
    const { generateClassicLogs } = await import('../gen/generate-classic-logs.js');
    const dir = mkdtempSync(join(tmpdir(), 'idsift-gen-'));
    await generateClassicLogs({ outDir: dir, mb: 0.5, seed: 12, workers: 1 });
    return dir;
  })();
  return generated;
}

/** Events and quarantine rows of one ingest into a fresh store. */
async function storedBy(options: Parameters<typeof ingestFiles>[1]): Promise<StoreDump & { report: IngestReport }> {
  const store = await freshStore();
  try {
    const report = await ingestFiles(store, options);
    return { ...(await dumpStore(store)), report };
  } finally {
    await store.close();
  }
}

test('ingest -: standard input arriving in many pieces, sniffed, stores every record of the file', async () => {
  const dir = await generatedLogs();
  for (const name of ['alert.040420', 'scans.040421', 'oos_Apr.24.2004']) {
    const path = join(dir, name);
    const file = await storedBy({ paths: [path], year: 2004 });
    const piped = await storedBy({
      paths: ['-'],
      year: 2004,
      stdin: createReadStream(path, { highWaterMark: 997 }),
    });
    assert.ok(file.events.length > 20, name);
    assert.equal(piped.events.length, file.events.length, name);
    assert.deepEqual(piped.events, file.events, name);
    assert.deepEqual(piped.quarantine, file.quarantine, name);
  }
});

test('ingest -: gzip on standard input is unpacked (zcat-less), every record kept', async () => {
  const dir = await generatedLogs();
  const path = join(dir, 'scans.040420');
  const file = await storedBy({ paths: [path], year: 2004 });
  const gz = join(mkdtempSync(join(tmpdir(), 'idsift-stdin-gz-')), 'scans.gz');
  writeFileSync(gz, gzipSync(readFileSync(path)));
  const piped = await storedBy({ paths: ['-'], year: 2004, stdin: createReadStream(gz, { highWaterMark: 4096 }) });
  assert.deepEqual(piped.events, file.events);
});

test('ingest: a .gz of already-ingested content is skipped; a gzip of a grown log adds only what is new', async () => {
  const dir = await generatedLogs();
  const work = mkdtempSync(join(tmpdir(), 'idsift-gz-identity-'));
  const text = readFileSync(join(dir, 'alert.040421'));
  writeFileSync(join(work, 'alert.040421'), text);
  writeFileSync(join(work, 'alert.040421.gz'), gzipSync(text));
  const store = await freshStore();
  try {
    const first = await ingestFiles(store, { paths: [join(work, 'alert.040421')] });
    assert.ok(first.rows > 20);
    const again = await ingestFiles(store, { paths: [join(work, 'alert.040421.gz')] });
    assert.deepEqual([again.files[0]!.status, again.rows], ['skipped', 0]);
    assert.match(again.files[0]!.warnings[0]!, /already ingested as .*alert\.040421\b/);
  } finally {
    await store.close();
  }
  // Half a log ingested, then logrotate compresses the whole: only the second half is added.
  const half = text.subarray(0, text.indexOf(10, text.length >> 1) + 1);
  writeFileSync(join(work, 'alert.040422'), half);
  const whole = join(work, 'whole', 'alert.040422');
  await import('node:fs/promises').then((fs) => fs.mkdir(join(work, 'whole')));
  writeFileSync(whole, text);
  const oneShot = await storedBy({ paths: [whole] });
  const stepwise = await freshStore();
  try {
    await ingestFiles(stepwise, { paths: [join(work, 'alert.040422')] });
    writeFileSync(join(work, 'alert.040422.gz'), gzipSync(text));
    const grown = await ingestFiles(stepwise, { paths: [join(work, 'alert.040422.gz')] });
    assert.equal(grown.files[0]!.status, 'grown');
    const dump = await dumpStore(stepwise);
    assert.deepEqual(dump.events, oneShot.events);
    assert.deepEqual(dump.quarantine, oneShot.quarantine);
  } finally {
    await stepwise.close();
  }
});
