/**
 * What one host did across every log: first and last seen, events per log kind, its top
 * signatures, peers and ports, each split by whether the host was the source or the destination.
 * Aliases apply: every spelling of the host in the store counts (`MY.NET.12.4` and `130.85.12.4`).
 */
import { isoFromMicros } from '../../core/time.js';
import { inKeys, raw, sql, type Sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { hostEventRows, type HostSide } from '../event-filters/host-event-rows.js';
import { eventCounts } from '../event-filters/event-counts.js';
import { countHostEvents, hostEventTime } from '../event-filters/host-event-counts.js';
import { keyNames, type Key } from '../key-names.js';
import { isAlertEvent } from '../event-filters/is-alert-event.js';

export interface CountedKey<K extends string | number> {
  key: K;
  events: number;
}

export interface PeerCount extends CountedKey<string> {
  /** The peer host's group. */
  group: string;
  /** How the logs wrote the peer, with events per spelling. */
  seen_as: CountedKey<string>[];
}

export interface AddressActivity {
  /** Spellings of the host found in the store. */
  spellings: string[];
  first_seen: string | null;
  last_seen: string | null;
  events: number;
  by_source: Record<string, number>;
  /** Alert signatures on events the host took part in. */
  top_signatures: (CountedKey<string> & { as_source: number; as_destination: number })[];
  /** Peers as hosts (aliases merged: `MY.NET.13.25` and `130.85.13.25` are one peer), with the spellings seen. */
  top_peers: {
    /** Destinations of the host's own events (whom it talked to). */
    as_source: PeerCount[];
    /** Sources of events aimed at the host (who talked to it). */
    as_destination: PeerCount[];
  };
  top_ports: {
    /** Destination ports the host sent to (what it targeted). */
    as_source: CountedKey<number>[];
    /** The host's own ports that others sent to (what was targeted on it). */
    as_destination: CountedKey<number>[];
  };
}

export const DEFAULT_PROFILE_LIMIT = 5;

/** Activity of a host (its canonical `host` name, as AddressBook.hostOf gives it). */
export async function summariseActivity(
  store: Store,
  host: string,
  limit = DEFAULT_PROFILE_LIMIT,
): Promise<AddressActivity> {
  const spellings = await store.query<{ id: number | string; addr: string }>(
    sql`SELECT id, addr FROM addrs WHERE host = ${host} ORDER BY addr`,
  );
  const activity: AddressActivity = {
    spellings: spellings.map((s) => s.addr),
    first_seen: null,
    last_seen: null,
    events: 0,
    by_source: {},
    top_signatures: [],
    top_peers: { as_source: [], as_destination: [] },
    top_ports: { as_source: [], as_destination: [] },
  };
  if (spellings.length === 0) return activity;
  const ids = spellings.map((s) => (typeof s.id === 'string' ? s.id : Number(s.id)));
  const { limit: limitTo } = store.dialect;
  // Every list reads the host's events through equality branches per spelling (host-event-rows.ts):
  // each is a filter DuckDB applies inside the scan, where `IN (…) OR IN (…)` read every row.
  const fromSide = (own: HostSide, columns: Sql, where: Sql): Sql => hostEventRows(ids, () => columns, where, own);

  const counts = await countHostEvents(store, ids);
  if (counts.length === 0) return activity;
  for (const c of counts) activity.by_source[c.source] = Number(c.n);
  activity.events = counts.reduce((n, c) => n + Number(c.n), 0);
  activity.first_seen = isoFromMicros(await hostEventTime(store, ids, 'first'));
  activity.last_seen = isoFromMicros(await hostEventTime(store, ids, 'last'));

  // Alerts the host sent, from the event counts; those it received (itself included), from its
  // rows as destination, with how many it also sent (counted once in `events`).
  const sent = await store.query<{ event_id: Key; n: number }>(
    sql`SELECT s.event_id AS event_id, s.n AS n
     FROM ${eventCounts(store, ['event_id'], sql`${inKeys(sql`c.src_id`, ids)} AND ${isAlertEvent(store, 'c')}`)} s`,
  );
  const received = await store.query<{ event_id: Key; n: number; both: number }>(
    sql`SELECT r.event_id AS event_id, count(*) AS n, sum(r.both_sides) AS both
     FROM ${hostEventRows(
       ids,
       () => sql`e.event_id AS event_id, CASE WHEN ${inKeys(sql`e.src_id`, ids)} THEN 1 ELSE 0 END AS both_sides`,
       isAlertEvent(store, 'e'),
       'dst',
     )} r
     GROUP BY r.event_id`,
  );
  const perSignature = new Map<string, SignatureTally>();
  const signatureOf = (id: Key): SignatureTally => {
    let entry = perSignature.get(String(id));
    if (entry === undefined) perSignature.set(String(id), (entry = { id, asSource: 0, asDestination: 0, both: 0 }));
    return entry;
  };
  for (const r of sent) signatureOf(r.event_id).asSource += Number(r.n);
  for (const r of received) {
    const entry = signatureOf(r.event_id);
    entry.asDestination += Number(r.n);
    entry.both += Number(r.both);
  }
  const { strings: signatureNames } = await keyNames(store, {
    strings: [...perSignature.values()].map((e) => e.id),
    addresses: [],
  });
  // Busiest first, then by name in byte order (as SQL orders text).
  activity.top_signatures = [...perSignature.values()]
    .map((e) => ({
      key: signatureNames.get(String(e.id)) ?? String(e.id),
      events: e.asSource + e.asDestination - e.both,
      as_source: e.asSource,
      as_destination: e.asDestination,
    }))
    .sort((a, b) => b.events - a.events || byBytes(a.key, b.key))
    .slice(0, limit);

  /** Top peer hosts on the other side of the host's events, then how each was spelt. */
  const peers = async (own: HostSide): Promise<PeerCount[]> => {
    const other = raw(own === 'src' ? 'e.dst_id' : 'e.src_id');
    // Events per peer spelling, for the top hosts only (the ranking by host is a subquery: ClickHouse
    // 18.16 has no WITH for a table expression).
    const perPeer = sql`(SELECT o.peer AS peer, count(*) AS n
         FROM ${fromSide(own, sql`${other} AS peer`, sql`${other} IS NOT NULL`)} o GROUP BY o.peer)`;
    const rows = await store.query<{ host: string; grp: string; addr: string; n: number }>(
      sql`SELECT a.host AS host, a.host_grp AS grp, a.addr AS addr, sum(p.n) AS n
       FROM ${perPeer} p JOIN addrs a ON a.id = p.peer
       WHERE a.host IN (SELECT t.host FROM (SELECT h.host AS host, sum(q.n) AS events FROM ${perPeer} q
                                            JOIN addrs h ON h.id = q.peer
                                            GROUP BY h.host ORDER BY events DESC, host ${limitTo(limit)}) t)
       GROUP BY a.host, a.host_grp, a.addr`,
    );
    const hosts = new Map<string, PeerCount>();
    for (const r of rows) {
      let peer = hosts.get(r.host);
      if (peer === undefined) hosts.set(r.host, (peer = { key: r.host, group: r.grp, events: 0, seen_as: [] }));
      peer.events += Number(r.n);
      peer.seen_as.push({ key: r.addr, events: Number(r.n) });
    }
    // Busiest first, ties by name in byte order, as SQL orders text.
    for (const peer of hosts.values()) peer.seen_as.sort((a, b) => b.events - a.events || byBytes(a.key, b.key));
    return [...hosts.values()].sort((a, b) => b.events - a.events || byBytes(a.key, b.key));
  };
  // The ports the host sent to come from the store's event counts (a busy scanner's millions of
  // probes are a few thousand counts); those others sent to it, from its events as destination.
  const ports = (own: HostSide): Promise<{ key: number; events: number }[]> =>
    store.query<{ key: number; events: number }>(
      own === 'src'
        ? sql`SELECT o.dport AS key, sum(o.n) AS events
           FROM ${eventCounts(store, ['dport'], sql`${inKeys(sql`c.src_id`, ids)} AND c.dport IS NOT NULL`)} o
           GROUP BY o.dport ORDER BY events DESC, key ${limitTo(limit)}`
        : sql`SELECT o.dport AS key, count(*) AS events FROM ${fromSide(own, sql`e.dport AS dport`, sql`e.dport IS NOT NULL`)} o
           GROUP BY o.dport ORDER BY events DESC, key ${limitTo(limit)}`,
    );
  const toPort = (r: { key: number; events: number }): CountedKey<number> => ({
    key: Number(r.key),
    events: Number(r.events),
  });
  activity.top_peers = {
    as_source: await peers('src'),
    as_destination: await peers('dst'),
  };
  activity.top_ports = {
    as_source: (await ports('src')).map(toPort),
    as_destination: (await ports('dst')).map(toPort),
  };
  return activity;
}

/** One signature's alerts with the host: sent, received, and both (the host on both sides). */
interface SignatureTally {
  id: Key;
  asSource: number;
  asDestination: number;
  both: number;
}

/** Text in byte (UTF-8) order, as SQL orders it: ties in a ranking break the same way in both. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
