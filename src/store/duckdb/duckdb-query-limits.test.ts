/**
 * Every query runs under limits a hostile or careless query cannot lift: a per-statement timeout
 * that interrupts DuckDB, and spilling capped in a per-run folder under the system temp folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { StoreError } from '../../core/errors.js';
import { DuckDBStore } from './duckdb-store.js';

test('DuckDBStore: a statement past queryTimeoutMs is interrupted with a clear StoreError', async () => {
  const store = await DuckDBStore.open(':memory:', { queryTimeoutMs: 500 });
  try {
    const started = Date.now();
    await assert.rejects(
      store.all('SELECT sum(hash(range)) AS s FROM range(10000000000)'),
      (error: unknown) =>
        error instanceof StoreError && /^query stopped after 0\.5 s \(the --timeout limit\)$/.test(error.message),
    );
    assert.ok(Date.now() - started < 10_000, `stopped in ${Date.now() - started} ms`);
    // The connection is still usable after the interrupt.
    assert.deepEqual(await store.all('SELECT 1 AS one'), [{ one: 1 }]);
  } finally {
    await store.close();
  }
});

test('DuckDBStore: spilling goes to a capped per-run folder under the temp folder, removed on close', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'idsift-limits-'));
  const path = join(folder, 'store.duckdb');
  await (await DuckDBStore.open(path)).close();
  for (const readOnly of [false, true]) {
    const store = await DuckDBStore.open(path, { readOnly });
    const [row] = await store.all<{ dir: string; cap: string }>(
      "SELECT current_setting('temp_directory') AS dir, current_setting('max_temp_directory_size') AS cap",
    );
    await store.close();
    assert.equal(dirname(row!.dir), tmpdir(), `readOnly=${readOnly}: ${row!.dir}`);
    assert.match(row!.dir, /idsift-duckdb-/);
    assert.match(row!.cap, /^3\.7 GiB$/, 'the 4GB default cap');
    assert.equal(existsSync(row!.dir), false, 'removed on close');
  }
  assert.deepEqual(readdirSync(folder).sort(), ['store.duckdb']);
});
