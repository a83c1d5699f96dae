/**
 * The store describes itself and read-only commands leave it alone: the bundled demo set ingested
 * with its config answers the same from any folder; a differing config is used only with a notice;
 * no read-only command changes the store's bytes, and a write-protected store answers a non-root
 * user; a missing --db is an error, never a new empty store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroundTruth } from '../../src/gen/ground-truth.js';
import { BIN, json, runCli } from './run-cli.js';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const DEMO_CONFIG = join(DEMO, 'idsift.config.json');
const truth = JSON.parse(readFileSync(join(DEMO, 'truth.json'), 'utf8')) as GroundTruth;

/** One demo store for the file, ingested with the demo's config from a folder that has it. */
const root = mkdtempSync(join(tmpdir(), 'idsift-store-'));
const ingestDir = join(root, 'analyst');
mkdirSync(ingestDir);
copyFileSync(DEMO_CONFIG, join(ingestDir, 'idsift.config.json'));
const ingested = runCli(['ingest', DEMO, '--db', 'demo.duckdb', '--json'], { cwd: ingestDir });
assert.equal(ingested.code, 0, ingested.stderr);
const STORE = join(ingestDir, 'demo.duckdb');

/** A folder with no config file, as when the store is queried from elsewhere. */
function elsewhere(): string {
  return mkdtempSync(join(root, 'elsewhere-'));
}

/** A private copy of the demo store (for tests that change or protect it). */
function copyOfStore(dir: string): string {
  const path = join(dir, 'copy.duckdb');
  copyFileSync(STORE, path);
  return path;
}

function digest(path: string): string {
  const hash = (p: string): string =>
    existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent';
  return `${hash(path)} wal:${hash(`${path}.wal`)}`;
}

type Finding = { kind: string; subject: string; evidence?: unknown };

test('store semantics: the store keeps its groups and aliases; queried from another folder, detect finds the same', () => {
  const here = json<Finding[]>(runCli(['detect', '--json', '--db', STORE], { cwd: ingestDir }));
  const away = runCli(['detect', '--json', '--db', STORE], { cwd: elsewhere() });
  assert.doesNotMatch(away.stderr, /address config|re-classified/, 'no notice: the store is used as it was saved');
  // The demo's sweeps outnumber the scans detect's cap, and the run says so (the 50 largest, plus any
  // source another detect reported).
  assert.match(away.stderr, /horizontal-scan: showing 5\d of \d+; to see the rest, set detect\.scans\.maxFindings/);
  const there = json<Finding[]>(away);
  const scanner = truth.scenarios.scanThenConnect!.scanner;
  assert.ok(here.some((f) => f.kind === 'scan-then-connect' && f.subject === scanner));
  assert.deepEqual(there, here);
  const groups = (cwd: string): unknown =>
    json(runCli(['sql', '--json', '--db', STORE, 'SELECT DISTINCT src_group FROM events ORDER BY 1'], { cwd }));
  assert.deepEqual(groups(elsewhere()), groups(ingestDir));
  const hostsAway = json<{ key: string }[]>(
    runCli(['top', 'talkers', '--group', 'internal', '--by', 'host', '--json', '--db', STORE], { cwd: elsewhere() }),
  );
  assert.ok(hostsAway.length > 0 && hostsAway.every((h) => h.key.startsWith('MY.NET.')), 'aliases kept');
});

test('store semantics: files --json shows the stored config', () => {
  const files = json<{ config: unknown; files: { file: string; rows: number }[] }>(
    runCli(['files', '--json', '--db', STORE], { cwd: elsewhere() }),
  );
  assert.deepEqual(files.config, JSON.parse(readFileSync(DEMO_CONFIG, 'utf8')));
  assert.equal(files.files.length, 9);
});

test('store semantics: a differing --config on a query is used for that run with a one-line notice; the store is unchanged', () => {
  const dir = elsewhere();
  const other = join(dir, 'other.json');
  writeFileSync(other, JSON.stringify({ groups: { internal: ['MY.NET'], dmz: ['130.85.11.0/24'] } }));
  const before = digest(STORE);
  const result = runCli(['top', 'talkers', '--group', 'dmz', '--json', '--db', STORE, '--config', other], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const talkers = JSON.parse(result.stdout) as { key: string }[];
  assert.ok(talkers.length > 0 && talkers.every((t) => t.key.startsWith('130.85.11.')));
  const notice = result.stderr.trim().split('\n');
  assert.equal(notice.length, 1, result.stderr);
  assert.match(
    notice[0]!,
    /other\.json for this run.*group dmz added; group firewall removed; alias MY\.NET=130\.85 removed/,
  );
  assert.equal(digest(STORE), before);
  // The next run without it is back to the store's own groups.
  const unknown = runCli(['top', 'talkers', '--group', 'dmz', '--db', STORE], { cwd: dir });
  assert.match(unknown.stderr, /unknown group "dmz"/);
});

test('store semantics: a differing --config on ingest re-classifies the store, says so, and is kept', () => {
  const dir = elsewhere();
  const db = copyOfStore(dir);
  const other = join(dir, 'other.json');
  writeFileSync(other, JSON.stringify({ groups: { internal: ['MY.NET', '130.85.0.0/16'] } }));
  const result = runCli(['ingest', join(DEMO, 'alert.040420'), '--db', db, '--config', other], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /re-classified the store.s addresses under .*other\.json \(group firewall removed; group internal changed; alias MY\.NET=130\.85 removed\); later commands use it$/m,
  );
  const later = json<{ config: unknown }>(runCli(['files', '--json', '--db', db], { cwd: elsewhere() }));
  assert.deepEqual(later.config, { groups: { internal: ['MY.NET', '130.85.0.0/16'] }, aliases: [] });
  const groups = json(
    runCli(['sql', '--json', '--db', db, 'SELECT DISTINCT src_group AS g FROM events ORDER BY 1'], { cwd: dir }),
  );
  assert.deepEqual(groups, [{ g: 'external' }, { g: 'internal' }]);
});

test('store semantics: an old store without a saved config keeps working with the config at hand', () => {
  const dir = elsewhere();
  const db = copyOfStore(dir);
  // What a store written before configs were saved looks like.
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api';
     const i = await DuckDBInstance.create(${JSON.stringify(db)}); const c = await i.connect();
     await c.run("DELETE FROM meta WHERE key = 'address_config'"); c.closeSync(); i.closeSync();`,
    ],
    { cwd: fileURLToPath(new URL('../../', import.meta.url)) },
  );
  const files = json<{ config: unknown }>(runCli(['files', '--json', '--db', db], { cwd: dir }));
  assert.equal(files.config, null);
  const withConfig = json<{ key: string }[]>(
    runCli(['top', 'talkers', '--group', 'firewall', '--json', '--db', db, '--config', DEMO_CONFIG], { cwd: dir }),
  );
  assert.ok(withConfig.length > 0);
});

/** Every command that neither ingests nor scores, as a user would run it on the demo store. */
const READ_ONLY_COMMANDS: { name: string; args: string[] }[] = [
  { name: 'sql', args: ['sql', 'SELECT count(*) FROM events'] },
  { name: 'detect', args: ['detect', '--json'] },
  { name: 'rule', args: ['rule', '1:1', '--json'] },
  { name: 'profile', args: ['profile', truth.scenarios.scanThenConnect!.scanner, '--json'] },
  { name: 'files', args: ['files'] },
  { name: 'top talkers', args: ['top', 'talkers'] },
  { name: 'top ports', args: ['top', 'ports', '--group', 'internal'] },
  { name: 'ip', args: ['ip', truth.scenarios.compromised!.host] },
  { name: 'stumble', args: ['stumble'] },
  { name: 'report', args: ['report', '--out', 'r.html'] },
  { name: 'a differing --config', args: ['top', 'talkers', '--config', 'other.json'] },
];

test('store semantics: no read-only command changes the store file (sha256 of store and .wal)', () => {
  const dir = elsewhere();
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ groups: { lab: ['MY.NET.1'] } }));
  const db = copyOfStore(dir);
  for (const c of READ_ONLY_COMMANDS) {
    const before = digest(db);
    const result = runCli([...c.args, '--db', db], { cwd: dir, env: { IDSIFT_CACHE_DIR: join(dir, 'cache') } });
    assert.ok(result.code === 0 || c.name === 'rule', `${c.name}: exit ${result.code}: ${result.stderr}`);
    assert.equal(digest(db), before, `${c.name} changed the store`);
  }
});

/**
 * Root ignores permission bits, so the write-protected store is read by the `nobody` user through
 * setpriv (util-linux); when the tests run as an ordinary user, they are that user already.
 */
test('store semantics: a store on a read-only file in a read-only folder is fully queryable by a non-root user', () => {
  const asRoot = process.getuid?.() === 0;
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;
  assert.ok(!asRoot || setpriv, 'running as root needs setpriv to test as a non-root user');
  const dir = elsewhere();
  chmodSync(root, 0o755);
  chmodSync(dir, 0o755);
  const protectedDir = join(dir, 'evidence');
  mkdirSync(protectedDir);
  const db = join(protectedDir, 'demo.duckdb');
  copyFileSync(STORE, db);
  chmodSync(db, 0o444);
  chmodSync(protectedDir, 0o555);
  const before = digest(db);
  // As root: the nobody user (uid 65534) when it can read this checkout; otherwise (a checkout in a
  // folder only root may enter, e.g. under mktemp -d) root without the capabilities that bypass
  // permission bits — either way the file's and folder's write protection is what the store meets.
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  const noOverride = ['--bounding-set=-dac_override,-dac_read_search,-fowner'];
  const nobodyReads = asRoot && spawnSync('setpriv', [...nobody, 'test', '-r', BIN]).status === 0;
  const drop = nobodyReads ? nobody : noOverride;
  if (asRoot)
    console.log(`read-only store test runs as ${nobodyReads ? 'uid 65534' : 'root without DAC capabilities'}`);
  const run = (args: string[]): { code: number; stdout: string; stderr: string } => {
    const argv = [process.execPath, BIN, ...args, '--db', db];
    const r = asRoot
      ? spawnSync('setpriv', [...drop, ...argv], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', HOME: dir, IDSIFT_CACHE_DIR: join(dir, 'cache') },
          maxBuffer: 256 * 1024 * 1024,
        })
      : spawnSync(argv[0]!, argv.slice(1), { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return {
      code: r.status ?? -1,
      stdout: r.stdout,
      stderr: `${r.stderr}${r.error ? String(r.error) : ''}${r.signal ?? ''}`,
    };
  };
  const count = run(['sql', '--json', 'SELECT count(*) AS n FROM events']);
  assert.equal(count.code, 0, count.stderr);
  assert.deepEqual(JSON.parse(count.stdout), [{ n: truth.rows.alert + truth.rows.scans + truth.rows.oos }]);
  const detect = run(['detect', '--json']);
  assert.equal(detect.code, 0, detect.stderr);
  assert.ok((JSON.parse(detect.stdout) as Finding[]).some((f) => f.kind === 'scan-then-connect'));
  const out = join(dir, 'out');
  mkdirSync(out);
  chmodSync(out, 0o777);
  const report = run(['report', '--out', join(out, 'report.html')]);
  assert.equal(report.code, 0, report.stderr);
  assert.ok(existsSync(join(out, 'report.html')));
  assert.equal(digest(db), before);
});

const NOT_CREATING: string[][] = [
  ['files'],
  ['sql', 'SELECT 1'],
  ['detect'],
  ['top', 'talkers'],
  ['ip', '1.2.3.4'],
  ['stumble'],
  ['rule', '1:1'],
  ['report'],
  ['score', 'MY.NET.1.2', '--criticality', '3'],
  ['rules', 'load', join(DEMO, 'idsift.config.json')],
  ['profile', '1.2.3.4'],
];

for (const args of NOT_CREATING) {
  test(`store semantics: ${args[0]} ${args[1] ?? ''} on a --db that does not exist is one error line and creates nothing`, () => {
    const dir = elsewhere();
    const missing = join(dir, 'tpyo.duckdb');
    const result = runCli([...args, '--db', missing], { cwd: dir });
    assert.notEqual(result.code, 0);
    assert.equal(result.stderr, `idsift: no store at ${missing}; create it with idsift ingest\n`);
    assert.equal(existsSync(missing), false);
    assert.equal(existsSync(`${missing}.wal`), false);
  });
}

test('store semantics: $IDSIFT_DB that does not exist is the same error', () => {
  const dir = elsewhere();
  const result = runCli(['detect'], { cwd: dir, env: { IDSIFT_DB: join(dir, 'nope.duckdb') } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^idsift: no store at .*nope\.duckdb; create it with idsift ingest\n$/);
  assert.equal(existsSync(join(dir, 'nope.duckdb')), false);
});
