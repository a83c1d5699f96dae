/**
 * SQL text with its bound values travelling together, so that analyses can compose queries from
 * parts without ever pasting a value into the text: every value becomes a `?` placeholder, in order.
 * This is the one way idsift writes SQL; what differs between backends is in the store's `Dialect`.
 */
/** A value bound into SQL: never concatenated into the text. */
export type SqlValue = string | number | boolean | null;

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

/**
 * Trusted text spliced as is: SQL keywords, operators and function names chosen by code, never
 * data. An identifier goes through `ident` instead.
 */
export function raw(text: string): Sql {
  return { text, params: [] };
}

/** A table or column name, checked to be a plain lower-case identifier (the only kind idsift uses). */
export function ident(name: string): Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return { text: name, params: [] };
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
  return { text: `${expr.text} IN (${idLiterals(ids)})`, params: [...expr.params] };
}

/** `1, 2, 3`: integer ids as SQL literals (anything else refused). */
export function idLiterals(ids: readonly number[]): string {
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new Error(`not an id: ${id}`);
  return ids.join(', ');
}

/**
 * `expr IN (…)` over keys the store handed out (`addrs.id`, `events_core.*_id`): DuckDB's integer
 * ids through `inIds` (literals, for row-group skipping), ClickHouse's text keys as bound values.
 */
export function inKeys(expr: Sql, keys: readonly (number | string)[]): Sql {
  if (keys.every((k) => typeof k === 'number')) return inIds(expr, keys as number[]);
  return inList(expr, keys);
}
