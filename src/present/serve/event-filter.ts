/**
 * The search filters of `/api/events` (and the CSV export and counts): parsed and checked from the
 * query string into plain values that serve-queries.ts binds into SQL. Also the keyset cursor:
 * the sort key of a page's last event, as an opaque string.
 */
import { parseIpv4, parseIpv6 } from '../../core/address.js';
import { badParameter } from './api-error.js';
import { clip, listParam, parseWhole, textParam, timeParam, type QueryParams } from './read-params.js';

/** An address range from a CIDR: IPv4 as numbers, IPv6 as 32-hex-digit bounds. */
export type CidrRange = { kind: 'v4'; lo: number; hi: number } | { kind: 'v6'; lo: string; hi: string };

export interface EventFilter {
  /** A host as written (any alias spelling); the caller resolves it to the host name. */
  address?: string;
  cidr?: CidrRange;
  group?: string;
  /** Source or destination port. */
  port?: number;
  sport?: number;
  dport?: number;
  /** The event's message or name, exactly. */
  signature?: string;
  kinds?: string[];
  fromUs?: number;
  toUs?: number;
}

/** Where a page ends: (ts, file, line, record within the line), the events' total order. */
export interface EventCursor {
  tsUs: number;
  fileId: number;
  line: number;
  seq: number;
}

export function parseEventFilter(query: QueryParams): EventFilter {
  const filter: EventFilter = {};
  const address = textParam(query, 'address')?.trim();
  if (address) filter.address = address;
  const cidr = textParam(query, 'cidr')?.trim();
  if (cidr) filter.cidr = parseCidr(cidr);
  const group = textParam(query, 'group')?.trim();
  if (group) filter.group = group;
  for (const name of ['port', 'sport', 'dport'] as const) {
    const raw = textParam(query, name);
    if (raw !== undefined && raw !== '') filter[name] = parseWhole(raw, name, 0, 65535);
  }
  const signature = textParam(query, 'signature');
  if (signature) filter.signature = signature;
  const kinds = listParam(query, 'kind');
  if (kinds) filter.kinds = kinds;
  const fromUs = timeParam(query, 'from');
  const toUs = timeParam(query, 'to');
  if (fromUs !== undefined) filter.fromUs = fromUs;
  if (toUs !== undefined) filter.toUs = toUs;
  if (fromUs !== undefined && toUs !== undefined && toUs <= fromUs)
    throw badParameter('to', 'to must be later than from');
  return filter;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). */
export function parseCidr(text: string): CidrRange {
  const fail = () =>
    badParameter('cidr', `cidr must be an IPv4 or IPv6 network such as 10.0.0.0/8, not "${clip(text)}"`);
  const slash = text.indexOf('/');
  const base = slash < 0 ? text : text.slice(0, slash);
  const bitsText = slash < 0 ? null : text.slice(slash + 1);
  const v4 = parseIpv4(base);
  if (v4 >= 0) {
    const bits = bitsText === null ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : -1;
    if (bits < 0 || bits > 32) throw fail();
    const size = 2 ** (32 - bits);
    const lo = Math.floor(v4 / size) * size;
    return { kind: 'v4', lo, hi: lo + size - 1 };
  }
  const v6 = parseIpv6(base);
  if (v6 !== null) {
    const bits = bitsText === null ? 128 : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : -1;
    if (bits < 0 || bits > 128) throw fail();
    const value = BigInt(`0x${v6}`);
    const hostBits = BigInt(128 - bits);
    const lo = (value >> hostBits) << hostBits;
    const hi = lo + (1n << hostBits) - 1n;
    return { kind: 'v6', lo: lo.toString(16).padStart(32, '0'), hi: hi.toString(16).padStart(32, '0') };
  }
  throw fail();
}

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(`${cursor.tsUs}.${cursor.fileId}.${cursor.line}.${cursor.seq}`).toString('base64url');
}

/** The cursor in `after`, or a 400: only strings this server made are accepted. */
export function decodeCursor(text: string): EventCursor {
  const fail = () => badParameter('after', 'after must be the "next" value of a previous page');
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(text)) throw fail();
  const parts = Buffer.from(text, 'base64url').toString('latin1').split('.');
  if (parts.length !== 4 || !parts.every((p) => /^-?\d{1,17}$/.test(p))) throw fail();
  const [tsUs, fileId, line, seq] = parts.map(Number) as [number, number, number, number];
  if (![tsUs, fileId, line, seq].every(Number.isSafeInteger)) throw fail();
  return { tsUs, fileId, line, seq };
}
