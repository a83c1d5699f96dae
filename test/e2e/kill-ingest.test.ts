/**
 * Crash safety: `ingest` SIGKILLed at points spread over a run (start-up, parsing, loading,
 * committing), then run again, leaves exactly the store a clean run makes: every event once, every
 * quarantined line once, every file once. docs/SECURITY.md counts these kill points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, json, runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/classic/', import.meta.url));
const KILL_POINTS = Number(process.env.IDSIFT_KILL_POINTS ?? 4);

function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-kill-'));
  cpSync(FIXTURES, cwd, { recursive: true });
  return cwd;
}

/** What a store holds, in a form two stores can be compared by. */
function contents(cwd: string): unknown {
  const q = (sql: string): unknown => json(runCli(['sql', sql, '--json'], { cwd }));
  return {
    events: q(
      'SELECT source, count(*) AS n, count(DISTINCT (file_id, line)) AS lines FROM events GROUP BY source ORDER BY source',
    ),
    quarantine: q('SELECT count(*) AS n, count(DISTINCT (file_id, line)) AS lines FROM quarantine'),
    files: q('SELECT name, rows, quarantined, recovered FROM files ORDER BY name'),
  };
}

/** Start `ingest .`, SIGKILL it after `ms`; resolves with how it ended. */
function ingestKilledAfter(cwd: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'ingest', '.'], { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

test(`ingest SIGKILLed at ${KILL_POINTS} points, then re-run: the store is exactly a clean run's`, async (t) => {
  const clean = workspace();
  const started = Date.now();
  assert.equal(runCli(['ingest', '.'], { cwd: clean }).code, 0);
  const cleanMs = Date.now() - started;
  const expected = contents(clean);

  let killed = 0;
  for (let k = 1; k <= KILL_POINTS; k++) {
    const cwd = workspace();
    // Spread over the clean run's time, so the kills land in every phase of an import.
    const end = await ingestKilledAfter(cwd, Math.round((cleanMs * k) / (KILL_POINTS + 1)));
    if (end === 'SIGKILL') killed++;
    const rerun = runCli(['ingest', '.'], { cwd });
    assert.equal(rerun.code, 0, `kill point ${k}: ${rerun.stderr}`);
    assert.deepEqual(contents(cwd), expected, `kill point ${k} (${end})`);
  }
  t.diagnostic(`${killed} of ${KILL_POINTS} runs SIGKILLed mid-import (clean run ${cleanMs} ms); every re-run exact`);
  assert.ok(killed >= KILL_POINTS / 2, `only ${killed} of ${KILL_POINTS} runs were still going when killed`);
});
