/**
 * What a store holds, as sorted text for deepEqual (the store contract's `storedRows`), after the
 * ways in the ClickHouse tests take: a batch ingest of the fixtures, and `ingest --follow` of a file
 * written in parts. The tests compare a ClickHouse store's contents with DuckDB's for the same input.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Follower } from '../../src/ingest/follow-files.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';
import { FIXTURE_INPUTS, storedRows, type StoredRows } from '../store-contract/run-store-contract.js';

/** Scenario fixtures: classic Snort logs (alerts, scans, out-of-spec), a spliced line, a truncated record, EVE. */
export const INPUTS = FIXTURE_INPUTS;

export type StoreContents = StoredRows;

/** Everything a store holds, as text; stored paths shown by `name` (as stored by default). */
export function contents(store: Store, name: (path: string) => string = (path) => path): Promise<StoreContents> {
  return storedRows(store, name);
}

/** The fixtures ingested into an in-memory DuckDB store: what every ClickHouse store must hold. */
export async function duckdbContents(): Promise<StoreContents> {
  const store = await DuckDBStore.open(':memory:');
  let duck: StoreContents;
  try {
    await ingestFiles(store, { paths: INPUTS, workers: 1 });
    duck = await contents(store);
  } finally {
    await store.close();
  }
  assert.ok(duck.events.length > 100, `the fixtures hold events (${duck.events.length})`);
  assert.ok(duck.quarantine.length > 0, 'the fixtures hold bad lines');
  return duck;
}

/**
 * Ingest the fixtures into `store`: it must then hold `expected` (DuckDB's), whole rows, and a second
 * ingest must skip every file. Returns what the store holds.
 */
export async function ingestHolding(store: Store, expected: StoreContents): Promise<StoreContents> {
  const first = await ingestFiles(store, { paths: INPUTS, workers: 1 });
  assert.deepEqual(
    first.files.filter((f) => f.status === 'failed'),
    [],
  );
  const stored = await contents(store);
  assert.deepEqual(stored.files, expected.files);
  assert.deepEqual(stored.quarantine, expected.quarantine);
  assert.equal(stored.events.length, expected.events.length);
  assert.deepEqual(stored.events, expected.events);
  const again = await ingestFiles(store, { paths: INPUTS, workers: 1 });
  assert.ok(
    again.files.every((f) => f.status === 'skipped'),
    JSON.stringify(again.files.map((f) => f.status)),
  );
  return stored;
}

/** The followed file: classic alerts, written in three cuts that fall inside lines. */
const FOLLOWED = 'test/fixtures/classic/alert.040420';

/**
 * `ingest --follow`'s path: a file written in three parts (each cut mid-line) and polled after
 * each, so the first commit makes a segment and the later ones extend it in place. Returns what
 * the store then holds, files named by their base name (the folder is temporary).
 */
export async function followedContents(store: Store): Promise<StoreContents> {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-follow-'));
  // The follower closes its sink after each commit; this one stays open for the caller.
  const sink = new Proxy(store, {
    get(target, key) {
      if (key === 'close') return () => Promise.resolve();
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  try {
    const path = join(dir, basename(FOLLOWED));
    const text = readFileSync(FOLLOWED);
    const cuts = [0, Math.floor(text.length / 3), Math.floor((2 * text.length) / 3), text.length];
    writeFileSync(path, '');
    const follower = new Follower({
      paths: [path],
      signal: new AbortController().signal,
      openSink: () => Promise.resolve(sink),
    });
    for (let i = 1; i < cuts.length; i++) {
      appendFileSync(path, text.subarray(cuts[i - 1], cuts[i]));
      await follower.poll();
    }
    await follower.stop();
    const files = await store.listFiles();
    assert.equal(files.length, 1, `one extended segment: ${JSON.stringify(files.map((f) => f.rows))}`);
    return await contents(store, basename);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What following the file stores in DuckDB. */
export async function duckdbFollowedContents(): Promise<StoreContents> {
  const store = await DuckDBStore.open(':memory:');
  try {
    return await followedContents(store);
  } finally {
    await store.close();
  }
}
