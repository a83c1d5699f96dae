/**
 * A per-run temporary table that folds address ids into host ids once, so that every detect can
 * count and join on integers with aliases applied (`130.85.1.2` and `MY.NET.1.2` share a host id)
 * instead of joining address text per event.
 *
 * Columns: `id` (address id) → `hid` (the smallest address id of its host), `hkey` (the host's rank
 * among all host names in code-point order), `bid` (a dense id of the host's /24 block), `host_grp`.
 *
 * Address ids are handed out in the order the ingest workers met the addresses, so they differ
 * between two ingests of the same logs: `hid` is for joining and grouping only. Whatever orders,
 * samples or hashes hosts (approximate counts) uses `hkey` or `bid`, which depend on the data alone.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';

export interface HostIdTable {
  /** Table name (generated, safe to splice into SQL text). */
  readonly name: string;
  drop(): Promise<void>;
}

export async function createHostIdTable(store: Store): Promise<HostIdTable> {
  const name = `det_host_${randomBytes(6).toString('hex')}`;
  // --- SQL: address id → host id, block id, host group (per run)
  await store.run(
    `CREATE TEMP TABLE ${name} AS
     SELECT id, min(id) OVER (PARTITION BY host) AS hid, dense_rank() OVER (ORDER BY host) AS hkey,
       dense_rank() OVER (ORDER BY block) AS bid, host_grp
     FROM (SELECT id, host, host_grp, regexp_replace(host, '[.:][^.:]*$', '') AS block FROM addrs)`,
  );
  return {
    name,
    drop: () => store.run(`DROP TABLE IF EXISTS ${name}`),
  };
}

/** Per address id: its host's rank in name order (aliases share one) and its /24 block's id. */
export interface HostKeys {
  hkey: Int32Array;
  bid: Int32Array;
}

/** The table's host ranks and block ids as arrays indexed by address id (for counting in loops). */
export async function readHostKeys(store: Store, table: string): Promise<HostKeys> {
  const { rows, columns } = await store.numericColumns(
    { text: `SELECT id, hkey::INTEGER AS hkey, bid::INTEGER AS bid FROM ${table}`, params: [] },
    { id: 'uint32', hkey: 'int32', bid: 'int32' },
  );
  let size = 0;
  for (const id of columns.id) size = Math.max(size, id + 1);
  const keys: HostKeys = { hkey: new Int32Array(size), bid: new Int32Array(size) };
  for (let r = 0; r < rows; r++) {
    keys.hkey[columns.id[r]!] = columns.hkey[r]!;
    keys.bid[columns.id[r]!] = columns.bid[r]!;
  }
  return keys;
}
