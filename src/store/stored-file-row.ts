/**
 * A `files` row as any backend returns it, as a StoredFile: times already in epoch µs, `gzip` a
 * boolean (DuckDB) or 0/1 (ClickHouse), warnings a JSON array (empty text or NULL for none).
 */
import type { StoredFile } from '../ingest/ingest-sink.js';
import type { Row } from './store.js';

export function storedFileOf(r: Row): StoredFile {
  return {
    id: Number(r.id),
    rootId: Number(r.root_id),
    path: String(r.path),
    name: String(r.name),
    format: String(r.format),
    source: String(r.source),
    size: Number(r.size),
    gzip: r.gzip === true || Number(r.gzip) === 1,
    headHash: String(r.head_hash),
    tailHash: String(r.tail_hash),
    startOffset: Number(r.start_offset),
    endOffset: Number(r.end_offset),
    lastLine: Number(r.last_line),
    rows: Number(r.rows),
    quarantined: Number(r.quarantined),
    recovered: Number(r.recovered),
    firstTs: r.first_ts === null ? null : Number(r.first_ts),
    lastTs: r.last_ts === null ? null : Number(r.last_ts),
    year: Number(r.year),
    nameDate: r.name_date === null ? null : String(r.name_date),
    warnings: JSON.parse(String(r.warnings || '[]')) as string[],
    ingestedAt: String(r.ingested_at),
  };
}
