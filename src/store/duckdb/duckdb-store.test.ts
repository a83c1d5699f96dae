import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { loadEvents, syntheticFile } from '../load-events.js';
import { DuckDBStore } from './duckdb-store.js';
import { checkEventCounts } from '../../../test/harness/dump-store.js';
import { topPorts, topTalkers } from '../../analyze/top-n/top-n.js';

const CLASSIC = new AddressBook({
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
});

const events: EventRecord[] = [
  {
    ts: 1_082_472_309_171_005,
    source: 'alert',
    event: 'DDOS shaft client to handler',
    src: '81.220.163.126',
    sport: 4662,
    dst: 'MY.NET.84.235',
    dport: 20432,
  },
  {
    ts: 1_082_472_310_000_000,
    source: 'scans',
    event: 'SYN',
    proto: 'TCP',
    src: '130.85.84.235',
    sport: 1024,
    dst: '10.0.0.1',
    dport: 57,
    tcpFlags: 2,
  },
  {
    ts: 1_082_472_311_000_000,
    source: 'oos',
    event: 'TCP ********',
    proto: 'TCP',
    src: '2001:0db8:0000:0000:0000:0000:0000:0001',
    sport: 80,
    dst: 'MY.NET.12.4',
    dport: 110,
    ttl: 78,
    ipId: 4660,
    payload: 'DEADBEEF',
    tcpSeq: 4_000_000_000,
  },
];

test('DuckDBStore: events round-trip through batches, dictionaries and the events view', async () => {
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(CLASSIC, 'h1');
  await loadEvents(store, events);
  const rows = await store.all(
    `SELECT ts, source, event, src, sport, dst, dport, ttl, ip_id, payload, tcp_seq, src_group, src_host FROM events ORDER BY ts`,
  );
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], {
    // All six digits: the sensor wrote microseconds, and --json keeps them.
    ts: '2004-04-20T14:45:09.171005Z',
    source: 'alert',
    event: 'DDOS shaft client to handler',
    src: '81.220.163.126',
    sport: 4662,
    dst: 'MY.NET.84.235',
    dport: 20432,
    ttl: null,
    ip_id: null,
    payload: null,
    tcp_seq: null,
    src_group: 'external',
    src_host: '81.220.163.126',
  });
  assert.equal(rows[1]!.src_group, 'firewall');
  assert.equal(rows[1]!.src_host, 'MY.NET.84.235');
  assert.equal(rows[2]!.src_host, '2001:db8::1');
  assert.equal(rows[2]!.tcp_seq, 4_000_000_000);
  assert.equal(rows[2]!.payload, 'DEADBEEF');
  const [micros] = await store.all<{ us: number }>('SELECT epoch_us(ts) AS us FROM events_raw ORDER BY ts LIMIT 1');
  assert.equal(micros!.us, 1_082_472_309_171_005);
  await store.close();
});

test('DuckDBStore: a changed address book re-classifies stored addresses', async () => {
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(new AddressBook(), 'default');
  await loadEvents(store, events);
  const before = await store.all<{ grp: string }>(`SELECT grp FROM addrs WHERE addr = '130.85.84.235'`);
  assert.equal(before[0]!.grp, 'external');
  await store.applyAddressBook(CLASSIC, 'classic');
  const after = await store.all<{ grp: string; host: string }>(
    `SELECT grp, host FROM addrs WHERE addr = '130.85.84.235'`,
  );
  assert.deepEqual(after[0], { grp: 'firewall', host: 'MY.NET.84.235' });
  await store.close();
});

test('DuckDBStore: an aborted file leaves no events and no file row', async () => {
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(CLASSIC, 'h');
  await loadEvents(store, events.slice(0, 1));
  const writer = await store.beginFile(syntheticFile('x', 'snort-fast', 'alert'));
  const { EventBatchBuilder } = await import('../../ingest/event-batch-builder.js');
  const builder = new EventBatchBuilder();
  builder.add(0, 1, events[1]!);
  await writer.append(builder.take());
  await writer.abort();
  const [count] = await store.all<{ n: number }>('SELECT count(*) AS n FROM events_raw');
  assert.equal(count!.n, 1);
  assert.equal((await store.listFiles()).length, 1);
  await store.close();
});

/** A store file in a fresh temporary folder holding `events` (under the classic address book). */
async function storeFileWith(name: string): Promise<{ path: string; store: DuckDBStore }> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = `${mkdtempSync(`${tmpdir()}/idsift-`)}/${name}`;
  const store = await DuckDBStore.open(path);
  await store.applyAddressBook(CLASSIC, 'h');
  await loadEvents(store, events);
  return { path, store };
}

test('DuckDBStore: read-only mode refuses writes and file access', async () => {
  const { path, store: rw } = await storeFileWith('ro.duckdb');
  await rw.close();
  const ro = await DuckDBStore.open(path, { readOnly: true });
  assert.equal((await ro.all('SELECT count(*) AS n FROM events'))[0]!.n, 3);
  await assert.rejects(ro.all('DELETE FROM events_core'), /read-only|read only/i);
  await assert.rejects(ro.all(`SELECT * FROM read_csv('/etc/passwd')`), /disabled|external|permission/i);
  await assert.rejects(ro.all(`COPY events_raw TO '${path}.csv'`), /.+/);
  await ro.close();
});

test('DuckDBStore: a store reached through a symbolic link opens read-only and for writing', async () => {
  const { path, store: rw } = await storeFileWith('linked.duckdb');
  await rw.close();
  const link = join(mkdtempSync(join(tmpdir(), 'idsift-link-')), 'store.duckdb');
  symlinkSync(path, link);
  const ro = await DuckDBStore.open(link, { readOnly: true });
  assert.equal((await ro.all('SELECT count(*) AS n FROM events'))[0]!.n, 3);
  await assert.rejects(ro.all(`SELECT * FROM read_csv('/etc/passwd')`), /disabled|external|permission/i);
  await ro.close();
  const again = await DuckDBStore.open(link);
  assert.equal((await again.all('SELECT count(*) AS n FROM events'))[0]!.n, 3);
  await again.close();
});

test('DuckDBStore: a schema-1 store (one wide events_raw table) is migrated to core and detail tables', async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { EVENT_COLUMNS, storedColumnName } = await import('../../core/event-columns.js');
  // Write the store as today's schema would, then turn it back into schema 1's single table.
  const { path, store } = await storeFileWith('v1.duckdb');
  const before = await store.all('SELECT * FROM events ORDER BY line');
  await store.close();
  const columns = EVENT_COLUMNS.filter((c) => c.name !== 'line_seq').map((c) => storedColumnName(c.name, c.kind));
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE wide AS SELECT ${columns.join(', ')} FROM events_raw`);
  await conn.run('DROP VIEW events');
  await conn.run('DROP VIEW events_raw');
  await conn.run('DROP TABLE events_core');
  await conn.run('DROP TABLE events_detail');
  await conn.run('DROP TABLE event_counts');
  await conn.run('ALTER TABLE wide RENAME TO events_raw');
  await conn.run(`UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
  conn.closeSync();
  instance.closeSync();

  const migrated = await DuckDBStore.open(path);
  assert.deepEqual(await migrated.all('SELECT * FROM events ORDER BY line'), before);
  const [counts] = await migrated.all<{ core: number; detail: number; version: string }>(
    `SELECT (SELECT count(*) FROM events_core) AS core, (SELECT count(*) FROM events_detail) AS detail,
       (SELECT value FROM meta WHERE key = 'schema_version') AS version`,
  );
  assert.equal(counts!.core, events.length);
  assert.ok(Number(counts!.detail) >= 1 && Number(counts!.detail) < events.length, 'only events with detail fields');
  assert.equal(counts!.version, '3');
  assert.ok(migrated.keepsEventCounts);
  await checkEventCounts(migrated);
  await migrated.close();
});

/** What the event counts feed: top talkers and ports. */
async function countedAnswers(store: DuckDBStore): Promise<unknown> {
  return { talkers: await topTalkers(store), ports: await topPorts(store) };
}

/**
 * A store at `path` whose counts are missing or short: read-only, they are not used and the answers
 * are still `expected`; opened for writing, they are made again, once.
 */
async function assertCountsMadeAgain(path: string, expected: unknown): Promise<void> {
  const old = await DuckDBStore.open(path, { readOnly: true });
  assert.equal(old.keepsEventCounts, false);
  assert.deepEqual(await countedAnswers(old), expected);
  await old.close();
  const mended = await DuckDBStore.open(path);
  assert.ok(mended.keepsEventCounts);
  const [row] = await mended.all<{ version: string }>(`SELECT value AS version FROM meta WHERE key = 'schema_version'`);
  assert.equal(row!.version, '3');
  await checkEventCounts(mended);
  assert.deepEqual(await countedAnswers(mended), expected);
  await mended.close();
  // Opened again: counted once, not twice.
  const again = await DuckDBStore.open(path);
  await checkEventCounts(again);
  await again.close();
}

test('DuckDBStore: a schema-2 store counts its events once when opened for writing; read-only, it counts at query time', async () => {
  const { path, store } = await storeFileWith('v2.duckdb');
  const before = await countedAnswers(store);
  await store.run('DROP TABLE event_counts');
  await store.run(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`);
  await store.close();
  await assertCountsMadeAgain(path, before);
});

test('DuckDBStore: counts that miss events (an older idsift ingested since) are not used read-only, and made again on a writable open', async () => {
  const { path, store } = await storeFileWith('stale.duckdb');
  const before = await countedAnswers(store);
  // What an idsift without event counts leaves: events with no counts for them.
  await store.run('DELETE FROM event_counts WHERE rowid IN (SELECT min(rowid) FROM event_counts)');
  await store.close();
  await assertCountsMadeAgain(path, before);
});

test('DuckDBStore: files load under the smaller ingest memory limit, and queries get theirs back after', async (t) => {
  if (process.env.IDSIFT_DUCKDB_MEMORY) return t.skip('IDSIFT_DUCKDB_MEMORY overrides both limits');
  const store = await DuckDBStore.open(':memory:');
  const limit = async (): Promise<string> =>
    String((await store.all<{ m: string }>(`SELECT current_setting('memory_limit') AS m`))[0]!.m);
  const query = await limit();
  const writer = await store.beginFile(syntheticFile('f', 'snort-scans', 'scans'));
  const loading = await limit();
  await writer.abort();
  assert.equal(query, '488.2 MiB');
  assert.equal(loading, '244.1 MiB');
  assert.equal(await limit(), query);
  await store.close();
});

test('DuckDBStore: numericColumns copies every chunk into typed arrays, and refuses a null or a wrong type', async () => {
  const store = await DuckDBStore.open(':memory:');
  // 5,000 rows: three chunks of DuckDB's 2,048.
  const q = {
    text: `SELECT (i * 7 - 3)::INTEGER AS a, i::UINTEGER + 4000000000 AS b, i * 1e9 + 0.5 AS c FROM range(5000) r(i) ORDER BY i`,
    params: [],
  };
  const { rows, columns } = await store.numericColumns(q, { a: 'int32', b: 'uint32', c: 'float64' });
  assert.equal(rows, 5000);
  const expected = await store.all<{ a: number; b: number; c: number }>(q.text);
  assert.deepEqual(
    [...columns.a],
    expected.map((r) => Number(r.a)),
  );
  assert.deepEqual(
    [...columns.b],
    expected.map((r) => Number(r.b)),
  );
  assert.deepEqual(
    [...columns.c],
    expected.map((r) => Number(r.c)),
  );
  const nulls = {
    text: 'SELECT CASE WHEN i = 4321 THEN NULL ELSE i END::INTEGER AS a FROM range(5000) r(i)',
    params: [],
  };
  await assert.rejects(store.numericColumns(nulls, { a: 'int32' }), /column a has a null/);
  await assert.rejects(
    store.numericColumns(q, { a: 'float64', b: 'uint32', c: 'float64' }),
    /column a is INTEGER, not float64/,
  );
  await assert.rejects(store.numericColumns(q, { a: 'int32' }), /selects 3 columns, not 1/);
  await store.close();
});
