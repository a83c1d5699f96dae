import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, json, runCli } from './run-cli.js';

const line = (n: number): string =>
  `Apr 20 14:${String(10 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')} 24.1.2.3:${1000 + n} -> 130.85.1.${n % 250}:57 SYN ******S* \n`;

async function waitFor(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

test('ingest --follow: appends, a partial line, rotation and truncation are each counted once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-follow-'));
  const db = join(dir, 'store.duckdb');
  const log = join(dir, 'scans.040420');
  writeFileSync(log, line(0) + line(1));
  const child = spawn(process.execPath, [BIN, 'ingest', '--follow', log, '--db', db, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const count = (): number => {
    const r = runCli(['sql', 'SELECT count(*) AS n FROM events', '--json', '--db', db]);
    return r.code === 0 ? (JSON.parse(r.stdout) as { n: number }[])[0]!.n : -1;
  };
  try {
    await waitFor(() => count() === 2, 30_000);
    // Appended lines become visible quickly; a line without its newline waits for it.
    appendFileSync(log, line(2) + line(3) + line(4).slice(0, 20));
    await waitFor(() => count() === 4, 15_000);
    appendFileSync(log, line(4).slice(20));
    await waitFor(() => count() === 5, 15_000);
    // Rotation: the sensor renames the file and starts a new one.
    appendFileSync(log, line(5));
    renameSync(log, `${log}.1`);
    writeFileSync(log, line(6) + line(7));
    await waitFor(() => count() === 8, 15_000);
    // Truncation in place: the file starts over.
    writeFileSync(log, line(8));
    await waitFor(() => count() === 9, 15_000);
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
  }
  assert.equal(child.exitCode, 0, stderr);
  const report = JSON.parse(stdout) as { rows: number };
  assert.ok(report.rows >= 1);
  // Nothing is counted twice: every distinct line once, and a re-run of plain ingest adds nothing.
  const ports = json<{ sport: number }[]>(
    runCli(['sql', 'SELECT sport FROM events ORDER BY sport', '--json', '--db', db]),
  );
  assert.deepEqual(
    ports.map((p) => p.sport),
    [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008],
  );
  const again = json<{ rows: number }>(runCli(['ingest', log, '--db', db, '--json']));
  assert.equal(again.rows, 0);
  const quarantined = json<{ n: number }[]>(
    runCli(['sql', 'SELECT count(*) AS n FROM quarantine', '--json', '--db', db]),
  );
  assert.equal(quarantined[0]!.n, 0);
});

const eve = (n: number): string =>
  `{"timestamp":"2016-07-13T22:42:${String(n).padStart(2, '0')}.000000+0000","flow_id":${9_007_199_254_740_993n + BigInt(n)},"event_type":"flow","src_ip":"10.0.0.${n}","src_port":${2000 + n},"dest_ip":"10.0.1.1","dest_port":443,"proto":"TCP","flow":{"state":"closed"}}`;

test('ingest --follow on EVE: NDJSON lines take the fast lane, a pretty-printed record split across writes waits for its end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-follow-eve-'));
  const db = join(dir, 'store.duckdb');
  const log = join(dir, 'eve.json');
  writeFileSync(log, `${eve(1)}\n${eve(2)}\n`);
  const child = spawn(process.execPath, [BIN, 'ingest', '--follow', log, '--db', db, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const count = (): number => {
    const r = runCli(['sql', 'SELECT count(*) AS n FROM events', '--json', '--db', db]);
    return r.code === 0 ? (JSON.parse(r.stdout) as { n: number }[])[0]!.n : -1;
  };
  // Record 3 pretty-printed, as JSON arrays of EVE records are (flow_id kept as written).
  const pretty = eve(3).replace(/^\{/, '{\n  ').replace(/,"/g, ',\n  "').replace(/\}\}$/, '}\n}').split('\n');
  try {
    await waitFor(() => count() === 2, 30_000);
    // Half a record: nothing new until its closing brace arrives, then it and the next line.
    appendFileSync(log, `${pretty.slice(0, 4).join('\n')}\n`);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(count(), 2);
    appendFileSync(log, `${pretty.slice(4).join('\n')}\n${eve(4)}\n`);
    await waitFor(() => count() === 4, 15_000);
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
  }
  assert.equal(child.exitCode, 0, stderr);
  const rows = json<{ src_port: number; flow_id: string; raw: string }[]>(
    runCli(['sql', 'SELECT sport AS src_port, flow_id, raw FROM events ORDER BY ts', '--json', '--db', db]),
  );
  assert.deepEqual(
    rows.map((r) => [r.src_port, r.flow_id]),
    [1, 2, 3, 4].map((n) => [2000 + n, String(9_007_199_254_740_993n + BigInt(n))]),
  );
  // NDJSON raw text is the line itself (the lane copies the file's bytes).
  assert.equal(rows[0]!.raw, eve(1));
  assert.equal(rows[3]!.raw, eve(4));
  const quarantined = json<{ n: number }[]>(
    runCli(['sql', 'SELECT count(*) AS n FROM quarantine', '--json', '--db', db]),
  );
  assert.equal(quarantined[0]!.n, 0);
});
