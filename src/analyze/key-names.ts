/**
 * The text behind `events_core` keys, looked up once per distinct key. A query that lists a few
 * thousand events resolves its keys here, after choosing the rows: resolving them per row joins
 * the whole address dictionary inside the query, which costs more than choosing the rows did.
 */
import type { RowsColumnType } from '../store/dialect.js';
import { sql } from '../store/sql.js';
import type { Store } from '../store/store.js';

/** A key of `events_core` as a query returns it (an id on DuckDB, the text itself on ClickHouse). */
export type Key = number | string;

export interface KeyNames {
  /** Key (as text) → string (`source_id`, `event_id`, `proto_id`…). */
  strings: Map<string, string>;
  /** Key (as text) → address as the log wrote it (`src_id`, `dst_id`). */
  addresses: Map<string, string>;
}

/** The text of the given string keys and address keys, in one query (nulls skipped). */
export async function keyNames(
  store: Store,
  keys: { strings: Iterable<Key | null>; addresses: Iterable<Key | null> },
): Promise<KeyNames> {
  const { rowsTable, namedKeys } = store.dialect;
  const kinds = [
    { kind: 0, keys: distinct(keys.strings), of: 'string' as const },
    { kind: 1, keys: distinct(keys.addresses), of: 'address' as const },
  ].filter((k) => k.keys.length > 0);
  const names: KeyNames = { strings: new Map(), addresses: new Map() };
  if (kinds.length === 0) return names;
  const branches = kinds.map(({ kind, keys: list, of }) => {
    const type: RowsColumnType = list.every((k) => typeof k === 'number') ? 'BIGINT' : 'VARCHAR';
    const table = rowsTable(
      [['key', type]],
      list.map((k) => [k]),
    );
    return sql`SELECT ${kind} AS kind, n.key AS key, n.name AS name FROM ${namedKeys(table, of)} n`;
  });
  const query = branches.length === 1 ? branches[0]! : sql`${branches[0]!} UNION ALL ${branches[1]!}`;
  for (const r of await store.query<{ kind: number; key: Key; name: string | null }>(query)) {
    if (r.name !== null) (Number(r.kind) === 0 ? names.strings : names.addresses).set(String(r.key), r.name);
  }
  return names;
}

function distinct(keys: Iterable<Key | null>): Key[] {
  const seen = new Map<string, Key>();
  for (const key of keys) if (key !== null) seen.set(String(key), key);
  return [...seen.values()];
}
