/**
 * Everything about one address across every log, in time order: the analyst's first question
 * about a suspicious host. Aliases apply, so `130.85.12.4` also finds `MY.NET.12.4`, and an IPv6
 * address matches however the log spelled it.
 */
import type { AddressBook } from '../../core/address-book.js';
import { isoFromMicrosExact } from '../../core/time.js';
import { inKeys, raw, sql, type Sql } from '../../store/sql.js';
import type { Row, Store } from '../../store/store.js';
import { toEnvelope, type EnvelopeRow } from '../evidence-envelope.js';
import type { EvidenceEvent } from '../finding.js';

/** A timeline entry is a piece of evidence without the kind-specific detail. */
export type TimelineEvent = Omit<EvidenceEvent, 'detail'>;

export interface IpTimeline {
  address: string;
  /** Other spellings of the same host seen in the store. */
  aliases: string[];
  group: string;
  first_seen: string | null;
  last_seen: string | null;
  by_source: Record<string, number>;
  /** Total events (the `events` list may be cut by `limit`). */
  total: number;
  truncated: boolean;
  events: TimelineEvent[];
}

export const DEFAULT_TIMELINE_LIMIT = 5000;

export async function buildIpTimeline(
  store: Store,
  book: AddressBook,
  address: string,
  limit = DEFAULT_TIMELINE_LIMIT,
): Promise<IpTimeline> {
  const host = book.hostOf(address);
  const spellings = await store.query<{ id: number | string; addr: string }>(
    sql`SELECT id, addr FROM addrs WHERE host = ${host} ORDER BY addr`,
  );
  const ids = spellings.map((s) => (typeof s.id === 'string' ? s.id : Number(s.id)));
  const base: IpTimeline = {
    address,
    aliases: spellings.map((s) => s.addr).filter((a) => a !== address),
    group: book.groupOf(address),
    first_seen: null,
    last_seen: null,
    by_source: {},
    total: 0,
    truncated: false,
    events: [],
  };
  if (ids.length === 0) return base;
  const { epochMicros, stringOf, addressOf } = store.dialect;
  const match = (alias: string): Sql =>
    sql`(${inKeys(sql`${raw(alias)}.src_id`, ids)} OR ${inKeys(sql`${raw(alias)}.dst_id`, ids)})`;
  const counts = await store.query<{ source: string; n: number; first: number; last: number }>(
    sql`SELECT ${stringOf(sql`c.source_id`)} AS source, c.n AS n, ${epochMicros(sql`c.first`)} AS first,
            ${epochMicros(sql`c.last`)} AS last
     FROM (SELECT e.source_id AS source_id, count(*) AS n, min(e.ts) AS first, max(e.ts) AS last
           FROM events_core e WHERE ${match('e')} GROUP BY e.source_id) c
     ORDER BY source`,
  );
  for (const c of counts) base.by_source[c.source] = Number(c.n);
  base.total = counts.reduce((n, c) => n + Number(c.n), 0);
  if (counts.length > 0) {
    base.first_seen = isoFromMicrosExact(Math.min(...counts.map((c) => Number(c.first))));
    base.last_seen = isoFromMicrosExact(Math.max(...counts.map((c) => Number(c.last))));
  }
  // Keys resolved to text per row (one join at most: ClickHouse 18.16 allows no more per SELECT).
  const rows = await store.query<EnvelopeRow & Row>(
    sql`SELECT ${epochMicros(sql`h.ts`)} AS ts, ${stringOf(sql`h.source_id`)} AS source, ${stringOf(sql`h.event_id`)} AS event,
            ${addressOf(sql`h.src_id`)} AS src, h.sport AS sport, ${addressOf(sql`h.dst_id`)} AS dst, h.dport AS dport,
            ${stringOf(sql`h.proto_id`)} AS proto, f.name AS file, h.line AS line
     FROM (SELECT * FROM events_core c WHERE ${match('c')} ORDER BY c.ts, c.file_id, c.line ${store.dialect.limit(limit)}) h
     JOIN files f ON f.id = h.file_id
     ORDER BY h.ts, h.file_id, h.line`,
  );
  base.events = rows.map(toEnvelope);

  base.truncated = base.total > base.events.length;
  return base;
}
