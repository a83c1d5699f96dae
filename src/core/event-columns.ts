/**
 * The stored shape of an EventRecord: one column per field, written once here and used by the
 * batch builder (ingest), every store backend (DDL, appends, the `events` view) and the docs.
 *
 * Strings that repeat (event names, protocols, classifications…) are dictionary-encoded (`dict`),
 * addresses go to their own dictionary (`addr`) that also keeps each address's group and host;
 * so a batch of events is a set of typed arrays that move between threads and into the store
 * without per-value conversion.
 */
import type { EventRecord } from './event.js';

export type ColumnKind = 'u8' | 'i32' | 'u32' | 'bool' | 'ts' | 'dict' | 'addr' | 'text';

/**
 * Where a column is stored. Every event has a `core` row (the envelope, narrow, so that loading
 * ten million scan probes writes a dozen columns, not fifty); only events that carry any `detail`
 * field also get a row in the detail table, joined back on (file_id, line, line_seq).
 */
export type ColumnTable = 'core' | 'detail';

export interface EventColumn {
  /** Column name in the store (snake_case); dict/addr columns are stored as `<name>_id`. */
  name: string;
  kind: ColumnKind;
  /** The EventRecord field it holds; `null` for the columns the store fills (file, line, line_seq). */
  field: keyof EventRecord | null;
  table: ColumnTable;
}

const CORE = new Set([
  ...['file_id', 'line', 'line_seq', 'ts', 'source', 'event', 'proto'],
  ...['src', 'sport', 'dst', 'dport', 'tcp_flags', 'reserved_bits'],
  // What the detects classify every event by (see analyze/detect/event-classes.ts): kept here so
  // that their scans of ten million events need no join.
  ...['classification', 'ps_phase', 'event_type'],
]);

const c = (name: string, kind: ColumnKind, field: keyof EventRecord | null): EventColumn => ({
  name,
  kind,
  field,
  table: CORE.has(name) ? 'core' : 'detail',
});

export const EVENT_COLUMNS: readonly EventColumn[] = [
  c('file_id', 'u32', null),
  c('line', 'u32', null),
  // Set only on the second and later events read from one line (a compact JSON array): with
  // file_id and line it makes the key that joins an event's detail row to its core row.
  c('line_seq', 'u32', null),
  c('ts', 'ts', 'ts'),
  c('source', 'dict', 'source'),
  c('event', 'dict', 'event'),
  c('proto', 'dict', 'proto'),
  c('src', 'addr', 'src'),
  c('sport', 'i32', 'sport'),
  c('dst', 'addr', 'dst'),
  c('dport', 'i32', 'dport'),
  c('sensor', 'dict', 'sensor'),
  // alert
  c('gid', 'u32', 'gid'),
  c('sid', 'u32', 'sid'),
  c('rev', 'u32', 'rev'),
  c('classification', 'dict', 'classification'),
  c('priority', 'i32', 'priority'),
  c('action', 'dict', 'action'),
  c('iface', 'dict', 'iface'),
  // spp_portscan
  c('ps_phase', 'dict', 'psPhase'),
  c('ps_connections', 'i32', 'psConnections'),
  c('ps_hosts', 'i32', 'psHosts'),
  c('ps_tcp', 'i32', 'psTcp'),
  c('ps_udp', 'i32', 'psUdp'),
  c('ps_threshold', 'i32', 'psThreshold'),
  c('ps_seconds', 'i32', 'psSeconds'),
  c('ps_stealth', 'bool', 'psStealth'),
  c('ps_port', 'i32', 'psPort'),
  // scans and packets
  c('tcp_flags', 'u8', 'tcpFlags'),
  c('reserved_bits', 'bool', 'reservedBits'),
  c('ttl', 'i32', 'ttl'),
  c('tos', 'i32', 'tos'),
  c('ip_id', 'i32', 'ipId'),
  c('ip_len', 'i32', 'ipLen'),
  c('dgm_len', 'i32', 'dgmLen'),
  c('ip_flags', 'u8', 'ipFlags'),
  c('ip_options', 'dict', 'ipOptions'),
  c('tcp_seq', 'u32', 'tcpSeq'),
  c('tcp_ack', 'u32', 'tcpAck'),
  c('tcp_win', 'i32', 'tcpWin'),
  c('tcp_len', 'i32', 'tcpLen'),
  c('urg_ptr', 'i32', 'urgPtr'),
  c('tcp_options', 'dict', 'tcpOptions'),
  c('udp_len', 'i32', 'udpLen'),
  c('icmp_type', 'i32', 'icmpType'),
  c('icmp_code', 'i32', 'icmpCode'),
  c('frag_offset', 'i32', 'fragOffset'),
  c('frag_size', 'i32', 'fragSize'),
  c('payload', 'text', 'payload'),
  // modern formats
  c('flow_id', 'text', 'flowId'),
  c('event_type', 'dict', 'eventType'),
  c('raw', 'text', 'raw'),
];

/** Stored column name: dictionary-encoded columns (`dict`, `addr`) carry an `_id` suffix. */
export function storedColumnName(name: string, kind: ColumnKind): string {
  return kind === 'dict' || kind === 'addr' ? `${name}_id` : name;
}

/** Indexes into EVENT_COLUMNS of the core-table columns, and of the detail-table ones. */
export const CORE_COLUMNS: readonly number[] = EVENT_COLUMNS.flatMap((col, i) => (col.table === 'core' ? [i] : []));
export const DETAIL_COLUMNS: readonly number[] = EVENT_COLUMNS.flatMap((col, i) => (col.table === 'detail' ? [i] : []));

/** Bytes per value in a batch's typed array for each fixed-width kind. */
export const COLUMN_WIDTH: Readonly<Record<Exclude<ColumnKind, 'text'>, number>> = {
  u8: 1,
  bool: 1,
  i32: 4,
  u32: 4,
  ts: 8,
  dict: 4,
  addr: 4,
};

/**
 * A columnar batch of events, as produced by a parsing worker and consumed by a store. Fixed-width
 * columns are typed arrays with a validity bitmap (bit set = value present); `dict`/`addr` values
 * are ids into the batch's own new-string lists, which the receiver maps to store-wide ids.
 */
export interface EventBatch {
  rows: number;
  /** One entry per EVENT_COLUMNS index; `null` when no row of the batch has a value there. */
  columns: (BatchColumn | null)[];
  /** Strings first used in this batch, in local-id order, continuing from earlier batches. */
  newStrings: string[];
  newAddresses: string[];
  /**
   * Which of the file's producers made the batch (a file parsed in parts has one per part): local
   * ids are per producer. Absent means 0.
   */
  producer?: number;
}

/**
 * Text values travel as UTF-8 in one buffer (row r's value is `bytes[offsets[r], offsets[r + 1])`):
 * a batch of EVE records then crosses threads by transfer, not by copying thousands of strings,
 * and reaches the store with no string conversion on the receiving thread.
 */
export type BatchColumn =
  | { kind: Exclude<ColumnKind, 'text'>; data: ArrayBuffer; validity: Uint8Array }
  | { kind: 'text'; bytes: ArrayBuffer; offsets: Uint32Array; validity: Uint8Array };

/** Row r's value in a text column (null when absent). */
export function textAt(column: Extract<BatchColumn, { kind: 'text' }>, r: number): string | null {
  if ((column.validity[r >>> 3]! & (1 << (r & 7))) === 0) return null;
  const from = column.offsets[r]!;
  return Buffer.from(column.bytes, from, column.offsets[r + 1]! - from).toString('utf8');
}
