/**
 * The ClickHouse store against Debian's clickhouse-server (18.16), one server and a two-shard
 * cluster of two servers on loopback: for the same input it must hold exactly what the DuckDB
 * store holds — every column of every event, every quarantine row, every file's figures — and a
 * second ingest of the same files must add nothing. Fails (does not skip) without the server
 * binary: CI installs it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EVENT_COLUMNS } from '../../src/core/event-columns.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { createStore } from '../../src/store/create-store.js';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Row, Store } from '../../src/store/store.js';
import { startClickHouse, type ClickHouseServers } from './start-clickhouse.js';

/** Scenario fixtures: classic Snort logs (alerts, scans, out-of-spec), a spliced line, a truncated record, EVE. */
export const INPUTS = [
  'test/fixtures/classic/alert.040420',
  'test/fixtures/classic/scans.040420',
  'test/fixtures/classic/oos_Apr.24.2004',
  'test/fixtures/scans/spliced-line.log',
  'test/fixtures/oos/truncated-record.log',
  'test/fixtures/samples/suricata-sample-data/wrccdc-2018.alerts-only.json',
  'test/fixtures/samples/suricata-verify/alert-testmyids__eve.json',
];

const BOOLEAN_COLUMNS = EVENT_COLUMNS.filter((c) => c.kind === 'bool').map((c) => c.name);

/** Events as comparable text: the file named by path (ids are per store), times in µs, booleans as 0/1. */
async function events(store: Store): Promise<string[]> {
  const paths = new Map((await store.listFiles()).map((f) => [f.id, f.path]));
  const sql = store.backend === 'duckdb' ? 'SELECT * REPLACE (epoch_us(ts) AS ts) FROM events' : 'SELECT * FROM events';
  return (await store.all(sql))
    .map((row) => {
      const out: Row = { ...row, file_id: paths.get(Number(row.file_id)) ?? `missing file ${row.file_id}` };
      for (const b of BOOLEAN_COLUMNS) if (typeof out[b] === 'boolean') out[b] = out[b] ? 1 : 0;
      return JSON.stringify(out);
    })
    .sort();
}

async function quarantine(store: Store): Promise<string[]> {
  const paths = new Map((await store.listFiles()).map((f) => [f.id, f.path]));
  return (await store.all('SELECT file_id, line, code, message, raw FROM quarantine'))
    .map((r) => JSON.stringify({ ...r, file_id: paths.get(Number(r.file_id)) }))
    .sort();
}

async function files(store: Store): Promise<string[]> {
  return (await store.listFiles()).map(({ ingestedAt: _at, id: _id, rootId: _root, ...figures }) =>
    JSON.stringify(figures),
  );
}

/** Everything a store holds, as text. */
async function contents(store: Store): Promise<{ events: string[]; quarantine: string[]; files: string[] }> {
  return { events: await events(store), quarantine: await quarantine(store), files: (await files(store)).sort() };
}

let duck: Awaited<ReturnType<typeof contents>>;

before(async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await ingestFiles(store, { paths: INPUTS, workers: 1 });
    duck = await contents(store);
  } finally {
    await store.close();
  }
  assert.ok(duck.events.length > 100, `the fixtures hold events (${duck.events.length})`);
  assert.ok(duck.quarantine.length > 0, 'the fixtures hold bad lines');
});

for (const shards of [1, 2]) {
  describe(`ClickHouse store, ${shards === 1 ? 'one server' : 'two-shard cluster'}`, () => {
    let servers: ClickHouseServers;
    before(async () => {
      servers = await startClickHouse(shards);
    });
    after(async () => {
      await servers?.stop();
    });

    test('holds exactly what DuckDB holds for the same input, and a second ingest adds nothing', async () => {
      const url = servers.url('idsift_test', { cluster: shards > 1 });
      const store = await createStore(url);
      try {
        const first = await ingestFiles(store, { paths: INPUTS, workers: 1 });
        const failed = first.files.filter((f) => f.status === 'failed');
        assert.deepEqual(failed, []);
        const stored = await contents(store);
        assert.deepEqual(stored.files, duck.files);
        assert.deepEqual(stored.quarantine, duck.quarantine);
        assert.equal(stored.events.length, duck.events.length);
        assert.deepEqual(stored.events, duck.events);
        const again = await ingestFiles(store, { paths: INPUTS, workers: 1 });
        assert.ok(
          again.files.every((f) => f.status === 'skipped'),
          JSON.stringify(again.files.map((f) => f.status)),
        );
        assert.deepEqual(await contents(store), stored);
      } finally {
        await store.close();
      }
      if (shards > 1) {
        // Rows landed on both shards, and the first server's Distributed table sees them all.
        const perShard = await Promise.all(
          servers.httpPorts.map(async (port) => {
            const query = encodeURIComponent('SELECT count() FROM idsift_test.events_data_local');
            return Number((await (await fetch(`http://127.0.0.1:${port}/?query=${query}`)).text()).trim());
          }),
        );
        assert.ok(
          perShard.every((n) => n > 0),
          `rows on every shard: ${perShard.join(', ')}`,
        );
        assert.equal(
          perShard.reduce((a, b) => a + b, 0),
          duck.events.length,
        );
      }
    });

    test('read-only: the server refuses writes and table functions that reach files, URLs or servers', async () => {
      const store = await createStore(servers.url('idsift_test', { cluster: shards > 1 }), {
        readOnly: true,
        mustExist: true,
      });
      try {
        const [row] = await store.all<{ n: number }>('SELECT count() AS n FROM events');
        assert.equal(row!.n, duck.events.length);
        for (const sql of [
          'INSERT INTO scores VALUES (1, 1, 1, 1, 1, 1)',
          'DROP TABLE scores',
          "SELECT * FROM file('x', 'CSV', 'a String')",
          "SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')",
          "SELECT * FROM remote('127.0.0.1', system.one)",
          'SELECT * FROM numbers(3)',
        ])
          await assert.rejects(store.all(sql), /readonly|read-only/i, sql);
      } finally {
        await store.close();
      }
    });
  });
}
