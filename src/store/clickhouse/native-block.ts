/**
 * An EventBatch as one ClickHouse `Native` block: the format is columnar like the batch, so each
 * fixed-width column is a null map plus a copy of the typed array, and only strings are walked
 * row by row (already UTF-8: dictionary entries are encoded once per file, text columns travel as
 * UTF-8). No per-row objects, no JSON. Both 18.16 and current ClickHouse read this block over HTTP
 * (`INSERT … FORMAT Native`).
 */
import { EVENT_COLUMNS, type BatchColumn, type EventBatch } from '../../core/event-columns.js';
import { clickHouseType } from './clickhouse-schema.js';

/** A growable byte buffer with ClickHouse's varint (LEB128) lengths. */
class ByteWriter {
  private buffer = Buffer.allocUnsafe(1 << 20);
  length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  varint(value: number): void {
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buffer[this.length++] = v;
  }

  bytes(source: Uint8Array): void {
    this.reserve(source.length);
    this.buffer.set(source, this.length);
    this.length += source.length;
  }

  /** `count` zero bytes. */
  zeros(count: number): void {
    this.reserve(count);
    this.buffer.fill(0, this.length, this.length + count);
    this.length += count;
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.varint(bytes.length);
    this.bytes(bytes);
  }

  /** A string column value already encoded. */
  encoded(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.bytes(bytes);
  }

  /** Null map of `rows` bytes (1 = NULL) from a batch validity bitmap (bit set = present). */
  nullMap(validity: Uint8Array | null, rows: number): void {
    this.reserve(rows);
    for (let r = 0; r < rows; r++)
      this.buffer[this.length + r] = validity !== null && (validity[r >>> 3]! & (1 << (r & 7))) !== 0 ? 0 : 1;
    this.length += rows;
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Dictionary entries of one producer of a file's batches, UTF-8 encoded once, by local id. */
export interface LocalDictionaries {
  strings: Buffer[];
  addresses: Buffer[];
}

const EMPTY = new Uint8Array(0);

/**
 * Encode `batch` (with `ingestId` and `fileId` on every row) as a Native block whose columns are
 * `ingest_id` and then EVENT_COLUMNS in order. `dictionaries` must already hold the batch's new
 * strings and addresses.
 */
export function encodeNativeBlock(
  batch: EventBatch,
  ingestId: bigint,
  fileId: number,
  dictionaries: LocalDictionaries,
): Buffer {
  const rows = batch.rows;
  const out = new ByteWriter();
  out.varint(EVENT_COLUMNS.length + 1);
  out.varint(rows);
  out.string('ingest_id');
  out.string('UInt64');
  const ids = new BigUint64Array(rows).fill(ingestId);
  out.bytes(new Uint8Array(ids.buffer));
  EVENT_COLUMNS.forEach((col, i) => {
    out.string(col.name);
    const type = clickHouseType(col);
    out.string(type);
    const nullable = type.startsWith('Nullable(');
    if (col.name === 'file_id') {
      out.bytes(new Uint8Array(new Uint32Array(rows).fill(fileId).buffer));
      return;
    }
    const column = batch.columns[i] ?? null;
    if (nullable) out.nullMap(column === null ? null : column.validity, rows);
    writeValues(out, col.kind, column, rows, dictionaries);
  });
  return out.result();
}

function writeValues(
  out: ByteWriter,
  kind: (typeof EVENT_COLUMNS)[number]['kind'],
  column: BatchColumn | null,
  rows: number,
  dictionaries: LocalDictionaries,
): void {
  if (kind === 'text') {
    if (column === null || column.kind !== 'text') {
      out.zeros(rows);
      return;
    }
    const bytes = new Uint8Array(column.bytes);
    for (let r = 0; r < rows; r++) {
      if ((column.validity[r >>> 3]! & (1 << (r & 7))) === 0) out.varint(0);
      else out.encoded(bytes.subarray(column.offsets[r]!, column.offsets[r + 1]!));
    }
    return;
  }
  if (kind === 'dict' || kind === 'addr') {
    if (column === null || column.kind === 'text') {
      out.zeros(rows);
      return;
    }
    const ids = new Uint32Array(column.data, 0, rows);
    const table = kind === 'dict' ? dictionaries.strings : dictionaries.addresses;
    for (let r = 0; r < rows; r++) {
      if ((column.validity[r >>> 3]! & (1 << (r & 7))) === 0) out.varint(0);
      else out.encoded(table[ids[r]!] ?? EMPTY);
    }
    return;
  }
  const width = kind === 'ts' ? 8 : kind === 'u8' || kind === 'bool' ? 1 : 4;
  if (column === null || column.kind === 'text') {
    out.zeros(rows * width);
    return;
  }
  // The batch's arrays are little-endian like ClickHouse's (Node runs on little-endian machines);
  // values under a NULL are whatever the builder left, which ClickHouse ignores.
  out.bytes(new Uint8Array(column.data, 0, rows * width));
}
