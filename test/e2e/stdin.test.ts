import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { BIN, json, runCli } from './run-cli.js';

const count = (db: string): number =>
  json<{ n: number }[]>(runCli(['sql', 'SELECT count(*) AS n FROM events', '--json', '--db', db]))[0]!.n;

test('cat alert | idsift ingest - --year 2004 stores every record; so does gzip piped in; piping it again adds nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-stdin-e2e-'));
  const gen = runCli(['gen', join(dir, 'logs'), '--mb', '8', '--seed', '4']);
  assert.equal(gen.code, 0, gen.stderr);
  const alert = join(dir, 'logs', 'alert.040420');
  const byFile = join(dir, 'file.duckdb');
  json(runCli(['ingest', alert, '--db', byFile, '--json']));
  const expected = count(byFile);
  // Well over one 64 KiB pipe read: the old sniff-and-replay loop kept only the first reads.
  assert.ok(readFileSync(alert).length > 3 * 65_536 && expected > 500, `${expected} events`);

  const piped = join(dir, 'piped.duckdb');
  const text = readFileSync(alert, 'utf8');
  const report = json<{ rows: number }>(
    runCli(['ingest', '-', '--year', '2004', '--db', piped, '--json'], { input: text }),
  );
  assert.equal(report.rows, expected);
  const again = json<{ rows: number; files: { status: string; warnings: string[] }[] }>(
    runCli(['ingest', '-', '--year', '2004', '--db', piped, '--json'], { input: text }),
  );
  assert.deepEqual([again.rows, again.files[0]!.status], [0, 'skipped']);
  assert.equal(count(piped), expected);

  const gz = join(dir, 'gz.duckdb');
  const result = spawnSync(process.execPath, [BIN, 'ingest', '-', '--year', '2004', '--db', gz, '--json'], {
    input: gzipSync(readFileSync(alert)),
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(count(gz), expected);
});

test('a log piped in again after it grew adds only its new lines: the same stored rows as the file ingested, then grown', async () => {
  const { DuckDBStore } = await import('../../src/store/duckdb/duckdb-store.js');
  const { dumpStore } = await import('../harness/dump-store.js');
  const { writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'idsift-stdin-grown-'));
  const gen = runCli(['gen', join(dir, 'logs'), '--mb', '2', '--seed', '6']);
  assert.equal(gen.code, 0, gen.stderr);
  const whole = readFileSync(join(dir, 'logs', 'alert.040420'), 'utf8');
  const first = whole.slice(0, whole.indexOf('\n', Math.floor(whole.length / 2)) + 1);
  assert.ok(first.length > 0 && first.length < whole.length);

  // The plainest way: a file ingested, then ingested again after it grew.
  const log = join(dir, 'alert.040420');
  const byFile = join(dir, 'file.duckdb');
  writeFileSync(log, first);
  json(runCli(['ingest', log, '--db', byFile, '--json']));
  writeFileSync(log, whole);
  const grownFile = json<{ rows: number; files: { status: string }[] }>(
    runCli(['ingest', log, '--db', byFile, '--json']),
  );
  assert.equal(grownFile.files[0]!.status, 'grown');

  const piped = join(dir, 'piped.duckdb');
  const before = json<{ rows: number }>(
    runCli(['ingest', '-', '--year', '2004', '--db', piped, '--json'], { input: first }),
  );
  const after = json<{ rows: number; files: { status: string; warnings: string[] }[] }>(
    runCli(['ingest', '-', '--year', '2004', '--db', piped, '--json'], { input: whole }),
  );
  assert.equal(after.files[0]!.status, 'grown', JSON.stringify(after.files[0]));
  assert.equal(after.rows, grownFile.rows);
  assert.equal(before.rows + after.rows, count(byFile));

  const dump = async (path: string) => {
    const store = await DuckDBStore.open(path, { readOnly: true });
    try {
      return await dumpStore(store);
    } finally {
      await store.close();
    }
  };
  const [expected, actual] = [await dump(byFile), await dump(piped)];
  assert.deepEqual(actual.events, expected.events);
  assert.deepEqual(actual.quarantine, expected.quarantine);
  assert.deepEqual(actual.files, expected.files);
});
