import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../core/errors.js';
import { createStore, describeStore, parseStoreUrl, type StoreUrl } from './create-store.js';

const good: { name: string; input: string; expected: StoreUrl }[] = [
  { name: 'plain path', input: './idsift.duckdb', expected: { backend: 'duckdb', path: './idsift.duckdb' } },
  { name: 'in memory', input: ':memory:', expected: { backend: 'duckdb', path: ':memory:' } },
  { name: 'duckdb scheme', input: 'duckdb:/data/x.duckdb', expected: { backend: 'duckdb', path: '/data/x.duckdb' } },
  { name: 'path with a colon', input: 'logs:2004.duckdb', expected: { backend: 'duckdb', path: 'logs:2004.duckdb' } },
  {
    name: 'one server',
    input: 'clickhouse://127.0.0.1:8123/idsift',
    expected: { backend: 'clickhouse', hosts: [{ host: '127.0.0.1', port: 8123 }], database: 'idsift', cluster: null },
  },
  {
    name: 'a cluster over two servers, IPv6 and names',
    input: 'clickhouse://[::1]:18123,ch-2.example:8123/ids_2?cluster=two_shards',
    expected: {
      backend: 'clickhouse',
      hosts: [
        { host: '[::1]', port: 18123 },
        { host: 'ch-2.example', port: 8123 },
      ],
      database: 'ids_2',
      cluster: 'two_shards',
    },
  },
  {
    name: 'scheme in capitals',
    input: 'ClickHouse://h:1/d',
    expected: { backend: 'clickhouse', hosts: [{ host: 'h', port: 1 }], database: 'd', cluster: null },
  },
];

for (const c of good) {
  test(`parseStoreUrl: ${c.name}`, () => assert.deepEqual(parseStoreUrl(c.input), c.expected));
}

const bad: { name: string; input: string; message: RegExp }[] = [
  { name: 'empty', input: '', message: /store URL is empty/ },
  { name: 'empty duckdb path', input: 'duckdb:', message: /names no file/ },
  { name: 'unknown scheme', input: 'postgres://h:5432/db', message: /unknown store type postgres/ },
  { name: 'no database', input: 'clickhouse://h:8123', message: /no database/ },
  { name: 'empty database', input: 'clickhouse://h:8123/', message: /no database/ },
  { name: 'no port', input: 'clickhouse://h/db', message: /"h" is not HOST:PORT/ },
  { name: 'no host', input: 'clickhouse:///db', message: /is not HOST:PORT/ },
  { name: 'empty host in a list', input: 'clickhouse://a:1,,b:2/db', message: /"" is not HOST:PORT/ },
  { name: 'port out of range', input: 'clickhouse://h:70000/db', message: /port 70000 is out of range/ },
  { name: 'port zero', input: 'clickhouse://h:0/db', message: /port 0 is out of range/ },
  { name: 'database with a quote', input: "clickhouse://h:1/d'b", message: /database name "d'b"/ },
  { name: 'database path', input: 'clickhouse://h:1/a/b', message: /database name "a\/b"/ },
  { name: 'unknown option', input: 'clickhouse://h:1/d?user=x', message: /unknown option "user"/ },
  { name: 'empty cluster', input: 'clickhouse://h:1/d?cluster=', message: /cluster name ""/ },
  { name: 'cluster with a dash', input: 'clickhouse://h:1/d?cluster=a-b', message: /cluster name "a-b"/ },
  { name: 'two ?', input: 'clickhouse://h:1/d?cluster=a?b', message: /more than one/ },
];

for (const c of bad) {
  test(`parseStoreUrl refuses ${c.name} with one line`, () => {
    assert.throws(
      () => parseStoreUrl(c.input),
      (e: unknown) => e instanceof UserError && c.message.test(e.message) && !e.message.includes('\n'),
    );
  });
}

test('describeStore gives back the URL it parsed', () => {
  for (const c of good) {
    const again = parseStoreUrl(describeStore(c.expected));
    assert.deepEqual(
      again,
      c.expected.backend === 'duckdb' ? { backend: 'duckdb', path: c.expected.path } : c.expected,
    );
  }
});

test('createStore: DuckDB opens with its dialect; a missing store is refused when it must exist', async () => {
  const store = await createStore('duckdb::memory:');
  try {
    assert.equal(store.backend, 'duckdb');
    assert.equal(store.dialect.name, 'duckdb');
  } finally {
    await store.close();
  }
  await assert.rejects(createStore('./no-such-dir/x.duckdb', { mustExist: true }), /no store at \.\/no-such-dir/);
});

test('createStore: a ClickHouse server that does not answer is one user error naming the store', async () => {
  // Port 1 on loopback: nothing listens there.
  await assert.rejects(
    createStore('clickhouse://127.0.0.1:1/idsift'),
    (e: unknown) =>
      e instanceof UserError && /^cannot open store clickhouse:\/\/127\.0\.0\.1:1\/idsift: /.test(e.message),
  );
});

test('createStore: several ClickHouse servers without a cluster name is a user error', async () => {
  await assert.rejects(
    createStore('clickhouse://127.0.0.1:1,127.0.0.1:2/idsift'),
    (e: unknown) => e instanceof UserError && /several servers.*\?cluster=NAME/.test(e.message),
  );
});
