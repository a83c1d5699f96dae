/**
 * The spp_portscan log file, one probe per line (docs/FORMATS.md §2.2–2.4):
 * `Apr 20 03:04:05 1.2.3.4:1234 -> 130.85.1.2:57 SYN *****S* ` — space-padded day, no year,
 * an empty flag field for UDP, an optional `RESERVEDBITS` suffix. Also the Sguil fork's
 * `sensor|YYYY-MM-DD HH:MM:SS|src|sport|dst|dport|TYPE FLAGS RB` burst files.
 *
 * Scans files are the most numerous lines of the classic data set, so the classic layout is
 * scanned by hand; a broken line is retried from each later month name, because the publisher's
 * files hold lines with the tail of one probe glued onto the next.
 */
import type { EventRecord } from '../../core/event.js';
import type { ProblemCode } from '../../core/problem.js';
import type { LogFormat, ParseContext, ParseResult, RawRecord } from '../format.js';
import { newEndpoint, PortMode, readEndpoint, readEndpointToken, type Endpoint } from './snort-endpoint.js';
import { readSnortTimestamp } from './snort-timestamp.js';
import { parseTcpFlagString } from './tcp-flag-string.js';
import { TextCursor, trimmedEnd } from './text-cursor.js';
import { isPlausibleWallTime, newWallTime } from './wall-time.js';
import { createSplicedLineParser } from './spliced-line-parser.js';
import { monthOfCodes } from './month-abbreviation.js';
import { createScansFastLane } from './snort-scans-fast-lane.js';
import { SCAN_TYPES } from './scan-types.js';
import { shareOfLines } from './share-of-lines.js';

const MAX_SPLICE_CANDIDATES = 32;


/** The scan-type word filling `text[start, end)`, compared in place (no substring per line). */
function matchScanType(text: string, start: number, end: number): string | undefined {
  const n = end - start;
  for (const word of SCAN_TYPES) {
    if (word.length !== n) continue;
    let k = 0;
    while (k < n && text.charCodeAt(start + k) === word.charCodeAt(k)) k++;
    if (k === n) return word;
  }
  return undefined;
}

/** The month (1-12) whose English abbreviation starts at `at`, or 0. */
function monthAt(text: string, at: number): number {
  return monthOfCodes(text.charCodeAt(at), text.charCodeAt(at + 1), text.charCodeAt(at + 2));
}

/** What scanning one line found; one instance per parser, overwritten line after line. */
class ScanLine {
  readonly time = newWallTime();
  /** The text did not start with `Mon D HH:MM:SS ` (nor is it a Sguil line). */
  noTimestamp = false;
  sensor: string | undefined;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  constructor(textPrefixes?: readonly string[]) {
    this.src = newEndpoint(textPrefixes);
    this.dst = newEndpoint(textPrefixes);
  }
  type = '';
  /** TCP_FLAG bits, or -1 for the empty (UDP) flag field. */
  flags = -1;
  reservedBits = false;
  code: ProblemCode = 'no_match';
  why = '';

  fail(code: ProblemCode, why: string): false {
    this.code = code;
    this.why = why;
    return false;
  }
}

/** Scan `text[start, end)` as one classic scans line into `out`; no side effects. */
function scanClassicLine(text: string, start: number, end: number, out: ScanLine, cur: TextCursor): boolean {
  out.noTimestamp = true;
  out.sensor = undefined;
  if (end - start < 16) return out.fail('no_match', 'too short for a scans line');
  const month = monthAt(text, start);
  if (month === 0 || text.charCodeAt(start + 3) !== 32) return out.fail('no_match', 'line does not start with a month');
  cur.reset(text, start + 4, end);
  cur.acceptChar(32); // `%2d` pads one-digit days with a space
  const day = cur.uint(2);
  if (day < 0 || !cur.acceptChar(32)) return out.fail('no_match', 'no day after the month');
  const t = out.time;
  const at = cur.i;
  const h = twoDigits(text, at);
  const mi = twoDigits(text, at + 3);
  const s = twoDigits(text, at + 6);
  if (h < 0 || mi < 0 || s < 0 || text.charCodeAt(at + 2) !== 58 || text.charCodeAt(at + 5) !== 58) {
    return out.fail('no_match', 'no HH:MM:SS after the date');
  }
  if (text.charCodeAt(at + 8) !== 32) return out.fail('no_match', 'no space after the time');
  out.noTimestamp = false;
  t.year = -1;
  t.month = month;
  t.day = day;
  t.hour = h;
  t.minute = mi;
  t.second = s;
  t.micros = 0;
  if (!isPlausibleWallTime(t)) return out.fail('bad_timestamp', 'impossible date or time');
  cur.i = at + 9;

  const srcEnd = readEndpointToken(text, cur.i, end, PortMode.Yes, out.src);
  if (srcEnd < 0) {
    // A line cut inside its source address has no arrow left: it is no scans line, not a bad value.
    return out.fail(cur.find(' -> ') < 0 ? 'no_match' : 'bad_field', `source: ${out.src.error}`);
  }
  if (!isArrowAt(text, srcEnd, end)) return out.fail('no_match', 'no "src -> dst"');
  if (out.src.port < 0) return out.fail('bad_field', 'source: no port');
  const arrow = srcEnd;
  const dstEnd = readEndpointToken(text, arrow + 4, end, PortMode.Yes, out.dst);
  if (dstEnd < 0) return out.fail('bad_field', `destination: ${out.dst.error}`);
  if (out.dst.port < 0) return out.fail('bad_field', 'destination: no port');
  cur.i = dstEnd;
  cur.skipSpaces();
  return scanTypeFlagsBits(cur, out);
}

/** ` -> ` at `at`. */
function isArrowAt(text: string, at: number, end: number): boolean {
  return (
    at + 4 <= end &&
    text.charCodeAt(at) === 32 &&
    text.charCodeAt(at + 1) === 45 &&
    text.charCodeAt(at + 2) === 62 &&
    text.charCodeAt(at + 3) === 32
  );
}

/** `TYPE FLAGS [RESERVEDBITS]` to the end of the text (UDP's flag field is empty). */
function scanTypeFlagsBits(cur: TextCursor, out: ScanLine): boolean {
  const text = cur.text;
  const typeEnd = cur.nextSpace();
  const type = matchScanType(text, cur.i, typeEnd);
  if (type === undefined) {
    return out.fail(typeEnd > cur.i ? 'bad_field' : 'no_match', `unknown scan type "${text.slice(cur.i, typeEnd)}"`);
  }
  out.type = type;
  cur.i = typeEnd;
  cur.skipSpaces();
  out.flags = -1;
  out.reservedBits = false;
  if (!cur.atEnd()) {
    // The 8 flag chars are read in place; only a failure looks for the token's end.
    const flagsEnd = cur.i + 8;
    const next = flagsEnd < cur.end ? text.charCodeAt(flagsEnd) : 32;
    if (next === 32 || next === 9) out.flags = parseTcpFlagString(text, cur.i, cur.end);
    if (out.flags >= 0) {
      cur.i = flagsEnd;
      cur.skipSpaces();
    } else if (!isReservedBits(text, cur.i, cur.nextSpace())) {
      return out.fail('bad_field', `bad TCP flag string "${text.slice(cur.i, cur.nextSpace())}"`);
    }
    const tokenEnd = cur.nextSpace();
    if (!cur.atEnd()) {
      if (!isReservedBits(text, cur.i, tokenEnd)) return out.fail('no_match', 'unexpected text after the flags');
      out.reservedBits = true;
      cur.i = tokenEnd;
      cur.skipSpaces();
      if (!cur.atEnd()) return out.fail('no_match', 'unexpected text after RESERVEDBITS');
    }
  }
  if (type === 'UDP' && out.flags >= 0) return out.fail('bad_field', 'UDP probe with a TCP flag string');
  if (type !== 'UDP' && out.flags < 0) return out.fail('bad_field', `${type} probe without a TCP flag string`);
  return true;
}

function isReservedBits(text: string, start: number, end: number): boolean {
  return end - start === 12 && text.startsWith('RESERVEDBITS', start);
}

/** The Sguil fork's `sensor|YYYY-MM-DD HH:MM:SS|src|sport|dst|dport|TYPE FLAGS RB`. */
function scanSguilLine(text: string, start: number, end: number, out: ScanLine, cur: TextCursor): boolean {
  out.noTimestamp = false;
  const fields = text.slice(start, end).split('|');
  if (fields.length !== 7) return out.fail('no_match', 'a Sguil scans line has 7 |-separated fields');
  const [sensor, when, src, sport, dst, dport, rest] = fields as [string, string, string, string, string, string, string];
  const t = out.time;
  const afterTs = readSnortTimestamp(when, 0, when.length, t);
  if (afterTs !== when.length || t.year < 0) return out.fail('bad_timestamp', 'bad YYYY-MM-DD HH:MM:SS');
  if (!readSguilEndpoint(src, sport, out.src, out, 'source')) return false;
  if (!readSguilEndpoint(dst, dport, out.dst, out, 'destination')) return false;
  out.sensor = sensor;
  return scanTypeFlagsBits(cur.reset(rest, 0, trimmedEnd(rest)), out);
}

function readSguilEndpoint(addr: string, port: string, into: Endpoint, out: ScanLine, side: string): boolean {
  const err = readEndpoint(addr, 0, addr.length, PortMode.No, into);
  if (err !== null || into.port >= 0) return out.fail('bad_field', `${side}: ${err ?? 'unexpected port'}`);
  into.port = /^\d{1,5}$/.test(port) ? Number(port) : -1;
  if (into.port < 0 || into.port > 65535) return out.fail('bad_field', `${side}: bad port`);
  return true;
}

function scanScanLine(text: string, start: number, end: number, out: ScanLine, cur: TextCursor): boolean {
  // Classic lines never contain `|`; the check only runs when the classic scan has failed.
  if (scanClassicLine(text, start, end, out, cur)) return true;
  if (out.noTimestamp && text.indexOf('|', start) > 0) return scanSguilLine(text, start, end, out, cur);
  return false;
}

function twoDigits(text: string, at: number): number {
  const x = text.charCodeAt(at) - 48;
  const y = text.charCodeAt(at + 1) - 48;
  if (!(x >= 0 && x <= 9 && y >= 0 && y <= 9)) return -1;
  return x * 10 + y;
}

function buildScanEvent(line: ScanLine, ts: number): EventRecord {
  // Whole literals per shape keep every field in-object: one allocation per event.
  const ev: EventRecord =
    line.flags >= 0
      ? {
          ts,
          source: 'scans',
          event: line.type,
          proto: 'TCP',
          src: line.src.addr,
          sport: line.src.port,
          dst: line.dst.addr,
          dport: line.dst.port,
          tcpFlags: line.flags,
          reservedBits: line.reservedBits,
        }
      : {
          ts,
          source: 'scans',
          event: line.type,
          proto: 'UDP',
          src: line.src.addr,
          sport: line.src.port,
          dst: line.dst.addr,
          dport: line.dst.port,
          reservedBits: line.reservedBits,
        };
  if (line.sensor !== undefined) ev.sensor = line.sensor;
  return ev;
}

/** Later positions where a `Mon ` date could start a glued-on intact line. */
function findMonthCandidates(text: string, from: number, end: number, out: number[]): number[] {
  out.length = 0;
  for (let at = from + 1; at + 16 <= end && out.length < MAX_SPLICE_CANDIDATES; at++) {
    const c = text.charCodeAt(at);
    // First letters of the month abbreviations: A D F J M N O S.
    if (c < 65 || c > 83) continue;
    if (text.charCodeAt(at + 3) === 32 && monthAt(text, at) > 0) out.push(at);
  }
  return out;
}

const TAIL_WORDS = /(?:^|\s)(?:UDP|SYN|FIN|SYNFIN|NULL|XMAS|FULLXMAS|VECNA|NOACK|NMAPID|SPAU|INVALIDACK|UNKNOWN|RESERVEDBITS|[12*][12*][U*][A*][P*][R*][S*][F*])(?:\s|$)/;

/** Text that could be the end of a scans line: an address pair, a scan word or a flag string. */
function looksLikeRecordTail(text: string): boolean {
  return text.indexOf(' -> ') >= 0 || TAIL_WORDS.test(text);
}

function createScanParser(ctx: ParseContext): (record: RawRecord) => ParseResult {
  return createSplicedLineParser(ctx, {
    newLine: () => new ScanLine(ctx.textPrefixes),
    scan: scanScanLine,
    // Splice recovery looks for the classic layout only: Sguil burst files are written whole.
    rescan: scanClassicLine,
    candidates: findMonthCandidates,
    build: buildScanEvent,
    looksLikeTail: looksLikeRecordTail,
    noun: 'scans line',
    notThisFormat: 'not a Snort scans line',
  });
}

const sniffLine = new ScanLine();
const sniffCursor = new TextCursor();

export const snortScans: LogFormat = {
  name: 'snort-scans',
  source: 'scans',
  description: 'Snort spp_portscan log file (one probe per line), classic and Sguil layouts',
  sniff: (head) => shareOfLines(head, (text, end) => scanScanLine(text, 0, end, sniffLine, sniffCursor)),
  createParser: createScanParser,
  // Classic lines of the common shape, byte by byte; the parser takes every line it declines.
  createFastLane: createScansFastLane,
  splittable: true,
};
