/**
 * `idsift serve` as a user starts it (the built bin): the URL line, a token generated and
 * required when the server listens beyond loopback, clean stop on SIGTERM, and one clear stderr
 * line with a non-zero exit for a bad argument or a missing store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { openContext } from '../../src/present/cli/cli-context.js';
import { BIN, runCli } from './run-cli.js';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
let dir = '';
let db = '';
let config = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'idsift-serve-cli-'));
  const logs = join(dir, 'logs');
  cpSync(DEMO, logs, { recursive: true });
  rmSync(join(logs, 'truth.json'));
  db = join(dir, 'store.duckdb');
  config = join(logs, 'idsift.config.json');
  const ctx = await openContext({ db, config }, 'create');
  try {
    await ingestFiles(ctx.store, { paths: [join(logs, 'oos_Apr.24.2004')], workers: 1 });
  } finally {
    await ctx.store.close();
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Start serve, wait for its "Ctrl-C to stop." line; resolves with its stdout so far and a stopper. */
function startServe(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--config', config, '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Ctrl-C to stop.')) resolve(stdout);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    ready,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

test('beyond loopback: a token is generated, printed in the URL, and required', async () => {
  const served = startServe(['--host', '0.0.0.0']);
  try {
    const out = await served.ready;
    const match = /at http:\/\/0\.0\.0\.0:(\d+)\/\?token=([A-Za-z0-9_-]{20,})\n/.exec(out);
    assert.ok(match, out);
    assert.match(out, /token was generated/);
    const base = `http://127.0.0.1:${match[1]}`;
    assert.equal((await fetch(`${base}/api/status`)).status, 401);
    assert.equal((await fetch(`${base}/api/status?token=${match[2]}`)).status, 200);
    const bearer = await fetch(`${base}/api/events?limit=1`, { headers: { authorization: `Bearer ${match[2]}` } });
    assert.equal(bearer.status, 200);
  } finally {
    assert.equal(await served.stop(), 0, 'SIGTERM stops it cleanly');
  }
});

test('on loopback: no token, and the store stays free for a writer between requests', async () => {
  const served = startServe([]);
  try {
    const out = await served.ready;
    const port = /at http:\/\/127\.0\.0\.1:(\d+)\/\n/.exec(out)?.[1];
    assert.ok(port, out);
    const status = await fetch(`http://127.0.0.1:${port}/api/status`);
    assert.equal(status.status, 200);
    // An idle server holds no handle: a writing command gets the store at once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const score = runCli(['score', '193.159.159.112', '--criticality', '4', '--db', db, '--config', config]);
    assert.equal(score.code, 0, score.stderr);
  } finally {
    assert.equal(await served.stop(), 0);
  }
});

const bad: { name: string; args: string[]; message: RegExp }[] = [
  { name: 'a port that is not a number', args: ['--port', 'x'], message: /--port must be a whole number/ },
  { name: 'a short token', args: ['--token', 'abc'], message: /--token must be 8 to 200/ },
  { name: 'a missing store', args: ['--db', 'no-such-store.duckdb'], message: /no-such-store/ },
];
for (const b of bad) {
  test(`serve with ${b.name}: one stderr line, non-zero exit`, () => {
    const result = runCli(['serve', '--db', db, '--config', config, '--port', '0', ...b.args], { cwd: dir });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, b.message);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.equal(result.stdout, '');
  });
}
