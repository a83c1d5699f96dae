/**
 * Salvage: what is intact in a damaged file is kept. A gzip cut short keeps the lines decoded
 * before the break (with a `truncated` problem row saying where it broke) instead of failing the
 * whole file, on the main thread and in a worker alike. A packet dump with one field out of range
 * keeps its event with that field empty, and a `salvaged` problem row.
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

const SEPARATOR = '=+'.repeat(37);
const OOS = [
  '04/20-09:00:00.000000 1.2.3.4:1 -> 5.6.7.8:2',
  'TCP TTL:30 TOS:0x0 ID:3 IpLen:20 DgmLen:40',
  '******S* Seq: 0x1B24F00112  Ack: 0x0  Win: 0x200  TcpLen: 20',
  SEPARATOR,
  '',
  '04/20-09:00:01.000000 1.2.3.4:1 -> 5.6.7.8:3',
  'TCP TTL:30 TOS:0x0 ID:4 IpLen:20 DgmLen:40',
  '******S* Seq: 0x2  Ack: 0x0  Win: 0x200  TcpLen: 20',
  SEPARATOR,
];

test('salvage: an oos packet with a TCP Seq wider than 32 bits is kept with Seq empty, and counted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-salvage-'));
  const path = join(dir, 'oos.log');
  writeFileSync(path, `${OOS.join('\n')}\n`);
  const store = await DuckDBStore.open(':memory:');
  const report = await ingestFiles(store, { paths: [path] });
  const file = report.files[0]!;
  assert.deepEqual([file.format, file.rows, file.quarantined, file.recovered], ['snort-oos', 2, 1, 1]);
  const events = await store.all<{ line: number; tcp_seq: number | null; ttl: number }>(
    'SELECT line, tcp_seq::BIGINT AS tcp_seq, ttl::INT AS ttl FROM events_raw ORDER BY line',
  );
  assert.deepEqual(
    events.map((e) => [e.line, e.tcp_seq === null ? null : Number(e.tcp_seq), e.ttl]),
    [
      [1, null, 30],
      [6, 2, 30],
    ],
  );
  const problems = await store.all<{ code: string; line: number; message: string }>(
    'SELECT code, line, message FROM quarantine',
  );
  assert.deepEqual(problems, [{ code: 'salvaged', line: 3, message: 'packet kept without its out-of-range TCP Seq' }]);
  const [stored] = await store.listFiles();
  assert.deepEqual([stored!.rows, stored!.quarantined, stored!.recovered], [2, 1, 1]);
  await store.close();
});

test('quarantine: past the per-file cap, problems are counted and summed up in one row, not stored one by one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-cap-'));
  const path = join(dir, 'alert.log');
  const garbage = Array.from({ length: 10_000 }, (_, i) => `garbage ${i}`);
  writeFileSync(path, `${[ALERT(0), ...garbage, ALERT(1)].join('\n')}\n`);
  const store = await DuckDBStore.open(':memory:', { maxQuarantineRows: 5000 });
  const report = await ingestFiles(store, { paths: [path], format: 'snort-fast' });
  assert.deepEqual([report.files[0]!.rows, report.files[0]!.quarantined], [2, 10_000]);
  const [stored] = await store.listFiles();
  assert.equal(stored!.quarantined, 10_000);
  const rows = await store.all<{ line: number; message: string }>('SELECT line, message FROM quarantine ORDER BY line');
  assert.equal(rows.length, 5001);
  assert.deepEqual(rows[4999]!.line, 5001);
  assert.equal(rows[5000]!.line, 5002);
  assert.match(rows[5000]!.message, /^5000 more problem\(s\) from this line on are counted but not stored/);
  await store.close();
});
