/**
 * Salvage: what is intact in a damaged file is kept. A gzip cut short keeps the lines decoded
 * before the break (with a `truncated` problem row saying where it broke) instead of failing the
 * whole file, on the main thread and in a worker alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { ingestFiles } from './ingest-files.js';

const ALERT = (i: number): string =>
  `04/20-14:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.171005  [**] DDOS shaft client to handler [**] 81.220.163.126:${1024 + (i % 60000)} -> MY.NET.84.235:20432`;

/** A gzip of `lines` alert lines with its last `cut` bytes lost. */
function truncatedGzip(lines: number, cut: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-salvage-'));
  const path = join(dir, 'alert.gz');
  const text = `${Array.from({ length: lines }, (_, i) => ALERT(i)).join('\n')}\n`;
  const gz = gzipSync(text);
  writeFileSync(path, gz.subarray(0, gz.length - cut));
  return path;
}

const cases: { name: string; input: { lines: number; cut: number; inlineParseBytes: number } }[] = [
  { name: 'on the main thread', input: { lines: 20_000, cut: 5_000, inlineParseBytes: 1 << 30 } },
  { name: 'in a worker', input: { lines: 20_000, cut: 5_000, inlineParseBytes: 0 } },
  { name: 'cut inside its trailer only', input: { lines: 2_000, cut: 4, inlineParseBytes: 1 << 30 } },
];

for (const { name, input } of cases) {
  test(`salvage: a truncated gzip keeps its decodable prefix (${name})`, async () => {
    const path = truncatedGzip(input.lines, input.cut);
    const store = await DuckDBStore.open(':memory:');
    const report = await ingestFiles(store, { paths: [path], inlineParseBytes: input.inlineParseBytes, workers: 1 });
    const file = report.files[0]!;
    assert.equal(file.status, 'ingested', file.warnings.join('; '));
    assert.ok(file.rows > 0 && file.rows <= input.lines, `${file.rows} rows`);
    assert.ok(
      file.warnings.some((w) => w.startsWith('gzip data broken after')),
      file.warnings.join('; '),
    );
    const rows = await store.all<{ code: string; line: number; message: string }>(
      `SELECT code, line, message FROM quarantine WHERE code = 'truncated'`,
    );
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.message, /gzip data broken after \d+ unpacked bytes/);
    // The problem sits after the last line read: every line before it is stored or quarantined.
    const [counts] = await store.all<{ events: number; quarantined: number }>(
      `SELECT (SELECT count(*) FROM events)::INT AS events, (SELECT count(*) FROM quarantine)::INT AS quarantined`,
    );
    assert.equal(counts!.events + counts!.quarantined - 1, rows[0]!.line - 1);
    const [files] = await store.listFiles();
    assert.equal(files!.quarantined, counts!.quarantined);
    await store.close();
  });
}
