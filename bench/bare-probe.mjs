/**
 * `node bench/bare-probe.mjs <logs dir> <store path>`: the yardstick `npm run bench` measures
 * ingest against (issue 15). A plain byte loop over the same classic files — no workers, no
 * quarantine, no dictionaries, no detail table — parses scans lines into 7 integer columns and
 * appends them to one table of a fresh DuckDB file through one Appender, 2048-row data chunks
 * filled by memcpy; other lines are read and skipped. The store is closed (checkpointed) inside
 * the timed span, as in bench/ingest-compiled.mjs. Prints one JSON line, in the same shape.
 *
 * Why a probe at all: this VM's speed drifts by 10–15 % over a day and seven developers share its
 * two cores, so an ingest figure means something only as a ratio to a floor measured in the same
 * run. The probe is that floor for "read the bytes and store the scans rows": what the product
 * adds on top (every check, every column, quarantine, addresses by group) is the ratio's gap.
 *
 * Plain JavaScript on purpose (no build step, no project code): what it measures must not move
 * when the product's code does.
 */
import duckdb from '@duckdb/node-bindings';
import { BIGINT, DuckDBDataChunk, DuckDBInstance, INTEGER, UINTEGER, UTINYINT } from '@duckdb/node-api';
import { Buffer } from 'node:buffer';
import { SCAN_TYPES } from '../dist/ingest/formats/scan-types.js';
import { closeSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [dataDir, dbPath] = process.argv.slice(2);
if (!dataDir || !dbPath) {
  process.stderr.write('usage: node bench/bare-probe.mjs <logs dir> <store path>\n');
  process.exit(2);
}
for (const suffix of ['', '.wal']) rmSync(dbPath + suffix, { force: true });

const VECTOR = 2048;
const CHUNK_BYTES = 1 << 20;
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 91, 121, 152, 182, 213, 244, 274, 305, 335]; // 2004, a leap year
const YEAR_START_SECONDS = Date.UTC(2004, 0, 1) / 1000;
/** Scan type words by (length, first letter), as a small perfect-enough key: 0 = not a type. */
const TYPE_KEY = new Map(SCAN_TYPES.map((w, i) => [w.length * 256 + w.charCodeAt(0), i + 1]));
const TYPE_BY_KEY = new Uint8Array(16 * 256);
for (const [key, id] of TYPE_KEY) TYPE_BY_KEY[key] = id;
const MONTH_BY_KEY = new Uint8Array(1 << 15);
['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].forEach((m, i) => {
  MONTH_BY_KEY[((m.charCodeAt(0) & 31) << 10) | ((m.charCodeAt(1) & 31) << 5) | (m.charCodeAt(2) & 31)] = i + 1;
});

// Column buffers for one vector: ts as int64 microseconds (two 32-bit words), then six 32-bit
// columns and the flags byte.
const ts = new Uint32Array(2 * VECTOR);
const src = new Uint32Array(VECTOR);
const sport = new Int32Array(VECTOR);
const dst = new Uint32Array(VECTOR);
const dport = new Int32Array(VECTOR);
const type = new Uint8Array(VECTOR);
const flags = new Int32Array(VECTOR);
const COLUMNS = [ts, src, sport, dst, dport, type, flags];
const TYPES = [BIGINT, UINTEGER, INTEGER, UINTEGER, INTEGER, UTINYINT, INTEGER];

const started = performance.now();
const cpu = process.cpuUsage();
const instance = await DuckDBInstance.create(dbPath);
const conn = await instance.connect();
await conn.run(
  'CREATE TABLE probe (ts BIGINT, src UINTEGER, sport INTEGER, dst UINTEGER, dport INTEGER, type UTINYINT, flags INTEGER)',
);
const appender = await conn.createAppender('probe');
let n = 0;
let rows = 0;
let bytes = 0;

function flush() {
  const chunk = DuckDBDataChunk.create(TYPES, n);
  COLUMNS.forEach((col, i) => {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, i);
    duckdb.copy_data_to_vector(vector, 0, col.buffer, 0, (col.byteLength / VECTOR) * n);
  });
  appender.appendDataChunk(chunk);
  rows += n;
  n = 0;
}

/** Reads `a.b.c.d:port` at p into out[0] (address) and out[1] (port); the position after, or -1. */
const out = new Uint32Array(2);
function endpoint(b, p, e) {
  let value = 0;
  for (let part = 0; part < 4; part++) {
    let octet = 0;
    let digits = 0;
    for (; p < e; p++) {
      const d = b[p] - 48;
      if (d < 0 || d > 9) break;
      octet = octet * 10 + d;
      digits++;
    }
    if (digits === 0 || digits > 3 || octet > 255 || b[p] !== (part < 3 ? 46 : 58)) return -1;
    value = (value << 8) | octet;
    p++;
  }
  let port = 0;
  const from = p;
  for (; p < e; p++) {
    const d = b[p] - 48;
    if (d < 0 || d > 9) break;
    port = port * 10 + d;
  }
  if (p === from || port > 65535) return -1;
  out[0] = value;
  out[1] = port;
  return p;
}

/** One scans line `Mon D HH:MM:SS a.b.c.d:p -> a.b.c.d:p TYPE [FLAGS]` into row n; false if not one. */
function scanLine(b, p, e) {
  if (e - p < 41) return false;
  const month = MONTH_BY_KEY[((b[p] & 31) << 10) | ((b[p + 1] & 31) << 5) | (b[p + 2] & 31)];
  if (month === 0 || b[p + 3] !== 32) return false;
  p += 4;
  if (b[p] === 32) p++;
  let day = 0;
  for (; b[p] !== 32; p++) {
    const d = b[p] - 48;
    if (d < 0 || d > 9) return false;
    day = day * 10 + d;
  }
  p++;
  const hh = (b[p] - 48) * 10 + b[p + 1] - 48;
  const mm = (b[p + 3] - 48) * 10 + b[p + 4] - 48;
  const ss = (b[p + 6] - 48) * 10 + b[p + 7] - 48;
  if (b[p + 2] !== 58 || b[p + 5] !== 58 || b[p + 8] !== 32) return false;
  p = endpoint(b, p + 9, e);
  if (p < 0 || b[p] !== 32 || b[p + 1] !== 45 || b[p + 2] !== 62 || b[p + 3] !== 32) return false;
  const s = out[0];
  const sp = out[1];
  p = endpoint(b, p + 4, e);
  if (p < 0 || b[p] !== 32) return false;
  const w = ++p;
  while (p < e && b[p] !== 32) p++;
  const t = TYPE_BY_KEY[(((p - w) & 15) << 8) | b[w]];
  if (t === 0) return false;
  let f = -1;
  if (p + 9 <= e && b[p] === 32) {
    f = 0;
    for (let k = 0; k < 8; k++) if (b[p + 1 + k] !== 42) f |= 0x80 >> k;
  }
  const seconds = YEAR_START_SECONDS + (DAYS_BEFORE_MONTH[month] + day - 1) * 86400 + hh * 3600 + mm * 60 + ss;
  const micros = seconds * 1e6;
  const hi = Math.floor(micros / 4294967296);
  ts[2 * n] = micros - hi * 4294967296;
  ts[2 * n + 1] = hi;
  src[n] = s;
  sport[n] = sp;
  dst[n] = out[0];
  dport[n] = out[1];
  type[n] = t;
  flags[n] = f;
  if (++n === VECTOR) flush();
  return true;
}

const buffer = Buffer.allocUnsafe(CHUNK_BYTES + (1 << 16));
for (const name of readdirSync(dataDir)
  .filter((f) => /^(alert|scans|oos)/.test(f))
  .sort()) {
  const fd = openSync(join(dataDir, name), 'r');
  let kept = 0; // bytes of an unfinished line carried to the front of the buffer
  for (;;) {
    const got = readSync(fd, buffer, kept, CHUNK_BYTES, null);
    bytes += got;
    const end = kept + got;
    let start = 0;
    for (let i = buffer.indexOf(10, 0); i >= 0 && i < end; i = buffer.indexOf(10, start)) {
      scanLine(buffer, start, i);
      start = i + 1;
    }
    if (got === 0) {
      if (start < end) scanLine(buffer, start, end);
      break;
    }
    // A line longer than the spare room is skipped whole: the probe's files have none.
    kept = end - start <= 1 << 16 ? buffer.copy(buffer, 0, start, end) : 0;
  }
  closeSync(fd);
}
if (n > 0) flush();
appender.closeSync();
conn.closeSync();
instance.closeSync();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    rows,
    bytes,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
