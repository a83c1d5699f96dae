import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import { inIds, sql } from '../../store/sql.js';
import { hostEventRows } from './host-event-rows.js';

const T0 = Date.UTC(2004, 3, 20) * 1000;

/** Events among 30 addresses (two spellings of some hosts), with self-traffic and missing addresses. */
function makeEvents(): EventRecord[] {
  const address = (i: number): string => (i % 3 === 0 ? `MY.NET.1.${i}` : `130.85.1.${i}`);
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  return Array.from({ length: 600 }, (_, i): EventRecord => {
    const src = next(10) === 0 ? undefined : address(next(30));
    const dst = next(10) === 0 ? undefined : next(8) === 0 && src !== undefined ? src : address(next(30));
    return { ts: T0 + i * 1_000_000, source: 'scans', event: 'SYN', src, sport: 1000 + i, dst, dport: next(5) };
  });
}

describe('hostEventRows', () => {
  let store: DuckDBStore;
  const ids: number[] = [];
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    await store.applyAddressBook(
      new AddressBook({ groups: { internal: ['MY.NET'] }, aliases: [['MY.NET', '130.85']] }),
      'test',
    );
    await loadEvents(store, makeEvents(), { name: 'scans.040420' });
    for (const r of await store.all<{ id: number }>('SELECT id FROM addrs ORDER BY addr')) ids.push(Number(r.id));
  });
  after(() => store.close());

  const keysOf = async (from: ReturnType<typeof sql>): Promise<string[]> =>
    (await store.query<{ line: number; side: string }>(sql`SELECT h.line AS line, h.side AS side FROM ${from} h`))
      .map((r) => `${r.line}:${r.side}`)
      .sort();
  const lines = async (where: ReturnType<typeof sql>): Promise<number[]> =>
    (await store.query<{ line: number }>(sql`SELECT e.line AS line FROM events_core e WHERE ${where}`))
      .map((r) => Number(r.line))
      .sort((a, b) => a - b);

  // 1 and 2 spellings, and 20 (more than the branches per side: one IN list each side).
  for (const count of [1, 2, 5, 20]) {
    it(`gives each event with ${count} of the keys on either side once, as the OR filter does`, async () => {
      const keys = ids.filter((_, i) => i % 2 === 0).slice(0, count);
      const rows = hostEventRows(keys, (side) => sql`e.line AS line, ${side} AS side`);
      const got = await keysOf(rows);
      const expected = await lines(sql`(${inIds(sql`e.src_id`, keys)} OR ${inIds(sql`e.dst_id`, keys)})`);
      assert.deepEqual(
        got.map((k) => Number(k.split(':')[0])).sort((a, b) => a - b),
        expected,
      );
      // The side is the source whenever the source is one of the keys.
      const fromSource = new Set(await lines(inIds(sql`e.src_id`, keys)));
      for (const k of got) assert.equal(k.endsWith(':src'), fromSource.has(Number(k.split(':')[0])), k);
    });
    it(`with only one side, gives the events with ${count} of the keys on that side, whatever the other`, async () => {
      const keys = ids.filter((_, i) => i % 2 === 1).slice(0, count);
      for (const side of ['src', 'dst'] as const) {
        const rows = hostEventRows(keys, () => sql`e.line AS line, 'x' AS side`, sql`e.dport > 0`, side);
        const got = (await keysOf(rows)).map((k) => Number(k.split(':')[0])).sort((a, b) => a - b);
        const column = side === 'src' ? sql`e.src_id` : sql`e.dst_id`;
        assert.deepEqual(got, await lines(sql`${inIds(column, keys)} AND e.dport > 0`), side);
      }
    });
  }

  it('gives no rows for no keys', async () => {
    assert.deepEqual(await keysOf(hostEventRows([], (side) => sql`e.line AS line, ${side} AS side`)), []);
  });
});
