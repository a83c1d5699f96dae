/**
 * The SQL the web API needs that no analysis offers: time buckets per log kind, top lists within
 * a time range, keyset-paged event search, and who-hits-it summaries for a port or a signature.
 * Kept in this one module so the store seam (src/store) can take it over whole. Every value is
 * bound; the only text spliced into SQL is fixed fragments chosen in this file.
 */
import { ALERT_SOURCES } from '../../core/event.js';
import { isoFromMicrosExact } from '../../core/time.js';
import type { Row, SqlValue, Store } from '../../store/store.js';
import { toEnvelope } from '../../analyze/evidence-envelope.js';
import type { EvidenceEvent } from '../../analyze/finding.js';
import type { EventCursor, EventFilter } from './event-filter.js';

/** An event row of the API (docs/API.md "The event shape"). */
export interface ApiEvent extends Omit<EvidenceEvent, 'detail' | 'event'> {
  /** None for a record whose event was not stored (the rows are a LEFT JOIN). */
  event: string | null;
  src_group: string | null;
  dst_group: string | null;
}

/** A filter whose address is resolved to its host name, and whose IPv6 CIDR to address ids. */
export interface ResolvedFilter extends Omit<EventFilter, 'address'> {
  host?: string;
  /** Address ids in an IPv6 CIDR (found in JS: IPv6 text has no order in SQL). */
  cidrIds?: number[];
}

export interface Counted<K> {
  key: K;
  events: number;
}

/** Microseconds bound as a TIMESTAMP. */
const TS = 'make_timestamp(CAST(? AS BIGINT))';
const V4_NUMBER = `(TRY_CAST(split_part(canon, '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(canon, '.', 2) AS BIGINT) * 65536
  + TRY_CAST(split_part(canon, '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(canon, '.', 4) AS BIGINT))`;

/** The WHERE conditions (on `events_core e`) for a filter; values pushed onto `params`. */
export function filterSql(filter: ResolvedFilter, params: SqlValue[]): string {
  const parts: string[] = ['TRUE'];
  const either = (ids: string, ...values: SqlValue[]) => {
    parts.push(`(e.src_id IN (${ids}) OR e.dst_id IN (${ids}))`);
    params.push(...values, ...values);
  };
  if (filter.fromUs !== undefined) {
    parts.push(`e.ts >= ${TS}`);
    params.push(filter.fromUs);
  }
  if (filter.toUs !== undefined) {
    parts.push(`e.ts < ${TS}`);
    params.push(filter.toUs);
  }
  if (filter.host !== undefined) either('SELECT id FROM addrs WHERE host = ?', filter.host);
  if (filter.cidr?.kind === 'v4')
    either(
      `SELECT id FROM addrs WHERE regexp_full_match(canon, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') AND ${V4_NUMBER} BETWEEN ? AND ?`,
      filter.cidr.lo,
      filter.cidr.hi,
    );
  if (filter.cidrIds !== undefined) {
    const list = filter.cidrIds.length > 0 ? filter.cidrIds.map(() => '?').join(', ') : 'NULL';
    either(`SELECT unnest([${list}])`, ...filter.cidrIds);
  }
  if (filter.group !== undefined) either('SELECT id FROM addrs WHERE grp = ?', filter.group);
  if (filter.port !== undefined) {
    parts.push('(e.sport = ? OR e.dport = ?)');
    params.push(filter.port, filter.port);
  }
  if (filter.sport !== undefined) {
    parts.push('e.sport = ?');
    params.push(filter.sport);
  }
  if (filter.dport !== undefined) {
    parts.push('e.dport = ?');
    params.push(filter.dport);
  }
  if (filter.signature !== undefined) {
    parts.push('e.event_id IN (SELECT id FROM strings WHERE s = ?)');
    params.push(filter.signature);
  }
  if (filter.kinds !== undefined) {
    parts.push(`e.source_id IN (SELECT id FROM strings WHERE s IN (${filter.kinds.map(() => '?').join(', ')}))`);
    params.push(...filter.kinds);
  }
  return parts.join(' AND ');
}

/** IPv6 address ids inside [lo, hi] (32-hex-digit bounds). */
export async function findV6Ids(store: Store, lo: string, hi: string, parse: (text: string) => string | null) {
  const rows = await store.all<{ id: number; canon: string }>(`SELECT id, canon FROM addrs WHERE canon LIKE '%:%'`);
  return rows
    .filter((r) => {
      const hex = parse(r.canon);
      return hex !== null && hex >= lo && hex <= hi;
    })
    .map((r) => Number(r.id));
}

/** Store-wide totals from the files table (small: one row per file segment). */
export async function readStoreTotals(store: Store) {
  const [row] = await store.all<{ events: number; first: number | null; last: number | null }>(
    'SELECT coalesce(sum(rows), 0) AS events, epoch_us(min(first_ts)) AS first, epoch_us(max(last_ts)) AS last FROM files',
  );
  const kinds = await store.all<{ source: string }>(
    'SELECT DISTINCT source FROM files WHERE source IS NOT NULL ORDER BY source',
  );
  return {
    events: Number(row?.events ?? 0),
    firstUs: row?.first == null ? null : Number(row.first),
    lastUs: row?.last == null ? null : Number(row.last),
    kinds: kinds.map((k) => k.source),
  };
}

/** Events per log kind per bucket of `bucketUs`, empty buckets left out. */
export async function countEventBuckets(
  store: Store,
  range: { fromUs: number; toUs: number },
  bucketUs: number,
): Promise<{ t: string; counts: Record<string, number> }[]> {
  const rows = await store.all<{ b: number; source: string; n: number }>(
    `WITH per AS (
       SELECT (epoch_us(e.ts) // CAST(? AS BIGINT)) * CAST(? AS BIGINT) AS b, e.source_id, count(*) AS n
       FROM events_core e WHERE e.ts >= ${TS} AND e.ts < ${TS} GROUP BY ALL)
     SELECT p.b, s.s AS source, p.n FROM per p JOIN strings s ON s.id = p.source_id ORDER BY p.b, s.s`,
    [bucketUs, bucketUs, range.fromUs, range.toUs],
  );
  const out: { t: string; counts: Record<string, number> }[] = [];
  let current: { b: number; t: string; counts: Record<string, number> } | null = null;
  for (const r of rows) {
    const b = Number(r.b);
    if (current === null || current.b !== b) {
      current = { b, t: isoFromMicrosExact(b), counts: {} };
      out.push(current);
    }
    current.counts[r.source] = Number(r.n);
  }
  return out.map(({ t, counts }) => ({ t, counts }));
}

export interface RangeTopOptions {
  group?: string;
  limit: number;
  byHost: boolean;
  fromUs?: number;
  toUs?: number;
}

/**
 * Top talkers, ports and signatures of a group within a time range: top-n.ts's counts (source in
 * the group) with a time condition, which top-n.ts does not take.
 */
export async function topInRange(store: Store, what: 'talkers' | 'ports' | 'signatures', options: RangeTopOptions) {
  const params: SqlValue[] = [];
  const time = filterSql({ fromUs: options.fromUs, toUs: options.toUs } as ResolvedFilter, params);
  let where = 'TRUE';
  const groupParams: SqlValue[] = [];
  if (options.group !== undefined) {
    where = options.byHost ? 'a.host_grp = ?' : 'a.grp = ?';
    groupParams.push(options.group);
  }
  if (what === 'talkers') {
    const key = options.byHost ? 'a.host' : 'a.addr';
    return counted<string>(
      await store.all(
        `WITH per_src AS (SELECT e.src_id, count(*) AS n FROM events_core e WHERE e.src_id IS NOT NULL AND ${time} GROUP BY e.src_id)
         SELECT ${key} AS key, sum(p.n) AS events FROM per_src p JOIN addrs a ON a.id = p.src_id
         WHERE ${where} GROUP BY ${key} ORDER BY events DESC, key LIMIT ?`,
        [...params, ...groupParams, options.limit],
      ),
      String,
    );
  }
  if (what === 'ports') {
    return counted<number>(
      await store.all(
        `WITH per AS (SELECT e.src_id, e.dport, count(*) AS n FROM events_core e WHERE e.dport IS NOT NULL AND ${time} GROUP BY ALL)
         SELECT p.dport AS key, sum(p.n) AS events FROM per p JOIN addrs a ON a.id = p.src_id
         WHERE ${where} GROUP BY p.dport ORDER BY events DESC, key LIMIT ?`,
        [...params, ...groupParams, options.limit],
      ),
      Number,
    );
  }
  const sources = ALERT_SOURCES.map(() => '?').join(', ');
  return counted<string>(
    await store.all(
      `WITH per AS (
         SELECT e.event_id, e.src_id, count(*) AS n FROM events_core e
         WHERE (e.source_id IN (SELECT id FROM strings WHERE s IN (${sources}))
                OR e.event_type_id IN (SELECT id FROM strings WHERE s = 'alert')) AND ${time}
         GROUP BY ALL)
       SELECT s.s AS key, sum(p.n) AS events FROM per p JOIN strings s ON s.id = p.event_id LEFT JOIN addrs a ON a.id = p.src_id
       WHERE ${where} GROUP BY s.s ORDER BY events DESC, key LIMIT ?`,
      [...ALERT_SOURCES, ...params, ...groupParams, options.limit],
    ),
    String,
  );
}

function counted<K>(rows: Row[], key: (v: unknown) => K): Counted<K>[] {
  return rows.map((r) => ({ key: key(r.key), events: Number(r.events) }));
}

/** One page of events in the filter, after `cursor`, oldest first (or newest with `desc`). */
export async function searchEvents(
  store: Store,
  filter: ResolvedFilter,
  options: { cursor?: EventCursor; limit: number; order: 'asc' | 'desc' },
): Promise<{ events: ApiEvent[]; last: EventCursor | null }> {
  const params: SqlValue[] = [];
  let where = filterSql(filter, params);
  const desc = options.order === 'desc';
  if (options.cursor !== undefined) {
    const c = options.cursor;
    const [gt, ge] = desc ? ['<', '<='] : ['>', '>='];
    // The plain bound on ts lets DuckDB skip row groups by their min/max before the full comparison.
    where += ` AND e.ts ${ge} ${TS} AND (e.ts ${gt} ${TS} OR (e.ts = ${TS} AND (e.file_id ${gt} ? OR (e.file_id = ?
      AND (e.line ${gt} ? OR (e.line = ? AND coalesce(e.line_seq, 0) ${gt} ?))))))`;
    params.push(c.tsUs, c.tsUs, c.tsUs, c.fileId, c.fileId, c.line, c.line, c.seq);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const order = (t: string) =>
    `${t}.ts ${dir}, ${t}.file_id ${dir}, ${t}.line ${dir}, coalesce(${t}.line_seq, 0) ${dir}`;
  const rows = await store.all<{
    ts_us: number;
    file_id: number;
    line: number;
    seq: number;
    source: string;
    event: string | null;
    src: string | null;
    src_group: string | null;
    sport: number | null;
    dst: string | null;
    dst_group: string | null;
    dport: number | null;
    proto: string | null;
    file: string;
  }>(
    `WITH hits AS (
       SELECT e.ts, e.file_id, e.line, e.line_seq, e.source_id, e.event_id, e.proto_id, e.src_id, e.sport, e.dst_id, e.dport
       FROM events_core e WHERE ${where} ORDER BY ${order('e')} LIMIT ?)
     SELECT epoch_us(h.ts) AS ts_us, h.file_id, h.line, coalesce(h.line_seq, 0) AS seq, so.s AS source, ev.s AS event,
            sa.addr AS src, sa.grp AS src_group, h.sport, da.addr AS dst, da.grp AS dst_group, h.dport, pr.s AS proto,
            f.name AS file
     FROM hits h
     JOIN strings so ON so.id = h.source_id
     LEFT JOIN strings ev ON ev.id = h.event_id
     LEFT JOIN strings pr ON pr.id = h.proto_id
     LEFT JOIN addrs sa ON sa.id = h.src_id
     LEFT JOIN addrs da ON da.id = h.dst_id
     JOIN files f ON f.id = h.file_id
     ORDER BY ${order('h')}`,
    [...params, options.limit],
  );
  const events: ApiEvent[] = rows.map((r) => ({
    ...toEnvelope({ ...r, ts: Number(r.ts_us) }),
    src_group: r.src_group,
    dst_group: r.dst_group,
  }));
  const lastRow = rows[rows.length - 1];
  const last =
    lastRow === undefined
      ? null
      : {
          tsUs: Number(lastRow.ts_us),
          fileId: Number(lastRow.file_id),
          line: Number(lastRow.line),
          seq: Number(lastRow.seq),
        };
  return { events, last };
}

export async function countEvents(store: Store, filter: ResolvedFilter): Promise<number> {
  const params: SqlValue[] = [];
  const [row] = await store.all<{ n: number }>(
    `SELECT count(*) AS n FROM events_core e WHERE ${filterSql(filter, params)}`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** What a port or signature page shows: when, which kinds, from where, to where, what else. */
export interface TargetActivity {
  events: number;
  first_seen: string | null;
  last_seen: string | null;
  by_source: Record<string, number>;
  sources: (Counted<string> & { group: string })[];
  targets: (Counted<string> & { group: string })[];
  ports: Counted<number>[];
  signatures: Counted<string>[];
}

/** The filter of a port's or a signature's events within a time range (values pushed onto `params`). */
export function targetWhere(
  target: { dport: number } | { signature: string },
  range: { fromUs?: number; toUs?: number },
  params: SqlValue[],
): string {
  const filter: ResolvedFilter = { ...range };
  if ('dport' in target) filter.dport = target.dport;
  else filter.signature = target.signature;
  return filterSql(filter, params);
}

/** Activity of the events with this destination port, or with this message/name. */
export async function describeTarget(
  store: Store,
  target: { dport: number } | { signature: string },
  range: { fromUs?: number; toUs?: number },
  limit: number,
): Promise<TargetActivity> {
  const params: SqlValue[] = [];
  const where = targetWhere(target, range, params);
  // Grouped on the key first, text joined on for the few groups (not on every matching event).
  const bySource = await store.all<{ source: string; n: number; first: number; last: number }>(
    `SELECT s.s AS source, p.n, p.first, p.last
     FROM (SELECT e.source_id, count(*) AS n, epoch_us(min(e.ts)) AS first, epoch_us(max(e.ts)) AS last
           FROM events_core e WHERE ${where} GROUP BY e.source_id) p
     JOIN strings s ON s.id = p.source_id ORDER BY s.s`,
    params,
  );
  // Addresses joined on only for the groups that can make the list: those with at least the
  // count of the limit-th largest (ties on the count are ordered by the address text).
  const side = async (column: 'src_id' | 'dst_id') =>
    (
      await store.all<{ key: string; grp: string; events: number }>(
        `WITH per AS MATERIALIZED (
           SELECT e.${column} AS id, count(*) AS n FROM events_core e WHERE ${where} AND e.${column} IS NOT NULL GROUP BY 1)
         SELECT a.addr AS key, a.grp, p.n AS events FROM per p JOIN addrs a ON a.id = p.id
         WHERE p.n >= (SELECT coalesce(min(n), 0) FROM (SELECT n FROM per ORDER BY n DESC LIMIT ?))
         ORDER BY events DESC, key LIMIT ?`,
        [...params, limit, limit],
      )
    ).map((r) => ({ key: r.key, group: r.grp, events: Number(r.events) }));
  const total = bySource.reduce((n, r) => n + Number(r.n), 0);
  // A port's own page: every event has that destination port, so the list is the port itself.
  const ports =
    'dport' in target
      ? total > 0
        ? [{ key: target.dport, events: total }]
        : []
      : counted<number>(
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
    events: total,
    first_seen: firsts.length > 0 ? isoFromMicrosExact(Math.min(...firsts)) : null,
    last_seen: lasts.length > 0 ? isoFromMicrosExact(Math.max(...lasts)) : null,
    by_source: Object.fromEntries(bySource.map((r) => [r.source, Number(r.n)])),
    sources: await side('src_id'),
    targets: await side('dst_id'),
    ports,
    signatures,
  };
}
