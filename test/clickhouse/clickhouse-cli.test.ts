/**
 * The commands that run on the store seam, through the real bin against a two-shard ClickHouse
 * 18.16 cluster on loopback (`--store clickhouse://…?cluster=…`, and $IDSIFT_STORE), answering
 * exactly as the same commands do on a DuckDB file: ingest, files, sql (read-only, enforced by the
 * server), the analyses top, stumble, ip and profile, and rules load and rule, as JSON and as text. Needs
 * `npm run build` (dist/) and clickhouse-server, as CI has.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

test('top, stumble, ip and profile print on the cluster what they print on DuckDB, as JSON and as text', () => {
  // Groups and aliases (MY.NET = 130.85), saved by ingest in both stores and used by every command.
  const config = 'test/fixtures/classic/idsift.config.json';
  const cluster = servers.url('idsift_cli_analyses', { cluster: true });
  const duck = join(scratch, 'analyses.duckdb');
  for (const where of [
    ['--store', cluster],
    ['--db', duck],
  ])
    assert.equal(runCli(['ingest', '--config', config, ...where, ...INPUTS]).code, 0);
  const commands = [
    ['top', 'talkers'],
    ['top', 'talkers', '--group', 'internal', '--by', 'host', '--limit', '20'],
    ['top', 'talkers', '--group', 'firewall', '--by', 'address'],
    ['top', 'ports', '--group', 'external', '--limit', '10'],
    ['top', 'signatures', '--limit', '50'],
    ['top', 'signatures', '--group', 'internal'],
    ['stumble'],
    ['stumble', '--min-sources', '2'],
    // A host the logs wrote as MY.NET.84.235 and as 130.85.84.235: both spellings count.
    ['ip', 'MY.NET.84.235'],
    ['ip', '130.85.84.235', '--limit', '1'],
    ['profile', 'MY.NET.84.235', '--limit', '3'],
    ['ip', '192.0.2.99'],
  ];
  // Text output too, for one command of each kind (the tables are drawn from the same answers).
  const asText = new Set([
    'top talkers',
    'stumble --min-sources 2',
    'ip MY.NET.84.235',
    'profile MY.NET.84.235 --limit 3',
  ]);
  for (const command of commands) {
    for (const format of asText.has(command.join(' ')) ? [['--json'], []] : [['--json']]) {
      const args = [...command, ...format];
      const onClickHouse = runCli([...args, '--store', cluster]);
      const onDuck = runCli([...args, '--db', duck]);
      assert.equal(onClickHouse.code, 0, `${args.join(' ')}: ${onClickHouse.stderr}`);
      assert.equal(onDuck.code, 0, `${args.join(' ')}: ${onDuck.stderr}`);
      assert.equal(onClickHouse.stdout, onDuck.stdout, args.join(' '));
      assert.equal(onClickHouse.stderr, onDuck.stderr, args.join(' '));
    }
  }
  // The answers are not empty: the aliased host and the stumblers are there.
  const ip = json<{ aliases: string[]; total: number }>(runCli(['ip', 'MY.NET.84.235', '--json', '--store', cluster]));
  assert.deepEqual(ip.aliases, ['130.85.84.235']);
  assert.ok(ip.total > 0);
  const stumblers = json<{ address: string }[]>(
    runCli(['stumble', '--min-sources', '2', '--json', '--store', cluster]),
  );
  assert.ok(stumblers.length > 0);
});

test('rules load, then rule, print on the cluster what they print on DuckDB; loading again changes nothing', () => {
  const where = { cluster: ['--store', store], duck: ['--db', db] };
  // The load's time is the clock's; everything else must match.
  const timeless = (text: string): string =>
    text.replace(/"seconds": [0-9.]+/, '"seconds": 0').replace(/ in [0-9.]+ s;/, ' in 0 s;');
  const load = (at: string[], format: string[]): { code: number; stdout: string; stderr: string } => {
    const result = runCli(['rules', 'load', 'test/fixtures/rules/', ...format, ...at]);
    return { ...result, stdout: timeless(result.stdout) };
  };
  for (const format of [['--json'], []]) {
    const onClickHouse = load(where.cluster, format);
    const onDuck = load(where.duck, format);
    assert.equal(onClickHouse.code, 0, onClickHouse.stderr);
    assert.deepEqual(onClickHouse, onDuck, `rules load ${format.join(' ')}`);
  }
  const summary = JSON.parse(load(where.cluster, ['--json']).stdout) as {
    files: unknown[];
    alerts: { matched: number };
  };
  assert.ok(summary.files.length > 5);
  assert.ok(summary.alerts.matched > 0, JSON.stringify(summary.alerts));

  const lookups = [
    ['1228'],
    ['1:530'],
    ['3:13308'],
    ['2100498'],
    ['DDOS', 'shaft', 'client', 'to', 'handler'],
    ['smb name wildcard'],
    ['1394'],
    ['553'],
    ['nmap'],
    ['4242424'],
  ];
  for (const query of lookups)
    for (const format of [['--json'], []]) {
      const args = ['rule', ...query, ...format];
      const onClickHouse = runCli([...args, ...where.cluster]);
      const onDuck = runCli([...args, ...where.duck]);
      assert.deepEqual(onClickHouse, onDuck, args.join(' '));
    }
  const xmas = json<{ msg: string; class: { name: string } | null }>(
    runCli(['rule', '1228', '--json', ...where.cluster]),
  );
  assert.equal(xmas.msg, 'SCAN nmap XMAS');
  assert.equal(xmas.class?.name, 'attempted-recon');
  const ambiguous = runCli(['rule', 'nmap', ...where.cluster]);
  assert.notEqual(ambiguous.code, 0);
  assert.match(ambiguous.stderr, /matches 3 rule messages/);
});

test('on ClickHouse, a config whose groups differ from the saved ones is one stderr line, not other groups', () => {
  const cluster = servers.url('idsift_cli_analyses', { cluster: true });
  const other = join(scratch, 'other.config.json');
  writeFileSync(other, JSON.stringify({ groups: { lab: ['10.0.0.0/8'] }, aliases: [] }));
  const result = runCli(['top', 'talkers', '--json', '--config', other, '--store', cluster]);
  assert.notEqual(result.code, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /cannot re-classify for one run/);
});
