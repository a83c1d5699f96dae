/**
 * `sql` under limits, as a user meets them: a runaway query stops at `--timeout` with one line and
 * a non-zero exit; a query that spills writes nothing beside the store, and its per-run spill
 * folder under the system temp folder is gone afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/classic/', import.meta.url));

function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-limits-'));
  cpSync(FIXTURES, cwd, { recursive: true });
  assert.equal(runCli(['ingest', 'alert.040420'], { cwd }).code, 0);
  return cwd;
}

test('sql --timeout 1: a query over range(10^10) stops with one clear line and exit 1', () => {
  const cwd = workspace();
  const started = Date.now();
  const result = runCli(['sql', 'SELECT sum(hash(range)) AS s FROM range(10000000000)', '--timeout', '1'], { cwd });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'idsift: query stopped after 1 s (the --timeout limit)\n');
  assert.ok(seconds < 20, `the whole run took ${seconds} s`);
});

test('sql --timeout with a bad value: one line, exit 1', () => {
  const result = runCli(['sql', 'SELECT 1', '--timeout', 'soon']);
  assert.notEqual(result.code, 0);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.match(result.stderr, /--timeout must be a positive number of seconds, not "soon"/);
});

/** Every file under `dir` (recursively) with its size; missing folders count as empty. */
function listing(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string, prefix: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      try {
        if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
        else out.set(`${prefix}${name}`, statSync(path).size);
      } catch {
        // Removed between readdir and stat: DuckDB deletes spill files as it goes.
      }
    }
  };
  walk(dir, '');
  return out;
}

test('sql: an ORDER BY that spills writes nothing beside the store; its temp folder is removed', async () => {
  const cwd = workspace();
  const temp = join(cwd, 'system-tmp');
  mkdirSync(temp);
  const before = [...listing(cwd).keys()].filter((k) => !k.startsWith('system-tmp/')).sort();
  // A window over 3 M unsorted hashes needs far more than 64 MB: DuckDB must spill.
  const query =
    'SELECT count(*) AS n, max(x) AS m FROM (SELECT row_number() OVER (ORDER BY h) AS x FROM (SELECT md5(range::varchar) AS h FROM range(3000000)))';
  const child = spawn(process.execPath, [BIN, 'sql', query, '--json'], {
    cwd,
    env: { ...process.env, TMPDIR: temp, IDSIFT_DUCKDB_MEMORY: '64MB' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const besideStore = new Set<string>();
  let spilledBytes = 0;
  const poll = setInterval(() => {
    for (const [name, size] of listing(cwd)) {
      if (name.startsWith('system-tmp/')) spilledBytes = Math.max(spilledBytes, size);
      // The store's own write-ahead log (the address-book refresh before a read-only open) is the
      // store, not spill; anything else new beside it is.
      else if (!before.includes(name) && name !== 'idsift.duckdb.wal') besideStore.add(name);
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), [{ n: 3000000, m: 3000000 }]);
  assert.ok(spilledBytes > 0, 'the query spilled, into the per-run folder under TMPDIR');
  assert.deepEqual([...besideStore], [], 'nothing was ever written beside the store');
  assert.deepEqual(
    [...listing(cwd).keys()].filter((k) => !k.startsWith('system-tmp/')).sort(),
    before,
    'the store folder is as it was',
  );
  assert.deepEqual(readdirSync(temp), [], 'the per-run spill folder is removed');
});
