/**
 * What one host did across every log: first and last seen, events per log kind, its top
 * signatures, peers and ports, each split by whether the host was the source or the destination.
 * Aliases apply: every spelling of the host in the store counts (`MY.NET.12.4` and `130.85.12.4`).
 */
import { isoFromMicros } from '../../core/time.js';
import { inKeys, inList, raw, sql, type Sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
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
  /** `column` (an events_core column, maybe with its alias) is one of the host's spellings. */
  const isHost = (column: string): Sql => inKeys(raw(column), ids);
  const { epochMicros, stringOf, limit: limitTo } = store.dialect;

  const counts = await store.query<{ source: string; n: number; first: number; last: number }>(
    sql`SELECT ${stringOf(sql`c.source_id`)} AS source, c.n AS n, ${epochMicros(sql`c.first`)} AS first,
            ${epochMicros(sql`c.last`)} AS last
     FROM (SELECT e.source_id AS source_id, count(*) AS n, min(e.ts) AS first, max(e.ts) AS last
           FROM events_core e WHERE ${isHost('e.src_id')} OR ${isHost('e.dst_id')} GROUP BY e.source_id) c
     ORDER BY source`,
  );
  if (counts.length === 0) return activity;
  for (const c of counts) activity.by_source[c.source] = Number(c.n);
  activity.events = counts.reduce((n, c) => n + Number(c.n), 0);
  activity.first_seen = isoFromMicros(Math.min(...counts.map((c) => Number(c.first))));
  activity.last_seen = isoFromMicros(Math.max(...counts.map((c) => Number(c.last))));

  const signatures = await store.query<{ key: string; events: number; as_source: number; as_destination: number }>(
    sql`SELECT ${stringOf(sql`g.event_id`)} AS key, g.events AS events, g.as_source AS as_source,
            g.as_destination AS as_destination
     FROM (SELECT h.event_id AS event_id, count(*) AS events, sum(h.from_host) AS as_source,
                  sum(h.to_host) AS as_destination
           FROM (SELECT e.event_id AS event_id, CASE WHEN ${isHost('e.src_id')} THEN 1 ELSE 0 END AS from_host,
                        CASE WHEN ${isHost('e.dst_id')} THEN 1 ELSE 0 END AS to_host
                 FROM events_core e
                 WHERE (${isHost('e.src_id')} OR ${isHost('e.dst_id')}) AND ${isAlertEvent(store, 'e')}) h
           GROUP BY h.event_id) g
     ORDER BY events DESC, key ${limitTo(limit)}`,
  );
  activity.top_signatures = signatures.map((r) => ({
    key: r.key,
    events: Number(r.events),
    as_source: Number(r.as_source),
    as_destination: Number(r.as_destination),
  }));

  /** Top peer hosts on the other side of the host's events, then how each was spelt. */
  const peers = async (own: 'src_id' | 'dst_id', other: 'src_id' | 'dst_id'): Promise<PeerCount[]> => {
    const perPeer = sql`(SELECT ${raw(other)} AS peer, count(*) AS n FROM events_core
                     WHERE ${isHost(own)} AND ${raw(other)} IS NOT NULL GROUP BY ${raw(other)}) p`;
    const top = await store.query<{ key: string; grp: string; events: number }>(
      sql`SELECT a.host AS key, a.host_grp AS grp, sum(p.n) AS events FROM ${perPeer} JOIN addrs a ON a.id = p.peer
       GROUP BY a.host, a.host_grp ORDER BY events DESC, key ${limitTo(limit)}`,
    );
    if (top.length === 0) return [];
    const spelt = await store.query<{ host: string; addr: string; events: number }>(
      sql`SELECT a.host AS host, a.addr AS addr, sum(p.n) AS events FROM ${perPeer} JOIN addrs a ON a.id = p.peer
       WHERE ${inList(
         sql`a.host`,
         top.map((t) => t.key),
       )}
       GROUP BY a.host, a.addr ORDER BY events DESC, addr`,
    );
    return top.map((t) => ({
      key: t.key,
      group: t.grp,
      events: Number(t.events),
      seen_as: spelt.filter((s) => s.host === t.key).map((s) => ({ key: s.addr, events: Number(s.events) })),
    }));
  };
  const ports = (own: 'src_id' | 'dst_id'): Promise<{ key: number; events: number }[]> =>
    store.query<{ key: number; events: number }>(
      sql`SELECT dport AS key, count(*) AS events FROM events_core WHERE ${isHost(own)} AND dport IS NOT NULL
       GROUP BY dport ORDER BY events DESC, key ${limitTo(limit)}`,
    );
  const toPort = (r: { key: number; events: number }): CountedKey<number> => ({
    key: Number(r.key),
    events: Number(r.events),
  });
  activity.top_peers = {
    as_source: await peers('src_id', 'dst_id'),
    as_destination: await peers('dst_id', 'src_id'),
  };
  activity.top_ports = {
    as_source: (await ports('src_id')).map(toPort),
    as_destination: (await ports('dst_id')).map(toPort),
  };
  return activity;
}
