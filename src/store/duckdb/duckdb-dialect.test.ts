import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialectCases } from '../../../test/store-contract/dialect-cases.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { DuckDBStore } from './duckdb-store.js';

test('DuckDB dialect: every dialect case answers as specified', async (t) => {
  const store = await DuckDBStore.open(':memory:');
  try {
    for (const c of dialectCases(duckdbDialect)) {
      await t.test(c.name, async () => assert.deepEqual(await store.query(c.query), c.expected));
    }
  } finally {
    await store.close();
  }
});
