/**
 * `?` placeholders to ClickHouse literals. ClickHouse 18.16 has no query parameters over HTTP (the
 * official client's `query_params` become `param_x` settings, which it refuses as unknown), so
 * values are written as literals here, in one place: strings quoted with every quote and backslash
 * escaped, numbers only when finite, booleans as 1/0. A `?` inside a string literal, a quoted
 * identifier or a comment is left alone.
 */
import type { SqlValue } from '../store.js';

export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot bind ${value} into ClickHouse SQL`);
    return String(value);
  }
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(/\0/g, '\\0')}'`;
}

export function bindLiterals(sql: string, params: readonly SqlValue[]): string {
  if (params.length === 0 && !sql.includes('?')) return sql;
  let out = '';
  let next = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = quotedEnd(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      if (next >= params.length) throw new RangeError(`SQL has more ? than the ${params.length} value(s) bound`);
      out += literal(params[next++]!);
      i++;
    } else {
      out += c;
      i++;
    }
  }
  if (next !== params.length) throw new RangeError(`SQL has ${next} ? for ${params.length} value(s) bound`);
  return out;
}

/** Index just past the literal or identifier opened by `quote` at `start` (backslash escapes, doubled quotes). */
function quotedEnd(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
