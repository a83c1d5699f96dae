/**
 * Hostile input: lines of every classic kind, mutated at random (bytes flipped, cut, glued,
 * garbage and NULs inserted, huge lines), must never crash ingest, and every non-blank line must be
 * accounted for: stored, quarantined, or both (a spliced line's recovered tail and its fragment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { ingestFiles } from './ingest-files.js';
import { mutate, prng } from './mutate-lines.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/classic/', import.meta.url));

for (const seed of [1, 2, 3]) {
  test(`mutated input never crashes ingest and every line is accounted for (seed ${seed})`, async () => {
    const random = prng(seed);
    const dir = mkdtempSync(join(tmpdir(), 'idsift-fuzz-'));
    let nonBlank = 0;
    for (const name of ['alert.040420', 'scans.040420']) {
      const lines = readFileSync(join(FIXTURES, name), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      const out: string[] = [];
      for (let i = 0; i < 400; i++) out.push(mutate(lines[i % lines.length]!, random, lines));
      const text = out.join('\n') + '\n';
      // Count on the text as written: a mutation may itself have inserted a newline.
      nonBlank += text.split('\n').filter((l) => l.replace(/\r$/, '').trim().length > 0).length;
      writeFileSync(join(dir, name), text);
    }
    const oos = readFileSync(join(FIXTURES, 'oos_Apr.24.2004'), 'utf8').split('\n');
    writeFileSync(
      join(dir, 'oos_Apr.24.2004'),
      Array.from({ length: 200 }, (_, i) => mutate(oos[i % oos.length]!, random, oos)).join('\n'),
    );
    const store = await DuckDBStore.open(':memory:');
    // Formats are forced: most lines are broken on purpose, so sniffing would rightly refuse.
    const files = [];
    for (const [name, format] of [
      ['alert.040420', 'snort-fast'],
      ['scans.040420', 'snort-scans'],
      ['oos_Apr.24.2004', 'snort-oos'],
    ] as const) {
      files.push(...(await ingestFiles(store, { paths: [join(dir, name)], format })).files);
    }
    const report = { files, rows: files.reduce((n, f) => n + f.rows, 0) };
    const line = report.files.filter((f) => !f.file.includes('oos'));
    for (const f of report.files) assert.notEqual(f.status, 'failed', `${f.file}: ${f.warnings.join('; ')}`);
    const accounted = line.reduce((n, f) => n + f.rows + f.quarantined - f.recovered, 0);
    assert.equal(accounted, nonBlank, 'rows + quarantined − recovered = non-blank lines');
    const [stored] = await store.all<{ n: number; q: number }>(
      'SELECT (SELECT count(*) FROM events_raw) AS n, (SELECT count(*) FROM quarantine) AS q',
    );
    assert.equal(stored!.n, report.rows);
    assert.equal(
      stored!.q,
      report.files.reduce((n, f) => n + f.quarantined, 0),
    );
    await store.close();
  });
}
