/**
 * What a store holds, as sorted text for deepEqual: every column of every event (file ids as the
 * file's path, times in µs, booleans as 0/1), every quarantine row, every file's figures. The
 * ClickHouse tests compare a ClickHouse store's contents with DuckDB's for the same input.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { EVENT_COLUMNS } from '../../src/core/event-columns.js';
import { Follower } from '../../src/ingest/follow-files.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Row, Store } from '../../src/store/store.js';

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
async function events(store: Store, name: Name): Promise<string[]> {
  const paths = new Map((await store.listFiles()).map((f) => [f.id, name(f.path)]));
  const sql = store.backend === 'duckdb' ? 'SELECT * REPLACE (epoch_us(ts) AS ts) FROM events' : 'SELECT * FROM events';
  return (await store.all(sql))
    .map((row) => {
      const out: Row = { ...row, file_id: paths.get(Number(row.file_id)) ?? `missing file ${row.file_id}` };
      for (const b of BOOLEAN_COLUMNS) if (typeof out[b] === 'boolean') out[b] = out[b] ? 1 : 0;
      return JSON.stringify(out);
    })
    .sort();
}

async function quarantine(store: Store, name: Name): Promise<string[]> {
  const paths = new Map((await store.listFiles()).map((f) => [f.id, name(f.path)]));
  return (await store.all('SELECT file_id, line, code, message, raw FROM quarantine'))
    .map((r) => JSON.stringify({ ...r, file_id: paths.get(Number(r.file_id)) }))
    .sort();
}

async function files(store: Store, name: Name): Promise<string[]> {
  return (await store.listFiles()).map(({ ingestedAt: _at, id: _id, rootId: _root, path, ...figures }) =>
    JSON.stringify({ path: name(path), ...figures }),
  );
}

/** How a stored file's path is shown: as stored, or (files in a temporary folder) by its name. */
type Name = (path: string) => string;

export interface StoreContents {
  events: string[];
  quarantine: string[];
  files: string[];
}

/** Everything a store holds, as text. */
export async function contents(store: Store, name: Name = (path) => path): Promise<StoreContents> {
  return {
    events: await events(store, name),
    quarantine: await quarantine(store, name),
    files: (await files(store, name)).sort(),
  };
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
