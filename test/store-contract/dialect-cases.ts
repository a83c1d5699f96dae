/**
 * What every `Dialect` function must answer, as queries over one small table built with the
 * dialect's own `rowsTable`: a backend passes when each query returns exactly `expected`. Run by
 * the store contract (runStoreContract) on every backend.
 */
import type { Dialect } from '../../src/store/dialect.js';
import { raw, sql, type Sql } from '../../src/store/sql.js';
import type { Row } from '../../src/store/store.js';

export interface DialectCase {
  name: string;
  query: Sql;
  expected: Row[];
}

/** 2004-04-19T10:00:00Z and a few later moments, in epoch microseconds. */
const T0 = 1_082_368_800_000_000;
const MINUTE = 60_000_000;
const DAY = 86_400_000_000;

/** g: group, v: value, s: text, us: a moment (epoch µs); one row with NULLs. */
const ROWS: [string, number | null, string | null, number | null][] = [
  ['a', 3, 'x', T0],
  ['a', 1, 'y', T0 + 90 * MINUTE],
  ['a', 3, 'x', T0 + DAY + 1],
  ['b', 7, "it's", T0 + 6 * DAY],
  ['b', null, null, null],
];

export function dialectCases(d: Dialect): DialectCase[] {
  const t = sql`(SELECT g, v, s, us, ${d.timestampFromMicros(raw('us'))} AS ts FROM ${d.rowsTable(
    [
      ['g', 'VARCHAR'],
      ['v', 'INTEGER'],
      ['s', 'VARCHAR'],
      ['us', 'BIGINT'],
    ],
    ROWS,
  )} r0)`;
  const perGroup = (select: Sql): Sql => sql`SELECT g, ${select} AS x FROM ${t} r GROUP BY g ORDER BY g`;
  const c = (name: string, query: Sql, expected: Row[]): DialectCase => ({ name, query, expected });
  const ab = (a: Row['x'], b: Row['x']): Row[] => [
    { g: 'a', x: a },
    { g: 'b', x: b },
  ];
  return [
    c(
      'epochMicros ∘ timestampFromMicros is the identity, NULL stays NULL',
      sql`SELECT g, ${d.epochMicros(raw('ts'))} AS x FROM ${t} r ORDER BY us NULLS LAST`,
      [
        { g: 'a', x: T0 },
        { g: 'a', x: T0 + 90 * MINUTE },
        { g: 'a', x: T0 + DAY + 1 },
        { g: 'b', x: T0 + 6 * DAY },
        { g: 'b', x: null },
      ],
    ),
    c(
      'bucketMicros: hours align on the hour',
      sql`SELECT DISTINCT ${d.bucketMicros(raw('ts'), 60 * MINUTE)} AS x FROM ${t} r WHERE us IS NOT NULL ORDER BY x`,
      [{ x: T0 }, { x: T0 + 60 * MINUTE }, { x: T0 + DAY }, { x: T0 + 6 * DAY }],
    ),
    // 2004-04-19 is a Monday: week buckets run Monday to Monday (time_bucket's origin 2000-01-03).
    c(
      'bucketMicros: weeks start on Monday',
      sql`SELECT DISTINCT ${d.bucketMicros(raw('ts'), 7 * DAY)} AS x FROM ${t} r WHERE us IS NOT NULL ORDER BY x`,
      [{ x: T0 - 10 * 60 * MINUTE }],
    ),
    c(
      'day and dayText',
      sql`SELECT DISTINCT ${d.dayText(d.day(raw('ts')))} AS x FROM ${t} r WHERE us IS NOT NULL ORDER BY x`,
      [{ x: '2004-04-19' }, { x: '2004-04-20' }, { x: '2004-04-25' }],
    ),
    c('countDistinct exact', perGroup(d.countDistinct(raw('v'))), ab(2, 1)),
    c('countDistinct approximate (exact on small sets)', perGroup(d.countDistinct(raw('s'), 'approximate')), ab(2, 1)),
    c('countIf: 0 when none', perGroup(d.countIf(sql`v > ${2}`)), ab(2, 1)),
    c('countIf with no match', perGroup(d.countIf(sql`v > ${100}`)), ab(0, 0)),
    c('aggregateIf min', perGroup(d.aggregateIf('min', raw('v'), sql`s <> ${'y'}`)), ab(3, 7)),
    c('aggregateIf sum is NULL when none', perGroup(d.aggregateIf('sum', raw('v'), sql`v < ${2}`)), ab(1, null)),
    c('stringAgg ordered', perGroup(d.stringAgg(raw('s'), ',', { orderBy: raw('us') })), ab('x,y,x', "it's")),
    c(
      'stringAgg distinct ordered',
      perGroup(d.stringAgg(raw('s'), '|', { distinct: true, orderBy: raw('s') })),
      ab('x|y', "it's"),
    ),
    c('argMax', perGroup(d.argMax(raw('s'), raw('us'))), ab('x', "it's")),
    c('argMin', perGroup(d.argMin(raw('v'), raw('us'))), ab(3, 7)),
    c('mode', perGroup(d.mode(raw('v'))), ab(3, 7)),
    c('anyValue of a constant column', perGroup(d.anyValue(sql`upper(g)`)), ab('A', 'B')),
    c(
      'cast to text, integer and double; a bad number is NULL',
      sql`SELECT ${d.cast(raw('v'), 'text')} AS a, ${d.cast(sql`${'42'}`, 'integer')} AS b, ${d.cast(sql`${'x'}`, 'bigint')} AS c, ${d.cast(raw('v'), 'double')} AS d FROM ${t} r WHERE g = 'b' AND v IS NOT NULL`,
      [{ a: '7', b: 42, c: null, d: 7 }],
    ),
    c(
      'lower folds letters beyond ASCII; NULL stays NULL',
      sql`SELECT ${d.lower(sql`${'ÉTÉ Äb, X'}`)} AS a, ${d.lower(raw('s'))} AS b FROM ${t} r WHERE g = 'b' ORDER BY us NULLS LAST`,
      [
        { a: 'été äb, x', b: "it's" },
        { a: 'été äb, x', b: null },
      ],
    ),
    c(
      'regexpMatches, case-sensitive and not',
      sql`SELECT s, CASE WHEN ${d.regexpMatches(raw('s'), '^X')} THEN 1 ELSE 0 END AS a, CASE WHEN ${d.regexpMatches(raw('s'), '^X', { ignoreCase: true })} THEN 1 ELSE 0 END AS b FROM ${t} r WHERE s IS NOT NULL GROUP BY s ORDER BY s`,
      [
        { s: "it's", a: 0, b: 0 },
        { s: 'x', a: 0, b: 1 },
        { s: 'y', a: 0, b: 0 },
      ],
    ),
    c(
      'cte referenced twice',
      sql`WITH ${d.cte('per', sql`SELECT g, count(*) AS n FROM ${t} r GROUP BY g`)} SELECT p.g, p.n + q.n AS x FROM per p JOIN per q ON q.g = p.g ORDER BY p.g`,
      ab(6, 4),
    ),
    c(
      'firstRowsPerGroup: the first rows of each group in order',
      sql`SELECT g, v AS x FROM ${d.firstRowsPerGroup(sql`(SELECT g, v, us FROM ${t} r WHERE v IS NOT NULL)`, {
        partitionBy: raw('g'),
        orderBy: raw('v DESC, us'),
        count: 2,
      })} f ORDER BY g, x DESC`,
      [
        { g: 'a', x: 3 },
        { g: 'a', x: 3 },
        { g: 'b', x: 7 },
      ],
    ),
    c('always holds', sql`SELECT count(*) AS x FROM ${t} r WHERE ${d.always()}`, [{ x: 5 }]),
    c('limit and offset', sql`SELECT us AS x FROM ${t} r WHERE us IS NOT NULL ORDER BY us ${d.limit(2, 1)}`, [
      { x: T0 + 90 * MINUTE },
      { x: T0 + DAY + 1 },
    ]),
    c(
      'now is a timestamp after 2020',
      sql`SELECT CASE WHEN ${d.epochMicros(d.now())} > ${1_577_836_800_000_000} THEN 1 ELSE 0 END AS x`,
      [{ x: 1 }],
    ),
    c(
      'hash: equal values, equal hashes',
      sql`SELECT count(DISTINCT ${d.hash(raw('s'))}) AS x FROM ${t} r WHERE s IS NOT NULL`,
      [{ x: 3 }],
    ),
  ];
}
