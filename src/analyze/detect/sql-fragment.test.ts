import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, list, sql } from './sql-fragment.js';

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
