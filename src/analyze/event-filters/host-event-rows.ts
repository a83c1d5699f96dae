/**
 * The `events_core` rows one host took part in, as source or destination under any of its
 * spellings: the subquery behind `ip`, `profile` and the address page. Written as a UNION ALL of
 * one branch per (side, spelling), each a single-column equality, because DuckDB evaluates an
 * equality inside the scan on the compressed column — 5–15 ms over ten million rows — while
 * `src_id IN (…) OR dst_id IN (…)` is evaluated row by row after the scan (130–170 ms). An event
 * whose source and destination are both the host comes from the source branch only, so every
 * event appears once.
 */
import { inKeys, join, raw, sql, type Sql } from '../../store/sql.js';

/** Which side of the event the branch matched the host on. */
export type HostSide = 'src' | 'dst';

/** Spellings up to which the rows are split into branches; beyond, one branch with IN lists. */
const MAX_BRANCHES_PER_SIDE = 16;

/**
 * `(SELECT … UNION ALL SELECT …)` over `events_core e`: `columns(side)` is each branch's select
 * list (on `e`; the same names and types on both sides), `where` an extra condition on `e`.
 * `ids` are the host's address keys (`addrs.id`); with none, no rows. With `only`, the events
 * with the host on that side, whatever the other side holds.
 * @example hostEventRows(ids, () => sql`e.source_id AS source_id, e.ts AS ts`)
 */
export function hostEventRows(
  ids: readonly (number | string)[],
  columns: (side: HostSide) => Sql,
  where: Sql = raw('1 = 1'),
  only?: HostSide,
): Sql {
  if (ids.length === 0) return sql`(SELECT ${columns('src')} FROM events_core e WHERE 1 = 0)`;
  const keyLists = ids.length <= MAX_BRANCHES_PER_SIDE ? ids.map((id) => [id]) : [ids];
  const isHostSource = inKeys(sql`e.src_id`, ids);
  if (only !== undefined) {
    const column = raw(only === 'src' ? 'e.src_id' : 'e.dst_id');
    const branches = keyLists.map(
      (keys) => sql`SELECT ${columns(only)} FROM events_core e WHERE ${inKeys(column, keys)} AND ${where}`,
    );
    return sql`(${join(branches, ' UNION ALL ')})`;
  }
  const branches = [
    ...keyLists.map(
      (keys) => sql`SELECT ${columns('src')} FROM events_core e WHERE ${inKeys(sql`e.src_id`, keys)} AND ${where}`,
    ),
    ...keyLists.map(
      (keys) =>
        sql`SELECT ${columns('dst')} FROM events_core e
            WHERE ${inKeys(sql`e.dst_id`, keys)} AND (e.src_id IS NULL OR NOT (${isHostSource})) AND ${where}`,
    ),
  ];
  return sql`(${join(branches, ' UNION ALL ')})`;
}
