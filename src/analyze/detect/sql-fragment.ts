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
