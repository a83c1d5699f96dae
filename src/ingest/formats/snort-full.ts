/**
 * Snort 2 `alert_full` records (docs/FORMATS.md §3.8, `spo_alert_full.c`; Snort 1.8 has the same
 * shape minus gid:sid:rev and classification):
 *
 *     [**] [1:1228:7] SCAN nmap XMAS [**]
 *     [Classification: Attempted Information Leak] [Priority: 2]
 *     04/20-14:45:09.171005 10.0.0.9:53998 -> 10.0.0.5:1
 *     TCP TTL:43 TOS:0x0 ID:37022 IpLen:20 DgmLen:40
 *     **U*P**F Seq: 0x4A2B  Ack: 0x0  Win: 0x800  TcpLen: 20  UrgPtr: 0x0
 *     [Xref => http://www.whitehats.com/info/IDS30]
 *     (blank line)
 *
 * The packet header lines carry the crafted-packet evidence (TTL, IP ID, window, flags), so they
 * are read into the packet fields. Header-line readers are local to this file on purpose: the
 * oos dump parser is written separately and this format must not wait for it.
 */
import type { EventRecord } from '../../core/event.js';
import { IP_FLAG } from '../../core/event.js';
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { createBlockAssembler } from './block-assembler.js';
import { excerpt, problemResult } from './problem-result.js';
import { scanUnsigned } from './scan-unsigned.js';
import { newEndpoint, PortMode, readEndpoint } from './snort-endpoint.js';
import { readSnortTimestamp, TS_BAD, TS_NONE } from './snort-timestamp.js';
import { parseTcpFlagString } from './tcp-flag-string.js';
import { trimmedEnd } from './text-cursor.js';
import { createEpochResolver, newWallTime } from './wall-time.js';

export const snortFull: LogFormat = {
  name: 'snort-full',
  source: 'full',
  description: 'Snort alert_full records: alert header, classification, packet headers, references',
  sniff: sniffSnortFull,
  createAssembler: () => createBlockAssembler(isRecordStart),
  createParser: createSnortFullParser,
};

function isRecordStart(line: string): boolean {
  return line.startsWith('[**] ');
}

/** What the header lines said, before the addresses can be split (that needs the protocol). */
interface PacketNotes {
  addresses: string | undefined;
  addressLine: number;
  fragment: boolean;
  xrefs: string[];
  /** The first line no reader recognised, quarantined as a fragment. */
  stray: { text: string; offset: number } | undefined;
}

function createSnortFullParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const wall = newWallTime();
  const toEpoch = createEpochResolver(ctx);
  const src = newEndpoint(ctx.textPrefixes);
  const dst = newEndpoint(ctx.textPrefixes);

  return (record) => {
    const lines = record.text.split('\n');
    const event: EventRecord = { ts: 0, source: 'full', event: '' };
    const headerError = readAlertHeader(lines[0]!, event);
    if (headerError !== null) return problemResult('no_match', headerError);

    let at = 1;
    if (at < lines.length && /^\[(Classification|Priority): /.test(lines[at]!)) {
      const bad = readPriorityLine(lines[at]!, event);
      if (bad !== null) return problemResult('bad_field', bad, lines[at], at);
      at++;
    }
    if (at >= lines.length) return problemResult('truncated', 'record ends before its timestamp line');
    const tsLine = lines[at]!;
    const tsEnd = readSnortTimestamp(tsLine, 0, trimmedEnd(tsLine), wall);
    if (tsEnd === TS_NONE) return problemResult('no_match', `expected a timestamp line, got ${excerpt(tsLine)}`, tsLine, at);
    if (tsEnd === TS_BAD) return problemResult('bad_timestamp', `bad timestamp in ${excerpt(tsLine)}`, tsLine, at);

    const notes: PacketNotes = { addresses: undefined, addressLine: at, fragment: false, xrefs: [], stray: undefined };
    const rest = tsLine.slice(tsEnd, trimmedEnd(tsLine)).trim();
    // With `-e` the timestamp line carries the MAC addresses and the IP addresses move to the IP line.
    if (rest.length > 0 && !rest.includes(' type:0x')) notes.addresses = rest;
    const bad = readPacketLines(lines, at + 1, event, notes);
    if (bad !== null) return problemResult('bad_field', bad.message, lines[bad.offset], bad.offset);

    if (notes.addresses !== undefined) {
      const arrow = notes.addresses.indexOf(' -> ');
      if (arrow < 0) return problemResult('no_match', `no "src -> dst" in ${excerpt(notes.addresses)}`);
      // Snort prints ports only for TCP/UDP packets that are not fragments.
      const ports =
        event.proto === undefined
          ? PortMode.Unknown
          : (event.proto === 'TCP' || event.proto === 'UDP') && !notes.fragment
            ? PortMode.Yes
            : PortMode.No;
      const text = notes.addresses;
      const wrong = readEndpoint(text, 0, arrow, ports, src) ?? readEndpoint(text, arrow + 4, text.length, ports, dst);
      if (wrong !== null) return problemResult('bad_field', `${wrong} in ${excerpt(text)}`, lines[notes.addressLine], notes.addressLine);
      event.src = src.addr;
      event.dst = dst.addr;
      if (src.port >= 0) event.sport = src.port;
      if (dst.port >= 0) event.dport = dst.port;
    }
    if (notes.xrefs.length > 0) event.raw = JSON.stringify({ xref: notes.xrefs });

    event.ts = toEpoch(wall);
    if (Number.isNaN(event.ts)) return problemResult('bad_timestamp', `impossible date in ${excerpt(tsLine)}`, tsLine, at);
    if (notes.stray === undefined) return { kind: 'parsed', event };
    const { text, offset } = notes.stray;
    return {
      kind: 'parsed',
      event,
      fragment: { code: 'no_match', message: `unrecognised line in record: ${excerpt(text)}`, input: text, lineOffset: offset },
    };
  };
}

/** `[**] [g:s:r]  <iface> msg [**]` (gid:sid:rev from 2.x, `<iface>` with `-I`). Null when good. */
function readAlertHeader(line: string, event: EventRecord): string | null {
  const end = trimmedEnd(line);
  if (!line.startsWith('[**] ') || end < 9 || !line.startsWith('[**]', end - 4))
    return `not an alert_full record: ${excerpt(line)}`;
  let i = 5;
  const close = line.indexOf('] ', i);
  if (line.charCodeAt(i) === 91 /* [ */ && close > 0 && close < end - 4) {
    const c1 = line.indexOf(':', i);
    const c2 = line.indexOf(':', c1 + 1);
    const gid = scanUnsigned(line, i + 1, c1, 0xffffffff);
    const sid = scanUnsigned(line, c1 + 1, c2, 0xffffffff);
    const rev = scanUnsigned(line, c2 + 1, close, 0xffffffff);
    if (c1 > 0 && c2 > c1 && c2 < close && gid >= 0 && sid >= 0 && rev >= 0) {
      event.gid = gid;
      event.sid = sid;
      event.rev = rev;
      i = close + 2;
    }
  }
  while (line.charCodeAt(i) === 32) i++;
  if (line.charCodeAt(i) === 60 /* < */) {
    const gt = line.indexOf('> ', i);
    if (gt > i) {
      event.iface = line.slice(i + 1, gt);
      i = gt + 2;
    }
  }
  const msg = line.slice(i, end - 4).trim();
  // A NULL message prints `[**] [g:s:r] [**]` (2.x) or `[**] Snort Alert! [**]` (1.x).
  event.event = msg.length > 0 ? msg : event.sid !== undefined ? `[${event.gid}:${event.sid}:${event.rev}]` : 'Snort Alert!';
  return null;
}

/** `[Classification: X] [Priority: N] ` (the classification only when the rule has one). */
function readPriorityLine(line: string, event: EventRecord): string | null {
  let i = 0;
  if (line.startsWith('[Classification: ')) {
    const close = line.indexOf('] [Priority: ');
    if (close < 0) return `bad classification line ${excerpt(line)}`;
    event.classification = line.slice(17, close);
    i = close + 2;
  }
  if (!line.startsWith('[Priority: ', i)) return `bad priority line ${excerpt(line)}`;
  const close = line.indexOf(']', i);
  const priority = scanUnsigned(line, i + 11, close, 0xffffffff);
  if (close < 0 || priority < 0) return `bad priority in ${excerpt(line)}`;
  event.priority = priority;
  return null;
}

/** Reads the header lines after the timestamp line. Returns what is wrong, with its line offset, or null. */
function readPacketLines(
  lines: string[],
  first: number,
  event: EventRecord,
  notes: PacketNotes,
): { message: string; offset: number } | null {
  let sawIp = false;
  for (let k = first; k < lines.length; k++) {
    const line = lines[k]!.slice(0, trimmedEnd(lines[k]!));
    let bad: string | null = null;
    if (line.startsWith('[Xref => ') && line.endsWith(']')) {
      notes.xrefs.push(line.slice(9, -1));
    } else if (line.startsWith('** ORIGINAL DATAGRAM DUMP:')) {
      // The quoted packet of an ICMP error: its headers are not this packet's.
      while (k + 1 < lines.length && !lines[k + 1]!.startsWith('** END OF DUMP')) k++;
      k++;
    } else if (!sawIp && line.includes(' TTL:')) {
      sawIp = true;
      bad = readIpLine(line, event, notes, k);
    } else if (line.startsWith('TCP Options') || line.startsWith('IP Options')) {
      const key = line.startsWith('TCP') ? 'tcpOptions' : 'ipOptions';
      const arrow = line.indexOf('=> ');
      const options = arrow < 0 ? '' : line.slice(arrow + 3).trim();
      // 1.x/2.x wrap long option lists onto `TCP Options => …` continuation lines.
      event[key] = event[key] === undefined ? options : `${event[key]} ${options}`;
    } else if (line.length >= 8 && line.startsWith(' Seq: ', 8)) {
      bad = readTcpLine(line, event);
    } else if (line.startsWith('Len: ')) {
      const len = scanUnsigned(line, 5, line.length, 0xffff);
      if (len < 0) bad = `bad UDP length in ${excerpt(line)}`;
      else event.udpLen = len;
    } else if (line.startsWith('Type:')) {
      bad = readIcmpLine(line, event);
    } else if (line.startsWith('Frag Offset: ')) {
      bad = readFragLine(line, event);
      notes.fragment = true;
    } else if (!/^(ORIGINAL DATAGRAM TRUNCATED|(TCP|UDP|ICMP|IP) header truncated)/.test(line)) {
      notes.stray ??= { text: lines[k]!, offset: k };
    }
    if (bad !== null) return { message: bad, offset: k };
  }
  return null;
}

/** `[addresses ]PROTO TTL:u TOS:0xX ID:u IpLen:u DgmLen:u[ RB][ DF][ MF]` — addresses lead with `-e`. */
function readIpLine(line: string, event: EventRecord, notes: PacketNotes, offset: number): string | null {
  const ttlAt = line.indexOf(' TTL:');
  const protoAt = line.lastIndexOf(' ', ttlAt - 1) + 1;
  if (protoAt > 0) {
    notes.addresses = line.slice(0, protoAt - 1).trim();
    notes.addressLine = offset;
  }
  event.proto = line.slice(protoAt, ttlAt);
  for (const token of line.slice(ttlAt + 1).split(' ')) {
    if (token.length === 0) continue;
    const colon = token.indexOf(':');
    if (colon < 0) {
      const flag = IP_FLAGS[token.replace(/^\[(.*)\]$/, '$1')];
      if (flag === undefined) return `unknown IP flag "${token}" in ${excerpt(line)}`;
      event.ipFlags = (event.ipFlags ?? 0) | flag;
      continue;
    }
    const field = IP_FIELDS[token.slice(0, colon)];
    const value = scanUnsigned(token, colon + 1, token.length, 0xffff);
    if (field === undefined || value < 0 || value > field.max) return `bad IP header field "${token}"`;
    event[field.key] = value;
  }
  return null;
}

const IP_FLAGS: Readonly<Record<string, number>> = { RB: IP_FLAG.RB, DF: IP_FLAG.DF, MF: IP_FLAG.MF };

type PacketNumberKey = 'ttl' | 'tos' | 'ipId' | 'ipLen' | 'dgmLen' | 'tcpSeq' | 'tcpAck' | 'tcpWin' | 'tcpLen' | 'urgPtr';

const IP_FIELDS: Readonly<Record<string, { key: PacketNumberKey; max: number }>> = {
  TTL: { key: 'ttl', max: 0xff },
  TOS: { key: 'tos', max: 0xff },
  ID: { key: 'ipId', max: 0xffff },
  IpLen: { key: 'ipLen', max: 0xffff },
  DgmLen: { key: 'dgmLen', max: 0xffff },
};

const TCP_FIELDS: Readonly<Record<string, { key: PacketNumberKey; max: number }>> = {
  'Seq:': { key: 'tcpSeq', max: 0xffffffff },
  'Ack:': { key: 'tcpAck', max: 0xffffffff },
  'Win:': { key: 'tcpWin', max: 0xffff },
  'TcpLen:': { key: 'tcpLen', max: 0xffff },
  'UrgPtr:': { key: 'urgPtr', max: 0xffff },
};

/** `12UAPRSF Seq: 0xX  Ack: 0xX  Win: 0xX  TcpLen: d[  UrgPtr: 0xX]`. */
function readTcpLine(line: string, event: EventRecord): string | null {
  const flags = parseTcpFlagString(line, 0, 8);
  if (flags < 0) return `bad TCP flags in ${excerpt(line)}`;
  event.tcpFlags = flags;
  const tokens = line.slice(9).split(' ').filter((t) => t.length > 0);
  for (let i = 0; i < tokens.length; i += 2) {
    const field = TCP_FIELDS[tokens[i]!];
    const text = tokens[i + 1] ?? '';
    const value = scanUnsigned(text, 0, text.length, field?.max ?? 0);
    if (field === undefined || value < 0) return `bad TCP header field "${tokens[i]} ${text}"`;
    event[field.key] = value;
  }
  return null;
}

/** `Type:8  Code:0  ID:1234   Seq:0  ECHO` — only type and code are kept as fields. */
function readIcmpLine(line: string, event: EventRecord): string | null {
  const codeAt = line.indexOf('Code:');
  const typeEnd = line.indexOf(' ', 5);
  const codeEnd = line.indexOf(' ', codeAt);
  const type = scanUnsigned(line, 5, typeEnd < 0 ? line.length : typeEnd, 0xff);
  const code = codeAt < 0 ? -1 : scanUnsigned(line, codeAt + 5, codeEnd < 0 ? line.length : codeEnd, 0xff);
  if (type < 0 || code < 0) return `bad ICMP header line ${excerpt(line)}`;
  event.icmpType = type;
  event.icmpCode = code;
  return null;
}

/** `Frag Offset: 0x0000   Frag Size: 0x0014`. */
function readFragLine(line: string, event: EventRecord): string | null {
  const sizeAt = line.indexOf('Frag Size: ');
  const offset = scanUnsigned(line, 13, line.indexOf(' ', 13) < 0 ? line.length : line.indexOf(' ', 13), 0xffff);
  const size = sizeAt < 0 ? -1 : scanUnsigned(line, sizeAt + 11, line.length, 0xffff);
  if (offset < 0 || size < 0) return `bad fragment line ${excerpt(line)}`;
  event.fragOffset = offset;
  event.fragSize = size;
  return null;
}

/** An alert_full file opens with `[**] … [**]` followed by a priority or timestamp line. */
function sniffSnortFull(head: readonly string[]): number {
  let headers = 0;
  for (let i = 0; i < head.length; i++) {
    const line = head[i]!.trimEnd();
    if (!line.startsWith('[**] ') || !line.endsWith(' [**]')) continue;
    const next = head[i + 1] ?? '';
    if (/^(\[(Classification|Priority): |\d\d\/\d\d[-/])/.test(next)) headers++;
  }
  if (headers === 0) return 0;
  return head[0]!.startsWith('[**] ') ? 0.95 : 0.8;
}
