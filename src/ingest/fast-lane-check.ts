/**
 * Holds a format's fast lane to its contract: for every line the lane accepts, the row it wrote
 * must equal the row the format's parser produces for the same line, and a declined line must
 * leave the builder untouched. Used by each lane's tests over generated and sample logs.
 */
import { isDeepStrictEqual } from 'node:util';
import { EVENT_COLUMNS, textAt, type EventBatch } from '../core/event-columns.js';
import { YearTracker, ZoneClock } from '../core/time.js';
import { EventBatchBuilder } from './event-batch-builder.js';
import type { LogFormat, ParseContext } from './format.js';

export interface FastLaneCheck {
  lines: number;
  /** Lines the lane took. */
  accepted: number;
  /** One message per disagreement (the first few are enough to debug). */
  mismatches: string[];
}

export function checkFastLane(format: LogFormat, lines: readonly string[], year = 2004, tz = 'UTC'): FastLaneCheck {
  if (!format.createFastLane) throw new Error(`${format.name} has no fast lane`);
  const context = (): ParseContext => ({ file: 'check', years: new YearTracker(year), clock: new ZoneClock(tz) });
  const capacity = lines.length + 1;
  const laneRows = new EventBatchBuilder(capacity);
  const parserRows = new EventBatchBuilder(capacity);
  const lane = format.createFastLane(context(), laneRows);
  const parse = format.createParser(context());
  const mismatches: string[] = [];
  let accepted = 0;
  lines.forEach((text, i) => {
    const line = i + 1;
    const bytes = Buffer.from(text, 'utf8');
    const before = laneRows.size;
    const ts = lane(bytes, 0, bytes.length, line);
    // The parser sees every line, as in a real file, so year tracking stays in step.
    const result = parse({ text, line });
    if (Number.isNaN(ts)) {
      if (laneRows.size !== before) mismatches.push(`line ${line}: declined but wrote a row: ${text}`);
      return;
    }
    accepted++;
    if (laneRows.size !== before + 1)
      mismatches.push(`line ${line}: accepted but wrote ${laneRows.size - before} rows`);
    if (result.kind !== 'parsed' || result.fragment) {
      mismatches.push(`line ${line}: lane accepted a line the parser gives ${result.kind}: ${text}`);
      parserRows.add(0, line, { ts: NaN, source: 'alert', event: '' });
      return;
    }
    if (result.event.ts !== ts) mismatches.push(`line ${line}: lane returned ts ${ts}, parser ${result.event.ts}`);
    parserRows.add(0, line, result.event);
  });
  const a = laneRows.take();
  const b = parserRows.take();
  for (let r = 0; r < a.rows && mismatches.length < 50; r++) {
    const rowA = decodeRow(a, r);
    const rowB = decodeRow(b, r);
    const diff = Object.keys(rowA).filter((k) => rowA[k] !== rowB[k]);
    if (diff.length > 0) {
      mismatches.push(
        `line ${String(rowA.line)}: ${diff.map((k) => `${k}: lane ${String(rowA[k])} parser ${String(rowB[k])}`).join(', ')}`,
      );
    }
  }
  return { lines: lines.length, accepted, mismatches };
}

/** Every value of two batches, byte for byte (for lane tests that build both sides by hand). */
export function assertSameBatch(a: EventBatch, b: EventBatch): void {
  const same = (x: unknown, y: unknown, what: string): void => {
    if (!isDeepStrictEqual(x, y)) throw new Error(`batches differ: ${what}`);
  };
  same(a.rows, b.rows, 'rows');
  same(a.newStrings, b.newStrings, 'new strings');
  same(a.newAddresses, b.newAddresses, 'new addresses');
  a.columns.forEach((col, i) => {
    const other = b.columns[i] ?? null;
    const name = EVENT_COLUMNS[i]!.name;
    if (col === null || other === null) {
      same(col, other, name);
      return;
    }
    if (col.kind === 'text' || other.kind === 'text') {
      if (col.kind !== 'text' || other.kind !== 'text') throw new Error(`batches differ: ${name} kind`);
      const values = (c: typeof col): (string | null)[] => Array.from({ length: a.rows }, (_, r) => textAt(c, r));
      same(values(col), values(other), name);
      return;
    }
    same(Buffer.from(col.data).equals(Buffer.from(other.data)), true, `${name} data`);
    same(Buffer.from(col.validity).equals(Buffer.from(other.validity)), true, `${name} validity`);
  });
}

/** One row of a batch as column name → value, dictionary and address ids resolved to text. */
function decodeRow(batch: EventBatch, r: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  EVENT_COLUMNS.forEach((col, i) => {
    const column = batch.columns[i]!;
    if (column === null || (column.validity[r >>> 3]! & (1 << (r & 7))) === 0) {
      row[col.name] = null;
      return;
    }
    if (column.kind === 'text') {
      row[col.name] = textAt(column, r);
      return;
    }
    const u32 = (): Uint32Array => new Uint32Array(column.data);
    switch (col.kind) {
      case 'u8':
      case 'bool':
        row[col.name] = new Uint8Array(column.data)[r];
        break;
      case 'i32':
        row[col.name] = new Int32Array(column.data)[r];
        break;
      case 'ts':
        row[col.name] = new Int32Array(column.data)[2 * r + 1]! * 4294967296 + u32()[2 * r]!;
        break;
      case 'dict':
        row[col.name] = batch.newStrings[u32()[r]!];
        break;
      case 'addr':
        row[col.name] = batch.newAddresses[u32()[r]!];
        break;
      default:
        row[col.name] = u32()[r];
    }
  });
  return row;
}
