/**
 * What a store holds, in a form two stores can be compared by: every `events_raw` column of every
 * event, every quarantine row and every file's figures. Store-internal numbering that legitimately
 * depends on the order things were stored in is left out or resolved:
 * - `file_id` is dropped: file ids are handed out in the order files commit, which differs
 *   between a folder (sorted paths) and a follower (first poll) without the events differing;
 * - dictionary and address ids (`*_id` columns) are replaced by the text they stand for: ids are
 *   store-wide and assigned in first-seen order across all files of a run.
 * Rows are sorted by their JSON text, so the comparison is of multisets of rows.
 *
 * The store's `event_counts`, where kept, must count exactly the events it holds: every dump
 * checks them (`checkEventCounts`), so every way in is held to that as well.
 */
import { EVENT_COLUMNS, storedColumnName } from '../../src/core/event-columns.js';
import type { Store } from '../../src/store/store.js';

export interface StoreDump {
  events: string[];
  quarantine: string[];
  files: string[];
  /** Each file's integrity warnings (sorted runs of them; compared where the file names agree). */
  warnings: string[];
}

/**
 * The per-file figures compared (path, name, ids and ingest time are not; warnings are apart: a
 * name date is part of them, and stdin or a `.gz` has another name).
 */
const FILE_FIGURES = [
  'format',
  'source',
  'size',
  'head_hash',
  'tail_hash',
  'first_line',
  'last_line',
  'end_offset',
  'rows',
  'quarantined',
  'recovered',
  'first_ts',
  'last_ts',
  'year',
];

export async function dumpStore(store: Store): Promise<StoreDump> {
  await checkEventCounts(store);
  const strings = new Map<number, string>();
  for (const r of await store.all<{ id: number; s: string }>('SELECT id, s FROM strings')) strings.set(r.id, r.s);
  const addrs = new Map<number, string>();
  for (const r of await store.all<{ id: number; addr: string }>('SELECT id, addr FROM addrs')) addrs.set(r.id, r.addr);
  const columns = await store.all<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'events_raw' ORDER BY ordinal_position`,
  );
  const kinds = new Map(EVENT_COLUMNS.map((c) => [storedColumnName(c.name, c.kind), c.kind]));
  const events = (await store.all('SELECT * FROM events_raw')).map((row) => {
    const out: Record<string, unknown> = {};
    for (const { column_name: name } of columns) {
      if (name === 'file_id') continue;
      const v = row[name];
      const kind = kinds.get(name);
      if (typeof v === 'number' && (kind === 'dict' || kind === 'addr')) {
        out[name] = kind === 'addr' ? `addr:${addrs.get(v)}` : `str:${strings.get(v)}`;
      } else out[name] = v;
    }
    return JSON.stringify(out);
  });
  const quarantine = (await store.all('SELECT line, code, message, raw FROM quarantine')).map((r) => JSON.stringify(r));
  const files = (await store.all(`SELECT ${FILE_FIGURES.join(', ')} FROM files`)).map((r) => JSON.stringify(r));
  const warnings = (await store.all<{ warnings: string | null }>('SELECT warnings FROM files')).map((r) =>
    JSON.stringify(JSON.parse(r.warnings ?? '[]')),
  );
  return { events: events.sort(), quarantine: quarantine.sort(), files: files.sort(), warnings: warnings.sort() };
}

const COUNT_KEYS = 'file_id, source_id, event_type_id, event_id, src_id, dport';

/** Throws unless `event_counts` (summed per key) is what counting `events_core` gives, key for key. */
export async function checkEventCounts(store: Store): Promise<void> {
  if (!store.keepsEventCounts) return;
  const differing = await store.all(
    `WITH kept AS (SELECT ${COUNT_KEYS}, sum(n) AS n FROM event_counts GROUP BY ALL),
          now AS (SELECT ${COUNT_KEYS}, count(*) AS n FROM events_core GROUP BY ALL)
     SELECT * FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM now)
     UNION ALL SELECT * FROM (SELECT * FROM now EXCEPT ALL SELECT * FROM kept) LIMIT 5`,
  );
  if (differing.length > 0)
    throw new Error(`event_counts disagrees with events_core, e.g. ${JSON.stringify(differing)}`);
}
