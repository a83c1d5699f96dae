/**
 * The commands that already run on the store seam, through the real bin against a two-shard
 * ClickHouse 18.16 cluster on loopback (`--store clickhouse://…?cluster=…`, and $IDSIFT_STORE),
 * answering exactly as the same commands do on a DuckDB file: ingest, files, sql (read-only,
 * enforced by the server). Needs `npm run build` (dist/) and clickhouse-server, as CI has.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, runCli } from '../e2e/run-cli.js';
import { startClickHouse, type ClickHouseServers } from './start-clickhouse.js';

const INPUTS = [
  'test/fixtures/classic/alert.040420',
  'test/fixtures/classic/scans.040420',
  'test/fixtures/classic/oos_Apr.24.2004',
  'test/fixtures/samples/suricata-verify/alert-testmyids__eve.json',
];

let servers: ClickHouseServers;
let scratch: string;
let store: string;
let db: string;

before(async () => {
  servers = await startClickHouse(2);
  store = servers.url('idsift_cli', { cluster: true });
  scratch = mkdtempSync(join(tmpdir(), 'idsift-cli-'));
  db = join(scratch, 'store.duckdb');
});
after(async () => {
  await servers?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface IngestJson {
  files: { file: string; status: string; rows: number; quarantined: number }[];
  rows: number;
}

/** The parts of `ingest --json` that do not depend on the machine (not the seconds). */
const figures = (report: IngestJson): unknown => ({ files: report.files, rows: report.rows });

test('ingest, files and sql answer on the cluster as on DuckDB', () => {
  const onDuck = json<IngestJson>(runCli(['ingest', '--json', '--db', db, ...INPUTS]));
  const onClickHouse = json<IngestJson>(runCli(['ingest', '--json', '--store', store, ...INPUTS]));
  assert.deepEqual(figures(onClickHouse), figures(onDuck));
  assert.ok(onClickHouse.rows > 0);
  // Again: every file is already stored.
  const again = json<IngestJson>(runCli(['ingest', '--json', ...INPUTS], { env: { IDSIFT_STORE: store } }));
  assert.deepEqual(
    again.files.map((f) => f.status),
    INPUTS.map(() => 'skipped'),
  );

  // By name: file ids follow the order parallel ingest finished the files in, on any store.
  const files = (args: string[], env: Record<string, string> = {}): unknown =>
    json<{ files: { file: string }[] }>(runCli(['files', '--json', ...args], { env })).files.sort((a, b) =>
      a.file.localeCompare(b.file),
    );
  assert.deepEqual(files([], { IDSIFT_STORE: store }), files(['--db', db]));

  const sql = 'SELECT line, src, dst, sid, sport FROM events ORDER BY line, src, dst, sid, sport';
  const rows = json<unknown[]>(runCli(['sql', '--json', '--store', store, sql]));
  assert.equal(rows.length, onDuck.rows);
  assert.deepEqual(rows, json(runCli(['sql', '--json', '--db', db, sql])));
});

test('sql on ClickHouse: the server refuses writes and table functions, in one stderr line', () => {
  for (const query of ['DROP TABLE scores', "SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')"]) {
    const result = runCli(['sql', '--store', store, query]);
    assert.notEqual(result.code, 0, query);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /readonly|read-only/i);
  }
});

test('a store URL that is wrong or names no store is one clear stderr line', () => {
  const port = servers.httpPorts[0]!;
  for (const [url, message] of [
    ['clickhouse://127.0.0.1/x', /is not HOST:PORT/],
    [`clickhouse://127.0.0.1:${port}/never_ingested`, /no store at .*never_ingested/],
    [`clickhouse://127.0.0.1:${port},127.0.0.1:${port}/idsift_cli`, /name their cluster/],
  ] as const) {
    const result = runCli(['files', '--store', url]);
    assert.notEqual(result.code, 0, url);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, message);
  }
});
