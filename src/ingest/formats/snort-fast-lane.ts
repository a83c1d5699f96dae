/**
 * The byte-level fast lane for Snort "fast" alert lines (see FastLane in format.ts): the common
 * well-formed shapes are read straight from the file's bytes into the batch builder, with no
 * string or object per line. It takes
 *
 * - Snort 1.x/2.x alerts `MM/DD[/YY]-HH:MM:SS[.uuuuuu]  [**] [gid:sid:rev] msg [**]
 *   [Classification: …] [Priority: n] {PROTO} src[:port] -> dst[:port]` (rule id, classification,
 *   priority and protocol each optional), and packet-less ones that stop after the closing `[**]`;
 * - the spp_portscan messages (PORTSCAN DETECTED, portscan status, End of portscan);
 *
 * with addresses written as IPv4 dotted quads, sanitised `MY.NET.x.y` or other address-letter
 * text. Anything else is declined (NaN) and goes to the string parser in snort-fast.ts, which is
 * the reference: `-I` interface tags, `[Drop]`/`[block]` actions, MARK_TAGGED `R`/`F`, Snort 3
 * layouts and quoted messages, `[AppID: …]`, IPv6, tabs, control bytes and bytes ≥ 0x80, splices,
 * and every malformed line (bad numbers, impossible dates…).
 *
 * Plain alerts go through `builder.addCore`; rows with detail fields (rule id, classification,
 * priority, spp_portscan) are built as an EventRecord for `builder.add`, as the parser would.
 */
import { NULL_TEXT } from './no-message.js';
import { Buffer } from 'node:buffer';
import type { EventRecord, PortscanPhase } from '../../core/event.js';
import type { EventBatchBuilder } from '../event-batch-builder.js';
import type { FastLane, ParseContext } from '../format.js';
import { fractionMicros, setTwoDigitYearDate } from './snort-timestamp.js';
import { createEpochResolver, newWallTime } from './wall-time.js';

const SPACE = 32;
const DOT = 46;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const STAR = 42;

/** Address kinds `readAddress` tells apart. */
const ADDR_IPV4 = 0; // canonical dotted quad: by value
const ADDR_MY_NET = 1; // `MY.NET.x.y` with canonical x, y: cached per (x, y)
const ADDR_TEXT = 2; // a zero-padded quad (`010.1.2.3`), kept as written

const OCTETS = Array.from({ length: 256 }, (_, i) => String(i));

const PORTSCAN_EVENTS: Record<PortscanPhase, string> = {
  detected: 'spp_portscan: PORTSCAN DETECTED',
  status: 'spp_portscan: portscan status',
  end: 'spp_portscan: End of portscan',
};

/** Letters and symbols `snort-endpoint.ts` allows in an address besides digits and dots. */
function isAddressLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 37;
}

/** Digits, dots and address letters: what an address run is made of. */
function isAddressChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === DOT || isAddressLetter(c);
}

/** Two decimal digits at `at` (the caller has checked `at + 2 <= end`), or -1. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const x = bytes[at]! - 48;
  const y = bytes[at + 1]! - 48;
  if (!(x >= 0 && x <= 9 && y >= 0 && y <= 9)) return -1;
  return x * 10 + y;
}

/** A fixed text the lane compares bytes with, four bytes at a time. */
class Literal {
  readonly length: number;
  readonly bytes: Uint8Array;
  /** Little-endian 32-bit words of the whole groups of four bytes. */
  readonly words: Int32Array;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'latin1');
    this.length = this.bytes.length;
    this.words = new Int32Array(this.length >>> 2);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    for (let w = 0; w < this.words.length; w++) this.words[w] = view.getInt32(4 * w, true);
  }
}

/** Index after `literal` when `bytes[at, end)` (seen through `view`) starts with it, else -1. */
function matchLiteral(view: DataView, bytes: Uint8Array, at: number, end: number, literal: Literal): number {
  const n = literal.length;
  if (at + n > end) return -1;
  const words = literal.words;
  let k = 0;
  for (let w = 0; w < words.length; w++, k += 4) if (view.getInt32(at + k, true) !== words[w]) return -1;
  const tail = literal.bytes;
  for (; k < n; k++) if (bytes[at + k] !== tail[k]) return -1;
  return at + n;
}

const SPP_PORTSCAN = new Literal('spp_portscan: ');
const PORTSCAN_DETECTED = new Literal('PORTSCAN DETECTED ');
const ON = new Literal('on ');
const TO_PORT = new Literal('to port ');
const FROM = new Literal('from ');
const THRESHOLD = new Literal('(THRESHOLD ');
const CONNECTIONS_EXCEEDED_IN = new Literal(' connections exceeded in ');
const SECONDS = new Literal(' seconds)');
const STEALTH_PART = new Literal('(STEALTH)');
const PORTSCAN_STATUS_FROM = new Literal('portscan status from ');
const END_OF_PORTSCAN_FROM = new Literal('End of portscan from ');
const CONNECTIONS_ACROSS = new Literal(' connections across ');
const HOSTS_TCP = new Literal(' hosts: TCP(');
const COMMA_UDP = new Literal('), UDP(');
const TOTAL_TIME = new Literal('TOTAL time(');
const S_HOSTS = new Literal('s) hosts(');
const TCP = new Literal(') TCP(');
const UDP = new Literal(') UDP(');
const STEALTH_WORD = new Literal(' STEALTH');
const CLASSIFICATION = new Literal('[Classification: ');
const PRIORITY = new Literal('[Priority: ');

/** Index after the spaces at `at` (spaces only: a tab makes the next check decline). */
function skipSpaces(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && bytes[at] === SPACE) at++;
  return at;
}

/** Whether `bytes[at, end)` starts with `[**]`. */
function isStars(bytes: Uint8Array, at: number, end: number): boolean {
  return (
    at + 4 <= end &&
    bytes[at] === OPEN_BRACKET &&
    bytes[at + 1] === STAR &&
    bytes[at + 2] === STAR &&
    bytes[at + 3] === CLOSE_BRACKET
  );
}

/**
 * The entries of a bounded byte-string cache: each entry's bytes (in one growing pool), its
 * decoded text and its builder id. The caches below add their own index over the entries.
 */
class CachedStrings {
  offsets: Int32Array = new Int32Array(64);
  lengths: Int32Array = new Int32Array(64);
  pool: Uint8Array = new Uint8Array(4096);
  count = 0;
  readonly ids: number[] = [];
  readonly texts: string[] = [];
  private poolUsed = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxPoolBytes: number,
  ) {}

  /** Add `bytes[start, end)` as an entry; its index, or -1 when the cache is full. */
  add(bytes: Uint8Array, start: number, end: number, text: string, id: number): number {
    const n = end - start;
    if (this.count >= this.maxEntries || this.poolUsed + n > this.maxPoolBytes) return -1;
    const e = this.count++;
    if (e >= this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
    }
    if (this.poolUsed + n > this.pool.length) {
      let size = this.pool.length * 2;
      while (size < this.poolUsed + n) size *= 2;
      const pool = new Uint8Array(size);
      pool.set(this.pool.subarray(0, this.poolUsed));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    this.offsets[e] = this.poolUsed;
    this.lengths[e] = n;
    this.poolUsed += n;
    this.ids.push(id);
    this.texts.push(text);
    return e;
  }
}

/**
 * Short strings met as byte runs (classifications, protocols), each decoded and given its builder
 * id once: looked up by a hash of the bytes and confirmed by comparing them. Bounded, so a file
 * of ever-new strings costs a decode per line and no more memory.
 */
class ByteStringCache {
  readonly entries: CachedStrings;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private hashes: Int32Array = new Int32Array(64);

  constructor(maxEntries: number, maxPoolBytes: number) {
    this.entries = new CachedStrings(maxEntries, maxPoolBytes);
    let size = 64;
    while (size < maxEntries * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The entry for `bytes[start, end)` with this hash, or -1. */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const n = end - start;
    const { pool, offsets, lengths } = this.entries;
    let slot = hash & this.mask;
    for (;;) {
      const e = this.slots[slot]!;
      if (e < 0) return -1;
      if (this.hashes[e] === hash && lengths[e] === n) {
        const off = offsets[e]!;
        let k = 0;
        while (k < n && pool[off + k] === bytes[start + k]) k++;
        if (k === n) return e;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Remember `bytes[start, end)` (not yet in the cache) as `text` with builder id `id`, if there is room. */
  insert(bytes: Uint8Array, start: number, end: number, hash: number, text: string, id: number): void {
    const e = this.entries.add(bytes, start, end, text, id);
    if (e < 0) return;
    if (e >= this.hashes.length) this.hashes = grow(this.hashes);
    this.hashes[e] = hash;
    let slot = hash & this.mask;
    while (this.slots[slot]! >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = e;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Alert messages already met, found without scanning the line for the message's end: by its
 * first 8 bytes, then confirmed by comparing the whole message and finding ` [**]` right after
 * it. An entry never holds ` [**]` (it was cut at the first one) and ` [**]` cannot straddle
 * its end, so a confirmed entry is exactly the text the parser takes as the message. The 8 bytes
 * are the message's own (and the ` [**]` after it) for messages of 3 bytes or more; shorter ones
 * are not cached.
 */
class MessageCache {
  readonly entries: CachedStrings;
  private readonly heads = new Int32Array(1024).fill(-1);
  private next: Int32Array = new Int32Array(64);
  private poolView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  constructor(maxEntries: number, maxPoolBytes: number) {
    this.entries = new CachedStrings(maxEntries, maxPoolBytes);
  }

  lengthOf(e: number): number {
    return this.entries.lengths[e]!;
  }

  /** The slot of the message at `at` (the caller has checked `at + 8 <= end`). */
  slotOf(view: DataView, at: number): number {
    const h = Math.imul(view.getInt32(at, true) ^ Math.imul(view.getInt32(at + 4, true), -1640531535), -2048144789);
    return (h ^ (h >>> 15)) & 1023;
  }

  /** The entry whose message starts at `at` and is followed by ` [**]`, or -1. */
  find(view: DataView, bytes: Uint8Array, at: number, end: number, slot: number): number {
    const { pool, offsets, lengths } = this.entries;
    const poolView = this.poolView;
    for (let e = this.heads[slot]!; e >= 0; e = this.next[e]!) {
      const n = lengths[e]!;
      const after = at + n;
      if (after + 5 > end) continue;
      const off = offsets[e]!;
      let k = 0;
      for (; k + 4 <= n; k += 4) if (poolView.getInt32(off + k, true) !== view.getInt32(at + k, true)) break;
      if (k + 4 <= n) continue;
      for (; k < n; k++) if (pool[off + k] !== bytes[at + k]) break;
      if (
        k === n &&
        bytes[after] === SPACE &&
        bytes[after + 1] === OPEN_BRACKET &&
        bytes[after + 2] === STAR &&
        bytes[after + 3] === STAR &&
        bytes[after + 4] === CLOSE_BRACKET
      ) {
        return e;
      }
    }
    return -1;
  }

  /** Remember the message `bytes[start, end)` (not yet cached) under `slot`, if there is room. */
  insert(bytes: Uint8Array, start: number, end: number, slot: number, text: string, id: number): void {
    const e = this.entries.add(bytes, start, end, text, id);
    if (e < 0) return;
    if (this.poolView.buffer !== this.entries.pool.buffer) this.poolView = new DataView(this.entries.pool.buffer);
    if (e >= this.next.length) this.next = grow(this.next);
    this.next[e] = this.heads[slot]!;
    this.heads[slot] = e;
  }
}

/** One lane: the state of the line being read, overwritten line after line, and the id caches. */
class AlertFastLane {
  private readonly time = newWallTime();
  private readonly toEpoch: ReturnType<typeof createEpochResolver>;
  /** The id of `alert`, asked for with the first row (a lane that takes nothing adds nothing). */
  private sourceId = -1;
  private readonly messages = new MessageCache(4096, 1 << 20);
  private readonly smallStrings = new ByteStringCache(1024, 1 << 16);
  /** `MY.NET.x.y` address ids and texts by `x * 256 + y`. */
  private readonly myNetIds = new Int32Array(65536).fill(-1);
  private readonly myNetTexts: string[] = new Array<string>(65536).fill('');
  /** Texts of the dotted quads detail rows name, direct-mapped by value. */
  private readonly ipv4Keys = new Uint32Array(4096);
  private readonly ipv4Texts: string[] = new Array<string>(4096).fill('');
  /** `bytes` as a Buffer (itself when it is one), and a DataView over it, for the last `bytes` seen. */
  private bufferBytes: Uint8Array | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private viewBytes: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  // What readAddress found.
  private addrKind = ADDR_IPV4;
  private addrValue = 0;
  // What readUint found.
  private num = 0;
  // What readSmallString found: its smallStrings entry (-1: not there yet) and its hash.
  private smallEntry = -1;
  private smallHash = 0;
  // What readPortscan found (docs/FORMATS.md §2.1); -1 for numbers the message does not give.
  private psPhase: PortscanPhase = 'detected';
  private psFromStart = 0;
  private psFromEnd = 0;
  private psFromKind = ADDR_IPV4;
  private psFromValue = 0;
  private psConnections = -1;
  private psHosts = -1;
  private psTcp = -1;
  private psUdp = -1;
  private psThreshold = -1;
  private psSeconds = -1;
  private psStealth = false;
  private psPort = -1;
  private ifaceStart = -1;
  private ifaceEnd = -1;

  constructor(
    ctx: ParseContext,
    private readonly builder: EventBatchBuilder,
  ) {
    this.toEpoch = createEpochResolver(ctx);
  }

  readonly lane: FastLane = (bytes, start, end, line) => {
    while (end > start) {
      const c = bytes[end - 1];
      if (c !== SPACE && c !== 9 && c !== 13) break;
      end--;
    }
    let i = this.readTime(bytes, start, end);
    if (i < 0) return NaN;
    if (bytes !== this.viewBytes) {
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.viewBytes = bytes;
    }
    const view = this.view;
    i = skipSpaces(bytes, i, end);
    if (!isStars(bytes, i, end)) return NaN;
    i = skipSpaces(bytes, i + 4, end);
    if (i >= end) return NaN;

    // `[gid:sid:rev]` (Snort 2); a message that would start with `[`, `<` (`-I`), `"` (Snort 3)
    // or `R [`/`F [` (MARK_TAGGED) is the parser's.
    let c = bytes[i]!;
    let gid = -1;
    let sid = -1;
    let rev = -1;
    if (c === OPEN_BRACKET) {
      let k = this.readUint(bytes, i + 1, end, 10);
      if (k < 0 || bytes[k] !== COLON) return NaN;
      gid = this.num;
      k = this.readUint(bytes, k + 1, end, 10);
      if (k < 0 || bytes[k] !== COLON) return NaN;
      sid = this.num;
      k = this.readUint(bytes, k + 1, end, 10);
      if (k < 0 || bytes[k] !== CLOSE_BRACKET) return NaN;
      rev = this.num;
      i = skipSpaces(bytes, k + 1, end);
      if (i >= end) return NaN;
      c = bytes[i]!;
      if (c === OPEN_BRACKET) return NaN;
    } else if ((c === 82 || c === 70) && i + 2 < end && bytes[i + 1] === SPACE && bytes[i + 2] === OPEN_BRACKET) {
      return NaN;
    }
    if (c === 60 /* < */ || c === 34 /* " */) return NaN;

    // The message runs to the first ` [**]`.
    const msgStart = i;
    let msgEnd: number;
    let msgEntry = -1;
    let msgSlot = -1;
    const isPortscan = c === 115 /* s */ && matchLiteral(view, bytes, i, end, SPP_PORTSCAN) >= 0;
    if (isPortscan) {
      // Read by its grammar, which has no `[` in it: so the closing ` [**]` is the first one if
      // only spaces come between.
      const k = this.readPortscan(bytes, i + 14, end);
      if (k < 0) return NaN;
      i = skipSpaces(bytes, k, end);
      if (i === k || !isStars(bytes, i, end)) return NaN;
      msgEnd = i - 1;
      i += 4;
    } else {
      if (i + 8 <= end) {
        msgSlot = this.messages.slotOf(view, i);
        msgEntry = this.messages.find(view, bytes, i, end, msgSlot);
      }
      if (msgEntry >= 0) i += this.messages.lengthOf(msgEntry);
      else {
        // Not met before: printable ASCII only, up to the first ` [**]`.
        const last = end - 5;
        for (;;) {
          if (i > last) return NaN;
          const b = bytes[i]!;
          if (b === SPACE) {
            if (
              bytes[i + 1] === OPEN_BRACKET &&
              bytes[i + 2] === STAR &&
              bytes[i + 3] === STAR &&
              bytes[i + 4] === CLOSE_BRACKET
            ) {
              break;
            }
          } else if (b < 32 || b > 126) return NaN;
          i++;
        }
      }
      msgEnd = i;
      i += 5;
      // Suricata's `(null)` (no message) is named by its rule id: the parser does that.
      if (msgEnd - msgStart === 6 && bytes.toString("latin1", msgStart, msgEnd) === NULL_TEXT) return NaN;
    }
    i = skipSpaces(bytes, i, end);

    // After the message: optional `[Classification: …]`, `[Priority: n]`, `{PROTO}`, then the
    // packet's `src -> dst` — or nothing (packet-less preprocessor alerts).
    // Classification and protocol: the text's range (start -1: none), hash and cache entry.
    let classStart = -1;
    let classEnd = 0;
    let classHash = 0;
    let classEntry = -1;
    let priority = -1;
    let protoStart = -1;
    let protoEnd = 0;
    let protoHash = 0;
    let protoEntry = -1;
    let hasAddresses = false;
    let srcKind = ADDR_IPV4;
    let srcValue = 0;
    let srcStart = 0;
    let srcEnd = 0;
    let sport = -1;
    let dstKind = ADDR_IPV4;
    let dstValue = 0;
    let dstStart = 0;
    let dstEnd = 0;
    let dport = -1;
    if (i < end) {
      c = bytes[i]!;
      if (c === OPEN_BRACKET) {
        let q = matchLiteral(view, bytes, i, end, CLASSIFICATION);
        if (q >= 0) {
          i = this.readSmallString(bytes, q, end, CLOSE_BRACKET);
          if (i < 0) return NaN;
          if (i - q === 6 && bytes.toString("latin1", q, i) === NULL_TEXT) return NaN;
          classStart = q;
          classEnd = i;
          classHash = this.smallHash;
          classEntry = this.smallEntry;
          i = skipSpaces(bytes, i + 1, end);
        }
        if ((q = matchLiteral(view, bytes, i, end, PRIORITY)) >= 0) {
          i = this.readUint(bytes, skipSpaces(bytes, q, end), end, 10);
          if (i < 0 || i >= end || bytes[i] !== CLOSE_BRACKET) return NaN;
          priority = this.num;
          i = skipSpaces(bytes, i + 1, end);
        }
        c = i < end ? bytes[i]! : 0;
      }
      if (c === 123 /* { */) {
        const k = this.readSmallString(bytes, i + 1, end, 125 /* } */);
        if (k < 0 || k === i + 1) return NaN;
        protoStart = i + 1;
        protoEnd = k;
        protoHash = this.smallHash;
        protoEntry = this.smallEntry;
        i = skipSpaces(bytes, k + 1, end);
      }

      srcStart = i;
      i = this.readAddress(bytes, i, end);
      if (i < 0) return NaN;
      srcEnd = i;
      srcKind = this.addrKind;
      srcValue = this.addrValue;
      if (i < end && bytes[i] === COLON) {
        i = this.readPort(bytes, i + 1, end);
        if (i < 0) return NaN;
        sport = this.num;
      }
      if (i + 4 > end || bytes[i] !== SPACE || bytes[i + 1] !== 45 || bytes[i + 2] !== 62 || bytes[i + 3] !== SPACE) {
        return NaN;
      }
      dstStart = i + 4;
      i = this.readAddress(bytes, dstStart, end);
      if (i < 0) return NaN;
      dstEnd = i;
      dstKind = this.addrKind;
      dstValue = this.addrValue;
      if (i < end) {
        if (bytes[i] !== COLON) return NaN;
        i = this.readPort(bytes, i + 1, end);
        if (i !== end) return NaN;
        dport = this.num;
      }
      hasAddresses = true;
    }

    const ts = this.toEpoch(this.time);
    if (Number.isNaN(ts)) return NaN;
    const builder = this.builder;

    let msgText = '';
    if (!isPortscan) {
      let msgId: number;
      if (msgEntry >= 0) {
        msgId = this.messages.entries.ids[msgEntry]!;
        msgText = this.messages.entries.texts[msgEntry]!;
      } else {
        msgText = this.decode(bytes, msgStart, msgEnd);
        msgId = builder.stringId(msgText);
        if (msgSlot >= 0 && msgEnd - msgStart >= 3) this.messages.insert(bytes, msgStart, msgEnd, msgSlot, msgText, msgId);
      }
      if (hasAddresses && gid < 0 && classStart < 0 && priority < 0) {
        let protoId = -1;
        if (protoStart >= 0) {
          const e = this.smallEntryFor(bytes, protoStart, protoEnd, protoHash, protoEntry);
          protoId = e >= 0 ? this.smallStrings.entries.ids[e]! : builder.stringId(this.decode(bytes, protoStart, protoEnd));
        }
        const srcId = this.addressId(bytes, srcKind, srcValue, srcStart, srcEnd);
        const dstId = this.addressId(bytes, dstKind, dstValue, dstStart, dstEnd);
        if (this.sourceId < 0) this.sourceId = builder.stringId('alert');
        builder.addCore(line, ts, this.sourceId, msgId, protoId, srcId, sport, dstId, dport, -1, -1);
        return ts;
      }
    }

    // Rows with detail fields: the record the parser's buildAlertEvent makes, always built with
    // the same fields (absent ones undefined) so the builder's row copy sees one object shape.
    const ps = isPortscan;
    const ev: EventRecord = {
      ts,
      source: 'alert',
      event: ps ? PORTSCAN_EVENTS[this.psPhase] : msgText,
      proto: protoStart < 0 ? undefined : this.smallTextOf(bytes, protoStart, protoEnd, protoHash, protoEntry),
      // The scanner named in an spp_portscan message is the source, packet or not.
      src: ps
        ? this.addressText(bytes, this.psFromKind, this.psFromValue, this.psFromStart, this.psFromEnd)
        : hasAddresses
          ? this.addressText(bytes, srcKind, srcValue, srcStart, srcEnd)
          : undefined,
      sport: sport >= 0 ? sport : undefined,
      dst: hasAddresses ? this.addressText(bytes, dstKind, dstValue, dstStart, dstEnd) : undefined,
      dport: dport >= 0 ? dport : undefined,
      gid: gid >= 0 ? gid : undefined,
      sid: gid >= 0 ? sid : undefined,
      rev: gid >= 0 ? rev : undefined,
      classification: classStart < 0 ? undefined : this.smallTextOf(bytes, classStart, classEnd, classHash, classEntry),
      priority: priority >= 0 ? priority : undefined,
      iface: ps && this.ifaceStart >= 0 ? this.decode(bytes, this.ifaceStart, this.ifaceEnd) : undefined,
      psPhase: ps ? this.psPhase : undefined,
      psConnections: ps && this.psConnections >= 0 ? this.psConnections : undefined,
      psHosts: ps && this.psHosts >= 0 ? this.psHosts : undefined,
      psTcp: ps && this.psTcp >= 0 ? this.psTcp : undefined,
      psUdp: ps && this.psUdp >= 0 ? this.psUdp : undefined,
      psThreshold: ps && this.psThreshold >= 0 ? this.psThreshold : undefined,
      psSeconds: ps && this.psSeconds >= 0 ? this.psSeconds : undefined,
      psStealth: ps ? this.psStealth : undefined,
      psPort: ps && this.psPort >= 0 ? this.psPort : undefined,
    };
    builder.add(0, line, ev);
    return ts;
  };

  /**
   * The spp_portscan message after its `spp_portscan: ` at `at`, as scanPortscanMessage in
   * snort-fast.ts reads it, into the ps fields: the index after it, or -1.
   */
  private readPortscan(bytes: Uint8Array, at: number, end: number): number {
    const view = this.view;
    this.psConnections = this.psHosts = this.psTcp = this.psUdp = -1;
    this.psThreshold = this.psSeconds = this.psPort = -1;
    this.psStealth = false;
    this.ifaceStart = this.ifaceEnd = -1;
    let k = at;
    let q = matchLiteral(view, bytes, k, end, PORTSCAN_DETECTED);
    if (q >= 0) {
      this.psPhase = 'detected';
      k = q;
      if ((q = matchLiteral(view, bytes, k, end, ON)) >= 0) {
        // Any printable name but `[` (which could start the closing `[**]`).
        this.ifaceStart = q;
        for (; q < end; q++) {
          const c = bytes[q]!;
          if (c === SPACE) break;
          if (c < 32 || c > 126 || c === OPEN_BRACKET) return -1;
        }
        if (q === this.ifaceStart || q >= end) return -1;
        this.ifaceEnd = q;
        k = q + 1;
      }
      if ((q = matchLiteral(view, bytes, k, end, TO_PORT)) >= 0) {
        k = this.readUint(bytes, q, end, 5);
        if (k < 0 || this.num > 65535 || k >= end || bytes[k] !== SPACE) return -1;
        this.psPort = this.num;
        k++;
      }
      k = matchLiteral(view, bytes, k, end, FROM);
      if (k < 0 || (k = this.readPortscanSource(bytes, k, end)) < 0) return -1;
      if (k >= end || bytes[k] !== SPACE) return -1;
      k = skipSpaces(bytes, k, end);
      if ((q = matchLiteral(view, bytes, k, end, THRESHOLD)) >= 0) {
        if ((k = this.readUint(bytes, q, end, 10)) < 0) return -1;
        this.psThreshold = this.num;
        if ((k = matchLiteral(view, bytes, k, end, CONNECTIONS_EXCEEDED_IN)) < 0) return -1;
        if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
        this.psSeconds = this.num;
        return matchLiteral(view, bytes, k, end, SECONDS);
      }
      if ((q = matchLiteral(view, bytes, k, end, STEALTH_PART)) < 0) return -1;
      this.psStealth = true;
      return q;
    }
    const isStatus = (q = matchLiteral(view, bytes, k, end, PORTSCAN_STATUS_FROM)) >= 0;
    if (!isStatus && (q = matchLiteral(view, bytes, k, end, END_OF_PORTSCAN_FROM)) < 0) return -1;
    this.psPhase = isStatus ? 'status' : 'end';
    k = this.readPortscanSource(bytes, q, end);
    if (k < 0 || k + 2 > end || bytes[k] !== COLON || bytes[k + 1] !== SPACE) return -1;
    k += 2;
    if (isStatus) {
      if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
      this.psConnections = this.num;
      if ((k = matchLiteral(view, bytes, k, end, CONNECTIONS_ACROSS)) < 0) return -1;
      if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
      this.psHosts = this.num;
      if ((k = matchLiteral(view, bytes, k, end, HOSTS_TCP)) < 0) return -1;
      if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
      this.psTcp = this.num;
      k = matchLiteral(view, bytes, k, end, COMMA_UDP);
    } else {
      if ((k = matchLiteral(view, bytes, k, end, TOTAL_TIME)) < 0) return -1;
      if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
      this.psSeconds = this.num;
      if ((k = matchLiteral(view, bytes, k, end, S_HOSTS)) < 0) return -1;
      if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
      this.psHosts = this.num;
      if ((k = matchLiteral(view, bytes, k, end, TCP)) < 0) return -1;
      if ((k = this.readUint(bytes, k, end, 10)) < 0) return -1;
      this.psTcp = this.num;
      k = matchLiteral(view, bytes, k, end, UDP);
    }
    if (k < 0 || (k = this.readUint(bytes, k, end, 10)) < 0) return -1;
    this.psUdp = this.num;
    if (k >= end || bytes[k] !== 41 /* ) */) return -1;
    k++;
    if ((q = matchLiteral(view, bytes, k, end, STEALTH_WORD)) >= 0) {
      this.psStealth = true;
      k = q;
    }
    return k;
  }

  /** The scanner's address (no port) at `at`: the index after it, or -1. */
  private readPortscanSource(bytes: Uint8Array, at: number, end: number): number {
    const k = this.readAddress(bytes, at, end);
    if (k < 0) return -1;
    this.psFromStart = at;
    this.psFromEnd = k;
    this.psFromKind = this.addrKind;
    this.psFromValue = this.addrValue;
    return k;
  }

  /**
   * A timestamp at `start` (`MM/DD-`, `MM/DD/YY-`, `YY/MM/DD-` or `MM/DD/YYYY-` then
   * `HH:MM:SS[.u…]`) followed by a space, into `this.time`: the index of that space, or -1.
   * `readSnortTimestamp` reads the same layouts from text; the two share the rules that are more
   * than reading digits (the two-digit year, the fraction), and the lane declines what it does
   * not read (Snort 3's `YYYY-MM-DD`), which the parser then takes.
   */
  private readTime(bytes: Uint8Array, start: number, end: number): number {
    if (start + 15 > end) return -1;
    const t = this.time;
    const a = twoDigits(bytes, start);
    if (a < 0 || bytes[start + 2] !== 47 /* / */) return -1;
    const b = twoDigits(bytes, start + 3);
    if (b < 0) return -1;
    const sep = bytes[start + 5];
    let i: number;
    if (sep === 45 /* - */) {
      t.year = -1;
      t.month = a;
      t.day = b;
      i = start + 6;
    } else if (sep === 47) {
      const c = twoDigits(bytes, start + 6);
      if (c < 0) return -1;
      if (bytes[start + 8] === 45) {
        setTwoDigitYearDate(t, a, b, c);
        i = start + 9;
      } else {
        const d = twoDigits(bytes, start + 8);
        if (d < 0 || bytes[start + 10] !== 45) return -1;
        t.month = a;
        t.day = b;
        t.year = c * 100 + d;
        i = start + 11;
      }
    } else return -1;
    if (i + 9 > end) return -1;
    const hour = twoDigits(bytes, i);
    const minute = twoDigits(bytes, i + 3);
    const second = twoDigits(bytes, i + 6);
    if (hour < 0 || minute < 0 || second < 0 || bytes[i + 2] !== COLON || bytes[i + 5] !== COLON) return -1;
    i += 8;
    let micros = 0;
    if (bytes[i] === DOT) {
      i++;
      let digits = 0;
      while (i < end && digits < 7) {
        const d = bytes[i]! - 48;
        if (d < 0 || d > 9) break;
        micros = micros * 10 + d;
        digits++;
        i++;
      }
      if (digits === 0 || digits > 6) return -1;
      micros = fractionMicros(micros, digits);
    }
    if (i >= end || bytes[i] !== SPACE) return -1;
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || hour > 23 || minute > 59 || second > 60) return -1;
    t.hour = hour;
    t.minute = minute;
    t.second = second;
    t.micros = micros;
    return i;
  }

  /** 1..maxDigits decimal digits at `at` into `this.num`: the index after them, or -1. */
  private readUint(bytes: Uint8Array, at: number, end: number, maxDigits: number): number {
    let value = 0;
    let k = at;
    while (k < end) {
      const d = bytes[k]! - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      k++;
    }
    const digits = k - at;
    if (digits === 0 || digits > maxDigits) return -1;
    this.num = value;
    return k;
  }

  /** A port of 1-5 digits up to 65535 at `at` into `this.num`: the index after it, or -1. */
  private readPort(bytes: Uint8Array, at: number, end: number): number {
    let value = 0;
    let k = at;
    for (; k < end; k++) {
      const d = bytes[k]! - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (k === at || k - at > 5 || value > 65535) return -1;
    this.num = value;
    return k;
  }

  /**
   * An address at `at`: a run of digits, dots and address letters, which the parser takes when it
   * holds a letter or is a dotted quad. Sets addrKind/addrValue; returns the run's end, or -1.
   * Canonical dotted quads and `MY.NET.x.y` are read in one go; anything else the slow way.
   */
  private readAddress(bytes: Uint8Array, at: number, end: number): number {
    if (at >= end) return -1;
    const c = bytes[at]!;
    let k: number;
    if (c >= 48 && c <= 57) {
      // Four canonical octets: 1-3 digits, no leading zero, up to 255.
      let value = 0;
      let part = 0;
      k = at;
      for (;;) {
        let octet = bytes[k]! - 48;
        if (!(octet >= 0 && octet <= 9)) break;
        k++;
        if (octet !== 0) {
          let d = k < end ? bytes[k]! - 48 : -1;
          if (d >= 0 && d <= 9) {
            octet = octet * 10 + d;
            k++;
            d = k < end ? bytes[k]! - 48 : -1;
            if (d >= 0 && d <= 9) {
              octet = octet * 10 + d;
              k++;
              if (octet > 255) break;
            }
          }
        }
        value = value * 256 + octet;
        if (++part === 4) break;
        if (k + 1 >= end || bytes[k] !== DOT) break;
        k++;
      }
      if (part === 4 && (k >= end || !isAddressChar(bytes[k]!))) {
        this.addrKind = ADDR_IPV4;
        this.addrValue = value;
        return k;
      }
    } else if (
      c === 77 &&
      at + 10 <= end &&
      bytes[at + 1] === 89 &&
      bytes[at + 2] === DOT &&
      bytes[at + 3] === 78 &&
      bytes[at + 4] === 69 &&
      bytes[at + 5] === 84 &&
      bytes[at + 6] === DOT
    ) {
      // `MY.NET.x.y`
      k = this.readOctet(bytes, at + 7, end);
      if (k >= 0 && k < end && bytes[k] === DOT) {
        const x = this.num;
        k = this.readOctet(bytes, k + 1, end);
        if (k >= 0 && (k >= end || !isAddressChar(bytes[k]!))) {
          this.addrKind = ADDR_MY_NET;
          this.addrValue = x * 256 + this.num;
          return k;
        }
      }
    }
    return this.readAddressSlowly(bytes, at, end);
  }

  /** A canonical octet (0-255, no leading zero) at `at` into `this.num`: the index after it, or -1. */
  private readOctet(bytes: Uint8Array, at: number, end: number): number {
    if (at >= end) return -1;
    let v = bytes[at]! - 48;
    if (v < 0 || v > 9) return -1;
    let k = at + 1;
    if (v !== 0) {
      for (let n = 1; n < 3 && k < end; n++, k++) {
        const d = bytes[k]! - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (v > 255) return -1;
    }
    this.num = v;
    return k;
  }

  /** readAddress for any other run: sanitised text, or a dotted quad with leading zeros. */
  private readAddressSlowly(bytes: Uint8Array, at: number, end: number): number {
    let numeric = true;
    let quadOk = true;
    let dots = 0;
    let digits = 0;
    let octet = 0;
    let k = at;
    for (; k < end; k++) {
      const c = bytes[k]!;
      if (c >= 48 && c <= 57) {
        octet = octet * 10 + (c - 48);
        if (++digits > 3 || octet > 255) quadOk = false;
      } else if (c === DOT) {
        if (digits === 0 || ++dots > 3) quadOk = false;
        octet = 0;
        digits = 0;
      } else if (isAddressLetter(c)) numeric = false;
      else break;
    }
    if (k === at) return -1;
    if (numeric && (!quadOk || dots !== 3 || digits === 0)) return -1;
    // Text other than MY.NET.x.y may be a configured prefix, an obfuscated quad or garbage
    // (`1%s30.85.17.9`): the parser judges it (see `isTextAddress`).
    if (!numeric) return -1;
    // A canonical quad would have been read above: this is a zero-padded one, kept as written.
    this.addrKind = ADDR_TEXT;
    return k;
  }

  private addressId(bytes: Uint8Array, kind: number, value: number, start: number, end: number): number {
    // As its int32 bit pattern: a uint32 above 2^31 would be a heap number in the call.
    if (kind === ADDR_IPV4) return this.builder.ipv4Id(value | 0);
    if (kind === ADDR_MY_NET) {
      let id = this.myNetIds[value]!;
      if (id < 0) {
        id = this.builder.addressId(this.myNetText(value));
        this.myNetIds[value] = id;
      }
      return id;
    }
    return this.builder.addressId(this.decode(bytes, start, end));
  }

  private addressText(bytes: Uint8Array, kind: number, value: number, start: number, end: number): string {
    if (kind === ADDR_MY_NET) return this.myNetText(value);
    if (kind === ADDR_IPV4) {
      const slot = (Math.imul(value, 0x9e3779b1) >>> 20) & 4095;
      let text = this.ipv4Texts[slot]!;
      if (text === '' || this.ipv4Keys[slot] !== value) {
        text = this.decode(bytes, start, end);
        this.ipv4Texts[slot] = text;
        this.ipv4Keys[slot] = value;
      }
      return text;
    }
    return this.decode(bytes, start, end);
  }

  /** The text of `MY.NET.x.y` (key `x * 256 + y`; built from cached octets, cheaper than a decode). */
  private myNetText(key: number): string {
    let text = this.myNetTexts[key]!;
    if (text === '') {
      text = `MY.NET.${OCTETS[key >>> 8]!}.${OCTETS[key & 255]!}`;
      this.myNetTexts[key] = text;
    }
    return text;
  }

  /**
   * Printable ASCII up to the first `close` byte at or after `at`, looked up in smallStrings (into
   * smallEntry and smallHash; nothing is added before the line is known good): the index of
   * `close`, or -1.
   */
  private readSmallString(bytes: Uint8Array, at: number, end: number, close: number): number {
    let h = -2128831035;
    let k = at;
    for (;;) {
      if (k >= end) return -1;
      const c = bytes[k]!;
      if (c === close) break;
      if (c < 32 || c > 126) return -1;
      h = Math.imul(h ^ c, 16777619);
      k++;
    }
    this.smallHash = h;
    this.smallEntry = this.smallStrings.find(bytes, at, k, h);
    return k;
  }

  /** The smallStrings entry of `bytes[start, end)`: `entry` when found, else made now; -1 when full. */
  private smallEntryFor(bytes: Uint8Array, start: number, end: number, hash: number, entry: number): number {
    if (entry >= 0) return entry;
    // The other field of this line may have just added the same text.
    const e = this.smallStrings.find(bytes, start, end, hash);
    if (e >= 0) return e;
    const text = this.decode(bytes, start, end);
    this.smallStrings.insert(bytes, start, end, hash, text, this.builder.stringId(text));
    return this.smallStrings.find(bytes, start, end, hash);
  }

  private smallTextOf(bytes: Uint8Array, start: number, end: number, hash: number, entry: number): string {
    const e = this.smallEntryFor(bytes, start, end, hash, entry);
    return e >= 0 ? this.smallStrings.entries.texts[e]! : this.decode(bytes, start, end);
  }

  /** Text of ASCII bytes. */
  private decode(bytes: Uint8Array, start: number, end: number): string {
    if (bytes !== this.bufferBytes) {
      this.buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.bufferBytes = bytes;
    }
    return this.buffer.toString('latin1', start, end);
  }
}

export function createAlertFastLane(ctx: ParseContext, builder: EventBatchBuilder): FastLane {
  return new AlertFastLane(ctx, builder).lane;
}

