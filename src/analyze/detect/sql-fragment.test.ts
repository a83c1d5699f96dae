import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, list, rowsTable, sql } from './sql-fragment.js';

test('sql: values become placeholders in order, fragments splice with their values', () => {
  const inner = sql`e.dport = ${57}`;
  const outer = sql`SELECT 1 WHERE a = ${'x'} AND ${inner} AND b IN (${list([1, 2])}) AND c = ${null}`;
  assert.equal(outer.text, 'SELECT 1 WHERE a = ? AND e.dport = ? AND b IN (?, ?) AND c = ?');
  assert.deepEqual(outer.params, ['x', 57, 1, 2, null]);
});

test('list: empty matches nothing; join keeps parameter order', () => {
  assert.deepEqual(list([]), { text: 'NULL', params: [] });
  const joined = join([sql`a = ${1}`, sql`b = ${2}`], ' OR ');
  assert.deepEqual(joined, { text: 'a = ? OR b = ?', params: [1, 2] });
});

test('rowsTable: many rows as one JSON value per column, nulls and quotes intact', async () => {
  const { DuckDBStore } = await import('../../store/duckdb/duckdb-store.js');
  const store = await DuckDBStore.open(':memory:');
  try {
    const t = rowsTable(
      [
        ['host', 'VARCHAR'],
        ['port', 'INTEGER'],
        ['t0', 'BIGINT'],
      ],
      [
        ['MY.NET.1.2', 57, 1_082_419_200_000_000],
        ['it\'s "odd"', null, null],
      ],
    );
    assert.equal(t.params.length, 3);
    const q = sql`SELECT * FROM ${t} k ORDER BY host`;
    assert.deepEqual(await store.all(q.text, [...q.params]), [
      { host: 'MY.NET.1.2', port: 57, t0: 1_082_419_200_000_000 },
      { host: 'it\'s "odd"', port: null, t0: null },
    ]);
  } finally {
    await store.close();
  }
});
