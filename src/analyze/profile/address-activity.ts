/**
 * What one host did across every log: first and last seen, events per log kind, its top
 * signatures, peers and ports, each split by whether the host was the source or the destination.
 * Aliases apply: every spelling of the host in the store counts (`MY.NET.12.4` and `130.85.12.4`).
 */
import { ALERT_SOURCES } from '../../core/event.js';
import { isoFromMicros } from '../../core/time.js';
import type { SqlValue, Store } from '../../store/store.js';

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
  const spellings = await store.all<{ id: number; addr: string }>(
    'SELECT id, addr FROM addrs WHERE host = ? ORDER BY addr',
    [host],
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
  const ids = spellings.map((s) => s.id);
  const list = ids.map(() => '?').join(', ');
  const either: SqlValue[] = [...ids, ...ids];

  const counts = await store.all<{ source: string; n: number; first: number; last: number }>(
    `SELECT s.s AS source, count(*) AS n, epoch_us(min(e.ts)) AS first, epoch_us(max(e.ts)) AS last
     FROM events_core e JOIN strings s ON s.id = e.source_id
     WHERE e.src_id IN (${list}) OR e.dst_id IN (${list}) GROUP BY s.s ORDER BY s.s`,
    either,
  );
  if (counts.length === 0) return activity;
  for (const c of counts) activity.by_source[c.source] = Number(c.n);
  activity.events = counts.reduce((n, c) => n + Number(c.n), 0);
  activity.first_seen = isoFromMicros(Math.min(...counts.map((c) => Number(c.first))));
  activity.last_seen = isoFromMicros(Math.max(...counts.map((c) => Number(c.last))));

  const alertList = ALERT_SOURCES.map(() => '?').join(', ');
  const signatures = await store.all<{ key: string; events: number; as_source: number; as_destination: number }>(
    `WITH hits AS (
       SELECT e.event_id, CASE WHEN e.src_id IN (${list}) THEN 1 ELSE 0 END AS from_host,
              CASE WHEN e.dst_id IN (${list}) THEN 1 ELSE 0 END AS to_host
       FROM events_core e
       WHERE (e.src_id IN (${list}) OR e.dst_id IN (${list}))
         AND (e.source_id IN (SELECT id FROM strings WHERE s IN (${alertList}))
              OR e.event_type_id IN (SELECT id FROM strings WHERE s = 'alert')))
     SELECT s.s AS key, count(*) AS events, sum(from_host) AS as_source, sum(to_host) AS as_destination
     FROM hits h JOIN strings s ON s.id = h.event_id
     GROUP BY s.s ORDER BY events DESC, key LIMIT ?`,
    [...either, ...either, ...ALERT_SOURCES, limit],
  );
  activity.top_signatures = signatures.map((r) => ({
    key: r.key,
    events: Number(r.events),
    as_source: Number(r.as_source),
    as_destination: Number(r.as_destination),
  }));

  /** Top peer hosts on the other side of the host's events, then how each was spelt. */
  const peers = async (own: 'src_id' | 'dst_id', other: 'src_id' | 'dst_id'): Promise<PeerCount[]> => {
    const perPeer = `SELECT ${other} AS peer, count(*) AS n FROM events_core
                     WHERE ${own} IN (${list}) AND ${other} IS NOT NULL GROUP BY ${other}`;
    const top = await store.all<{ key: string; grp: string; events: number }>(
      `WITH per_peer AS (${perPeer})
       SELECT a.host AS key, a.host_grp AS grp, sum(p.n) AS events FROM per_peer p JOIN addrs a ON a.id = p.peer
       GROUP BY a.host, a.host_grp ORDER BY events DESC, key LIMIT ?`,
      [...ids, limit],
    );
    if (top.length === 0) return [];
    const spelt = await store.all<{ host: string; addr: string; events: number }>(
      `WITH per_peer AS (${perPeer})
       SELECT a.host AS host, a.addr AS addr, sum(p.n) AS events FROM per_peer p JOIN addrs a ON a.id = p.peer
       WHERE a.host IN (${top.map(() => '?').join(', ')})
       GROUP BY a.host, a.addr ORDER BY events DESC, addr`,
      [...ids, ...top.map((t) => t.key)],
    );
    return top.map((t) => ({
      key: t.key,
      group: t.grp,
      events: Number(t.events),
      seen_as: spelt.filter((s) => s.host === t.key).map((s) => ({ key: s.addr, events: Number(s.events) })),
    }));
  };
  const ports = (own: 'src_id' | 'dst_id') =>
    store.all<{ key: number; events: number }>(
      `SELECT dport AS key, count(*) AS events FROM events_core WHERE ${own} IN (${list}) AND dport IS NOT NULL
       GROUP BY dport ORDER BY events DESC, key LIMIT ?`,
      [...ids, limit],
    );
  const toPort = (r: { key: number; events: number }) => ({ key: Number(r.key), events: Number(r.events) });
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
