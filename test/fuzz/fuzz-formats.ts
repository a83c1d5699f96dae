/**
 * Property-based fuzzing of every format's parser and fast lane (fast-check). Inputs are random
 * bytes, real lines (the formats' samples and the test fixtures) mutated — cut, glued, bytes
 * flipped, invalid UTF-8, NULs, giant lines — and whole records cut short. Two properties:
 *
 * - never throw: the assembler, the parser (called directly, without the try/catch FileParser puts
 *   round it) and the fast lane on every line;
 * - every record accounted for: the real byte-stream path (`parseLogStream`: line reader, fast
 *   lane, assembler, parser) gives `rows + quarantined − recovered` equal to the records of a
 *   reference read of the same bytes by the pipeline's contract (each line: over-long or NUL →
 *   one quarantined line; else into the assembler, and each record that is not a `skip` counts),
 *   and it emits exactly `rows` rows and `quarantined` problems.
 *
 * Used by `npm run fuzz` (test/fuzz/run-fuzz.ts, bounded in time) and by a short CI run.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { YearTracker, ZoneClock } from '../../src/core/time.js';
import { EventBatchBuilder } from '../../src/ingest/event-batch-builder.js';
import { createLineAssembler, type LogFormat, type ParseContext } from '../../src/ingest/format.js';
import { FORMATS } from '../../src/ingest/formats/registry.js';
import { parseLogStream } from '../../src/ingest/line-feeder.js';
import type { ParseJob } from '../../src/ingest/parse-file.js';
import { MAX_LINE_CHARS } from '../../src/ingest/read-lines.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, ROOT)), 'utf8');

/** Real lines per format: its sample records, and for the classic and EVE formats real logs. */
const EXTRA_CORPUS: Readonly<Record<string, readonly string[]>> = {
  'snort-fast': ['test/fixtures/classic/alert.040420', 'test/fixtures/snort-fast/spliced-line.log'],
  'snort-scans': ['test/fixtures/classic/scans.040420', 'test/fixtures/scans/spliced-line.log'],
  'snort-oos': ['test/fixtures/classic/oos_Apr.24.2004', 'test/fixtures/oos/truncated-record.log'],
  'suricata-eve': ['test/fixtures/samples/suricata-sample-data/honeypot-2018.alerts-only.json'],
};
const LINES_PER_FILE = 300;

interface FormatSpec {
  year?: number;
  samples: { record: string }[];
}

export interface FuzzTarget {
  format: LogFormat;
  year: number;
  /** Real lines to mutate, and whole sample records to cut. */
  lines: readonly string[];
  records: readonly string[];
}

export function fuzzTargets(): FuzzTarget[] {
  return FORMATS.map((format) => {
    const spec = JSON.parse(read(`formats/${format.name}.json`)) as FormatSpec;
    const records = spec.samples.map((s) => s.record);
    const lines = records.flatMap((r) => r.split('\n'));
    for (const path of EXTRA_CORPUS[format.name] ?? []) lines.push(...read(path).split('\n').slice(0, LINES_PER_FILE));
    return { format, year: spec.year ?? 2004, lines: lines.filter((l) => l.length > 0), records };
  });
}

/** Byte strings that break parsers: NUL, invalid and cut UTF-8, separators, huge numbers. */
const NASTY: readonly Buffer[] = [
  '\u0000',
  '\r',
  ' ',
  ':',
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  '->',
  '[**]',
  '99999999999999999999',
  '-1',
  '\u202e',
  '\u001b[2J',
]
  .map((s) => Buffer.from(s))
  .concat([Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x82]), Buffer.from([0xed, 0xa0, 0x80])]);

/** One damaged line: a real line with a few of these edits applied. */
function mutatedLine(target: FuzzTarget): fc.Arbitrary<Buffer> {
  const edit = fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...NASTY) }),
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('drop' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ op: fc.constant('glue' as const), at: fc.nat(), other: fc.constantFrom(...target.lines) }),
    fc.record({ op: fc.constant('digits' as const), digit: fc.integer({ min: 0, max: 9 }) }),
  );
  return fc
    .tuple(fc.constantFrom(...target.lines), fc.array(edit, { minLength: 0, maxLength: 4 }))
    .map(([line, edits]) => {
      let b = Buffer.from(line);
      for (const e of edits) {
        const at = b.length === 0 ? 0 : ('at' in e ? e.at : 0) % (b.length + 1);
        if (e.op === 'cut') b = b.subarray(0, at);
        else if (e.op === 'insert') b = Buffer.concat([b.subarray(0, at), e.piece, b.subarray(at)]);
        else if (e.op === 'flip' && at < b.length) (b = Buffer.from(b))[at] = e.byte;
        else if (e.op === 'drop') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.n)]);
        else if (e.op === 'glue') b = Buffer.concat([b.subarray(0, at), Buffer.from(e.other)]);
        else if (e.op === 'digits') b = Buffer.from(b.toString('latin1').replace(/\d/g, String(e.digit)), 'latin1');
      }
      return b;
    });
}

/** A file's worth of hostile bytes for one format. */
export function hostileInput(target: FuzzTarget): fc.Arbitrary<Buffer> {
  const line = fc.oneof(
    { weight: 12, arbitrary: mutatedLine(target) },
    { weight: 6, arbitrary: fc.constantFrom(...target.lines).map((l) => Buffer.from(l)) },
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...target.records), fc.nat())
        .map(([r, at]) => Buffer.from(r.slice(0, at % (r.length + 1)))),
    },
    {
      weight: 1,
      // A giant line: just over the length cap in characters, or several times it in bytes.
      arbitrary: fc
        .tuple(fc.constantFrom(...target.lines), fc.constantFrom(MAX_LINE_CHARS + 1, 5 * MAX_LINE_CHARS), fc.boolean())
        .map(([l, n, multiByte]) => Buffer.from(l + (multiByte ? 'é' : 'x').repeat(n))),
    },
  );
  const lines = fc
    .tuple(fc.array(line, { minLength: 0, maxLength: 24, size: 'max' }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([lines, eol, trailing]) => {
      const body = Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [Buffer.from(eol), l])));
      return trailing && lines.length > 0 ? Buffer.concat([body, Buffer.from(eol)]) : body;
    });
  // One input in eight is bytes with no structure at all.
  return fc.oneof(
    { weight: 7, arbitrary: lines },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)) },
  );
}

/** What one input came to: the reference count and the real path's figures. */
export interface FuzzOutcome {
  records: number;
  rows: number;
  quarantined: number;
  recovered: number;
}

function context(target: FuzzTarget): ParseContext {
  return { file: 'fuzz', years: new YearTracker(target.year), clock: new ZoneClock('UTC') };
}

/**
 * The reference read: lines as `readLines` cuts them, flagged as it flags them, the rest through
 * the format's assembler and parser called directly (a throw here fails the property). Also runs
 * the fast lane, when there is one, on every line (a throw there would crash an import).
 */
function referenceRecords(target: FuzzTarget, input: Buffer): number {
  const { format } = target;
  const parse = format.createParser(context(target));
  const assembler = format.createAssembler?.() ?? createLineAssembler();
  const lane = format.createFastLane?.(context(target), new EventBatchBuilder(1 << 16)) ?? null;
  // Cut on the raw bytes, as the readers do: a newline byte always ends an invalid UTF-8
  // sequence, so decoding line by line gives what decoding the whole input gives.
  const lines: Buffer[] = [];
  for (let start = 0; start < input.length;) {
    let nl = input.indexOf(10, start);
    if (nl < 0) nl = input.length;
    lines.push(input.subarray(start, nl > start && input[nl - 1] === 13 ? nl - 1 : nl));
    start = nl + 1;
  }
  let records = 0;
  lines.forEach((bytes, i) => {
    if (lane && bytes.length <= MAX_LINE_CHARS) lane(bytes, 0, bytes.length, i + 1);
    const line = bytes.toString('utf8');
    if (line.length > MAX_LINE_CHARS || line.includes('\0')) {
      records++;
      return;
    }
    for (const record of assembler.push(line, i + 1)) if (parse(record).kind !== 'skip') records++;
  });
  for (const record of assembler.finish()) if (parse(record).kind !== 'skip') records++;
  return records;
}

/** The real path: bytes through `parseLogStream` (reader, lane, assembler, parser, FileParser). */
async function realPath(target: FuzzTarget, input: Buffer): Promise<Omit<FuzzOutcome, 'records'>> {
  const job: ParseJob = { file: 'fuzz', format: target.format.name, year: target.year, tz: 'UTC' };
  let emittedRows = 0;
  let emittedProblems = 0;
  const summary = await parseLogStream(
    job,
    Readable.from(input.length > 0 ? [input] : []),
    { start: 0, firstLine: 1 },
    {
      batch: async (b) => {
        emittedRows += b.rows;
      },
      problems: (p) => {
        emittedProblems += p.length;
      },
      progress: () => {},
    },
  );
  if (emittedRows !== summary.rows) throw new Error(`emitted ${emittedRows} rows, counted ${summary.rows}`);
  if (emittedProblems !== summary.quarantined)
    throw new Error(`emitted ${emittedProblems} problems, counted ${summary.quarantined}`);
  return { rows: summary.rows, quarantined: summary.quarantined, recovered: summary.recovered };
}

/** Fuzz one input: throws (failing the property) on a throw inside, or a record unaccounted for. */
export async function fuzzOnce(target: FuzzTarget, input: Buffer): Promise<FuzzOutcome> {
  const records = referenceRecords(target, input);
  const real = await realPath(target, input);
  const accounted = real.rows + real.quarantined - real.recovered;
  if (accounted !== records)
    throw new Error(
      `${target.format.name}: rows ${real.rows} + quarantined ${real.quarantined} − recovered ${real.recovered} = ${accounted}, but the input holds ${records} records`,
    );
  return { records, ...real };
}

/** The fast-check property for one format, counting what it tried into `tally`. */
export function fuzzProperty(
  target: FuzzTarget,
  tally: { inputs: number; records: number; bytes: number },
): fc.IAsyncPropertyWithHooks<[Buffer]> {
  return fc.asyncProperty(hostileInput(target), async (input) => {
    const outcome = await fuzzOnce(target, input);
    tally.inputs++;
    tally.records += outcome.records;
    tally.bytes += input.length;
  });
}
