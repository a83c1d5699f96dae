/**
 * Packs parsed EventRecords into columnar EventBatches (typed arrays + validity bitmaps +
 * dictionary ids) so that a batch crosses threads as transferable buffers and reaches the store
 * without per-value conversion.
 */
import { COLUMN_WIDTH, EVENT_COLUMNS, type BatchColumn, type EventBatch } from '../core/event-columns.js';
import type { EventRecord } from '../core/event.js';
import { AddressInterner } from './address-interner.js';

/** Rows per batch: a multiple of DuckDB's 2048-row vector size. */
export const BATCH_ROWS = 8192;

type Writer = (builder: EventBatchBuilder, row: number, event: EventRecord) => void;

/**
 * The per-row copy is generated once from EVENT_COLUMNS as straight-line code: every field read
 * is then a monomorphic property load, instead of a megamorphic keyed load in a loop over
 * ~50 columns, which costs several times more on the hot path.
 */
const writeRow: Writer = (() => {
  const lines: string[] = [];
  EVENT_COLUMNS.forEach((col, i) => {
    if (col.field === null) return;
    const v = `v${i}`;
    lines.push(`const ${v} = e.${col.field};`);
    lines.push(`if (${v} !== undefined && ${v} !== null) {`);
    lines.push(`  b.valid[${i}][r >>> 3] |= 1 << (r & 7);`);
    switch (col.kind) {
      case 'ts':
        // int64 microseconds as two little-endian 32-bit words, without BigInt.
        lines.push(
          `  const hi = Math.floor(${v} / 4294967296); b.u32[${i}][2 * r] = ${v} - hi * 4294967296; b.i32[${i}][2 * r + 1] = hi;`,
        );
        break;
      case 'bool':
        lines.push(`  b.u8[${i}][r] = ${v} ? 1 : 0;`);
        break;
      case 'u8':
        lines.push(`  b.u8[${i}][r] = ${v};`);
        break;
      case 'i32':
        lines.push(`  b.i32[${i}][r] = ${v};`);
        break;
      case 'u32':
        lines.push(`  b.u32[${i}][r] = ${v};`);
        break;
      case 'dict':
        lines.push(`  b.u32[${i}][r] = b.stringId(${v});`);
        break;
      case 'addr':
        lines.push(`  b.u32[${i}][r] = b.addressId(${v});`);
        break;
      case 'text':
        lines.push(`  b.setText(${i}, r, ${v});`);
        break;
    }
    lines.push('}');
  });
  return new Function('b', 'r', 'e', lines.join('\n')) as Writer;
})();

const column = (name: string): number => EVENT_COLUMNS.findIndex((c) => c.name === name);
const FILE_ID_COLUMN = column('file_id');
const LINE_COLUMN = column('line');
const TS = column('ts');
const SOURCE = column('source');
const EVENT = column('event');
const PROTO = column('proto');
const SRC = column('src');
const SPORT = column('sport');
const DST = column('dst');
const DPORT = column('dport');
const TCP_FLAGS = column('tcp_flags');
const RESERVED_BITS = column('reserved_bits');

/** Placeholders until `allocate` sets the real arrays. */
const NO_U32: Uint32Array = new Uint32Array(0);
const NO_I32: Int32Array = new Int32Array(0);
const NO_U8: Uint8Array = new Uint8Array(0);

/** Dotted-quad text of a 32-bit IPv4 value. */
function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export class EventBatchBuilder {
  /** Typed views per column index (only the kinds that column uses are set). */
  readonly u8: Uint8Array[] = [];
  readonly i32: Int32Array[] = [];
  readonly u32: Uint32Array[] = [];
  readonly valid: Uint8Array[] = [];
  /** Per text column: its UTF-8 bytes so far, where each row's value starts, and how far both reach. */
  private readonly textBytes: Buffer[] = [];
  private readonly textOffsets: Uint32Array[] = [];
  private readonly textEnd: number[] = [];
  private readonly textRows: number[] = [];
  private buffers: ArrayBuffer[] = [];
  private rows = 0;
  private readonly strings = new Map<string, number>();
  private readonly addresses = new AddressInterner();
  private newStrings: string[] = [];
  private newAddresses: string[] = [];
  // The arrays `addCore` writes, as fields of their own (kept current by `allocate`): one field
  // load per column and row, instead of an array of arrays indexed per column.
  private fileIds = NO_U32;
  private lines = NO_U32;
  private tsLow = NO_U32;
  private tsHigh = NO_I32;
  private sources = NO_U32;
  private events = NO_U32;
  private protos = NO_U32;
  private srcs = NO_U32;
  private dsts = NO_U32;
  private sports = NO_I32;
  private dports = NO_I32;
  private tcpFlags = NO_U8;
  private reservedBits = NO_U8;
  private fileIdsValid = NO_U8;
  private linesValid = NO_U8;
  private tsValid = NO_U8;
  private sourcesValid = NO_U8;
  private eventsValid = NO_U8;
  private protosValid = NO_U8;
  private srcsValid = NO_U8;
  private dstsValid = NO_U8;
  private sportsValid = NO_U8;
  private dportsValid = NO_U8;
  private tcpFlagsValid = NO_U8;
  private reservedBitsValid = NO_U8;

  constructor(private readonly capacity: number = BATCH_ROWS) {
    EVENT_COLUMNS.forEach((_col, i) => this.allocate(i));
  }

  get size(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  /** Append one event read from `line` of file `fileId`. */
  add(fileId: number, line: number, event: EventRecord): void {
    const r = this.rows++;
    this.u32[FILE_ID_COLUMN]![r] = fileId;
    this.valid[FILE_ID_COLUMN]![r >>> 3]! |= 1 << (r & 7);
    this.u32[LINE_COLUMN]![r] = line;
    this.valid[LINE_COLUMN]![r >>> 3]! |= 1 << (r & 7);
    writeRow(this, r, event);
  }

  /**
   * Append one event that has only envelope fields (the fast lanes' path: no EventRecord object).
   * Ids come from `stringId`/`addressId`/`ipv4Id` of this builder — they stay valid across
   * batches, so a lane may cache them. `-1` means absent for ports, proto, flags and bits.
   */
  addCore(
    line: number,
    ts: number,
    sourceId: number,
    eventId: number,
    protoId: number,
    srcId: number,
    sport: number,
    dstId: number,
    dport: number,
    tcpFlags: number,
    reservedBits: number,
  ): void {
    const r = this.rows++;
    const byte = r >>> 3;
    const bit = 1 << (r & 7);
    this.fileIds[r] = 0;
    this.fileIdsValid[byte]! |= bit;
    this.lines[r] = line;
    this.linesValid[byte]! |= bit;
    const hi = Math.floor(ts / 4294967296);
    this.tsLow[2 * r] = ts - hi * 4294967296;
    this.tsHigh[2 * r + 1] = hi;
    this.tsValid[byte]! |= bit;
    this.sources[r] = sourceId;
    this.sourcesValid[byte]! |= bit;
    this.events[r] = eventId;
    this.eventsValid[byte]! |= bit;
    if (protoId >= 0) {
      this.protos[r] = protoId;
      this.protosValid[byte]! |= bit;
    }
    this.srcs[r] = srcId;
    this.srcsValid[byte]! |= bit;
    this.dsts[r] = dstId;
    this.dstsValid[byte]! |= bit;
    if (sport >= 0) {
      this.sports[r] = sport;
      this.sportsValid[byte]! |= bit;
    }
    if (dport >= 0) {
      this.dports[r] = dport;
      this.dportsValid[byte]! |= bit;
    }
    if (tcpFlags >= 0) {
      this.tcpFlags[r] = tcpFlags;
      this.tcpFlagsValid[byte]! |= bit;
    }
    if (reservedBits >= 0) {
      this.reservedBits[r] = reservedBits;
      this.reservedBitsValid[byte]! |= bit;
    }
  }

  /** Set text column i of row r (rows of a column are set in increasing order). */
  setText(i: number, r: number, value: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    const bytes = this.textRoom(i, r, value.length * 3);
    this.textWritten(i, r, bytes.write(value, this.textEnd[i]!));
  }

  /** Set text column i of row r to `from[start, end)`, which must be valid UTF-8. */
  setTextBytes(i: number, r: number, from: Buffer, start: number, end: number): void {
    const bytes = this.textRoom(i, r, end - start);
    this.textWritten(i, r, from.copy(bytes, this.textEnd[i]!, start, end));
  }

  /** Column i's buffer, with room for `need` more bytes, once rows before r are marked empty. */
  private textRoom(i: number, r: number, need: number): Buffer {
    const offsets = this.textOffsets[i]!;
    const end = this.textEnd[i]!;
    for (let k = this.textRows[i]!; k <= r; k++) offsets[k] = end;
    const bytes = this.textBytes[i]!;
    if (end + need <= bytes.length) return bytes;
    const grown = Buffer.from(new ArrayBuffer(Math.max(end + need, bytes.length * 2)));
    bytes.copy(grown, 0, 0, end);
    this.textBytes[i] = grown;
    return grown;
  }

  private textWritten(i: number, r: number, length: number): void {
    const end = this.textEnd[i]! + length;
    this.textOffsets[i]![r + 1] = end;
    this.textEnd[i] = end;
    this.textRows[i] = r + 1;
    this.valid[i]![r >>> 3]! |= 1 << (r & 7);
  }

  /**
   * The id of a canonical dotted-quad IPv4 address given as its 32-bit value, unsigned or as its
   * int32 bit pattern (the same address): lanes pass the int32, which stays a small integer.
   */
  ipv4Id(value: number): number {
    const id = this.addresses.internIpv4(value);
    if (this.addresses.lastWasNew) this.newAddresses.push(ipv4Text(value));
    return id;
  }

  stringId(value: string): number {
    let id = this.strings.get(value);
    if (id === undefined) {
      id = this.strings.size;
      this.strings.set(value, id);
      this.newStrings.push(value);
    }
    return id;
  }

  addressId(value: string): number {
    const id = this.addresses.intern(value);
    if (this.addresses.lastWasNew) this.newAddresses.push(value);
    return id;
  }

  /**
   * Hand over the rows added so far (possibly none) and start a fresh batch. A column no row set
   * is handed over as `null` and its buffers are kept for the next batch: most events fill a
   * dozen of the ~50 columns, and empty ones then cost nothing to move, remap or store.
   */
  take(): EventBatch {
    const rows = this.rows;
    const columns = EVENT_COLUMNS.map((col, i): BatchColumn | null => {
      const validity = this.valid[i]!;
      if (!anyBitSet(validity, rows)) return null;
      let column: BatchColumn;
      if (col.kind === 'text') {
        const offsets = this.textOffsets[i]!;
        for (let k = this.textRows[i]!; k <= rows; k++) offsets[k] = this.textEnd[i]!;
        column = { kind: 'text', bytes: this.textBytes[i]!.buffer as ArrayBuffer, offsets, validity };
      } else column = { kind: col.kind, data: this.buffers[i]!, validity };
      this.allocate(i);
      return column;
    });
    const batch: EventBatch = { rows, columns, newStrings: this.newStrings, newAddresses: this.newAddresses };
    this.newStrings = [];
    this.newAddresses = [];
    this.rows = 0;
    return batch;
  }

  /** Fresh buffers for column `i`. */
  private allocate(i: number): void {
    const n = this.capacity;
    const col = EVENT_COLUMNS[i]!;
    this.valid[i] = new Uint8Array(Math.ceil(n / 8));
    if (col.kind === 'text') {
      // Sized by what the last batch of this column held, so a batch rarely has to grow it.
      const last = this.textEnd[i] ?? 0;
      this.textBytes[i] = Buffer.from(new ArrayBuffer(Math.max(1 << 16, Math.ceil(last * 1.25))));
      this.textOffsets[i] = new Uint32Array(n + 1);
      this.textEnd[i] = 0;
      this.textRows[i] = 0;
      return;
    }
    const buffer = new ArrayBuffer(COLUMN_WIDTH[col.kind] * n);
    this.buffers[i] = buffer;
    if (col.kind === 'u8' || col.kind === 'bool') this.u8[i] = new Uint8Array(buffer);
    else if (col.kind === 'i32') this.i32[i] = new Int32Array(buffer);
    else if (col.kind === 'ts') {
      this.u32[i] = new Uint32Array(buffer);
      this.i32[i] = new Int32Array(buffer);
    } else this.u32[i] = new Uint32Array(buffer);
    this.bindCore(i);
  }

  /** Point `addCore`'s fields at column i's fresh arrays, if it is one of them. */
  private bindCore(i: number): void {
    const valid = this.valid[i]!;
    switch (i) {
      case FILE_ID_COLUMN:
        this.fileIds = this.u32[i]!;
        this.fileIdsValid = valid;
        break;
      case LINE_COLUMN:
        this.lines = this.u32[i]!;
        this.linesValid = valid;
        break;
      case TS:
        this.tsLow = this.u32[i]!;
        this.tsHigh = this.i32[i]!;
        this.tsValid = valid;
        break;
      case SOURCE:
        this.sources = this.u32[i]!;
        this.sourcesValid = valid;
        break;
      case EVENT:
        this.events = this.u32[i]!;
        this.eventsValid = valid;
        break;
      case PROTO:
        this.protos = this.u32[i]!;
        this.protosValid = valid;
        break;
      case SRC:
        this.srcs = this.u32[i]!;
        this.srcsValid = valid;
        break;
      case DST:
        this.dsts = this.u32[i]!;
        this.dstsValid = valid;
        break;
      case SPORT:
        this.sports = this.i32[i]!;
        this.sportsValid = valid;
        break;
      case DPORT:
        this.dports = this.i32[i]!;
        this.dportsValid = valid;
        break;
      case TCP_FLAGS:
        this.tcpFlags = this.u8[i]!;
        this.tcpFlagsValid = valid;
        break;
      case RESERVED_BITS:
        this.reservedBits = this.u8[i]!;
        this.reservedBitsValid = valid;
        break;
    }
  }
}

function anyBitSet(validity: Uint8Array, rows: number): boolean {
  const bytes = Math.ceil(rows / 8);
  for (let b = 0; b < bytes; b++) if (validity[b] !== 0) return true;
  return false;
}
