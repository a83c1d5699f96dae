/**
 * The differential harness, the gate for every change to ingest: the same bytes, fed every way
 * idsift takes them — a file (parsed inline and on a worker), a folder, a glob, gzip, standard
 * input with and without `--format`, and `ingest --follow` fed in pieces cut at random byte
 * positions (mid-line, mid-record) across many polls, with a rotation (writes to the renamed file
 * after the rename), a truncation, and a restart of the follower mid-stream — must store exactly
 * what one batch ingest of the file stores: every `events_raw` column of every event, every
 * quarantine row, and the per-file figures (see test/harness/dump-store.ts for the two kinds of
 * ids left out and why). Property-based: fast-check prints the seed and the shrunk case on failure;
 * IDSIFT_HARNESS_SEED replays one seed, IDSIFT_HARNESS_RUNS sets the runs per property.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
  appendFileSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { dumpStore, type StoreDump } from '../../test/harness/dump-store.js';
import { Follower, type FollowOptions } from './follow-files.js';
import { ingestFiles, type IngestOptions } from './ingest-files.js';

const SAMPLES = new URL('../../test/fixtures/samples/', import.meta.url).pathname;
const FORMATS_DIR = new URL('../../formats/', import.meta.url).pathname;
const YEAR = 2004;
/**
 * A fixed seed in `npm test`, so the gate is the same in every run; `IDSIFT_HARNESS_SEED=random`
 * explores. Every case a seed once failed on is kept in FOLLOW_FOUND / ROTATE_FOUND below and
 * replayed first in every run, whatever the seed: CI re-checks each bug ever found at the cost of
 * one run each, and a run's verdict never depends on anything but the code. (Seeds derived from
 * the commit would explore in CI, but an old bug would then fail whichever unrelated commit
 * happened to draw it — a flaky-looking gate; exploring is done apart, e.g.
 * `IDSIFT_HARNESS_SEED=random IDSIFT_HARNESS_RUNS=10`, and each case found is pinned here.)
 */
const SEED_SETTING = process.env.IDSIFT_HARNESS_SEED ?? '123457';
const SEED = SEED_SETTING === 'random' ? Date.now() % 1_000_000 : Number(SEED_SETTING);
const RUNS = Number(process.env.IDSIFT_HARNESS_RUNS ?? 3);

/** Follow cases (cuts, restart) exploration once failed on, by case name, with the seed that found them. */
const FOLLOW_FOUND: Record<string, [cuts: number[], restart: number | undefined][]> = {
  // Seed 796087: restarted while the first multi-line record was open → a second, empty file row.
  'alert.full': [[[96], 1516237514]],
};
/** Rotation/truncation cases (split, cuts, truncate) exploration once failed on, by case name. */
const ROTATE_FOUND: Record<string, [split: number, cuts: number[], truncate: boolean][]> = {
  // Seed 29764 (IDSIFT_HARNESS_RUNS=10) failed on this case once, under a load average of ~16, with
  // the printout cut before the difference; it passed in three replays since (this case alone, the
  // whole seed twice). Kept so that every run tries it again; `difference` now prints what differs.
  'eve.json': [[10879, [2, 3, 4, 11, 2675, 14620, 17188, 17818, 29559, 36469, 38972], false]],
};

interface Case {
  /** File name: formats are sniffed from content, a date in the name gives year-less logs theirs. */
  name: string;
  format: string;
  bytes: Buffer;
}

/** One input per format, from the generator and the real sensor samples. */
async function cases(): Promise<Case[]> {
  const { generateClassicLogs } = await import('../gen/generate-classic-logs.js');
  const gen = mkdtempSync(join(tmpdir(), 'idsift-harness-gen-'));
  await generateClassicLogs({ outDir: gen, mb: 0.5, seed: 7, workers: 1 });
  const scans = readFileSync(join(gen, 'scans.040420'));
  const full = JSON.parse(readFileSync(join(FORMATS_DIR, 'snort-full.json'), 'utf8')) as {
    samples: { record: string }[];
  };
  return [
    { name: 'alert.040420', format: 'snort-fast', bytes: readFileSync(join(gen, 'alert.040420')) },
    // A third of a day of scans: thousands of lines is plenty to cut.
    { name: 'scans.040420', format: 'snort-scans', bytes: scans.subarray(0, scans.indexOf(10, 48_000) + 1) },
    { name: 'oos_Apr.24.2004', format: 'snort-oos', bytes: readFileSync(join(gen, 'oos_Apr.24.2004')) },
    {
      name: 'eve.json',
      format: 'suricata-eve',
      bytes: readFileSync(join(SAMPLES, 'suricata-verify', 'dnp3__eve.json')),
    },
    {
      name: 'eve-array.json',
      format: 'suricata-eve',
      bytes: readFileSync(join(SAMPLES, 'suricata-sample-data', 'honeypot-2018.alerts-only.json')),
    },
    {
      name: 'fast.log',
      format: 'suricata-fast',
      bytes: readFileSync(join(SAMPLES, 'suricata-verify', 'http2-files__fast.log')),
    },
    {
      name: 'alert.full',
      format: 'snort-full',
      // Every sample record (bad ones too), blank-line separated as Snort writes them, twice over.
      bytes: Buffer.from(`${[...full.samples, ...full.samples].map((s) => s.record).join('\n\n')}\n\n`),
    },
  ];
}

/** An in-memory store that outlives the sessions a follower opens and closes. */
function sharedSink(store: DuckDBStore): FollowOptions['openSink'] {
  return async () => ({
    listFiles: () => store.listFiles(),
    beginFile: (file) => store.beginFile(file),
    close: async () => {},
  });
}

async function storedBy(options: Omit<IngestOptions, 'year'>): Promise<StoreDump> {
  const store = await DuckDBStore.open(':memory:');
  try {
    const report = await ingestFiles(store, { ...options, year: YEAR });
    assert.ok(
      report.files.every((f) => f.status === 'ingested'),
      JSON.stringify(report.files),
    );
    return await dumpStore(store);
  } finally {
    await store.close();
  }
}

/** Batch ingests of these contents, each as a file of its own. */
async function reference(dir: string, name: string, parts: Buffer[], format?: string): Promise<StoreDump> {
  const paths = parts.map((bytes, i) => {
    mkdirSync(join(dir, `ref-${i}`), { recursive: true });
    const path = join(dir, `ref-${i}`, name);
    writeFileSync(path, bytes);
    return path;
  });
  return storedBy({ paths, ...(format ? { format } : {}) });
}

/** Sorted distinct cut positions inside `n` bytes. */
const cutsOf = (n: number): fc.Arbitrary<number[]> =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, n - 1) }), { minLength: 1, maxLength: 12 })
    .map((cuts) => cuts.sort((a, b) => a - b));

/** Split bytes at the cuts. */
function piecesOf(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    if (at > from) out.push(bytes.subarray(from, at));
    from = at;
  }
  return out;
}

/** Drive a follower by hand: one poll after each write; `restartAt` stops it and starts a new one. */
class Driver {
  private follower: Follower;
  constructor(
    private readonly path: string,
    private readonly store: DuckDBStore,
    private readonly format?: string,
  ) {
    this.follower = this.start();
  }
  private start(): Follower {
    return new Follower({
      paths: [this.path],
      year: YEAR,
      ...(this.format ? { format: this.format } : {}),
      signal: new AbortController().signal,
      openSink: sharedSink(this.store),
    });
  }
  poll(): Promise<void> {
    return this.follower.poll();
  }
  async restart(): Promise<void> {
    await this.follower.stop();
    this.follower = this.start();
  }
  /**
   * The sensor closes the log for good (rotates it away) and the follower is stopped: every file
   * has ended, so a record still open is final, as it is at the end of a batch-ingested file. (A
   * follower merely stopped leaves an open record for the next run, which the restart covers.)
   */
  async finish(): Promise<void> {
    renameSync(this.path, `${this.path}.closed`);
    await this.follower.poll();
    await this.follower.stop();
  }
}

const label = (c: Case, way: string): string => `${c.name} (${c.format}) ${way}`;

/**
 * `warnings`: compare the files' integrity warnings too — where the file has the reference's name
 * (a name date is part of them) and no follower restart split the figures they state.
 */
function assertSame(actual: StoreDump, expected: StoreDump, what: string, warnings = false): void {
  assert.ok(expected.events.length > 0, `${what}: the reference has events`);
  assert.deepEqual(actual.events, expected.events, `${what}: events${difference(actual.events, expected.events)}`);
  assert.deepEqual(actual.quarantine, expected.quarantine, `${what}: quarantine`);
  assert.deepEqual(actual.files, expected.files, `${what}: per-file figures`);
  if (warnings) assert.deepEqual(actual.warnings, expected.warnings, `${what}: integrity warnings`);
}

/**
 * What differs, short: rows are long (every column, the raw line) and a failure's printout is
 * cut, so the rows only one side has come first, each clipped, the one that tells the story too.
 */
function difference(actual: readonly string[], expected: readonly string[]): string {
  const count = (rows: readonly string[]): Map<string, number> => {
    const n = new Map<string, number>();
    for (const r of rows) n.set(r, (n.get(r) ?? 0) + 1);
    return n;
  };
  const a = count(actual);
  const e = count(expected);
  const surplus = (x: Map<string, number>, y: Map<string, number>): string[] =>
    [...x].filter(([r, n]) => n > (y.get(r) ?? 0)).map(([r, n]) => `${n - (y.get(r) ?? 0)}× ${r.slice(0, 240)}`);
  const extra = surplus(a, e);
  const missing = surplus(e, a);
  return ` (${actual.length} stored, ${expected.length} expected; ${extra.length} row(s) only stored, ${missing.length} only expected)\nonly stored:\n${extra.slice(0, 4).join('\n')}\nonly expected:\n${missing.slice(0, 4).join('\n')}\n`;
}

test('every way in stores what one batch ingest stores: file, worker, folder, glob, gzip, stdin', async () => {
  for (const c of await cases()) {
    const dir = mkdtempSync(join(tmpdir(), 'idsift-harness-'));
    const expected = await reference(dir, c.name, [c.bytes]);
    const path = join(dir, 'in', c.name);
    mkdirSync(join(dir, 'in'));
    writeFileSync(path, c.bytes);
    writeFileSync(join(dir, 'gz.gz'), gzipSync(c.bytes));
    const ways: [string, Omit<IngestOptions, 'year'>][] = [
      ['as a file on a worker thread', { paths: [path], inlineParseBytes: 0 }],
      ['as a folder', { paths: [join(dir, 'in')] }],
      ['by a glob', { paths: [join(dir, 'i[n]', '*')] }],
      ['gzip', { paths: [join(dir, 'gz.gz')] }],
      ['stdin, sniffed', { paths: ['-'], stdin: createReadStream(path, { highWaterMark: 1009 }) }],
      ['stdin, --format', { paths: ['-'], format: c.format, stdin: createReadStream(path, { highWaterMark: 4099 }) }],
      ['gzip on stdin', { paths: ['-'], stdin: createReadStream(join(dir, 'gz.gz'), { highWaterMark: 997 }) }],
    ];
    for (const [way, options] of ways) {
      assertSame(await storedBy(options), expected, label(c, way), !/gzip|stdin/.test(way));
    }
  }
});

/**
 * Run one follow case against a fresh in-memory store. fast-check reports the seed and the case;
 * what went wrong with it is printed here, and the store is always closed.
 */
async function withFollowStore(body: (store: DuckDBStore) => Promise<void>): Promise<void> {
  const store = await DuckDBStore.open(':memory:');
  try {
    await body(store);
  } catch (error) {
    console.log(String(error).slice(0, 6000));
    throw error;
  } finally {
    await store.close();
  }
}

test('follow: appends cut at random bytes, polled between, with a restart mid-stream, store what a batch ingest stores', async () => {
  const all = await cases();
  console.log(`every-way-in follow: seed ${SEED}, ${RUNS} runs per format (IDSIFT_HARNESS_SEED=${SEED} replays)`);
  for (const c of all) {
    const dir = mkdtempSync(join(tmpdir(), 'idsift-harness-follow-'));
    const expected = await reference(dir, c.name, [c.bytes]);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(cutsOf(c.bytes.length), fc.option(fc.nat(), { nil: undefined }), async (cuts, restart) => {
        const work = join(dir, `run-${run++}`);
        mkdirSync(work);
        const path = join(work, c.name);
        await withFollowStore(async (store) => {
          writeFileSync(path, '');
          const driver = new Driver(path, store);
          const pieces = piecesOf(c.bytes, cuts);
          const restartAt = restart === undefined ? -1 : restart % pieces.length;
          for (const [i, piece] of pieces.entries()) {
            appendFileSync(path, piece);
            await driver.poll();
            if (i === restartAt) await driver.restart();
          }
          await driver.finish();
          assertSame(
            await dumpStore(store),
            expected,
            label(c, `follow, cuts ${cuts.join(',')}, restart ${restartAt}`),
            restartAt === -1,
          );
        });
      }),
      { seed: SEED, numRuns: RUNS, examples: FOLLOW_FOUND[c.name] ?? [] },
    );
  }
});

test('follow: a rotation (writes to the renamed file after the rename) and a truncation store what batch ingests of the two contents store', async () => {
  const all = await cases();
  console.log(`every-way-in rotation/truncation: seed ${SEED}, ${RUNS} runs per format`);
  for (const c of all) {
    const dir = mkdtempSync(join(tmpdir(), 'idsift-harness-rotate-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: c.bytes.length - 1 }),
        cutsOf(c.bytes.length),
        fc.boolean(),
        async (split, cuts, truncate) => {
          const work = join(dir, `run-${run++}`);
          mkdirSync(work);
          const first = c.bytes.subarray(0, split);
          const second = c.bytes.subarray(split);
          const expected = await reference(work, c.name, [first, second], c.format);
          const path = join(work, c.name);
          await withFollowStore(async (store) => {
            writeFileSync(path, '');
            // With --format: a file rotated away before its first lines could be sniffed is not
            // what this property is about (following one path, such a file is never seen).
            const driver = new Driver(path, store, c.format);
            await driver.poll();
            // The first content in pieces; after a rotation, the last piece goes to the renamed file.
            const head = piecesOf(
              first,
              cuts.filter((x) => x < split),
            );
            const late = truncate || head.length === 1 ? Buffer.alloc(0) : head.pop()!;
            for (const piece of head) {
              appendFileSync(path, piece);
              await driver.poll();
            }
            if (truncate) truncateSync(path, 0);
            else {
              renameSync(path, `${path}.1`);
              appendFileSync(`${path}.1`, late);
            }
            for (const piece of piecesOf(
              second,
              cuts.filter((x) => x > split).map((x) => x - split),
            )) {
              appendFileSync(path, piece);
              await driver.poll();
            }
            await driver.finish();
            assertSame(
              await dumpStore(store),
              expected,
              label(c, `${truncate ? 'truncated' : 'rotated'} at ${split}, cuts ${cuts.join(',')}`),
              true,
            );
          });
        },
      ),
      { seed: SEED, numRuns: RUNS, examples: ROTATE_FOUND[c.name] ?? [] },
    );
  }
});
