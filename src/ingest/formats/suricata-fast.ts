/**
 * Suricata `fast.log` (docs/FORMATS.md §1.5, `alert-fastlog.c`):
 * `MM/DD/YYYY-hh:mm:ss.uuuuuu  [action][**] [g:s:r] msg [**] [Classification: c] [Priority: p] {PROTO} src:sp -> dst:dp`
 * where action is `[Drop] ` or `[wDrop] `, msg and classification may be `(null)`, IPv6 is fully
 * expanded with the port after one more colon, ICMP prints type and code in the port slots, Lua
 * scripts and old releases print `{6}`, and decoder events end in `[**] [Raw pkt: …]` instead of
 * addresses. A hot format: one hand-written scan per line, no regex.
 */
import { NULL_TEXT, nameAlertWithoutMessage } from './no-message.js';
import type { EventRecord } from '../../core/event.js';
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { isIcmp, nameProtocol } from './name-protocol.js';
import { excerpt, problemResult } from './problem-result.js';
import { scanUnsigned } from './scan-unsigned.js';
import { readSnortTimestamp, TS_BAD, TS_NONE } from './snort-timestamp.js';
import { TextCursor, trimmedEnd } from './text-cursor.js';
import { createEpochResolver, newWallTime, type WallTime } from './wall-time.js';

export const suricataFast: LogFormat = {
  name: 'suricata-fast',
  source: 'fast',
  description: 'Suricata fast.log alert lines (MM/DD/YYYY timestamps)',
  sniff: sniffSuricataFast,
  createParser: createSuricataFastParser,
  splittable: true,
};

const SKIP: ParseResult = { kind: 'skip' };

function createSuricataFastParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  const cur = new TextCursor();
  const wall = newWallTime();
  const toEpoch = createEpochResolver(ctx);

  /** Parse the fast.log line that starts at `start` of `text`. */
  const parseFrom = (text: string, start: number, end: number): ParseResult => {
    const tsEnd = readSnortTimestamp(text, start, end, wall);
    if (tsEnd === TS_NONE) return noMatch(text);
    // The timestamp is judged only once the rest proves this is a fast.log line at all.
    cur.reset(text, tsEnd === TS_BAD ? text.indexOf(' ', start) : tsEnd, end);
    // Single-char checks before each literal: startsWith is a builtin call and this runs per line.
    if (cur.i < 0 || cur.peek() !== 32 || cur.peek(1) !== 32) return noMatch(text);
    cur.i += 2;
    let action: string | undefined;
    if (cur.peek(1) !== 42 /* * */) {
      if (cur.accept('[Drop] ')) action = 'Drop';
      else if (cur.accept('[wDrop] ')) action = 'wDrop';
    }
    if (!cur.accept('[**] [')) return noMatch(text);
    const gid = cur.uint();
    if (gid < 0 || !cur.acceptChar(58)) return noMatch(text);
    const sid = cur.uint();
    if (sid < 0 || !cur.acceptChar(58)) return noMatch(text);
    const rev = cur.uint();
    if (rev < 0 || !cur.acceptChar(93) || !cur.acceptChar(32)) return noMatch(text);
    const msgEnd = cur.find(' [**] [');
    if (msgEnd < 0) return noMatch(text);
    const msg = text.slice(cur.i, msgEnd);
    cur.i = msgEnd + 6;
    let classification: string | undefined;
    if (cur.peek(1) === 67 /* C */) {
      if (!cur.accept('[Classification: ')) return noMatch(text);
      const classEnd = cur.find('] [Priority: ');
      if (classEnd < 0) return noMatch(text);
      classification = text.slice(cur.i, classEnd);
      cur.i = classEnd + 13;
    } else if (!cur.accept('[Priority: ')) return noMatch(text);
    const priority = cur.uint();
    if (priority < 0 || !cur.acceptChar(93 /* ] */)) return noMatch(text);

    const event: EventRecord = {
      ts: 0,
      source: 'fast',
      event: msg === NULL_TEXT ? nameAlertWithoutMessage(gid, sid, rev) : msg,
      proto: undefined,
      src: undefined,
      sport: undefined,
      dst: undefined,
      dport: undefined,
      gid,
      sid,
      rev,
      classification: classification === NULL_TEXT ? undefined : classification,
      priority,
      action,
      icmpType: undefined,
      icmpCode: undefined,
      payload: undefined,
    };
    if (cur.peek() === 32 && cur.peek(1) === 123 /* { */) {
      cur.i += 2;
      const protoEnd = cur.find('}');
      if (protoEnd < 0 || text.charCodeAt(protoEnd + 1) !== 32) return noMatch(text);
      const proto = nameProtocol(text.slice(cur.i, protoEnd));
      const srcStart = protoEnd + 2;
      cur.i = srcStart;
      const arrow = cur.find(' -> ');
      if (arrow < 0) return noMatch(text);
      // Suricata prints a port for every packet (IPv6 fully expanded), so it follows the LAST colon.
      const srcColon = portColon(text, srcStart, arrow);
      const dstColon = portColon(text, arrow + 4, end);
      const sport = scanUnsigned(text, srcColon + 1, arrow, 0xffff);
      const dport = scanUnsigned(text, dstColon + 1, end, 0xffff);
      if (srcColon < 0 || dstColon < 0 || sport < 0 || dport < 0)
        return problemResult('bad_field', `bad address or port in ${excerpt(text.slice(srcStart, end))}`);
      event.proto = proto;
      event.src = text.slice(srcStart, srcColon);
      event.sport = sport;
      event.dst = text.slice(arrow + 4, dstColon);
      event.dport = dport;
      if (isIcmp(proto)) {
        // Newer Suricata prints ICMP type and code in the port slots (`src_port_or_icmp`).
        if (sport <= 255) event.icmpType = sport;
        if (dport <= 255) event.icmpCode = dport;
      }
    } else if (cur.accept(' [**] [Raw pkt: ')) {
      const close = cur.find(']');
      if (close < 0) return noMatch(text);
      const payload = readHexBytes(text, cur.i, close);
      if (payload === null) return problemResult('bad_field', `bad hex in ${excerpt(text.slice(cur.i, close))}`);
      event.payload = payload;
      cur.i = close + 1;
      // `] [pcap file packet: N]` follows when reading a capture file; nothing else may.
      if (!cur.atEnd() && !(cur.accept(' [pcap file packet: ') && cur.uint(20) >= 0 && cur.acceptChar(93) && cur.atEnd()))
        return noMatch(text);
    } else return noMatch(text);

    const ts = tsEnd === TS_BAD ? NaN : toEpoch(wall);
    if (Number.isNaN(ts)) {
      return problemResult('bad_timestamp', `bad timestamp ${excerpt(text.slice(start, text.indexOf(' ', start)))}`);
    }
    event.ts = ts;
    return { kind: 'parsed', event };
  };

  return (record) => {
    const text = record.text;
    const end = trimmedEnd(text);
    if (end === 0) return SKIP;
    const result = parseFrom(text, 0, end);
    return result.kind === 'parsed' ? result : recoverSplice(text, end, result, parseFrom);
  };
}

/**
 * Index of the colon before the port in `text[start, end)`, or -1 when the side is empty, has
 * no colon, or holds a space (a spliced or garbled line).
 */
function portColon(text: string, start: number, end: number): number {
  const colon = text.lastIndexOf(':', end - 1);
  if (colon <= start) return -1;
  const space = text.indexOf(' ', start);
  return space >= 0 && space < end ? -1 : colon;
}

const LINE_START = /\d\d\/\d\d\/\d{4}-\d\d:\d\d:\d\d/g;

/**
 * A line that failed may be the cut-off head of one record with a whole record glued on (a
 * writer that died mid-line, or two writers on one file). The first later timestamp whose tail
 * parses is kept as the event, and the head is quarantined as `spliced`.
 */
function recoverSplice(
  text: string,
  end: number,
  failure: ParseResult,
  parseFrom: (text: string, start: number, end: number) => ParseResult,
): ParseResult {
  LINE_START.lastIndex = 1;
  for (let m = LINE_START.exec(text); m !== null; m = LINE_START.exec(text)) {
    const tail = parseFrom(text, m.index, end);
    if (tail.kind === 'parsed') {
      const head = text.slice(0, m.index);
      return {
        ...tail,
        fragment: { code: 'spliced', message: `line starts with ${excerpt(head)} glued to a whole record`, input: head },
      };
    }
  }
  return failure;
}

function noMatch(text: string): ParseResult {
  return problemResult('no_match', `not a Suricata fast.log line: ${excerpt(text)}`);
}

/** `45 00 00 1C …` (Suricata's `%02X ` per byte) as upper-case hex without spaces, or null. */
function readHexBytes(text: string, start: number, end: number): string | null {
  let out = '';
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (i + 1 >= end || !isHex(c) || !isHex(text.charCodeAt(i + 1))) return null;
    out += text.slice(i, i + 2);
    i += 2;
  }
  return out.toUpperCase();
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const sniffWall: WallTime = newWallTime();

/** Share of head lines that are fast.log lines: a 4-digit-year timestamp, two spaces, then `[**] [` (or a drop tag). */
function sniffSuricataFast(head: readonly string[]): number {
  if (head.length === 0) return 0;
  let hits = 0;
  for (const line of head) {
    const tsEnd = readSnortTimestamp(line, 0, line.length, sniffWall);
    // Only Suricata writes MM/DD/YYYY; Snort writes MM/DD or MM/DD/YY.
    if (tsEnd < 0 || line.charCodeAt(5) !== 47 || line.charCodeAt(10) !== 45) continue;
    const rest = tsEnd + 2;
    if (line.startsWith('  ', tsEnd) && (line.startsWith('[**] [', rest) || /^\[w?Drop\] \[\*\*\] \[/.test(line.slice(rest, rest + 20))))
      hits++;
  }
  return (0.95 * hits) / head.length;
}
