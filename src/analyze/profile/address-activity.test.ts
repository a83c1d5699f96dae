import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import { summariseActivity, type PeerCount } from './address-activity.js';

const BOOK = new AddressBook({
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
});
const T0 = Date.UTC(2004, 3, 20) * 1000;
/** The subject under two spellings, and others; events between spellings of the subject are self-loops. */
const SPELLINGS = ['MY.NET.1.1', '130.85.1.1', 'MY.NET.1.2', '24.1.2.3', '10.0.0.9'];
const SUBJECT = 'MY.NET.1.1';
const KINDS = ['alert', 'scans', 'oos'] as const;

/** What the host's activity is, counted plainly from the events it took part in. */
function reference(events: readonly EventRecord[]): {
  by_source: Record<string, number>;
  events: number;
  top_signatures: { key: string; events: number; as_source: number; as_destination: number }[];
  ports: { key: number; events: number }[];
  peers: Record<'as_source' | 'as_destination', PeerCount[]>;
} {
  const mine = (a: string | undefined): boolean => a !== undefined && BOOK.hostOf(a) === SUBJECT;
  const involved = events.filter((e) => mine(e.src) || mine(e.dst));
  const byCount = <T extends { key: string | number; events: number }>(a: T, b: T): number =>
    b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const bySource: Record<string, number> = {};
  for (const e of involved) bySource[e.source] = (bySource[e.source] ?? 0) + 1;
  const signatures = new Map<string, { events: number; as_source: number; as_destination: number }>();
  for (const e of involved.filter((x) => x.source === 'alert')) {
    const s = signatures.get(e.event) ?? { events: 0, as_source: 0, as_destination: 0 };
    s.events++;
    if (mine(e.src)) s.as_source++;
    if (mine(e.dst)) s.as_destination++;
    signatures.set(e.event, s);
  }
  const ports = new Map<number, number>();
  for (const e of involved) if (mine(e.src) && e.dport !== undefined) ports.set(e.dport, (ports.get(e.dport) ?? 0) + 1);
  const peers = (side: 'src' | 'dst'): PeerCount[] => {
    const byHost = new Map<string, Map<string, number>>();
    for (const e of involved) {
      const peer = side === 'src' ? e.dst : e.src;
      if (!mine(side === 'src' ? e.src : e.dst) || peer === undefined) continue;
      const spellings = byHost.get(BOOK.hostOf(peer)) ?? new Map<string, number>();
      spellings.set(peer, (spellings.get(peer) ?? 0) + 1);
      byHost.set(BOOK.hostOf(peer), spellings);
    }
    return [...byHost]
      .map(([key, spellings]) => ({
        key,
        group: BOOK.groupOf(key),
        events: [...spellings.values()].reduce((a, b) => a + b, 0),
        seen_as: [...spellings].map(([k, n]) => ({ key: k, events: n })).sort(byCount),
      }))
      .sort(byCount);
  };
  return {
    peers: { as_source: peers('src'), as_destination: peers('dst') },
    by_source: Object.fromEntries(Object.entries(bySource).sort(([a], [b]) => (a < b ? -1 : 1))),
    events: involved.length,
    top_signatures: [...signatures].map(([key, s]) => ({ key, ...s })).sort(byCount),
    ports: [...ports].map(([key, n]) => ({ key, events: n })).sort(byCount),
  };
}

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

test('property: a host’s counts, signatures (sent, received, both) and ports sent to are what its events say', async () => {
  console.log(`fast-check seed ${seed}`);
  const record = fc.record({
    source: fc.constantFrom(...KINDS),
    src: fc.constantFrom(...SPELLINGS),
    dst: fc.constantFrom(...SPELLINGS),
    event: fc.constantFrom('SIG A', 'SIG B', 'SIG C'),
    dport: fc.constantFrom(22, 53, 80),
    i: fc.integer({ min: 0, max: 10_000 }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 50 }), async (records) => {
      const events: EventRecord[] = records.map((r) => ({
        ts: T0 + r.i * 1e6,
        source: r.source,
        event: r.event,
        src: r.src,
        sport: 40000,
        dst: r.dst,
        dport: r.dport,
      }));
      const store = await DuckDBStore.open(':memory:');
      try {
        await store.applyAddressBook(BOOK, 'activity-test');
        for (const kind of KINDS) {
          const list = events.filter((e) => e.source === kind);
          if (list.length > 0) await loadEvents(store, list, { name: `${kind}.log` });
        }
        const got = await summariseActivity(store, SUBJECT, 100);
        const want = reference(events);
        assert.deepEqual(
          {
            by_source: got.by_source,
            events: got.events,
            top_signatures: got.top_signatures,
            ports: got.top_ports.as_source,
            peers: got.top_peers,
          },
          want,
        );
      } finally {
        await store.close();
      }
    }),
    { seed, numRuns: 40 },
  );
});
