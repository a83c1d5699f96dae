import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queryTopPerGroup } from '../../analyze/overview/query-top-per-group.js';
import { topSignaturesPerGroup } from '../../analyze/top-n/top-n.js';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { isoFromMicrosExact } from '../../core/time.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import type { Row, SqlValue, Store } from '../../store/store.js';
import {
  describeTarget,
  filterSql,
  topListsPerGroup,
  type ResolvedFilter,
  type TargetActivity,
} from './serve-queries.js';

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

  for (const limit of [1, 3, 10]) {
    it(`topListsPerGroup equals queryTopPerGroup and topSignaturesPerGroup (limit ${limit})`, async () => {
      const lists = await topListsPerGroup(store, limit);
      const talkersAndPorts = await queryTopPerGroup(store, limit);
      const signatures = await topSignaturesPerGroup(store, limit);
      const groups = new Set([...lists.keys(), ...talkersAndPorts.keys(), ...signatures.keys()]);
      assert.ok(groups.size >= 3);
      for (const g of groups) {
        assert.deepEqual(lists.get(g)?.talkers ?? [], talkersAndPorts.get(g)?.talkers ?? [], `${g} talkers`);
        assert.deepEqual(lists.get(g)?.ports ?? [], talkersAndPorts.get(g)?.ports ?? [], `${g} ports`);
        assert.deepEqual(lists.get(g)?.signatures ?? [], signatures.get(g) ?? [], `${g} signatures`);
      }
    });
  }

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

function counted<K>(rows: Row[], key: (v: unknown) => K): { key: K; events: number }[] {
  return rows.map((r) => ({ key: key(r.key), events: Number(r.events) }));
}

/** describeTarget as it was before its queries were restructured: the reference answer. */
async function describeTargetReference(
  store: Store,
  target: { dport: number } | { signature: string },
  range: { fromUs?: number; toUs?: number },
  limit: number,
): Promise<TargetActivity> {
  const params: SqlValue[] = [];
  const filter: ResolvedFilter = { ...range };
  if ('dport' in target) filter.dport = target.dport;
  else filter.signature = target.signature;
  const where = filterSql(filter, params);
  const bySource = await store.all<{ source: string; n: number; first: number; last: number }>(
    `SELECT s.s AS source, count(*) AS n, epoch_us(min(e.ts)) AS first, epoch_us(max(e.ts)) AS last
     FROM events_core e JOIN strings s ON s.id = e.source_id WHERE ${where} GROUP BY s.s ORDER BY s.s`,
    params,
  );
  const side = async (column: 'src_id' | 'dst_id') =>
    (
      await store.all<{ key: string; grp: string; events: number }>(
        `WITH per AS (SELECT e.${column} AS id, count(*) AS n FROM events_core e WHERE ${where} AND e.${column} IS NOT NULL GROUP BY 1)
         SELECT a.addr AS key, a.grp, p.n AS events FROM per p JOIN addrs a ON a.id = p.id ORDER BY events DESC, key LIMIT ?`,
        [...params, limit],
      )
    ).map((r) => ({ key: r.key, group: r.grp, events: Number(r.events) }));
  const ports = counted<number>(
    await store.all(
      `SELECT e.dport AS key, count(*) AS events FROM events_core e WHERE ${where} AND e.dport IS NOT NULL
       GROUP BY 1 ORDER BY events DESC, key LIMIT ?`,
      [...params, limit],
    ),
    Number,
  );
  const signatures = counted<string>(
    await store.all(
      `WITH per AS (SELECT e.event_id, count(*) AS n FROM events_core e WHERE ${where} GROUP BY 1)
       SELECT s.s AS key, p.n AS events FROM per p JOIN strings s ON s.id = p.event_id ORDER BY events DESC, key LIMIT ?`,
      [...params, limit],
    ),
    String,
  );
  const firsts = bySource.map((r) => Number(r.first));
  const lasts = bySource.map((r) => Number(r.last));
  return {
    events: bySource.reduce((n, r) => n + Number(r.n), 0),
    first_seen: firsts.length > 0 ? isoFromMicrosExact(Math.min(...firsts)) : null,
    last_seen: lasts.length > 0 ? isoFromMicrosExact(Math.max(...lasts)) : null,
    by_source: Object.fromEntries(bySource.map((r) => [r.source, Number(r.n)])),
    sources: await side('src_id'),
    targets: await side('dst_id'),
    ports,
    signatures,
  };
}
