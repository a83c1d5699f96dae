/**
 * Snort "fast" alert lines (docs/FORMATS.md §1.1–1.4) and the spp_portscan messages inside alert files
 * (§2.1): Snort 1.x, 2.x and 3 layouts in one hand-written scanner, because alert files are the
 * biggest input and a regex per line would cost most of the ingest time.
 *
 * A line that does not parse is tried again from each later place where a timestamp could start:
 * publishers' logs hold lines where the tail of one record was glued onto the next, sometimes
 * digit to digit (`MY.NET.30.4` + `04/20-13:42…` = `MY.NET.30.404/20-13:42…`), and the intact
 * tail is worth keeping.
 */
import { NULL_TEXT, nameAlertWithoutMessage } from './no-message.js';
import type { EventRecord, PortscanPhase } from '../../core/event.js';
import type { ProblemCode } from '../../core/problem.js';
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { newEndpoint, PortMode, readEndpoint, readEndpointToken, type Endpoint } from './snort-endpoint.js';
import { readSnortTimestamp, TS_BAD, TS_NONE } from './snort-timestamp.js';
import { TextCursor } from './text-cursor.js';
import { newWallTime } from './wall-time.js';
import { createSplicedLineParser } from './spliced-line-parser.js';
import { createAlertFastLane } from './snort-fast-lane.js';
import { shareOfLines } from './share-of-lines.js';

/** Later timestamp positions tried on a broken line; bounds the work a hostile line can cause. */
const MAX_SPLICE_CANDIDATES = 32;
const PORTSCAN_PREFIX = 'spp_portscan: ';

/** What scanning one line found. One instance per parser, overwritten line after line. */
class AlertLine {
  readonly time = newWallTime();
  /** The text started with no timestamp at all (as opposed to a broken one). */
  noTimestamp = false;
  action: string | undefined;
  gid = -1;
  sid = -1;
  rev = -1;
  iface: string | undefined;
  msg = '';
  classification: string | undefined;
  priority = -1;
  proto: string | undefined;
  hasAddresses = false;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly psSource: Endpoint;
  constructor(textPrefixes?: readonly string[]) {
    this.src = newEndpoint(textPrefixes);
    this.dst = newEndpoint(textPrefixes);
    this.psSource = newEndpoint(textPrefixes);
  }
  // spp_portscan detail; psPhase undefined for ordinary alerts.
  psPhase: PortscanPhase | undefined;
  psFrom = '';
  psConnections = -1;
  psHosts = -1;
  psTcp = -1;
  psUdp = -1;
  psThreshold = -1;
  psSeconds = -1;
  psStealth = false;
  psPort = -1;
  // Why the scan failed.
  code: ProblemCode = 'no_match';
  why = '';

  fail(code: ProblemCode, why: string): false {
    this.code = code;
    this.why = why;
    return false;
  }
}

/**
 * Scan `text[start, end)` as one alert line into `out` (no event is built and no year is asked
 * for, so failed tries have no side effects). Returns false with `out.code`/`out.why` set.
 */
function scanAlertLine(text: string, start: number, end: number, out: AlertLine, cur: TextCursor): boolean {
  const afterTs = readSnortTimestamp(text, start, end, out.time);
  out.noTimestamp = afterTs === TS_NONE;
  if (afterTs === TS_NONE) return out.fail('no_match', 'line does not start with a timestamp');
  if (afterTs === TS_BAD) return out.fail('bad_timestamp', 'malformed or impossible timestamp');
  cur.reset(text, afterTs, end);
  cur.skipSpaces();

  // `[Drop]`/`[WDrop]` (Snort 2 inline) or a Snort 3 action before the opening `[**]`.
  out.action = undefined;
  if (cur.peek() === 91 /* [ */ && cur.peek(1) !== 42 /* * */) {
    const close = cur.find(']');
    if (close < 0 || close - cur.i > 32) return out.fail('no_match', 'unterminated tag after the timestamp');
    out.action = text.slice(cur.i + 1, close);
    cur.i = close + 1;
    cur.skipSpaces();
  }
  if (!cur.accept('[**]')) return out.fail('no_match', 'no [**] after the timestamp');
  cur.skipSpaces();

  // MARK_TAGGED builds print `[**] R ` / `[**] F ` before the rule id; only a real rule id after
  // it makes it a tag (a message may start with "R [").
  out.gid = out.sid = out.rev = -1;
  const tag = cur.peek(); // 82 R: rebuilt stream, 70 F: rebuilt fragment
  if ((tag === 82 || tag === 70) && cur.peek(1) === 32 && cur.peek(2) === 91) {
    const save = cur.i;
    cur.i += 2;
    if (!readRuleId(cur, out)) cur.i = save;
  }
  // A `[` that is not `[gid:sid:rev]` belongs to the message.
  if (out.gid < 0 && cur.peek() === 91) readRuleId(cur, out);
  cur.skipSpaces();

  // `-I`: ` <eth0> ` before the message. A message that is itself one `<…>` token (markup a hostile
  // rule or payload wrote) is followed by the closing `[**]`, never by a message: it stays the message.
  out.iface = undefined;
  if (cur.peek() === 60 /* < */) {
    const close = cur.find('>');
    if (close > cur.i + 1 && close - cur.i <= 64 && cur.peek(close - cur.i + 1) === 32) {
      const name = text.slice(cur.i + 1, close);
      let next = close + 1;
      while (text.charCodeAt(next) === 32) next++;
      if (name.indexOf(' ') < 0 && !text.startsWith('[**]', next)) {
        out.iface = name;
        cur.i = close + 1;
        cur.skipSpaces();
      }
    }
  }

  // The message runs to the closing ` [**]` (an absent message leaves `[**]` right here).
  const msgStart = cur.i;
  let msgEnd: number;
  if (text.startsWith('[**]', msgStart)) msgEnd = msgStart;
  else {
    const close = cur.find(' [**]');
    if (close < 0) return out.fail('no_match', 'message has no closing [**]');
    msgEnd = close;
    cur.i = close + 1;
  }
  // Snort 3 prints the rule's msg with its double quotes.
  if (msgEnd - msgStart >= 2 && text.charCodeAt(msgStart) === 34 && text.charCodeAt(msgEnd - 1) === 34) {
    out.msg = text.slice(msgStart + 1, msgEnd - 1);
  } else out.msg = text.slice(msgStart, msgEnd);
  cur.i += 4;
  cur.skipSpaces();

  out.psPhase = undefined;
  if (text.charCodeAt(msgStart) === 115 /* s */ && out.msg.startsWith(PORTSCAN_PREFIX) && !scanPortscanMessage(out)) {
    return false;
  }

  out.classification = undefined;
  out.priority = -1;
  out.proto = undefined;
  out.hasAddresses = false;
  // Packet-less alerts (spp_portscan in 1.x/2.0–2.3) stop after `[**] `.
  if (cur.atEnd()) return true;

  if (cur.accept('[Classification: ')) {
    const close = cur.find(']');
    if (close < 0) return out.fail('no_match', 'unterminated [Classification: …]');
    out.classification = text.slice(cur.i, close);
    cur.i = close + 1;
    cur.skipSpaces();
  }
  if (cur.accept('[Priority: ')) {
    cur.skipSpaces();
    out.priority = cur.uint(10);
    if (out.priority < 0 || !cur.acceptChar(93 /* ] */)) return out.fail('bad_field', 'bad [Priority: N]');
    cur.skipSpaces();
  }
  if (cur.accept('[AppID: ')) {
    const close = cur.find(']');
    if (close < 0) return out.fail('no_match', 'unterminated [AppID: …]');
    cur.i = close + 1;
    cur.skipSpaces();
  }
  if (cur.peek() === 123 /* { */) {
    const close = cur.find('}');
    if (close < 0 || close === cur.i + 1) return out.fail('no_match', 'unterminated {PROTO}');
    out.proto = text.slice(cur.i + 1, close);
    cur.i = close + 1;
    cur.skipSpaces();
  }

  const proto = out.proto;
  const mode = proto === undefined ? PortMode.Unknown : proto === 'TCP' || proto === 'UDP' ? PortMode.Yes : PortMode.No;
  // The source token is read in one pass to its end, which must be ` -> `.
  const arrow = readEndpointToken(text, cur.i, end, mode, out.src);
  if (arrow < 0) return out.fail(cur.find(' -> ') < 0 ? 'no_match' : 'bad_field', `source: ${out.src.error}`);
  if (
    arrow + 4 > end ||
    text.charCodeAt(arrow + 1) !== 45 ||
    text.charCodeAt(arrow + 2) !== 62 ||
    text.charCodeAt(arrow + 3) !== 32
  ) {
    return out.fail('no_match', 'no "src -> dst" after the message');
  }
  const dstErr = readEndpoint(text, arrow + 4, end, mode, out.dst);
  if (dstErr !== null) return out.fail('bad_field', `destination: ${dstErr}`);
  out.hasAddresses = true;
  return true;
}

/** `[gid:sid:rev]` at the cursor; leaves the cursor where it was when the text is something else. */
function readRuleId(cur: TextCursor, out: AlertLine): boolean {
  const save = cur.i;
  cur.i++;
  const gid = cur.uint(10);
  if (gid >= 0 && cur.acceptChar(58)) {
    const sid = cur.uint(10);
    if (sid >= 0 && cur.acceptChar(58)) {
      const rev = cur.uint(10);
      if (rev >= 0 && cur.acceptChar(93)) {
        out.gid = gid;
        out.sid = sid;
        out.rev = rev;
        return true;
      }
    }
  }
  cur.i = save;
  return false;
}

const psCursor = new TextCursor();

/**
 * The spp_portscan messages of docs/FORMATS.md §2.1 (every Snort version's sprintf). A message with a
 * known opening but broken numbers is a bad line; an unknown opening stays an ordinary alert.
 */
function scanPortscanMessage(out: AlertLine): boolean {
  const msg = out.msg;
  const cur = psCursor.reset(msg, PORTSCAN_PREFIX.length, msg.length);
  out.psConnections = out.psHosts = out.psTcp = out.psUdp = -1;
  out.psThreshold = out.psSeconds = out.psPort = -1;
  out.psStealth = false;
  if (cur.accept('PORTSCAN DETECTED ')) {
    out.psPhase = 'detected';
    if (cur.accept('on ')) {
      const space = cur.nextSpace();
      out.iface = msg.slice(cur.i, space);
      cur.i = space + 1;
    }
    if (cur.accept('to port ')) {
      out.psPort = cur.uint(5);
      if (out.psPort < 0 || out.psPort > 65535 || !cur.acceptChar(32)) return badPortscan(out, 'port');
    }
    if (!cur.accept('from ')) return badPortscan(out, 'source');
    const space = cur.nextSpace();
    if (!readPortscanSource(out, cur.i, space)) return false;
    cur.i = space;
    cur.skipSpaces();
    if (cur.accept('(THRESHOLD ')) {
      out.psThreshold = cur.uint();
      if (out.psThreshold < 0 || !cur.accept(' connections exceeded in ')) return badPortscan(out, 'threshold');
      out.psSeconds = cur.uint();
      if (out.psSeconds < 0 || !cur.accept(' seconds)')) return badPortscan(out, 'seconds');
    } else if (cur.accept('(STEALTH)')) out.psStealth = true;
    else return badPortscan(out, 'THRESHOLD/STEALTH part');
  } else if (cur.accept('portscan status from ')) {
    out.psPhase = 'status';
    const colon = cur.find(': ');
    if (colon < 0 || !readPortscanSource(out, cur.i, colon)) return colon < 0 ? badPortscan(out, 'source') : false;
    cur.i = colon + 2;
    out.psConnections = cur.uint();
    if (out.psConnections < 0 || !cur.accept(' connections across ')) return badPortscan(out, 'connections');
    out.psHosts = cur.uint();
    if (out.psHosts < 0 || !cur.accept(' hosts: TCP(')) return badPortscan(out, 'hosts');
    out.psTcp = cur.uint();
    if (out.psTcp < 0 || !cur.accept('), UDP(')) return badPortscan(out, 'TCP count');
    out.psUdp = cur.uint();
    if (out.psUdp < 0 || !cur.acceptChar(41 /* ) */)) return badPortscan(out, 'UDP count');
    out.psStealth = cur.accept(' STEALTH');
  } else if (cur.accept('End of portscan from ')) {
    out.psPhase = 'end';
    const colon = cur.find(': ');
    if (colon < 0 || !readPortscanSource(out, cur.i, colon)) return colon < 0 ? badPortscan(out, 'source') : false;
    cur.i = colon + 2;
    if (!cur.accept('TOTAL time(')) return badPortscan(out, 'TOTAL time');
    out.psSeconds = cur.uint();
    if (out.psSeconds < 0 || !cur.accept('s) hosts(')) return badPortscan(out, 'time');
    out.psHosts = cur.uint();
    if (out.psHosts < 0 || !cur.accept(') TCP(')) return badPortscan(out, 'hosts');
    out.psTcp = cur.uint();
    if (out.psTcp < 0 || !cur.accept(') UDP(')) return badPortscan(out, 'TCP count');
    out.psUdp = cur.uint();
    if (out.psUdp < 0 || !cur.acceptChar(41)) return badPortscan(out, 'UDP count');
    out.psStealth = cur.accept(' STEALTH');
  } else return true;
  cur.skipSpaces();
  return cur.atEnd() ? true : badPortscan(out, 'trailing text');
}

function readPortscanSource(out: AlertLine, start: number, end: number): boolean {
  const psSource = out.psSource;
  const err = readEndpoint(out.msg, start, end, PortMode.No, psSource);
  if (err !== null || psSource.port >= 0) return out.fail('bad_field', `spp_portscan source: ${err ?? 'has a port'}`);
  out.psFrom = psSource.addr;
  return true;
}

function badPortscan(out: AlertLine, part: string): false {
  return out.fail('bad_field', `spp_portscan message: bad ${part}`);
}

const PORTSCAN_EVENTS: Record<PortscanPhase, string> = {
  detected: 'spp_portscan: PORTSCAN DETECTED',
  status: 'spp_portscan: portscan status',
  end: 'spp_portscan: End of portscan',
};

function buildAlertEvent(line: AlertLine, ts: number): EventRecord {
  // Whole-object literals for the common shapes keep the fields in-object (one allocation); the
  // rarer fields are added after.
  let ev: EventRecord;
  const sport = line.src.port;
  const dport = line.dst.port;
  if (!line.hasAddresses) ev = { ts, source: 'alert', event: line.msg };
  else if (sport >= 0 && dport >= 0) {
    ev =
      line.proto === undefined
        ? { ts, source: 'alert', event: line.msg, src: line.src.addr, sport, dst: line.dst.addr, dport }
        : { ts, source: 'alert', event: line.msg, proto: line.proto, src: line.src.addr, sport, dst: line.dst.addr, dport };
  } else {
    ev = { ts, source: 'alert', event: line.msg, src: line.src.addr, dst: line.dst.addr };
    if (sport >= 0) ev.sport = sport;
    if (dport >= 0) ev.dport = dport;
  }
  if (line.proto !== undefined && ev.proto === undefined) ev.proto = line.proto;
  if (line.gid >= 0) {
    ev.gid = line.gid;
    ev.sid = line.sid;
    ev.rev = line.rev;
  }
  if (line.classification !== undefined && line.classification !== NULL_TEXT) ev.classification = line.classification;
  if (ev.event === NULL_TEXT) ev.event = nameAlertWithoutMessage(ev.gid, ev.sid, ev.rev);
  if (line.priority >= 0) ev.priority = line.priority;
  if (line.action !== undefined) ev.action = line.action;
  if (line.iface !== undefined) ev.iface = line.iface;
  if (line.psPhase !== undefined) {
    ev.event = PORTSCAN_EVENTS[line.psPhase];
    ev.psPhase = line.psPhase;
    // The scanner named in the message is the source, whether or not a packet is attached.
    ev.src = line.psFrom;
    if (line.psConnections >= 0) ev.psConnections = line.psConnections;
    if (line.psHosts >= 0) ev.psHosts = line.psHosts;
    if (line.psTcp >= 0) ev.psTcp = line.psTcp;
    if (line.psUdp >= 0) ev.psUdp = line.psUdp;
    if (line.psThreshold >= 0) ev.psThreshold = line.psThreshold;
    if (line.psSeconds >= 0) ev.psSeconds = line.psSeconds;
    ev.psStealth = line.psStealth;
    if (line.psPort >= 0) ev.psPort = line.psPort;
  }
  return ev;
}

/**
 * Later positions in `text` where a `MM/DD-` or `MM/DD/` timestamp could start, in order. The
 * two digits before each `/` are the month even when more digits precede them (digit-glued).
 */
function findTimestampCandidates(text: string, from: number, end: number, out: number[]): number[] {
  out.length = 0;
  let slash = text.indexOf('/', from + 2);
  while (slash >= 0 && slash + 3 < end && out.length < MAX_SPLICE_CANDIDATES) {
    const at = slash - 2;
    if (
      at > from &&
      isDigit(text.charCodeAt(at)) &&
      isDigit(text.charCodeAt(at + 1)) &&
      isDigit(text.charCodeAt(slash + 1)) &&
      isDigit(text.charCodeAt(slash + 2))
    ) {
      const sep = text.charCodeAt(slash + 3);
      if (sep === 45 || sep === 47) out.push(at);
    }
    slash = text.indexOf('/', slash + 1);
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Text that could be the end of an alert record (an address pair, a message close). */
function looksLikeRecordTail(text: string): boolean {
  return text.indexOf('[**]') >= 0 || text.indexOf(' -> ') >= 0;
}

function createAlertParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  return createSplicedLineParser(ctx, {
    newLine: () => new AlertLine(ctx.textPrefixes),
    scan: scanAlertLine,
    candidates: findTimestampCandidates,
    build: buildAlertEvent,
    looksLikeTail: looksLikeRecordTail,
    noun: 'record',
    notThisFormat: 'not a Snort fast alert line',
  });
}

const sniffLine = new AlertLine();
const sniffCursor = new TextCursor();

export const snortFast: LogFormat = {
  name: 'snort-fast',
  source: 'alert',
  description: 'Snort 1.x/2.x/3 "fast" alert lines, with spp_portscan messages',
  sniff: (head) =>
    shareOfLines(head, (text, end) => {
      // Suricata writes a four-digit year (MM/DD/YYYY-); that is its own format.
      const suricataYear = text.charCodeAt(5) === 47 && text.charCodeAt(10) === 45;
      return !suricataYear && scanAlertLine(text, 0, end, sniffLine, sniffCursor);
    }),
  createParser: createAlertParser,
  createFastLane: createAlertFastLane,
  splittable: true,
};
