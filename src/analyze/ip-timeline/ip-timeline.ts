/**
 * Everything about one address across every log, in time order: the analyst's first question
 * about a suspicious host. Aliases apply, so `130.85.12.4` also finds `MY.NET.12.4`, and an IPv6
 * address matches however the log spelled it.
 */
import type { AddressBook } from '../../core/address-book.js';
import { isoFromMicrosExact } from '../../core/time.js';
import { inKeys, sql } from '../../store/sql.js';
import type { Row, Store } from '../../store/store.js';
import { toEnvelope, type EnvelopeRow } from '../evidence-envelope.js';
import { keyNames, type Key } from '../key-names.js';
import { countHostEvents, hostEventTime } from '../event-filters/host-event-counts.js';
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
  const { epochMicros, limit: limitTo } = store.dialect;
  const match = sql`(${inKeys(sql`c.src_id`, ids)} OR ${inKeys(sql`c.dst_id`, ids)})`;
  // Counts only: the first and last time come from the ends of the time-ordered list below, which
  // DuckDB finds by skipping row groups on `ts` instead of reading every matching row's time.
  const counts = await countHostEvents(store, ids);
  for (const c of counts) base.by_source[c.source] = c.n;
  base.total = counts.reduce((n, c) => n + Number(c.n), 0);
  if (base.total === 0) return base;
  const text = (names: Map<string, string>, key: Key | null): string | null =>
    key === null ? null : (names.get(String(key)) ?? null);
  // The rows on keys first; their text is looked up once per distinct key afterwards (a lookup per
  // row joins the whole address dictionary: two thirds of the query's time on a busy host).
  const keyed = await store.query<{
    ts: number;
    source_id: Key;
    event_id: Key | null;
    src_id: Key | null;
    sport: number | null;
    dst_id: Key | null;
    dport: number | null;
    proto_id: Key | null;
    file_id: Key;
    line: number;
  }>(
    sql`SELECT ${epochMicros(sql`c.ts`)} AS ts, c.source_id AS source_id, c.event_id AS event_id, c.src_id AS src_id,
            c.sport AS sport, c.dst_id AS dst_id, c.dport AS dport, c.proto_id AS proto_id, c.file_id AS file_id,
            c.line AS line
     FROM events_core c WHERE ${match} ORDER BY c.ts, c.file_id, c.line ${limitTo(limit)}`,
  );
  const { strings, addresses } = await keyNames(store, {
    strings: keyed.flatMap((r) => [r.source_id, r.event_id, r.proto_id]),
    addresses: keyed.flatMap((r) => [r.src_id, r.dst_id]),
  });
  const files = new Map(
    (await store.query<{ id: Key; name: string }>(sql`SELECT id, name FROM files`)).map((f) => [String(f.id), f.name]),
  );
  const rows: (EnvelopeRow & Row)[] = keyed.map((r) => ({
    ts: Number(r.ts),
    source: text(strings, r.source_id) as string,
    // A key without text stays null, as the per-row lookup gave it.
    event: text(strings, r.event_id) as string,
    src: text(addresses, r.src_id),
    sport: r.sport,
    dst: text(addresses, r.dst_id),
    dport: r.dport,
    proto: text(strings, r.proto_id),
    file: files.get(String(r.file_id)) as string,
    line: Number(r.line),
  }));
  base.events = rows.map(toEnvelope);
  const first = rows.length > 0 ? Number(rows[0]!.ts) : await hostEventTime(store, ids, 'first');
  const last = rows.length === base.total ? Number(rows[rows.length - 1]!.ts) : await hostEventTime(store, ids, 'last');
  base.first_seen = isoFromMicrosExact(first);
  base.last_seen = isoFromMicrosExact(last);
  base.truncated = base.total > base.events.length;
  return base;
}
