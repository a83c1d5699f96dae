import { evidenceQueriesOf } from '../../../analyze/detect/run-detects.js';
import { EventClasses } from '../../../analyze/detect/event-classes.js';
import { evidenceQueryRows, matchSql } from '../../../analyze/detect/fetch-evidence.js';
import { sql } from '../../../analyze/detect/sql-fragment.js';
import type { Finding } from '../../../analyze/finding.js';
import { isoFromMicrosExact } from '../../../core/time.js';
import { DETAIL_JOIN } from '../../../store/duckdb/duckdb-schema.js';
import type { SqlValue, Store } from '../../../store/store.js';
import type { FindingCounts, LinkCount } from '../build-link-graph.js';

/**
 * Links counted per finding at most: a diagram draws a dozen hosts, and alike hosts merge, so
 * thousands of links are plenty; the events of the rest are counted and said, not itemised.
 */
export const MAX_COUNTED_LINKS = 5000;

/**
 * Every event behind each finding (what its evidence queries match, not the sample it carries),
 * counted per link — source, destination, destination port, event, log kind, rule — with first and
 * last time and a few source ports. One grouped query for all the findings asked for; rows are
 * the links, never the events. Findings this run did not produce (no queries) get none.
 */
export async function queryLinkCounts(
  store: Store,
  findings: readonly Finding[],
  maxLinks = MAX_COUNTED_LINKS,
  tableName = 'report_link_matches',
): Promise<(FindingCounts | undefined)[]> {
  const out: (FindingCounts | undefined)[] = findings.map(() => undefined);
  const asked = findings.map((f) => evidenceQueriesOf(f));
  const rows = evidenceQueryRows(asked.map((queries) => ({ queries: queries ?? [] })));
  if (rows.length === 0) return out;
  asked.forEach((queries, i) => {
    if (queries) out[i] = { links: [], rest: { events: 0, links: 0 } };
  });
  const classes = await EventClasses.load(store);
  const m = { text: tableName, params: [] };
  const create = sql`CREATE OR REPLACE TEMP TABLE ${m} AS ${matchSql(classes, rows)}`;
  await store.run(create.text, create.params as SqlValue[]);
  try {
    // --- SQL: all evidence events of each finding, counted per link
    // One event per matched line (a line holding several events is counted once, as the evidence
    // totals count it), the first of the line.
    const q = sql`
      WITH refs AS (SELECT DISTINCT fi, file_id, line FROM ${m}),
      ev AS (
        SELECT r.fi, c.src_id, c.dst_id, c.dport, c.sport, c.event_id, c.source_id, d.gid, d.sid, c.ts
        FROM refs r JOIN events_core c ON c.file_id = r.file_id AND c.line = r.line
        LEFT JOIN events_detail d ON ${{ text: DETAIL_JOIN, params: [] }}
        QUALIFY row_number() OVER (PARTITION BY r.fi, c.file_id, c.line ORDER BY coalesce(c.line_seq, 0)) = 1),
      g AS (
        SELECT fi, src_id, dst_id, dport, event_id, source_id, gid, sid, count(*) AS n,
          epoch_us(min(ts)) AS first_us, epoch_us(max(ts)) AS last_us,
          list(DISTINCT sport ORDER BY sport) FILTER (WHERE sport IS NOT NULL) AS sports
        FROM ev GROUP BY ALL),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY fi ORDER BY n DESC, first_us, src_id, dst_id, dport, event_id) AS rk
        FROM g)
      SELECT k.fi, k.rk, k.n, k.first_us, k.last_us, sa.addr AS src, da.addr AS dst, k.dport,
        ev.s AS event, so.s AS source, k.gid, k.sid, array_to_string(coalesce(k.sports, [])[1:3], ',') AS sports
      FROM ranked k
      LEFT JOIN addrs sa ON sa.id = k.src_id
      LEFT JOIN addrs da ON da.id = k.dst_id
      JOIN strings ev ON ev.id = k.event_id
      JOIN strings so ON so.id = k.source_id
      WHERE k.rk <= ${maxLinks}
      UNION ALL
      SELECT fi, NULL, sum(n), count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM ranked WHERE rk > ${maxLinks} GROUP BY fi
      ORDER BY 1, 2`;
    const found = await store.all<{
      fi: number;
      rk: number | null;
      n: number;
      first_us: number | null;
      last_us: number | null;
      src: string | null;
      dst: string | null;
      dport: number | null;
      event: string | null;
      source: string | null;
      gid: number | null;
      sid: number | null;
      sports: string | null;
    }>(q.text, q.params as SqlValue[]);
    for (const r of found) {
      const counts = out[Number(r.fi)]!;
      if (r.rk === null) {
        // The rest: events in all, and (in the first_us column) how many links they make.
        counts.rest = { events: Number(r.n), links: Number(r.first_us) };
        continue;
      }
      const link: LinkCount = {
        src: r.src,
        dst: r.dst,
        dport: r.dport === null ? null : Number(r.dport),
        sourcePorts: r.sports ? r.sports.split(',').map(Number) : [],
        event: r.event!,
        source: r.source!,
        gid: r.gid === null ? null : Number(r.gid),
        sid: r.sid === null ? null : Number(r.sid),
        first: isoFromMicrosExact(Number(r.first_us)),
        last: isoFromMicrosExact(Number(r.last_us)),
        count: Number(r.n),
      };
      counts.links.push(link);
    }
    return out;
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${tableName}`);
  }
}
