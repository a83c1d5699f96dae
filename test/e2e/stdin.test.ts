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
