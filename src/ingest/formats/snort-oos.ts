/**
 * Snort's verbose packet dumps as kept in "out of spec" (oos) files (docs/FORMATS.md §3, `PrintIPPkt`):
 * one multi-line record per packet, ended by the `=+=+…` separator line.
 *
 * ```
 * 04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110
 * TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:40 DF
 * 12****S* Seq: 0xB24F001  Ack: 0x38122EE4  Win: 0x800  TcpLen: 20
 * TCP Options (5) => MSS: 1460 SackOK TS: 1234 0 NOP WS: 0
 * =+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * ```
 *
 * The assembler groups lines; the parser reads the header lines in any order after the address
 * and IP lines, and tolerates what it does not need (ICMP's embedded original datagram, wrapped
 * ICMP text, `-C` character dumps).
 */
import { IP_FLAG, type EventRecord } from '../../core/event.js';
import type { ProblemCode, ProblemDraft } from '../../core/problem.js';
import type { LogFormat, ParseContext, ParseResult, RawRecord, RecordAssembler } from '../format.js';
import { newEndpoint, PortMode, readEndpoint, type Endpoint } from './snort-endpoint.js';
import { readSnortTimestamp, TS_BAD, TS_NONE } from './snort-timestamp.js';
import { parseTcpFlagString } from './tcp-flag-string.js';
import { hexDigit, TextCursor, trimmedEnd } from './text-cursor.js';
import { createEpochResolver, newWallTime, type WallTime } from './wall-time.js';
import { shareOfLines } from './share-of-lines.js';

/**
 * A record as this format's assembler emits it. `cut` says why a record ended without its
 * separator: the next packet's timestamp line arrived (`next-record`), or it grew past the line
 * cap (`too-long`, hostile input). End of input leaves it unset: the parser then judges the
 * record by what it holds.
 */
export interface OosRecord extends RawRecord {
  cut?: 'next-record' | 'too-long';
}

/** No real dump comes near these (a 64 KiB packet is 4096 payload lines); junk without separators does. */
const MAX_RECORD_LINES = 8192;
const MAX_RECORD_CHARS = 2 * 1024 * 1024;

function isBlank(line: string): boolean {
  return trimmedEnd(line) === 0;
}

/** `=+` repeated (74 chars in every version read; re-typed logs may differ in length). */
function isSeparator(line: string): boolean {
  const end = trimmedEnd(line);
  if (end < 8) return false;
  for (let i = 0; i < end; i++) {
    if (line.charCodeAt(i) !== (i % 2 === 0 ? 61 /* = */ : 43) /* + */) return false;
  }
  return true;
}

const scratchTime = newWallTime();

/** A packet's first line starts with a Snort timestamp followed by a space. */
function startsWithTimestamp(line: string): boolean {
  const end = trimmedEnd(line);
  const after = readSnortTimestamp(line, 0, end, scratchTime);
  return after > 0 && after < end;
}

/** Groups lines into one record per packet; see `OosRecord` for how records end. */
function createOosAssembler(): RecordAssembler {
  let lines: string[] = [];
  let first = 0;
  let chars = 0;
  const emit = (cut: OosRecord['cut']): OosRecord[] => {
    chars = 0;
    let n = lines.length;
    while (n > 0 && isBlank(lines[n - 1]!)) n--;
    const text = lines.slice(0, n).join('\n');
    lines = [];
    if (n === 0) return [];
    const record: OosRecord = { text, line: first };
    if (cut !== undefined) record.cut = cut;
    return [record];
  };
  return {
    push(line, lineNumber) {
      if (isSeparator(line)) {
        // A separator with no record before it (doubled separators) ends nothing.
        if (lines.length === 0) return [];
        lines.push(line);
        return emit(undefined);
      }
      if (isBlank(line)) {
        if (lines.length === 0) return [];
        // Blank lines count towards the cap too: a header followed by millions of them is a bomb.
        lines.push(line);
        chars += line.length + 1;
        return lines.length >= MAX_RECORD_LINES || chars >= MAX_RECORD_CHARS ? emit('too-long') : [];
      }
      if (startsWithTimestamp(line)) {
        const done = lines.length > 0 ? emit('next-record') : [];
        first = lineNumber;
        lines.push(line);
        chars = line.length + 1;
        return done;
      }
      if (lines.length === 0) first = lineNumber;
      lines.push(line);
      chars += line.length + 1;
      if (lines.length >= MAX_RECORD_LINES || chars >= MAX_RECORD_CHARS) return emit('too-long');
      return [];
    },
    finish() {
      return lines.length > 0 ? emit(undefined) : [];
    },
    idle: () => lines.length === 0,
    openLine: () => (lines.length === 0 ? 0 : first),
  };
}

/** Everything one record yields, before it becomes an event. */
interface Packet {
  time: WallTime;
  srcText: string;
  dstText: string;
  hasAddress: boolean;
  hasIp: boolean;
  proto: string;
  ttl: number;
  tos: number;
  ipId: number;
  ipLen: number;
  dgmLen: number;
  ipFlags: number;
  ipOptions: string[] | null;
  isFragment: boolean;
  fragOffset: number;
  fragSize: number;
  /** Which protocol's header line was seen (or reported truncated). */
  hasProtoHeader: boolean;
  headerTruncated: string | null;
  tcpFlagText: string;
  tcpFlags: number;
  tcpSeq: number;
  tcpAck: number;
  tcpWin: number;
  tcpLen: number;
  urgPtr: number;
  tcpOptions: string[] | null;
  udpLen: number;
  icmpType: number;
  icmpCode: number;
  icmpText: string;
  payload: string[];
  /** Fields read as well-formed numbers out of range, kept empty (`TCP Seq`…), and the line of the first. */
  salvaged: string[];
  salvagedAt: number;
}

function newPacket(): Packet {
  return {
    time: newWallTime(),
    srcText: '',
    dstText: '',
    hasAddress: false,
    hasIp: false,
    proto: '',
    ttl: -1,
    tos: -1,
    ipId: -1,
    ipLen: -1,
    dgmLen: -1,
    ipFlags: 0,
    ipOptions: null,
    isFragment: false,
    fragOffset: -1,
    fragSize: -1,
    hasProtoHeader: false,
    headerTruncated: null,
    tcpFlagText: '',
    tcpFlags: -1,
    tcpSeq: -1,
    tcpAck: -1,
    tcpWin: -1,
    tcpLen: -1,
    urgPtr: -1,
    tcpOptions: null,
    udpLen: -1,
    icmpType: -1,
    icmpCode: -1,
    icmpText: '',
    payload: [],
    salvaged: [],
    salvagedAt: 0,
  };
}

/** A parse failure inside a record, with the line it is about. */
class RecordProblem {
  constructor(
    readonly code: ProblemCode,
    readonly message: string,
    readonly lineOffset: number,
  ) {}
}

const cursor = new TextCursor();

/**
 * The address part `src[:sp] -> dst[:dp]` at `start`; returns where it ends (the IP part may
 * follow on the same line with `-e`), or a problem.
 */
function readAddressPart(line: string, start: number, end: number, p: Packet, at: number): number | RecordProblem {
  const arrow = line.indexOf(' -> ', start);
  if (arrow < 0 || arrow >= end) return new RecordProblem('no_match', 'no "src -> dst" on the address line', at);
  let dstEnd = line.indexOf(' ', arrow + 4);
  if (dstEnd < 0 || dstEnd > end) dstEnd = end;
  p.srcText = line.slice(start, arrow);
  p.dstText = line.slice(arrow + 4, dstEnd);
  p.hasAddress = true;
  return dstEnd;
}

/**
 * A header line that stops short: `truncated` when the text ran out where `what` (or the literal
 * `next` that introduces it) should be — the dump was cut — else `bad_field` for a wrong value.
 */
function headerProblem(cur: TextCursor, header: string, what: string, next: string | undefined, at: number): RecordProblem {
  const rest = cur.text.slice(cur.i, cur.end);
  const cut = rest.length === 0 || (next !== undefined && rest.length < next.length && next.startsWith(rest));
  return cut
    ? new RecordProblem('truncated', `${header} line cut short before its ${what}`, at)
    : new RecordProblem('bad_field', `${header} line: bad ${what}`, at);
}

/**
 * Salvage one header field whose text is a well-formed number out of range (a TCP `Seq:` of nine
 * hex digits): the cursor steps over it, the field stays empty and the packet notes it, so the
 * packet is kept instead of quarantined whole. False when the text is no number at all.
 */
function salvageField(cur: TextCursor, p: Packet, field: string, hex: boolean, at: number): boolean {
  let k = cur.i;
  while (k < cur.end && isDigitOf(cur.text.charCodeAt(k), hex)) k++;
  if (k === cur.i || k - cur.i > 32 || (k < cur.end && cur.text.charCodeAt(k) !== 32)) return false;
  cur.i = k;
  if (p.salvaged.length === 0) p.salvagedAt = at;
  p.salvaged.push(field);
  return true;
}

function isDigitOf(c: number, hex: boolean): boolean {
  return (c >= 48 && c <= 57) || (hex && ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)));
}

/** `PROTO TTL:n TOS:0xH ID:n IpLen:n DgmLen:n [RB] [DF] [MF]`; false when the text is no IP line. */
function readIpLine(line: string, start: number, end: number, p: Packet, at: number): boolean | RecordProblem {
  const cur = cursor.reset(line, start, end);
  const wordEnd = cur.nextSpace();
  if (wordEnd === start || !line.startsWith(' TTL:', wordEnd)) return false;
  p.proto = line.slice(start, wordEnd);
  cur.i = wordEnd + 5;
  const bad = (what: string, next?: string): RecordProblem => headerProblem(cur, 'IP', what, next, at);
  /** A decimal field: its value, or -1 when salvaged out of range; a RecordProblem when it is no number. */
  const decimal = (what: string, digits: number, max: number): number | RecordProblem => {
    const from = cur.i;
    const v = cur.uint(digits);
    if (v >= 0 && v <= max) return v;
    cur.i = from;
    return salvageField(cur, p, `IP ${what}`, false, at) ? -1 : bad(what);
  };
  const ttl = decimal('TTL', 3, 255);
  if (ttl instanceof RecordProblem) return ttl;
  p.ttl = ttl;
  if (!cur.accept(' TOS:0x')) return bad('TOS', ' TOS:0x');
  p.tos = cur.hex(2);
  if (p.tos < 0) return bad('TOS');
  if (!cur.accept(' ID:')) return bad('ID', ' ID:');
  const ipId = decimal('ID', 5, 65535);
  if (ipId instanceof RecordProblem) return ipId;
  p.ipId = ipId;
  if (!cur.accept(' IpLen:')) return bad('IpLen', ' IpLen:');
  const ipLen = decimal('IpLen', 3, 60);
  if (ipLen instanceof RecordProblem) return ipLen;
  p.ipLen = ipLen;
  if (!cur.accept(' DgmLen:')) return bad('DgmLen', ' DgmLen:');
  const dgmLen = decimal('DgmLen', 5, 65535);
  if (dgmLen instanceof RecordProblem) return dgmLen;
  p.dgmLen = dgmLen;
  // Flags print without brackets in every version read; re-typed logs use `[DF]`.
  p.ipFlags = 0;
  while (cur.skipSpaces() > 0 && !cur.atEnd()) {
    const open = cur.acceptChar(91 /* [ */);
    let bit = 0;
    if (cur.accept('RB')) bit = IP_FLAG.RB;
    else if (cur.accept('DF')) bit = IP_FLAG.DF;
    else if (cur.accept('MF')) bit = IP_FLAG.MF;
    if (bit === 0 || (open && !cur.acceptChar(93))) return bad('flags');
    p.ipFlags |= bit;
  }
  if (!cur.atEnd()) return bad('field layout');
  p.hasIp = true;
  return true;
}

/** `12****S* Seq: 0x…  Ack: 0x…  Win: 0x…  TcpLen: n[  UrgPtr: 0x…]`; false when no TCP line. */
function readTcpLine(line: string, end: number, p: Packet, at: number): boolean | RecordProblem {
  if (!line.startsWith(' Seq: 0x', 8)) return false;
  const cur = cursor.reset(line, 16, end);
  const bad = (what: string, next?: string): RecordProblem => headerProblem(cur, 'TCP', what, next, at);
  const flags = parseTcpFlagString(line, 0, end);
  if (flags < 0) return new RecordProblem('bad_field', 'TCP line: bad flag string', at);
  // A field wider than its header allows is salvaged (kept empty), anything else is bad.
  const wide = (what: string, hex: boolean): boolean => salvageField(cur, p, `TCP ${what}`, hex, at);
  p.tcpSeq = cur.hex(8);
  if (p.tcpSeq < 0 && !wide('Seq', true)) return bad('Seq');
  cur.skipSpaces();
  if (!cur.accept('Ack: 0x')) return bad('Ack', 'Ack: 0x');
  if ((p.tcpAck = cur.hex(8)) < 0 && !wide('Ack', true)) return bad('Ack');
  cur.skipSpaces();
  if (!cur.accept('Win: 0x')) return bad('Win', 'Win: 0x');
  if ((p.tcpWin = cur.hex(4)) < 0 && !wide('Win', true)) return bad('Win');
  cur.skipSpaces();
  if (!cur.accept('TcpLen: ')) return bad('TcpLen', 'TcpLen: ');
  const lenAt = cur.i;
  p.tcpLen = cur.uint(2);
  if (p.tcpLen < 0 || p.tcpLen > 60) {
    cur.i = lenAt;
    p.tcpLen = -1;
    if (!wide('TcpLen', false)) return bad('TcpLen');
  }
  cur.skipSpaces();
  if (cur.accept('UrgPtr: 0x') && (p.urgPtr = cur.hex(4)) < 0 && !wide('UrgPtr', true)) return bad('UrgPtr');
  cur.skipSpaces();
  if (!cur.atEnd()) return bad('field layout');
  p.tcpFlags = flags;
  p.tcpFlagText = line.slice(0, 8);
  p.hasProtoHeader = true;
  return true;
}

/** `Type:N  Code:N  [ID:n  Seq:n  ]TEXT`. */
function readIcmpLine(line: string, end: number, p: Packet, at: number): true | RecordProblem {
  const cur = cursor.reset(line, 5, end);
  const type = cur.uint(3);
  cur.skipSpaces();
  const code = cur.accept('Code:') ? cur.uint(3) : -1;
  if (type < 0 || type > 255 || code < 0 || code > 255) return new RecordProblem('bad_field', 'ICMP line: bad Type/Code', at);
  cur.skipSpaces();
  // Echo and timestamp messages print their id and sequence before the name.
  const save = cur.i;
  if (cur.accept('ID:')) {
    cur.skipSpaces();
    cur.uint();
    cur.skipSpaces();
    if (cur.accept('Seq:')) {
      cur.skipSpaces();
      cur.uint();
      cur.skipSpaces();
    } else cur.i = save;
  }
  let textEnd = end;
  // Long unreachable texts wrap after a comma in 2.9 (`…PROHIBITED,` / `PACKET FILTERED`).
  if (textEnd > cur.i && line.charCodeAt(textEnd - 1) === 44) textEnd--;
  p.icmpType = type;
  p.icmpCode = code;
  p.icmpText = line.slice(cur.i, textEnd);
  p.hasProtoHeader = true;
  return true;
}

/** `Frag Offset: 0x…   Frag Size: 0x…` (hex in both 1.8 and 2.9). */
function readFragmentLine(line: string, end: number, p: Packet, at: number): true | RecordProblem {
  const cur = cursor.reset(line, 'Frag Offset: 0x'.length, end);
  p.fragOffset = cur.hex(4);
  cur.skipSpaces();
  if (p.fragOffset < 0 || !cur.accept('Frag Size: 0x') || (p.fragSize = cur.hex(4)) < 0) {
    return new RecordProblem('bad_field', 'fragment line: bad offset or size', at);
  }
  p.isFragment = true;
  return true;
}

/** Option tokens after `=>`, spaces normalised; continuation lines (`TCP Options => …`) add more. */
function addOptions(line: string, end: number, into: string[]): void {
  const arrow = line.indexOf('=>');
  if (arrow < 0 || arrow >= end) return;
  const text = line.slice(arrow + 2, end).trim();
  if (text.length > 0) into.push(text.replace(/\s+/g, ' '));
}

/**
 * One `PrintNetData` line: up to 16 `HH ` groups, optionally after a `-X` `0x0000: ` offset,
 * then the ASCII column. Returns the hex digits (upper case, no spaces) or null for other lines.
 */
function readPayloadLine(line: string, end: number): string | null {
  let i = 0;
  if (line.startsWith('0x', 0) && line.charCodeAt(6) === 58 /* : */) {
    for (let k = 2; k < 6; k++) if (hexDigit(line.charCodeAt(k)) < 0) return null;
    i = 8;
  }
  const from = i;
  let bytes = 0;
  while (bytes < 16 && i + 2 <= end && hexDigit(line.charCodeAt(i)) >= 0 && hexDigit(line.charCodeAt(i + 1)) >= 0) {
    const next = i + 2 < end ? line.charCodeAt(i + 2) : 32;
    if (next !== 32) break;
    bytes++;
    i += 3;
  }
  if (bytes === 0) return null;
  let hex = '';
  for (let k = from; k < from + bytes * 3; k += 3) hex += line.slice(k, k + 2);
  return hex.toUpperCase();
}

function isHeaderTruncatedLine(line: string, end: number): string | null {
  const suffix = ' header truncated';
  if (end <= suffix.length || !line.startsWith(suffix, end - suffix.length)) return null;
  return line.slice(0, end - suffix.length);
}

/** Read all lines of one record into `p`; returns a problem, or null when the lines were readable. */
function readRecordLines(lines: string[], p: Packet): RecordProblem | null {
  let k = 0;
  while (k < lines.length && isBlank(lines[k]!)) k++;
  if (k >= lines.length) return new RecordProblem('no_match', 'empty record', 0);

  // The address line: timestamp, then addresses, or (-e) the layer-2 header with the addresses and
  // IP header following on the next line.
  const first = lines[k]!;
  const firstEnd = trimmedEnd(first);
  const afterTs = readSnortTimestamp(first, 0, firstEnd, p.time);
  if (afterTs === TS_BAD) return new RecordProblem('bad_timestamp', 'malformed or impossible timestamp', k);
  if (afterTs === TS_NONE) return headless(lines, k);
  let start = afterTs;
  while (start < firstEnd && first.charCodeAt(start) === 32) start++;
  let addrLine = first;
  let addrEnd = firstEnd;
  let addrAt = k;
  if (first.indexOf(' type:0x', start) >= 0) {
    addrAt = k + 1;
    while (addrAt < lines.length && isBlank(lines[addrAt]!)) addrAt++;
    if (addrAt >= lines.length) return new RecordProblem('truncated', 'record ends after the layer-2 line', k);
    addrLine = lines[addrAt]!;
    addrEnd = trimmedEnd(addrLine);
    start = 0;
  }
  if (addrLine.startsWith('IP header truncated', start)) {
    return new RecordProblem('truncated', 'IP header truncated: no addresses or IP header', addrAt);
  }
  const afterAddr = readAddressPart(addrLine, start, addrEnd, p, addrAt);
  if (afterAddr instanceof RecordProblem) return afterAddr;
  k = addrAt + 1;
  if (afterAddr < addrEnd) {
    const ip = readIpLine(addrLine, afterAddr + 1, addrEnd, p, addrAt);
    if (ip instanceof RecordProblem) return ip;
    if (!ip) return new RecordProblem('no_match', 'unexpected text after the addresses', addrAt);
  }

  let inDump = false;
  for (; k < lines.length; k++) {
    const line = lines[k]!;
    const end = trimmedEnd(line);
    if (end === 0) continue;
    if (isSeparator(line)) break;
    if (inDump) {
      // The embedded original datagram repeats IP/TCP/UDP lines that are not this packet's.
      if (line.startsWith('** END OF DUMP')) inDump = false;
      continue;
    }
    if (!p.hasIp) {
      const ip = readIpLine(line, 0, end, p, k);
      if (ip instanceof RecordProblem) return ip;
      if (ip) continue;
    }
    const c = line.charCodeAt(0);
    if (c === 73 /* I */ && line.startsWith('IP Options')) {
      addOptions(line, end, (p.ipOptions ??= []));
      continue;
    }
    if (c === 84 /* T */ && line.startsWith('TCP Options')) {
      addOptions(line, end, (p.tcpOptions ??= []));
      continue;
    }
    if (line.startsWith('Frag Offset: 0x')) {
      const r = readFragmentLine(line, end, p, k);
      if (r instanceof RecordProblem) return r;
      continue;
    }
    if (line.startsWith('** ORIGINAL DATAGRAM DUMP')) {
      inDump = true;
      continue;
    }
    if (!p.hasProtoHeader) {
      if (line.startsWith('Len: ')) {
        const len = cursor.reset(line, 5, end).uint(5);
        if (len < 0 || len > 65535) return new RecordProblem('bad_field', 'UDP line: bad Len', k);
        p.udpLen = len;
        p.hasProtoHeader = true;
        continue;
      }
      if (line.startsWith('Type:')) {
        const r = readIcmpLine(line, end, p, k);
        if (r instanceof RecordProblem) return r;
        continue;
      }
      const tcp = readTcpLine(line, end, p, k);
      if (tcp instanceof RecordProblem) return tcp;
      if (tcp) continue;
      const truncatedProto = isHeaderTruncatedLine(line, end);
      if (truncatedProto !== null) {
        p.headerTruncated = truncatedProto;
        p.hasProtoHeader = true;
        continue;
      }
    }
    if (p.hasIp) {
      const hex = readPayloadLine(line, end);
      if (hex !== null) p.payload.push(hex);
    }
    // Anything else (wrapped ICMP text, `-C` character dumps, `ORIGINAL DATAGRAM TRUNCATED`) is
    // printer detail the event does not need.
  }
  return null;
}

/** A record whose first line is not a timestamp line: a packet that lost its head, or junk. */
function headless(lines: string[], k: number): RecordProblem {
  for (const line of lines) {
    const end = trimmedEnd(line);
    if (
      line.indexOf(' TTL:') > 0 ||
      line.startsWith(' Seq: 0x', 8) ||
      line.startsWith('TCP Options') ||
      line.startsWith('Type:') ||
      line.startsWith('Len: ') ||
      (end > 0 && readPayloadLine(line, end) !== null)
    ) {
      return new RecordProblem('truncated', 'packet lines without their timestamp/address line', k);
    }
  }
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if ((c < 32 && c !== 9) || c === 127) return new RecordProblem('binary', 'control characters in a text record', k);
    }
  }
  return new RecordProblem('no_match', 'not a Snort packet dump', k);
}

/** The reason a readable record is still incomplete, or null. */
function missingPart(p: Packet): string | null {
  if (!p.hasAddress) return 'no address line';
  if (!p.hasIp) return 'no IP header line';
  if (p.ipFlags & IP_FLAG.MF || p.isFragment) return p.isFragment ? null : 'no fragment line';
  if ((p.proto === 'TCP' || p.proto === 'UDP' || p.proto === 'ICMP') && !p.hasProtoHeader) {
    return `no ${p.proto} header line`;
  }
  return null;
}

function eventName(p: Packet): string {
  if (p.isFragment) return 'IP fragment';
  if (p.headerTruncated !== null) return `${p.proto} header truncated`;
  if (p.proto === 'TCP' && p.tcpFlags >= 0) return `TCP ${p.tcpFlagText}`;
  if (p.proto === 'ICMP' && p.icmpText.length > 0) return `ICMP ${p.icmpText}`;
  return p.proto;
}

function buildOosEvent(p: Packet, ts: number, src: Endpoint, dst: Endpoint): EventRecord {
  const ev: EventRecord = { ts, source: 'oos', event: eventName(p), proto: p.proto, src: src.addr };
  if (src.port >= 0) ev.sport = src.port;
  ev.dst = dst.addr;
  if (dst.port >= 0) ev.dport = dst.port;
  // A salvaged field is -1: stored empty.
  if (p.ttl >= 0) ev.ttl = p.ttl;
  ev.tos = p.tos;
  if (p.ipId >= 0) ev.ipId = p.ipId;
  if (p.ipLen >= 0) ev.ipLen = p.ipLen;
  if (p.dgmLen >= 0) ev.dgmLen = p.dgmLen;
  ev.ipFlags = p.ipFlags;
  if (p.ipOptions !== null) ev.ipOptions = p.ipOptions.join(' ');
  if (p.isFragment) {
    ev.fragOffset = p.fragOffset;
    ev.fragSize = p.fragSize;
  }
  if (p.tcpFlags >= 0) {
    ev.tcpFlags = p.tcpFlags;
    if (p.tcpSeq >= 0) ev.tcpSeq = p.tcpSeq;
    if (p.tcpAck >= 0) ev.tcpAck = p.tcpAck;
    if (p.tcpWin >= 0) ev.tcpWin = p.tcpWin;
    if (p.tcpLen >= 0) ev.tcpLen = p.tcpLen;
    if (p.urgPtr >= 0) ev.urgPtr = p.urgPtr;
  }
  if (p.tcpOptions !== null) ev.tcpOptions = p.tcpOptions.join(' ');
  if (p.udpLen >= 0) ev.udpLen = p.udpLen;
  if (p.icmpType >= 0) {
    ev.icmpType = p.icmpType;
    ev.icmpCode = p.icmpCode;
  }
  if (p.payload.length > 0) ev.payload = p.payload.join('');
  return ev;
}

function toProblem(r: RecordProblem): ParseResult {
  const problem: ProblemDraft = { code: r.code, message: r.message };
  if (r.lineOffset > 0) problem.lineOffset = r.lineOffset;
  return { kind: 'problem', problem };
}

function createOosParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const toEpoch = createEpochResolver(ctx);
  const srcEndpoint = newEndpoint(ctx.textPrefixes);
  const dstEndpoint = newEndpoint(ctx.textPrefixes);
  return (record) => {
    if (isBlank(record.text)) return { kind: 'skip' };
    const lines = record.text.split('\n');
    const p = newPacket();
    const failure = readRecordLines(lines, p);
    if (failure !== null) return toProblem(failure);
    if ((record as OosRecord).cut === 'too-long') {
      return toProblem(new RecordProblem('too_long', 'record grew past the size cap without a separator', 0));
    }
    const missing = missingPart(p);
    if (missing !== null) return toProblem(new RecordProblem('truncated', `record ends early: ${missing}`, 0));
    if ((record as OosRecord).cut === 'next-record') {
      return toProblem(new RecordProblem('truncated', 'the next packet starts before this one’s separator', 0));
    }
    // Ports are printed for TCP/UDP non-fragments only; IPv6 needs to know which to split right.
    const mode = !p.isFragment && (p.proto === 'TCP' || p.proto === 'UDP') ? PortMode.Yes : PortMode.No;
    const srcErr = readEndpoint(p.srcText, 0, p.srcText.length, mode, srcEndpoint);
    if (srcErr !== null) return toProblem(new RecordProblem('bad_field', `source: ${srcErr}`, 0));
    const dstErr = readEndpoint(p.dstText, 0, p.dstText.length, mode, dstEndpoint);
    if (dstErr !== null) return toProblem(new RecordProblem('bad_field', `destination: ${dstErr}`, 0));
    const ts = toEpoch(p.time);
    if (Number.isNaN(ts)) return toProblem(new RecordProblem('bad_timestamp', 'impossible date', 0));
    const event = buildOosEvent(p, ts, srcEndpoint, dstEndpoint);
    if (p.salvaged.length === 0) return { kind: 'parsed', event };
    const fragment: ProblemDraft = {
      code: 'salvaged',
      message: `packet kept without its out-of-range ${p.salvaged.join(', ')}`,
    };
    if (p.salvagedAt > 0) fragment.lineOffset = p.salvagedAt;
    return { kind: 'parsed', event, fragment };
  };
}

/** Lines a packet dump is made of (the sniff test only). */
function isDumpLine(line: string, end: number): boolean {
  if (isSeparator(line)) return true;
  if (startsWithTimestamp(line)) return line.indexOf(' -> ') > 0 && line.indexOf('[**]') < 0;
  if (line.indexOf(' TTL:') > 0 && line.indexOf(' IpLen:') > 0) return true;
  if (line.startsWith(' Seq: 0x', 8) && parseTcpFlagString(line, 0, end) >= 0) return true;
  return (
    line.startsWith('** ') ||
    line.startsWith('Seq: 0x') ||
    line.startsWith('TCP Options') ||
    line.startsWith('IP Options') ||
    line.startsWith('Type:') ||
    line.startsWith('Len: ') ||
    line.startsWith('Frag Offset:') ||
    readPayloadLine(line, end) !== null
  );
}

export const snortOos: LogFormat = {
  name: 'snort-oos',
  source: 'oos',
  description: 'Snort verbose packet dumps ("out of spec" files), one record per =+=+ separator',
  sniff(head) {
    const score = shareOfLines(head, isDumpLine);
    // alert_full and packet-carrying alert files share these lines but carry `[**]` headers.
    return head.some((line) => line.indexOf('[**]') >= 0) ? Math.min(score, 0.3) : score;
  },
  createAssembler: createOosAssembler,
  createParser: createOosParser,
};
