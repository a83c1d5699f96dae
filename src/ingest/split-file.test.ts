/**
 * A big file cut into parts parsed at once must store exactly what a whole-file parse stores:
 * every event with its line number, every quarantined line, the same per-file figures — and a
 * year rollover the parts cannot see makes ingest fall back to a whole-file parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClassicLogs } from '../gen/generate-classic-logs.js';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { findFormat } from './formats/registry.js';
import { ingestFiles, type IngestOptions } from './ingest-files.js';
import { mutate, prng } from './mutate-lines.js';
import { firstLineOf, planParts } from './split-file.js';

/** Everything a store holds about its events, in a comparable order. */
async function contents(options: IngestOptions): Promise<unknown> {
  const store = await DuckDBStore.open(':memory:');
  const report = await ingestFiles(store, { inlineParseBytes: 0, ...options });
  const dump = {
    report: report.files.map(({ file, rows, quarantined, recovered, first_ts, last_ts, warnings }) => ({
      file,
      rows,
      quarantined,
      recovered,
      first_ts,
      last_ts,
      warnings,
    })),
    // Dictionary ids depend on which part saw a string first: compare the decoded view.
    events: await store.all(
      `SELECT f.name, e.* EXCLUDE (file_id) FROM events e JOIN files f ON f.id = e.file_id ORDER BY f.name, e.line`,
    ),
    quarantine: await store.all(
      `SELECT f.name, q.line, q.code, q.message, q.raw FROM quarantine q JOIN files f ON f.id = q.file_id ORDER BY 1, 2, 3`,
    ),
    files: await store.all(
      `SELECT name, last_line, rows, quarantined, recovered, first_ts, last_ts, warnings FROM files ORDER BY name`,
    ),
  };
  await store.close();
  return dump;
}

test('planParts cuts at line starts, and each part learns its first line number; small files and multi-line formats stay whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-split-'));
  const path = join(dir, 'lines');
  const lines = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `{"n":${i}}` : `[${i}]`));
  writeFileSync(path, `${lines.join('\n')}\n`);
  const size = readFileSync(path).length;
  const range = { start: 0, end: size, firstLine: 1 };
  const scans = findFormat('snort-scans')!;
  const parts = await planParts(path, scans, range, 3, 1);
  assert.equal(parts.length, 3);
  const bytes = readFileSync(path);
  for (const part of parts) {
    assert.ok(part.start === 0 || bytes[part.start - 1] === 10, 'a part starts at a line start');
    assert.equal(await firstLineOf(path, part), bytes.subarray(0, part.start).toString().split('\n').length);
  }
  assert.deepEqual(
    parts.map((p) => p.end),
    [parts[1]!.start, parts[2]!.start, size],
  );
  assert.equal((await planParts(path, scans, range, 2)).length, 1, 'small files are not cut');
  assert.equal(
    (await planParts(path, findFormat('snort-oos')!, range, 2, 1)).length,
    1,
    'multi-line records are not cut',
  );
});

test('a file parsed in parts stores exactly what a whole-file parse stores (clean and hostile lines)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-split-'));
  await generateClassicLogs({ outDir: dir, mb: 2, seed: 3 });
  // Damage some lines, so quarantine, splices and recovery cross the cuts too.
  const random = prng(5);
  for (const name of ['alert.040420', 'scans.040421']) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    const damaged = lines.map((l, i) => (i % 50 === 7 ? mutate(l, random, lines) : l));
    writeFileSync(join(dir, name), damaged.join('\n'));
  }
  const paths = ['alert.040420', 'scans.040420', 'scans.040421'].map((n) => join(dir, n));
  const whole = await contents({ paths, workers: 2 });
  for (const parts of [2, 3]) {
    assert.deepEqual(await contents({ paths, workers: parts, splitBytes: 1 }), whole, `${parts} parts`);
  }
});

test('a year rollover before a cut: the parts disagree, and the file is parsed whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-split-'));
  const line = (month: string, day: number, i: number): string =>
    `${month} ${String(day).padStart(2)} 23:59:${String(i % 60).padStart(2, '0')} 10.0.0.${i % 250}:1024 -> 10.0.1.1:80 SYN ******S*`;
  // The rollover inside the first part, and exactly at the cut (equal halves of equal lines).
  for (const [dec, jan] of [
    [200, 2000],
    [1000, 1000],
  ] as const) {
    const lines = [
      ...Array.from({ length: dec }, (_, i) => line('Dec', 31, i)),
      ...Array.from({ length: jan }, (_, i) => line('Jan', 1, i + 100)),
    ];
    const path = join(dir, `scans.031231-${dec}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const options = { paths: [path], year: 2003 };
    const whole = await contents({ ...options, workers: 1 });
    assert.deepEqual(await contents({ ...options, workers: 2, splitBytes: 1 }), whole);
    const store = await DuckDBStore.open(':memory:');
    await ingestFiles(store, { ...options, workers: 2, splitBytes: 1, inlineParseBytes: 0 });
    const years = await store.all(`SELECT year(ts) AS y, count(*) AS n FROM events GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(years, [
      { y: 2003, n: dec },
      { y: 2004, n: jan },
    ]);
    await store.close();
  }
});
