/**
 * SQL text with its bound values travelling together, so that analyses can compose queries from
 * parts without ever pasting a value into the text: every value becomes a `?` placeholder, in order.
 */
import type { SqlValue } from '../../store/store.js';

export interface Sql {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

type Part = SqlValue | Sql;

function isSql(value: Part): value is Sql {
  return typeof value === 'object' && value !== null && 'text' in value && 'params' in value;
}

/**
 * Build a fragment: interpolated values are bound, interpolated fragments are spliced in with their
 * values. @example sql`e.dport = ${port} AND ${isAlert}`
 */
export function sql(strings: TemplateStringsArray, ...values: Part[]): Sql {
  let text = strings[0]!;
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (isSql(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return { text, params };
}

/** `?, ?, ?` for an `IN (…)` list; an empty list becomes `NULL` (prefer `inList`, which stays false under NOT). */
export function list(values: readonly SqlValue[]): Sql {
  if (values.length === 0) return { text: 'NULL', params: [] };
  return { text: values.map(() => '?').join(', '), params: [...values] };
}

/** Join fragments with a separator (`AND`, `UNION ALL`, `,`…). */
export function join(parts: readonly Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

/** `expr IN (?, ?…)`, or `false` for an empty list (`x IN (NULL)` would be NULL, and NULL under NOT). */
export function inList(expr: Sql, values: readonly SqlValue[]): Sql {
  if (values.length === 0) return { text: 'false', params: [] };
  return sql`${expr} IN (${list(values)})`;
}

/**
 * `expr IN (1, 2, 3)` with the integers written into the text, or `false` for an empty list. Only
 * for ids the store itself handed out (dictionary ids), checked here to be integers: literal
 * constants, unlike bound values, let DuckDB skip whole row groups by their min/max (the events of
 * one log kind sit together, file after file).
 */
export function inIds(expr: Sql, ids: readonly number[]): Sql {
  if (ids.length === 0) return { text: 'false', params: [] };
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new Error(`not an id: ${id}`);
  return { text: `${expr.text} IN (${ids.join(', ')})`, params: [...expr.params] };
}

/** Column types `rowsTable` can carry. */
export type RowsColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'DOUBLE';

/**
 * A table of many rows as one bound value per column: `SELECT unnest(from_json(?, '["T"]')) AS c, …`.
 * A `VALUES` list costs a placeholder per cell, and DuckDB binds thousands of them slowly (a quarter
 * of a second for 5,000 rows); a JSON array per column binds in microseconds.
 * @example sql`WITH k AS ${rowsTable([['host', 'VARCHAR'], ['port', 'INTEGER']], [['1.2.3.4', 57]])} SELECT …`
 */
export function rowsTable(
  columns: readonly (readonly [string, RowsColumnType])[],
  rows: readonly (readonly SqlValue[])[],
): Sql {
  const parts = columns.map(([name, type], c) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad column name ${name}`);
    if (!/^[A-Z]+$/.test(type)) throw new Error(`bad column type ${type}`);
    return sql`unnest(from_json(${JSON.stringify(rows.map((r) => r[c] ?? null))}, ${{ text: `'["${type}"]'`, params: [] }})) AS ${{ text: name, params: [] }}`;
  });
  return sql`(SELECT ${join(parts, ', ')})`;
}
