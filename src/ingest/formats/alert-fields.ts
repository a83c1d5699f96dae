/**
 * Alert outputs made of named fields — Snort 2 `alert_csv`, Snort 3 `alert_csv` / `alert_json` —
 * differ in field names and separators, not in what a value means. Each format keeps a table from
 * its field names to a `FieldRule`; this module turns values into event fields by rule, so the
 * value checks live in one place. Values are text (CSV) or JSON values; numbers may be written
 * in decimal or `0x` hex, as the CSV writers print seq/ack/window in hex.
 */
import { Buffer } from 'node:buffer';
import type { EventRecord, SourceKind } from '../../core/event.js';
import type { ParseResult } from '../format.js';
import { nameProtocol } from './name-protocol.js';
import { excerpt, problemResult } from './problem-result.js';
import { scanUnsigned } from './scan-unsigned.js';
import { newEndpoint, PortMode, readEndpoint, type Endpoint } from './snort-endpoint.js';
import { readSnortTimestamp } from './snort-timestamp.js';
import { parseTcpFlagString } from './tcp-flag-string.js';
import { newWallTime, type WallTime } from './wall-time.js';

type NumberKey =
  | 'gid'
  | 'sid'
  | 'rev'
  | 'priority'
  | 'sport'
  | 'dport'
  | 'ttl'
  | 'tos'
  | 'ipId'
  | 'ipLen'
  | 'dgmLen'
  | 'tcpSeq'
  | 'tcpAck'
  | 'tcpWin'
  | 'tcpLen'
  | 'udpLen'
  | 'icmpType'
  | 'icmpCode';

export type FieldRule =
  | { kind: 'number'; key: NumberKey; max: number }
  | { kind: 'text'; key: 'event' | 'proto' | 'action' | 'iface' | 'classification' }
  /** An address alone (`src`, Snort 3 `src_addr`). */
  | { kind: 'address'; key: 'src' | 'dst' }
  /** Snort 3 `src_ap`: `addr:port`, port 0 when the packet has none. */
  | { kind: 'address-port'; key: 'src' | 'dst' }
  /** Snort 3 `rule`: `gid:sid:rev`. */
  | { kind: 'rule' }
  | { kind: 'timestamp' }
  /** Snort 3 `seconds`: epoch seconds of the packet. */
  | { kind: 'seconds' }
  | { kind: 'tcp-flags' }
  /** Snort 3 `b64_data`: the payload, kept as hex. */
  | { kind: 'base64' };

export const U8 = 0xff;
export const U16 = 0xffff;
export const U32 = 0xffffffff;

/** One record being filled field by field. */
export interface AlertDraft {
  event: EventRecord;
  /** Where address fields are read into (with the file's sanitised prefixes). */
  endpoint: Endpoint;
  /** Fields with no event column, kept in `raw`. */
  extra: Record<string, unknown>;
  wall: WallTime;
  hasTimestamp: boolean;
  /** Epoch seconds from a `seconds` field, or -1. */
  seconds: number;
  /** Ports that came from `*_ap` (Snort 3 prints 0 for packets without ports). */
  apPorts: boolean;
}

/** An empty draft for one record. */
export function newAlertDraft(source: SourceKind, endpoint: Endpoint = newEndpoint()): AlertDraft {
  return {
    endpoint,
    event: { ts: 0, source, event: '' },
    // No prototype: a field named `__proto__` in hostile input stays an ordinary key.
    extra: Object.create(null) as Record<string, unknown>,
    wall: newWallTime(),
    hasTimestamp: false,
    seconds: -1,
    apPorts: false,
  };
}

/** Apply one field's value to the draft. Returns what is wrong with the value, or null. */
export function applyAlertField(name: string, rule: FieldRule | undefined, value: unknown, draft: AlertDraft): string | null {
  if (value === undefined || value === null || value === '') return null;
  const event = draft.event;
  if (rule === undefined) {
    draft.extra[name] = value;
    return null;
  }
  if (rule.kind === 'number') {
    const n = readNumber(value, rule.max);
    if (n < 0) return `bad ${name} ${excerpt(String(value))}`;
    event[rule.key] = n;
    return null;
  }
  if (rule.kind === 'seconds') {
    const n = readNumber(value, Number.MAX_SAFE_INTEGER / 1e6);
    if (n < 0) return `bad ${name} ${excerpt(String(value))}`;
    draft.seconds = n;
    draft.extra[name] = n;
    return null;
  }
  if (typeof value !== 'string') return `${name} is not text`;
  switch (rule.kind) {
    case 'text':
      // Snort 3 prints class "none" for rules without a classtype: that is no classification.
      if (rule.key === 'classification' && value === 'none') return null;
      event[rule.key] = rule.key === 'proto' ? nameProtocol(value) : value;
      return null;
    case 'address':
    case 'address-port': {
      const ports = rule.kind === 'address' ? PortMode.No : PortMode.Yes;
      const endpoint = draft.endpoint;
      const wrong = readEndpoint(value, 0, value.length, ports, endpoint);
      if (wrong !== null) return `${wrong} in ${name} ${excerpt(value)}`;
      event[rule.key] = endpoint.addr;
      if (endpoint.port >= 0) {
        event[rule.key === 'src' ? 'sport' : 'dport'] = endpoint.port;
        draft.apPorts = true;
      }
      return null;
    }
    case 'rule': {
      const c1 = value.indexOf(':');
      const c2 = value.indexOf(':', c1 + 1);
      const gid = scanUnsigned(value, 0, c1, U32);
      const sid = scanUnsigned(value, c1 + 1, c2, U32);
      const rev = scanUnsigned(value, c2 + 1, value.length, U32);
      if (c1 < 0 || c2 < 0 || gid < 0 || sid < 0 || rev < 0) return `bad ${name} ${excerpt(value)}`;
      event.gid = gid;
      event.sid = sid;
      event.rev = rev;
      return null;
    }
    case 'timestamp': {
      if (readSnortTimestamp(value, 0, value.length, draft.wall) !== value.length) return `bad timestamp ${excerpt(value)}`;
      draft.hasTimestamp = true;
      return null;
    }
    case 'tcp-flags': {
      const bits = value.length === 8 ? parseTcpFlagString(value, 0, 8) : -1;
      if (bits < 0) return `bad ${name} ${excerpt(value)}`;
      event.tcpFlags = bits;
      return null;
    }
    case 'base64': {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return `bad ${name}`;
      event.payload = Buffer.from(value, 'base64').toString('hex').toUpperCase();
      return null;
    }
  }
}

/**
 * Close a draft into a parse result: the time (from the timestamp; `seconds` gives the exact date
 * when the timestamp has no year), the event name when no msg was logged, and `raw`.
 */
export function finishAlertDraft(draft: AlertDraft, toEpoch: (wall: WallTime) => number, raw?: string): ParseResult {
  const event = draft.event;
  if (draft.seconds >= 0) event.ts = draft.seconds * 1_000_000 + (draft.hasTimestamp ? draft.wall.micros : 0);
  else if (draft.hasTimestamp) event.ts = toEpoch(draft.wall);
  else return problemResult('bad_timestamp', 'record has no timestamp field');
  if (Number.isNaN(event.ts)) return problemResult('bad_timestamp', 'impossible date in timestamp');
  if (draft.apPorts && event.proto !== undefined && event.proto !== 'TCP' && event.proto !== 'UDP') {
    // `src_ap` prints port 0 for packets that have no ports (ICMP, IP): that is no port.
    if (event.sport === 0) event.sport = undefined;
    if (event.dport === 0) event.dport = undefined;
  }
  if (event.event === '') {
    // Without msg (not in Snort 3's default fields) the rule id names the alert; `idsift rules` maps it to text.
    event.event = event.sid !== undefined ? `[${event.gid ?? 1}:${event.sid}:${event.rev ?? 0}]` : 'alert';
  }
  const extras = Object.keys(draft.extra).length > 0 ? JSON.stringify(draft.extra) : undefined;
  const kept = raw ?? extras;
  if (kept !== undefined) event.raw = kept;
  return { kind: 'parsed', event };
}

/** A non-negative integer up to `max` from a JSON number or decimal / `0x` text, else -1. */
function readNumber(value: unknown, max: number): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= max ? value : -1;
  if (typeof value === 'string') return scanUnsigned(value, 0, value.length, max);
  return -1;
}
