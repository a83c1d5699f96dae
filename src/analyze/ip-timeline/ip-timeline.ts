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
import { hostEventRows } from '../event-filters/host-event-rows.js';
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
  const { epochMicros, stringOf, addressOf, limit: limitTo } = store.dialect;
  const match = sql`(${inKeys(sql`c.src_id`, ids)} OR ${inKeys(sql`c.dst_id`, ids)})`;
  // Counts only: the first and last time come from the ends of the time-ordered list below, which
  // DuckDB finds by skipping row groups on `ts` instead of reading every matching row's time.
  const counts = await store.query<{ source: string; n: number }>(
    sql`SELECT ${stringOf(sql`c.source_id`)} AS source, c.n AS n
     FROM (SELECT h.source_id AS source_id, count(*) AS n
           FROM ${hostEventRows(ids, () => sql`e.source_id AS source_id`)} h GROUP BY h.source_id) c
     ORDER BY source`,
  );
  for (const c of counts) base.by_source[c.source] = Number(c.n);
  base.total = counts.reduce((n, c) => n + Number(c.n), 0);
  if (base.total === 0) return base;
  // Keys resolved to text per row (one join at most: ClickHouse 18.16 allows no more per SELECT).
  const rows = await store.query<EnvelopeRow & Row>(
    sql`SELECT ${epochMicros(sql`h.ts`)} AS ts, ${stringOf(sql`h.source_id`)} AS source, ${stringOf(sql`h.event_id`)} AS event,
            ${addressOf(sql`h.src_id`)} AS src, h.sport AS sport, ${addressOf(sql`h.dst_id`)} AS dst, h.dport AS dport,
            ${stringOf(sql`h.proto_id`)} AS proto, f.name AS file, h.line AS line
     FROM (SELECT c.ts AS ts, c.file_id AS file_id, c.line AS line, c.source_id AS source_id, c.event_id AS event_id,
                  c.src_id AS src_id, c.sport AS sport, c.dst_id AS dst_id, c.dport AS dport, c.proto_id AS proto_id
           FROM events_core c WHERE ${match} ORDER BY c.ts, c.file_id, c.line ${limitTo(limit)}) h
     JOIN files f ON f.id = h.file_id
     ORDER BY h.ts, h.file_id, h.line`,
  );
  base.events = rows.map(toEnvelope);
  const edge = async (order: Sql): Promise<number> => {
    const [row] = await store.query<{ ts: number }>(
      sql`SELECT ${epochMicros(sql`t.ts`)} AS ts FROM (SELECT c.ts AS ts FROM events_core c WHERE ${match}
           ORDER BY c.ts ${order} ${limitTo(1)}) t`,
    );
    return Number(row!.ts);
  };
  const first = rows.length > 0 ? Number(rows[0]!.ts) : await edge(raw('ASC'));
  const last = rows.length === base.total ? Number(rows[rows.length - 1]!.ts) : await edge(raw('DESC'));
  base.first_seen = isoFromMicrosExact(first);
  base.last_seen = isoFromMicrosExact(last);
  base.truncated = base.total > base.events.length;
  return base;
}
