/**
 * Hostile text from a store reaches the terminal inert through every `sql` output mode: the
 * strings come back from DuckDB as a query result, as log text does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_STRINGS, TERMINAL_ACTIVE } from '../security/hostile-strings.js';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/classic/', import.meta.url));

/** One SELECT that returns every hostile string as a row, built from code points (no raw bytes in argv). */
const query = `SELECT name, text FROM (VALUES ${HOSTILE_STRINGS.map(
  (h, i) =>
    `(${i}, '${h.name.replace(/'/g, "''")}', ${[...h.text].map((c) => `chr(${c.codePointAt(0)})`).join(' || ')})`,
).join(', ')}) AS t(i, name, text) ORDER BY i`;

test('sql: hostile strings come out inert as a table, as CSV and as JSON', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-hostile-'));
  cpSync(FIXTURES, cwd, { recursive: true });
  assert.equal(runCli(['ingest', 'alert.040420'], { cwd }).code, 0);

  const table = runCli(['sql', query], { cwd });
  assert.equal(table.code, 0, table.stderr);
  assert.doesNotMatch(table.stdout.replace(/\n/g, ''), TERMINAL_ACTIVE);
  assert.ok(table.stdout.includes('\\x1b]0;pwned\\x07'), 'the title escape shows as text');

  const csv = runCli(['sql', query, '--csv'], { cwd });
  assert.equal(csv.code, 0, csv.stderr);
  assert.doesNotMatch(csv.stdout.replace(/\n/g, ''), TERMINAL_ACTIVE);
  const lines = csv.stdout.trimEnd().split('\n');
  assert.equal(lines.length, HOSTILE_STRINGS.length + 1, 'one line per row: no cell breaks a row');
  for (const line of lines.slice(1)) assert.doesNotMatch(line.slice(line.indexOf(',') + 1), /^"?[=+\-@\t\r]/);

  const json = runCli(['sql', query, '--json'], { cwd });
  assert.equal(json.code, 0, json.stderr);
  assert.doesNotMatch(json.stdout.replace(/\n/g, ''), TERMINAL_ACTIVE);
  assert.deepEqual(
    (JSON.parse(json.stdout) as { text: string }[]).map((r) => r.text),
    HOSTILE_STRINGS.map((h) => h.text),
  );
});

test('errors: a failing query that quotes hostile text prints it inert on its one stderr line', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'idsift-hostile-'));
  cpSync(FIXTURES, cwd, { recursive: true });
  assert.equal(runCli(['ingest', 'alert.040420'], { cwd }).code, 0);
  const result = runCli(['sql', 'SELECT * FROM "\u001b]0;pwned\u0007\u202e\u009b31m"'], { cwd });
  assert.equal(result.code, 1);
  assert.equal(result.stderr.split('\n').length, 2, 'one line');
  assert.doesNotMatch(result.stderr.replace(/\n$/, ''), TERMINAL_ACTIVE);
  assert.match(result.stderr, /\\x1b\]0;pwned\\x07\\u202e\\x9b31m/);
});
