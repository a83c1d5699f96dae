import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/classic/', import.meta.url));

/** The classic fixtures ingested into `s.duckdb` under a fresh folder; no store env from the caller. */
function ingested(): { cwd: string; db: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-store-url-'));
  cpSync(FIXTURES, cwd, { recursive: true });
  const db = join(cwd, 's.duckdb');
  const r = runCli(['ingest', '.', '--db', db, '--json'], { cwd, env: NO_STORE_ENV });
  assert.equal(r.code, 0, r.stderr);
  return { cwd, db };
}

const NO_STORE_ENV = { IDSIFT_STORE: '', IDSIFT_DB: '' };

test('--store duckdb:PATH, a plain --store path, $IDSIFT_STORE and the config "store" all reach the same store as --db', () => {
  const { cwd, db } = ingested();
  const expected = runCli(['top', 'talkers', '--json', '--db', db], { cwd, env: NO_STORE_ENV });
  assert.equal(expected.code, 0, expected.stderr);
  assert.ok(JSON.parse(expected.stdout).length > 0);
  const configWithStore = join(cwd, 'with-store.json');
  const config = JSON.parse(readFileSync(join(cwd, 'idsift.config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(configWithStore, JSON.stringify({ ...config, store: `duckdb:${db}` }));
  const ways: { name: string; args: string[]; env?: Record<string, string> }[] = [
    { name: '--store duckdb:', args: ['--store', `duckdb:${db}`] },
    { name: '--store path', args: ['--store', db] },
    { name: '$IDSIFT_STORE', args: [], env: { IDSIFT_STORE: `duckdb:${db}` } },
    { name: 'config "store"', args: ['--config', configWithStore] },
    { name: '--db beats $IDSIFT_STORE', args: ['--db', db], env: { IDSIFT_STORE: 'clickhouse://bad' } },
  ];
  for (const way of ways) {
    const r = runCli(['top', 'talkers', '--json', ...way.args], { cwd, env: { ...NO_STORE_ENV, ...way.env } });
    assert.equal(r.code, 0, `${way.name}: ${r.stderr}`);
    assert.equal(r.stdout, expected.stdout, way.name);
  }
  // files --json names the store as given.
  const files = runCli(['files', '--json', '--store', `duckdb:${db}`], { cwd, env: NO_STORE_ENV });
  assert.equal(JSON.parse(files.stdout).store, db);
});

test('a bad store URL, or --store with --db, is one stderr line and a non-zero exit', () => {
  const { cwd, db } = ingested();
  const cases: { name: string; args: string[]; env?: Record<string, string>; message: RegExp }[] = [
    { name: 'unknown scheme', args: ['--store', 'mysql://h:1/d'], message: /--store: unknown store type mysql/ },
    {
      name: 'no port',
      args: ['--store', 'clickhouse://h/d'],
      message: /--store: bad store URL .*"h" is not HOST:PORT/,
    },
    { name: 'both', args: ['--store', db, '--db', db], message: /give --store or --db, not both/ },
    { name: 'bad env', args: [], env: { IDSIFT_STORE: 'clickhouse://h:1/' }, message: /\$IDSIFT_STORE: .*no database/ },
    {
      // Nothing listens on port 1: files, ingest and top find it unreachable.
      name: 'ClickHouse, not there',
      args: ['--store', 'clickhouse://127.0.0.1:1/idsift'],
      message: /cannot open store clickhouse:\/\/127\.0\.0\.1:1\/idsift: /,
    },
  ];
  for (const c of cases) {
    for (const command of [['top', 'talkers'], ['files'], ['ingest', '.'], ['rule', '1228']]) {
      const r = runCli([...command, '--json', ...c.args], { cwd, env: { ...NO_STORE_ENV, ...c.env } });
      assert.notEqual(r.code, 0, `${c.name} ${command[0]}`);
      assert.equal(r.stdout, '', `${c.name} ${command[0]}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${c.name} ${command[0]}: ${r.stderr}`);
      assert.match(lines[0]!, c.message, `${c.name} ${command[0]}`);
    }
  }
});

test('the commands not yet on ClickHouse stop with one line naming what runs there, before connecting', () => {
  const { cwd } = ingested();
  const url = 'clickhouse://127.0.0.1:1/idsift';
  const analyses = [['detect'], ['score', '10.0.0.1', '--criticality', '5'], ['report', '--out', 'r.html'], ['serve']];
  for (const command of analyses) {
    for (const where of [
      { args: ['--store', url], env: {} },
      { args: [], env: { IDSIFT_STORE: url } },
    ]) {
      const r = runCli([...command, ...where.args], { cwd, env: { ...NO_STORE_ENV, ...where.env } });
      assert.notEqual(r.code, 0, command.join(' '));
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${command.join(' ')}: ${r.stderr}`);
      assert.match(
        lines[0]!,
        new RegExp(
          `^idsift: ${command[0]} needs a DuckDB store for now .*ingest, files, top, ip, stumble, rules, rule, profile, sql`,
        ),
      );
    }
  }
});
