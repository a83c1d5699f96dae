import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertGolden } from './golden.js';
import { json, runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/classic/', import.meta.url));

/** A working folder with the classic fixtures and their config, as an analyst would have it. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-cli-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

test('cli: ingest --json prints the contract summary; files, top, ip, stumble, sql answer from the store', () => {
  const cwd = workspace();
  const ingest = json<{ files: Record<string, unknown>[]; rows: number; seconds: number }>(
    runCli(['ingest', '.', '--json'], { cwd }),
  );
  assert.equal(ingest.rows, 11);
  assert.deepEqual(Object.keys(ingest.files[0]!).sort(), [
    'file',
    'first_ts',
    'format',
    'last_ts',
    'quarantined',
    'recovered',
    'rows',
    'status',
    'warnings',
  ]);
  assert.equal(typeof ingest.seconds, 'number');

  const { files } = json<{ files: { file: string; rows: number; warnings: string[] }[] }>(
    runCli(['files', '--json'], { cwd }),
  );
  assert.equal(files.length, 3);
  assert.ok(files.some((f) => f.warnings.some((w) => w.includes('name says 2004-04-24'))));

  const internal = json(runCli(['top', 'talkers', '--group', 'internal', '--json'], { cwd }));
  assert.deepEqual(internal, [
    { key: 'MY.NET.84.235', events: 2 },
    { key: 'MY.NET.1.2', events: 1 },
  ]);
  const firewall = json(runCli(['top', 'talkers', '--group', 'firewall', '--json'], { cwd }));
  assert.deepEqual(firewall, [{ key: '130.85.84.235', events: 2 }]);
  const byHost = json(runCli(['top', 'talkers', '--group', 'internal', '--by', 'host', '--json'], { cwd }));
  assert.deepEqual(byHost, [
    { key: 'MY.NET.84.235', events: 4 },
    { key: 'MY.NET.1.2', events: 1 },
  ]);
  const ports = json(runCli(['top', 'ports', '--group', 'external', '--json'], { cwd }));
  assert.deepEqual(ports, [
    { key: 110, events: 2 },
    { key: 53, events: 1 },
    { key: 20432, events: 1 },
  ]);

  const ip = json<{ address: string; aliases: string[]; by_source: Record<string, number>; events: { ts: string }[] }>(
    runCli(['ip', '130.85.84.235', '--json'], { cwd }),
  );
  assert.deepEqual(ip.aliases, ['MY.NET.84.235']);
  assert.deepEqual(ip.by_source, { alert: 4, oos: 1, scans: 2 });
  assert.deepEqual(
    ip.events.map((e) => e.ts),
    [...ip.events.map((e) => e.ts)].sort(),
    'time order',
  );

  const stumble = json(runCli(['stumble', '--json'], { cwd }));
  assert.deepEqual(stumble, [
    { address: '24.1.2.3', sources: { alert: 2, oos: 1, scans: 2 } },
    { address: 'MY.NET.84.235', sources: { alert: 1, oos: 1, scans: 2 } },
  ]);

  const sql = json(
    runCli(['sql', 'SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source', '--json'], { cwd }),
  );
  assert.deepEqual(sql, [
    { source: 'alert', n: 5 },
    { source: 'oos', n: 2 },
    { source: 'scans', n: 4 },
  ]);
});

test('cli: text output for people (golden)', () => {
  const cwd = workspace();
  runCli(['ingest', '.'], { cwd });
  assertGolden('top-talkers.txt', runCli(['top', 'talkers'], { cwd }).stdout);
  assertGolden('ip-130.85.84.235.txt', runCli(['ip', '130.85.84.235'], { cwd }).stdout);
  assertGolden(
    'sql.csv',
    runCli(['sql', 'SELECT line, code, raw FROM quarantine ORDER BY line', '--csv'], { cwd }).stdout,
  );
});

const failures: { name: string; args: string[]; message: RegExp }[] = [
  { name: 'unknown command', args: ['frobnicate'], message: /unknown command/ },
  { name: 'bad top kind', args: ['top', 'bananas'], message: /talkers, ports or signatures/ },
  { name: 'bad limit', args: ['top', 'talkers', '--limit', '-3'], message: /--limit must be a positive/ },
  { name: 'missing path', args: ['ingest', 'no/such/file'], message: /no such file or folder: no\/such\/file/ },
  { name: 'unknown group', args: ['top', 'talkers', '--group', 'dmz'], message: /unknown group "dmz"/ },
  { name: 'bad year', args: ['ingest', '.', '--year', '04'], message: /--year must be a four-digit year/ },
  { name: 'bad zone', args: ['ingest', '.', '--tz', 'Mars/Olympus'], message: /unknown time zone/ },
  { name: 'write through sql', args: ['sql', 'DELETE FROM events_core'], message: /read-only|read only/i },
  {
    name: 'file access through sql',
    args: ['sql', "SELECT * FROM read_csv('/etc/passwd')"],
    message: /disabled|external/i,
  },
  { name: 'missing config', args: ['files', '--config', 'nope.json'], message: /config file not found: nope.json/ },
];

for (const f of failures) {
  test(`cli: ${f.name} → one line on stderr, non-zero exit`, () => {
    const cwd = workspace();
    runCli(['ingest', 'alert.040420'], { cwd });
    const result = runCli(f.args, { cwd });
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `stderr: ${result.stderr}`);
    assert.match(lines[0]!, f.message);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
}

test('cli: a bad config file is one clear line', async () => {
  const { writeFileSync } = await import('node:fs');
  const cwd = workspace();
  writeFileSync(join(cwd, 'idsift.config.json'), '{"groups": {"internal": "MY.NET"}}');
  const result = runCli(['files'], { cwd });
  assert.equal(result.code, 1);
  assert.match(result.stderr.trim(), /^idsift: .*idsift.config.json: groups.internal: .+$/);
});
