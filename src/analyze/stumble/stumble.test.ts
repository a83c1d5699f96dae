import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import { findStumblers, type StumbleEntry } from './stumble.js';

const BOOK = new AddressBook({
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
});
const KINDS = ['alert', 'oos', 'scans', 'eve'] as const;
const T0 = Date.UTC(2004, 3, 20) * 1000;

/** Six hosts, four of them with two spellings (`MY.NET.x.y` and `130.85.x.y` are one host). */
const SPELLINGS = ['MY.NET.1.1', '130.85.1.1', 'MY.NET.1.2', '130.85.1.2', '10.0.0.1', '24.1.2.3', 'MY.NET.9.9'];

/** Which hosts are sources in how many kinds, counted plainly from the events. */
function reference(events: readonly EventRecord[], minSources?: number): { kinds: string[]; hosts: StumbleEntry[] } {
  const kinds = [...new Set(events.map((e) => e.source))].sort();
  const needed = Math.max(1, minSources ?? kinds.length);
  const perHost = new Map<string, Record<string, number>>();
  for (const e of events) {
    if (e.src === undefined || e.src === null) continue;
    const host = BOOK.hostOf(e.src);
    const counts = perHost.get(host) ?? {};
    counts[e.source] = (counts[e.source] ?? 0) + 1;
    perHost.set(host, counts);
  }
  const total = (s: Record<string, number>): number => Object.values(s).reduce((a, b) => a + b, 0);
  const hosts = [...perHost]
    .filter(([, sources]) => Object.keys(sources).length >= needed)
    .map(([address, sources]) => ({ address, sources }))
    .sort((a, b) => total(b.sources) - total(a.sources) || (a.address < b.address ? -1 : 1));
  return { kinds, hosts };
}

async function storeWith(events: readonly EventRecord[]): Promise<DuckDBStore> {
  const store = await DuckDBStore.open(':memory:');
  await store.applyAddressBook(BOOK, 'stumble-test');
  for (const kind of KINDS) {
    const list = events.filter((e) => e.source === kind);
    if (list.length > 0) await loadEvents(store, list, { name: `${kind}.log` });
  }
  return store;
}

test('stumble: a host needed in every kind is found under any spelling, and only such hosts', async () => {
  const event = (source: EventRecord['source'], src: string, i: number): EventRecord => ({
    ts: T0 + i * 1e6,
    source,
    event: 'E',
    src,
    sport: 1000 + i,
    dst: '24.9.9.9',
    dport: 80,
  });
  const events = [
    // The smallest kind (oos) names MY.NET.1.1 only as 130.85.1.1; the others as MY.NET.1.1.
    event('oos', '130.85.1.1', 0),
    ...Array.from({ length: 5 }, (_, i) => event('scans', 'MY.NET.1.1', i)),
    event('alert', 'MY.NET.1.1', 9),
    // In two kinds of three.
    ...Array.from({ length: 9 }, (_, i) => event('scans', '24.1.2.3', i)),
    event('alert', '24.1.2.3', 10),
  ];
  const store = await storeWith(events);
  try {
    const all = await findStumblers(store);
    assert.deepEqual(all.hosts, [{ address: 'MY.NET.1.1', sources: { alert: 1, oos: 1, scans: 5 } }]);
    const two = await findStumblers(store, 2);
    assert.deepEqual(
      two.hosts.map((h) => h.address),
      ['24.1.2.3', 'MY.NET.1.1'],
    );
    assert.deepEqual((await findStumblers(store, 4)).hosts, []);
  } finally {
    await store.close();
  }
});

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

test('property: stumble counts what a plain count of sources per host and kind gives', async () => {
  console.log(`fast-check seed ${seed}`);
  const record = fc.record({
    source: fc.constantFrom(...KINDS) as fc.Arbitrary<EventRecord['source']>,
    src: fc.option(fc.constantFrom(...SPELLINGS), { nil: undefined, freq: 8 }),
    i: fc.integer({ min: 0, max: 10_000 }),
  });
  await fc.assert(
    fc.asyncProperty(
      // Skewed sizes: one kind is often far smaller than the rest, as oos is beside scans.
      fc.array(record, { minLength: 1, maxLength: 60 }),
      fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      async (records, minSources) => {
        const events: EventRecord[] = records.map((r) => ({
          ts: T0 + r.i * 1e6,
          source: r.source,
          event: 'E',
          src: r.src ?? '',
          sport: 1,
          dst: '24.9.9.9',
          dport: 2,
        }));
        for (const e of events) if (e.src === '') delete (e as { src?: string }).src;
        const store = await storeWith(events);
        try {
          const got = await findStumblers(store, minSources);
          const want = reference(events, minSources);
          assert.deepEqual({ kinds: got.kinds, hosts: got.hosts }, want);
        } finally {
          await store.close();
        }
      },
    ),
    { seed, numRuns: 40 },
  );
});
