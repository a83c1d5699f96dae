/**
 * Suricata EVE JSON (docs/FORMATS.md §4.3): NDJSON as Suricata writes it, and JSON arrays of records
 * (compact or pretty-printed, as published samples are). Every record keeps its whole text in
 * `raw`; the envelope, the alert detail and a short description come out as fields.
 */
import { NULL_TEXT, nameAlertWithoutMessage } from './no-message.js';
import type { EventRecord } from '../../core/event.js';
import { ZoneClock } from '../../core/time.js';
import { isUtf8 } from 'node:buffer';
import { DEFAULT_TEXT_PREFIXES, isTextAddress, parseIpv4, parseIpv6 } from '../../core/address.js';
import { EVENT_COLUMNS } from '../../core/event-columns.js';
import type { EventBatchBuilder } from '../event-batch-builder.js';
import type { FastLane, LogFormat, ParseContext, ParseResult } from '../format.js';
import { createJsonRecordAssembler } from './json-record-assembler.js';
import { nameProtocol } from './name-protocol.js';
import { excerpt, problemResult } from './problem-result.js';
import { scanUnsigned } from './scan-unsigned.js';

export const suricataEve: LogFormat = {
  name: 'suricata-eve',
  source: 'eve',
  description: 'Suricata EVE JSON records (NDJSON or JSON arrays)',
  sniff: sniffSuricataEve,
  createAssembler: createJsonRecordAssembler,
  createParser: (ctx) => {
    const prefixes = ctx.textPrefixes ?? DEFAULT_TEXT_PREFIXES;
    return (record) => parseEveRecord(record.text, ctx.clock, prefixes);
  },
  createFastLane: createEveFastLane,
};

const RAW = EVENT_COLUMNS.findIndex((c) => c.name === 'raw');

/**
 * The fast lane for NDJSON, one record a line: the line's text goes straight to the parser, past
 * the line decoder and the record assembler, and the record's raw text is stored from the file's
 * own bytes when they are valid UTF-8 (they are then exactly what the text encodes back to).
 * A line that is not one valid record is declined: the parser reports it.
 */
function createEveFastLane(ctx: ParseContext, builder: EventBatchBuilder): FastLane {
  return (bytes, start, end, line) => {
    if (bytes[start] !== 123 /* { */ || bytes[end - 1] !== 125 /* } */) return NaN;
    const text = bytes.toString('utf8', start, end);
    const result = parseEveRecord(text, ctx.clock, ctx.textPrefixes ?? DEFAULT_TEXT_PREFIXES);
    if (result.kind !== 'parsed') return NaN;
    const event = result.event;
    if (!isUtf8(bytes.subarray(start, end))) {
      builder.add(0, line, event);
      return event.ts;
    }
    event.raw = undefined;
    builder.add(0, line, event);
    builder.setTextBytes(RAW, builder.size - 1, bytes, start, end);
    return event.ts;
  };
}

type Json = Record<string, unknown>;

/** EVE timestamps carry their own offset; only zone-less ones are read in the file's zone. */
const UTC = new ZoneClock('UTC');

/**
 * Parse one EVE record (one JSON object's text). `prefixes` are the sanitised address spellings
 * besides a plain IP that `src_ip` / `dest_ip` may hold (see `isEveAddress`).
 */
export function parseEveRecord(
  text: string,
  clock: ZoneClock,
  prefixes: readonly string[] = DEFAULT_TEXT_PREFIXES,
): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return problemResult('bad_json', `not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) return problemResult('bad_json', 'not a JSON object');
  const stamp = value.timestamp;
  const ts = typeof stamp === 'string' ? parseEveTimestamp(stamp, clock) : NaN;
  if (Number.isNaN(ts)) {
    return problemResult('bad_timestamp', stamp === undefined ? 'no "timestamp"' : `bad "timestamp" ${excerpt(String(stamp))}`);
  }
  const eventType = value.event_type;
  if (typeof eventType !== 'string' || eventType.length === 0) return problemResult('bad_field', 'no "event_type"');

  const event: EventRecord = { ts, source: 'eve', event: eventType, eventType, raw: text };
  const bad =
    setAddress(event, 'src', value, 'src_ip', prefixes) ??
    setAddress(event, 'dst', value, 'dest_ip', prefixes) ??
    setText(event, 'iface', value, 'in_iface') ??
    setText(event, 'sensor', value, 'host') ??
    setNumber(event, 'sport', value, 'src_port', 0xffff) ??
    setNumber(event, 'dport', value, 'dest_port', 0xffff) ??
    setNumber(event, 'icmpType', value, 'icmp_type', 0xff) ??
    setNumber(event, 'icmpCode', value, 'icmp_code', 0xff) ??
    setProto(event, value.proto) ??
    setFlowId(event, text, value.flow_id) ??
    setTcpFlags(event, value.tcp) ??
    setAlert(event, value.alert);
  if (bad !== null) return problemResult('bad_field', bad);
  event.event = describeEve(eventType, value, event);
  return { kind: 'parsed', event };
}

/**
 * `2016-07-13T22:42:07.573103+0000`: ISO 8601 with 0–9 fraction digits and an offset written
 * `+hhmm`, `+hh:mm` or `Z`. Without an offset the wall clock is read in `clock`'s zone. NaN when bad.
 */
export function parseEveTimestamp(text: string, clock: ZoneClock): number {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return NaN;
  const t = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (t !== 84 && t !== 32) /* T or space */) return NaN;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  let i = 19;
  let micros = 0;
  if (text.charCodeAt(i) === 46 /* . */) {
    let scale = 100_000;
    for (i++; i < text.length; i++, scale /= 10) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      // Digits past the sixth (nanoseconds) are below the contract's resolution.
      if (scale >= 1) micros += c * scale;
    }
    if (i === 20 || i > 29) return NaN;
  }
  if (i === text.length) return clock.toEpochMicros(year, month, day, hour, minute, second, micros);
  let offsetMinutes: number;
  const sign = text.charCodeAt(i);
  if (sign === 90 /* Z */ && i + 1 === text.length) offsetMinutes = 0;
  else if (sign === 43 || sign === 45 /* + - */) {
    const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
    const oh = digits(text, i + 1, 2);
    const om = digits(text, i + 3 + colon, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || i + 5 + colon !== text.length) return NaN;
    offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else return NaN;
  return UTC.toEpochMicros(year, month, day, hour, minute, second, micros) - offsetMinutes * 60_000_000;
}

/** A short human description of a record, by event type. */
function describeEve(type: string, value: Json, event: EventRecord): string {
  const detail = value[type];
  const sub = isObject(detail) ? detail : {};
  switch (type) {
    case 'alert': {
      const signature = text(sub.signature);
      if (signature && signature !== NULL_TEXT) return signature;
      return nameAlertWithoutMessage(event.gid, event.sid, event.rev);
    }
    case 'anomaly': {
      const what = text(sub.event) ?? text(sub.type);
      return what ? `anomaly: ${what}` : 'anomaly';
    }
    case 'flow':
    case 'netflow':
      return join(type, text(sub.state));
    case 'dns':
      return describeDns(sub);
    case 'http':
      return join('http', text(sub.http_method), `${text(sub.hostname) ?? ''}${text(sub.url) ?? ''}` || undefined);
    case 'tls':
      return join('tls', text(sub.sni) ?? text(sub.version));
    case 'fileinfo':
      return join('fileinfo', text(sub.filename));
    default:
      // dnp3 request, smb …: the kind's own `type` word when it has one.
      return join(type, text(sub.type));
  }
}

/** EVE dns v1 (`type`+`rrname`), v2 answers, v3 (`queries[]`), and alerts' `dns.query[]`. */
function describeDns(dns: Json): string {
  const firstOf = (list: unknown): Json | undefined =>
    Array.isArray(list) && isObject(list[0]) ? (list[0] as Json) : undefined;
  const query = firstOf(dns.queries) ?? firstOf(dns.query);
  const name = text(dns.rrname) ?? text(query?.rrname);
  const kind = text(dns.type) ?? text(query?.type) ?? (query ? 'query' : undefined);
  return join('dns', kind, name);
}

function join(...words: (string | undefined)[]): string {
  return words.filter((w) => w !== undefined && w.length > 0).join(' ');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type TextKey = 'iface' | 'sensor';
type NumberKey = 'sport' | 'dport' | 'icmpType' | 'icmpCode' | 'gid' | 'sid' | 'rev' | 'priority';

// The setters return null when the field is absent or good, else what is wrong with it.

function setText(event: EventRecord, key: TextKey, from: Json, name: string): string | null {
  const v = from[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return `"${name}" is not a string`;
  if (v.length > 0) event[key] = v;
  return null;
}

/**
 * An address field: absent, empty, or an address by the check the classic formats make (an IP, or
 * a sanitised spelling — `isEveAddress`); anything else (`1%s30.85.17.9`, a host name, `a.b.c.d:port`)
 * is a bad field, so that garbage never becomes a host.
 */
function setAddress(event: EventRecord, key: 'src' | 'dst', from: Json, name: string, prefixes: readonly string[]): string | null {
  const v = from[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return `"${name}" is not a string`;
  if (v.length === 0) return null;
  if (!isEveAddress(v, prefixes)) return `bad "${name}" ${excerpt(v)}`;
  event[key] = v;
  return null;
}

/** An IPv4 quad, an IPv6 address, or a sanitised spelling (`MY.NET.1.2`, `xxx.xxx.xxx.xxx`, a configured prefix). */
export function isEveAddress(text: string, prefixes: readonly string[]): boolean {
  return parseIpv4(text) >= 0 || parseIpv6(text) !== null || isTextAddress(text, prefixes);
}

function setNumber(event: EventRecord, key: NumberKey, from: Json, name: string, max: number): string | null {
  const v = from[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) return `bad "${name}" ${excerpt(String(v))}`;
  event[key] = v;
  return null;
}

function setProto(event: EventRecord, proto: unknown): string | null {
  if (proto === undefined || proto === null) return null;
  if (typeof proto === 'number' && Number.isInteger(proto)) event.proto = nameProtocol(String(proto));
  else if (typeof proto === 'string' && proto.length > 0) event.proto = nameProtocol(proto);
  else return `bad "proto" ${excerpt(String(proto))}`;
  return null;
}

/**
 * `flow_id` is a uint64 and JSON.parse rounds it, so its digits are taken from the record text:
 * the first `"flow_id": <digits>` whose value parses to the same number as the object's field.
 */
function setFlowId(event: EventRecord, raw: string, parsed: unknown): string | null {
  if (parsed === undefined || parsed === null) return null;
  if (typeof parsed === 'string' && /^\d{1,20}$/.test(parsed)) {
    event.flowId = parsed;
    return null;
  }
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0) return `bad "flow_id" ${excerpt(String(parsed))}`;
  for (let at = raw.indexOf('"flow_id"'); at >= 0; at = raw.indexOf('"flow_id"', at + 9)) {
    let i = at + 9;
    while (isSpace(raw.charCodeAt(i))) i++;
    if (raw.charCodeAt(i) !== 58 /* : */) continue;
    do i++;
    while (isSpace(raw.charCodeAt(i)));
    const start = i;
    while (raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57) i++;
    if (i > start && Number(raw.slice(start, i)) === parsed) {
      event.flowId = raw.slice(start, i);
      return null;
    }
  }
  // Written another way (e.g. 1.5e3): a safe integer is still exact.
  if (Number.isSafeInteger(parsed)) event.flowId = String(parsed);
  return null;
}

function setTcpFlags(event: EventRecord, tcp: unknown): string | null {
  if (!isObject(tcp) || tcp.tcp_flags === undefined) return null;
  const hex = tcp.tcp_flags;
  const bits = typeof hex === 'string' ? scanUnsigned(hex, 0, hex.length, 0xff, 16) : -1;
  if (bits < 0) return `bad "tcp.tcp_flags" ${excerpt(String(hex))}`;
  event.tcpFlags = bits;
  return null;
}

function setAlert(event: EventRecord, alert: unknown): string | null {
  if (alert === undefined || alert === null) return null;
  if (!isObject(alert)) return '"alert" is not an object';
  const bad =
    setNumber(event, 'gid', alert, 'gid', 0xffffffff) ??
    setNumber(event, 'sid', alert, 'signature_id', 0xffffffff) ??
    setNumber(event, 'rev', alert, 'rev', 0xffffffff) ??
    setNumber(event, 'priority', alert, 'severity', 0xffffffff);
  if (bad !== null) return `alert: ${bad}`;
  const category = text(alert.category);
  if (category && category !== NULL_TEXT) event.classification = category;
  const action = text(alert.action);
  if (action) event.action = action;
  return null;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    value = value * 10 + c;
  }
  return value;
}

const ISO_TIMESTAMP = /"timestamp"\s*:\s*"\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** EVE opens with `{` or `[` and carries `"event_type"` and an ISO `"timestamp"` near the top. */
function sniffSuricataEve(head: readonly string[]): number {
  const first = head.find((line) => line.trim().length > 0)?.trimStart() ?? '';
  const open = first.charCodeAt(0) === 0xfeff ? first.charCodeAt(1) : first.charCodeAt(0);
  if (open !== 123 && open !== 91) return 0;
  const text = head.join('\n');
  const iso = ISO_TIMESTAMP.test(text);
  const typed = text.includes('"event_type"');
  if (iso && typed) return 0.95;
  if (iso && (text.includes('"src_ip"') || text.includes('"dest_ip"'))) return 0.75;
  return 0;
}
