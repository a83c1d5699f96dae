/**
 * The byte-level fast lane for classic scans lines (docs/FORMATS.md §2.2–2.4): one pass over the
 * line's bytes straight into the batch builder, with no string, object or regex per line.
 *
 * It takes only the common shape — `Mon D HH:MM:SS a.b.c.d:p -> a.b.c.d:p TYPE [FLAGS]
 * [RESERVEDBITS]` with canonical dotted quads — and every check of the string parser in
 * snort-scans.ts; anything else (Sguil lines, sanitised `MY.NET` or zero-padded addresses, IPv6,
 * spliced and corrupt lines, impossible dates) is declined so that the parser takes it. The
 * timestamp is resolved only once the whole line is known to be good, because the year tracker
 * it shares with the parser has a side effect.
 */
import type { EventBatchBuilder } from '../event-batch-builder.js';
import type { FastLane, ParseContext } from '../format.js';
import { createEpochResolver, isPlausibleWallTime, newWallTime } from './wall-time.js';
import { monthOfCodes } from './month-abbreviation.js';
import { SCAN_TYPES } from './scan-types.js';

const UDP = 0;
const SYN = 1;
const FIN = 2;
const SYNFIN = 3;
const NULL = 4;
const XMAS = 5;
const FULLXMAS = 6;
const VECNA = 7;
const NOACK = 8;
const NMAPID = 9;
const SPAU = 10;
const INVALIDACK = 11;
const UNKNOWN = 12;

/** The words as bytes, for the in-place comparison. */
const TYPE_BYTES: readonly Uint8Array[] = SCAN_TYPES.map((w) => Uint8Array.from(w, (ch) => ch.charCodeAt(0)));
/** `12UAPRSF`: the letter each position of the flag field shows when its bit is set. */
const FLAG_CHARS = Uint8Array.from('12UAPRSF', (ch) => ch.charCodeAt(0));
const RESERVED_BITS = Uint8Array.from('RESERVEDBITS', (ch) => ch.charCodeAt(0));

/** The shortest line the lane can accept: `Jan 1 00:00:00 1.1.1.1:0 -> 1.1.1.1:0 UDP`. */
const MIN_LINE = 41;

const SPACE = 32;
const TAB = 9;
const CR = 13;
const COLON = 58;
const DOT = 46;

/** The month (1-12) whose English abbreviation starts at `at`, or 0. */
function monthAt(b: Uint8Array, at: number): number {
  return monthOfCodes(b[at]!, b[at + 1]!, b[at + 2]!);
}

/** Two decimal digits at `at`, or -1. */
function twoDigits(b: Uint8Array, at: number): number {
  const x = b[at]! - 48;
  const y = b[at + 1]! - 48;
  if (x < 0 || x > 9 || y < 0 || y > 9) return -1;
  return x * 10 + y;
}

/** The index in SCAN_TYPES of the word filling `b[at, at + n)`, or -1. */
function scanTypeAt(b: Uint8Array, at: number, n: number): number {
  const c = b[at]!;
  let k = -1;
  switch (n) {
    case 3:
      k = c === 85 /* U */ ? UDP : c === 83 /* S */ ? SYN : c === 70 /* F */ ? FIN : -1;
      break;
    case 4:
      k = c === 78 /* N */ ? NULL : c === 88 /* X */ ? XMAS : c === 83 /* S */ ? SPAU : -1;
      break;
    case 5:
      k = c === 86 /* V */ ? VECNA : c === 78 /* N */ ? NOACK : -1;
      break;
    case 6:
      k = c === 83 /* S */ ? SYNFIN : c === 78 /* N */ ? NMAPID : -1;
      break;
    case 7:
      k = UNKNOWN;
      break;
    case 8:
      k = FULLXMAS;
      break;
    case 10:
      k = INVALIDACK;
      break;
  }
  if (k < 0) return -1;
  const word = TYPE_BYTES[k]!;
  for (let j = 1; j < n; j++) if (b[at + j] !== word[j]) return -1;
  return k;
}

/** The TCP_FLAG bits of the 8-char flag field at `at` (as `parseTcpFlagString`), or -1. */
function flagBitsAt(b: Uint8Array, at: number): number {
  let bits = 0;
  for (let k = 0; k < 8; k++) {
    const c = b[at + k];
    if (c === 42 /* * */) continue;
    if (c !== FLAG_CHARS[k]) return -1;
    bits |= 0x80 >> k;
  }
  return bits;
}

function isReservedBitsAt(b: Uint8Array, at: number): boolean {
  for (let k = 0; k < 12; k++) if (b[at + k] !== RESERVED_BITS[k]) return false;
  return true;
}

export function createScansFastLane(ctx: ParseContext, builder: EventBatchBuilder): FastLane {
  const toEpoch = createEpochResolver(ctx);
  const time = newWallTime();
  // Dictionary ids, taken on first use: they stay valid across the builder's batches.
  let sourceId = -1;
  let tcpId = -1;
  let udpId = -1;
  const typeIds = new Int32Array(SCAN_TYPES.length).fill(-1);
  // What `endpoint` read: the address as a 32-bit value and the port. A typed array, not two
  // `let`s: an address above 2^31 in a closure variable would be boxed, an allocation per line.
  // Signed on purpose: an address is handed on as its int32 bit pattern (`ipv4Id` takes either),
  // because a uint32 above 2^31 passed to a call that is not inlined is a heap number — another
  // allocation per line, and the "not a Smi" deopts `--trace-deopt` showed in `ipv4Id`.
  // [2] is the last source address, whose id `lastSrcId` is (-1: none yet).
  const read = new Int32Array(3);
  // The last source address's id: a scanner's lines follow each other (99% repeat the previous
  // line's source in generated data), and ids stay valid across batches.
  let lastSrcId = -1;

  /**
   * A canonical `a.b.c.d:port` at `p` (no leading zeros in octets; a port of 1-5 digits up to
   * 65535, as the parser reads it), stored in `read`. Returns the position after the
   * port, or -1. The caller checks what follows.
   */
  const endpoint = (b: Uint8Array, p: number, e: number): number => {
    let value = 0;
    for (let part = 0; part < 4; part++) {
      if (p >= e) return -1;
      let octet = b[p]! - 48;
      if (octet < 0 || octet > 9) return -1;
      p++;
      if (p < e) {
        const d = b[p]! - 48;
        if (d >= 0 && d <= 9) {
          if (octet === 0) return -1; // leading zero: not canonical, the parser's to keep as written
          octet = octet * 10 + d;
          p++;
          if (p < e) {
            const d3 = b[p]! - 48;
            if (d3 >= 0 && d3 <= 9) {
              octet = octet * 10 + d3;
              if (octet > 255) return -1;
              p++;
            }
          }
        }
      }
      value = (value << 8) | octet;
      if (p >= e) return -1;
      if (b[p] !== (part < 3 ? DOT : COLON)) return -1;
      p++;
    }
    const from = p;
    let n = 0;
    while (p < e && p - from < 5) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      p++;
    }
    if (p === from || n > 65535) return -1;
    read[0] = value;
    read[1] = n;
    return p;
  };

  return (b, start, end, line) => {
    // The parser's trimming: trailing spaces, tabs and CR; leading spaces and tabs.
    let e = end;
    while (e > start) {
      const c = b[e - 1];
      if (c !== SPACE && c !== TAB && c !== CR) break;
      e--;
    }
    let p = start;
    while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;
    // Long enough that the date and time below can be read without bounds checks.
    if (e - p < MIN_LINE) return NaN;

    const month = monthAt(b, p);
    if (month === 0 || b[p + 3] !== SPACE) return NaN;
    p += 4;
    if (b[p] === SPACE) p++; // `%2d` pads one-digit days with a space
    let day = b[p]! - 48;
    if (day < 0 || day > 9) return NaN;
    p++;
    const d2 = b[p]! - 48;
    if (d2 >= 0 && d2 <= 9) {
      day = day * 10 + d2;
      p++;
    }
    if (b[p] !== SPACE) return NaN;
    p++;
    const hour = twoDigits(b, p);
    const minute = twoDigits(b, p + 3);
    const second = twoDigits(b, p + 6);
    if (hour < 0 || minute < 0 || second < 0 || b[p + 2] !== COLON || b[p + 5] !== COLON || b[p + 8] !== SPACE) {
      return NaN;
    }
    // The parser's range checks; the day-of-month check is the resolver's, once the line is good.
    time.month = month;
    time.day = day;
    time.hour = hour;
    time.minute = minute;
    time.second = second;
    if (!isPlausibleWallTime(time)) return NaN;
    p += 9;

    p = endpoint(b, p, e);
    if (p < 0) return NaN;
    const src = read[0]!;
    const sport = read[1]!;
    if (p + 4 > e || b[p] !== SPACE || b[p + 1] !== 45 /* - */ || b[p + 2] !== 62 /* > */ || b[p + 3] !== SPACE) {
      return NaN;
    }
    p = endpoint(b, p + 4, e);
    if (p < 0) return NaN;
    const dst = read[0]!;
    const dport = read[1]!;
    if (p >= e || (b[p] !== SPACE && b[p] !== TAB)) return NaN;
    while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;

    const typeStart = p;
    while (p < e && b[p] !== SPACE && b[p] !== TAB) p++;
    const type = scanTypeAt(b, typeStart, p - typeStart);
    if (type < 0) return NaN;
    while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;

    let flags = -1;
    let reservedBits = 0;
    if (p < e) {
      if (p + 8 <= e && (p + 8 === e || b[p + 8] === SPACE || b[p + 8] === TAB)) flags = flagBitsAt(b, p);
      if (flags >= 0) {
        p += 8;
        while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;
      }
      if (p < e) {
        // Only RESERVEDBITS may follow (or stand in for the empty UDP flag field), then nothing.
        if (p + 12 > e || !isReservedBitsAt(b, p)) return NaN;
        reservedBits = 1;
        p += 12;
        while (p < e && (b[p] === SPACE || b[p] === TAB)) p++;
        if (p < e) return NaN;
      }
    }
    if (type === UDP ? flags >= 0 : flags < 0) return NaN;

    const ts = toEpoch(time);
    if (Number.isNaN(ts)) return NaN;

    // Ids in column order, as the parser's rows take them (source, event, proto, src, dst).
    if (sourceId < 0) sourceId = builder.stringId('scans');
    let eventId = typeIds[type]!;
    if (eventId < 0) {
      eventId = builder.stringId(SCAN_TYPES[type]!);
      typeIds[type] = eventId;
    }
    let protoId: number;
    if (flags >= 0) {
      if (tcpId < 0) tcpId = builder.stringId('TCP');
      protoId = tcpId;
    } else {
      if (udpId < 0) udpId = builder.stringId('UDP');
      protoId = udpId;
    }
    if (lastSrcId < 0 || src !== read[2]) {
      lastSrcId = builder.ipv4Id(src);
      read[2] = src;
    }
    builder.addCore(line, ts, sourceId, eventId, protoId, lastSrcId, sport, builder.ipv4Id(dst), dport, flags, reservedBits);
    return ts;
  };
}
