import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { isoFromMicrosExact } from '../../core/time.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import type { SqlValue } from '../../store/store.js';
import { describeTarget, targetWhere } from './serve-queries.js';

const T0 = Date.UTC(2004, 3, 20) * 1000;

/**
 * Alerts and scans among a few dozen addresses of three groups, on few ports and messages, so
 * that counts tie often (the lists' second key, the text, decides) and some events lack an
 * address, a port or a message.
 */
function makeEvents(source: 'alert' | 'scans', count: number, seed: number): EventRecord[] {
  const address = (i: number): string =>
    i % 3 === 0 ? `MY.NET.2.${i}` : i % 3 === 1 ? `130.85.2.${i}` : `24.1.${i % 4}.${i}`;
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, (_, i): EventRecord => ({
    ts: T0 + i * 7_000_000 + next(5) * 1_000_000,
    source,
    event: source === 'alert' ? `MSG ${next(6)}` : next(2) === 0 ? 'SYN' : 'UDP',
    src: next(15) === 0 ? undefined : address(next(24)),
    sport: 1000 + next(50),
    dst: next(15) === 0 ? undefined : address(next(24)),
    dport: next(12) === 0 ? undefined : [25, 80, 110, 443, 8080][next(5)],
  }));
}

describe('serve queries answer as the analyses and the earlier queries', () => {
  let store: DuckDBStore;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    await store.applyAddressBook(
      new AddressBook({
        groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
        aliases: [['MY.NET', '130.85']],
      }),
      'test',
    );
    await loadEvents(store, makeEvents('alert', 700, 3), { name: 'alert.040420' });
    await loadEvents(store, makeEvents('scans', 1500, 11), { name: 'scans.040420' });
  });
  after(() => store.close());

  const targets: ({ dport: number } | { signature: string })[] = [
    { dport: 80 },
    { dport: 443 },
    { dport: 9 },
    { signature: 'MSG 2' },
    { signature: 'SYN' },
    { signature: 'no such message' },
  ];
  for (const target of targets)
    for (const limit of [1, 4]) {
      it(`describeTarget ${JSON.stringify(target)} (limit ${limit}) answers as before`, async () => {
        for (const range of [{}, { fromUs: T0 + 600_000_000, toUs: T0 + 3_600_000_000 }]) {
          assert.deepEqual(
            await describeTarget(store, target, range, limit),
            await describeTargetReference(store, target, range, limit),
          );
        }
      });
    }
});

/**
 * What describeTarget must answer, worked out the plain way: every matching event fetched with its
 * text, then counted, ranked (most events first, then key) and cut in JavaScript.
 */
const describeTargetReference: typeof describeTarget = async (store, target, range, limit) => {
  const params: SqlValue[] = [];
  const where = targetWhere(target, range, params);
  const events = await store.all<{
    source: string;
    ts: number;
    src: string | null;
    src_grp: string | null;
    dst: string | null;
    dst_grp: string | null;
    dport: number | null;
    event: string | null;
  }>(
    `SELECT s.s AS source, epoch_us(e.ts) AS ts, sa.addr AS src, sa.grp AS src_grp, da.addr AS dst, da.grp AS dst_grp,
       e.dport, ev.s AS event
     FROM events_core e JOIN strings s ON s.id = e.source_id LEFT JOIN addrs sa ON sa.id = e.src_id
     LEFT JOIN addrs da ON da.id = e.dst_id LEFT JOIN strings ev ON ev.id = e.event_id WHERE ${where}`,
    params,
  );
  const top = <K extends string | number>(keys: (K | null)[]): { key: K; events: number }[] => {
    const n = new Map<K, number>();
    for (const k of keys) if (k !== null) n.set(k, (n.get(k) ?? 0) + 1);
    return [...n]
      .map(([key, count]) => ({ key, events: count }))
      .sort((x, y) => y.events - x.events || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
      .slice(0, limit);
  };
  const groupOf = new Map<string, string>();
  for (const e of events) {
    if (e.src !== null) groupOf.set(e.src, String(e.src_grp));
    if (e.dst !== null) groupOf.set(e.dst, String(e.dst_grp));
  }
  const withGroup = (list: { key: string; events: number }[]) =>
    list.map((r) => ({ key: r.key, group: groupOf.get(r.key)!, events: r.events }));
  const bySource: Record<string, number> = {};
  for (const e of [...events].sort((x, y) => (x.source < y.source ? -1 : 1)))
    bySource[e.source] = (bySource[e.source] ?? 0) + 1;
  const times = events.map((e) => Number(e.ts));
  return {
    events: events.length,
    first_seen: times.length > 0 ? isoFromMicrosExact(Math.min(...times)) : null,
    last_seen: times.length > 0 ? isoFromMicrosExact(Math.max(...times)) : null,
    by_source: bySource,
    sources: withGroup(top(events.map((e) => e.src))),
    targets: withGroup(top(events.map((e) => e.dst))),
    ports: top(events.map((e) => (e.dport === null ? null : Number(e.dport)))),
    signatures: top(events.map((e) => e.event)),
  };
};
