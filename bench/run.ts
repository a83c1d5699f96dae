/**
 * `npm run bench [-- --mb 650] [--runs N] [--quick] [--keep]`: generate a classic three-day set,
 * ingest it end to end into a fresh DuckDB store, and time the queries analysts run first. Prints
 * MB/s, rows/s, ms and peak RSS; the latest figures are kept by hand in docs/PERFORMANCE.md with
 * the machine they ran on.
 *
 * Every ingest figure is also printed as a ratio to a bare probe (bench/bare-probe.mjs: a plain
 * byte loop + one Appender over the same files) run in the same process run, next to it: on a
 * shared VM whose speed drifts, the ratio is the figure to compare (issue 15). `--runs N`
 * alternates probe and ingest N times; `--quick` runs only that (default 32 MB), for a check
 * during development.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AddressBook } from '../src/core/address-book.js';
import { loadConfig } from '../src/core/config.js';
import { generateClassicLogs } from '../src/gen/generate-classic-logs.js';
import { parseLogStream } from '../src/ingest/line-feeder.js';
import { openLogStream } from '../src/ingest/read-lines.js';
import { topTalkers } from '../src/analyze/top-n/top-n.js';
import { buildIpTimeline } from '../src/analyze/ip-timeline/ip-timeline.js';
import { findStumblers } from '../src/analyze/stumble/stumble.js';
import { profileAddress } from '../src/analyze/profile/profile-address.js';
import { DuckDBStore } from '../src/store/duckdb/duckdb-store.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string' },
    runs: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    dir: { type: 'string', default: 'bench/data' },
    keep: { type: 'boolean', default: false },
  },
});
const mb = Number(values.mb ?? (values.quick ? '32' : '650'));
const runs = Number(values.runs);
if (!(mb > 0) || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('bench: --mb takes a positive number and --runs a whole number ≥ 1\n');
  process.exit(2);
}
const dataDir = join(values.dir!, `classic-${mb}mb-seed${values.seed}`);
const dbPath = join(values.dir!, `bench-${mb}mb.duckdb`);
const results: [string, string][] = [];
const record = (name: string, value: string): void => {
  results.push([name, value]);
  process.stdout.write(`${name.padEnd(44)} ${value}\n`);
};
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/** Median wall and CPU ms of `runs` calls after one warm-up (CPU counts DuckDB's threads too). */
async function median(fn: () => Promise<unknown>, runs = 5): Promise<{ ms: number; cpuMs: number }> {
  await fn(); // warm caches once
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    walls.push((await time(fn))[1]);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const mid = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { ms: mid(walls), cpuMs: mid(cpus) };
}

/** A query's median as printed: wall, then CPU (on a shared machine the CPU figure is the steadier). */
async function queryFigure(fn: () => Promise<unknown>): Promise<string> {
  const { ms, cpuMs } = await median(fn);
  return `${ms.toFixed(0)} ms, ${cpuMs.toFixed(0)} CPU-ms`;
}

interface IngestFigures {
  ms: number;
  cpuMs: number;
  rows: number;
  peakRssMb: number;
}

let built = false;
/**
 * End-to-end ingest by the compiled code (what `idsift ingest` runs) in a process of its own, so
 * the wall time, CPU time and peak RSS are the ingest's alone. Built first, once, so the figures
 * are for this checkout.
 */
function ingestCompiled(dir: string, store: string): IngestFigures {
  if (!built) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  built = true;
  return JSON.parse(
    execFileSync(process.execPath, ['bench/ingest-compiled.mjs', dir, store], { encoding: 'utf8' }),
  ) as IngestFigures;
}

/** The bare probe (bench/bare-probe.mjs) over the same files, in a process of its own. */
function bareProbe(dir: string, store: string): IngestFigures {
  const figures = JSON.parse(
    execFileSync(process.execPath, ['bench/bare-probe.mjs', dir, store], { encoding: 'utf8' }),
  ) as IngestFigures;
  for (const suffix of ['', '.wal']) rmSync(store + suffix, { force: true });
  return figures;
}

const mbPerS = (bytes: number, f: IngestFigures): number => bytes / 1e6 / (f.ms / 1000);
const rowsPerS = (f: IngestFigures): number => f.rows / (f.ms / 1000);
const times = (x: number, probe: number): string => `${(x / probe).toFixed(2)}×`;

/**
 * Ingest of `dir` and the bare probe over the same files, alternated `runs` times, each figure
 * printed with its ratio to the probe run just before it.
 */
function ingestAgainstProbe(label: string, dir: string, store: string, bytes: number): void {
  const ratios: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const probe = bareProbe(dir, `${store}.probe`);
    const ingest = ingestCompiled(dir, store);
    const tag = runs > 1 ? ` (run ${run})` : '';
    record(
      `bare probe ${(bytes / 1e6).toFixed(0)} MB${tag}`,
      `${(probe.ms / 1000).toFixed(2)} s, ${mbPerS(bytes, probe).toFixed(0)} MB/s, ${Math.round(rowsPerS(probe)).toLocaleString('en-US')} rows/s, ${(probe.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${probe.peakRssMb} MB`,
    );
    const ratio = mbPerS(bytes, ingest) / mbPerS(bytes, probe);
    ratios.push(ratio);
    record(
      `${label}${tag}`,
      `${(ingest.ms / 1000).toFixed(2)} s, ${mbPerS(bytes, ingest).toFixed(0)} MB/s (${times(mbPerS(bytes, ingest), mbPerS(bytes, probe))} probe), ` +
        `${Math.round(rowsPerS(ingest)).toLocaleString('en-US')} rows/s (${times(rowsPerS(ingest), rowsPerS(probe))}), ` +
        `${ingest.rows.toLocaleString('en-US')} rows, ${(ingest.cpuMs / 1000).toFixed(1)} s CPU (${times(ingest.cpuMs, probe.cpuMs)}), ` +
        `peak RSS ${ingest.peakRssMb} MB (${times(ingest.peakRssMb, probe.peakRssMb)})`,
    );
  }
  if (runs > 1) {
    const sorted = [...ratios].sort((a, b) => a - b);
    record(
      `${label}: MB/s ratio to probe over ${runs} runs`,
      `median ${sorted[Math.floor(runs / 2)]!.toFixed(2)}×, ${sorted[0]!.toFixed(2)}–${sorted[runs - 1]!.toFixed(2)}×`,
    );
  }
}

process.stdout.write(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);

// 1. Generate (kept between runs: same seed and size give the same bytes).
if (!existsSync(join(dataDir, 'truth.json'))) {
  mkdirSync(dataDir, { recursive: true });
  const [, ms] = await time(() => generateClassicLogs({ outDir: dataDir, mb, seed: Number(values.seed) }));
  record(`gen ${mb} MB`, `${(ms / 1000).toFixed(1)} s, ${((mb * 2 ** 20) / 1e6 / (ms / 1000)).toFixed(0)} MB/s`);
}
const logFiles = readdirSync(dataDir).filter((f) => /^(alert|scans|oos)/.test(f));
const totalBytes = logFiles.reduce((n, f) => n + statSync(join(dataDir, f)).size, 0);

// 2. End-to-end ingest into a fresh store, against the bare probe over the same files.
ingestAgainstProbe(`ingest ${(totalBytes / 1e6).toFixed(0)} MB end to end`, dataDir, dbPath, totalBytes);
if (values.quick) {
  for (const suffix of ['', '.wal']) rmSync(dbPath + suffix, { force: true });
  process.exit(0);
}

// 2a. Parse-only throughput per format, one thread (no store).
for (const [kind, format] of [
  ['alert', 'snort-fast'],
  ['scans', 'snort-scans'],
  ['oos', 'snort-oos'],
] as const) {
  const file = logFiles.find((f) => f.startsWith(kind))!;
  const path = join(dataDir, file);
  let rows = 0;
  const [, ms] = await time(() =>
    parseLogStream(
      { file, format, year: 2004, tz: 'UTC' },
      openLogStream(path, false).stream,
      { start: 0, firstLine: 1 },
      { batch: async (b) => void (rows += b.rows), problems: () => {}, progress: () => {} },
    ),
  );
  const bytes = statSync(path).size;
  record(
    `parse ${format} (1 thread)`,
    `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s, ${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`,
  );
}

// 2b. Today's formats: real Suricata records from test/fixtures/samples, repeated to ~60 MB.
const samplesDir = new URL('../test/fixtures/samples/suricata-verify/', import.meta.url);
if (existsSync(samplesDir)) {
  for (const [format, pick] of [
    ['suricata-eve', (name: string) => name.endsWith('__eve.json')],
    ['suricata-fast', (name: string) => name.endsWith('__fast.log')],
  ] as const) {
    const lines = readdirSync(samplesDir)
      .filter(pick)
      .flatMap((name) => readFileSync(new URL(name, samplesDir), 'utf8').split('\n'))
      .filter((l) => l.trim().length > 0 && !l.includes('"event_type":"stats"'));
    const block = `${lines.join('\n')}\n`;
    const repeated = block.repeat(Math.ceil(60e6 / block.length));
    const path = join(values.dir!, `${format}-sample.log`);
    writeFileSync(path, repeated);
    let rows = 0;
    const [, ms] = await time(() =>
      parseLogStream(
        { file: path, format, year: 2016, tz: 'UTC' },
        openLogStream(path, false).stream,
        { start: 0, firstLine: 1 },
        { batch: async (b) => void (rows += b.rows), problems: () => {}, progress: () => {} },
      ),
    );
    record(
      `parse ${format} (1 thread)`,
      `${(repeated.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s, ${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`,
    );
    if (format === 'suricata-eve') {
      const eveDir = join(values.dir!, 'eve-sample');
      rmSync(eveDir, { recursive: true, force: true });
      mkdirSync(eveDir);
      writeFileSync(join(eveDir, 'eve.json'), repeated);
      const eve = ingestCompiled(eveDir, join(values.dir!, 'bench-eve.duckdb'));
      record(
        `ingest ${(repeated.length / 1e6).toFixed(0)} MB EVE end to end`,
        `${(eve.ms / 1000).toFixed(2)} s, ${(repeated.length / 1e6 / (eve.ms / 1000)).toFixed(0)} MB/s, ${Math.round(eve.rows / (eve.ms / 1000)).toLocaleString('en-US')} rows/s`,
      );
      rmSync(eveDir, { recursive: true, force: true });
      for (const suffix of ['', '.wal']) rmSync(join(values.dir!, `bench-eve.duckdb${suffix}`), { force: true });
      // EVE against its probes (DuckDB's own NDJSON reader, JSON.parse alone) in one run of its own.
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/eve-bench.ts', '--no-build', '--dir', values.dir!], {
        stdio: 'inherit',
      });
    }
    rmSync(path, { force: true });
  }
}

// 3b. A folder of rotated logs: the first day's scans log cut at line ends into ~5 MB files, the
// way sensors rotate. Per-file costs (a transaction, a commit, a parse job each) show up here.
{
  const rotatedDir = join(values.dir!, 'rotated-5mb');
  rmSync(rotatedDir, { recursive: true, force: true });
  mkdirSync(rotatedDir);
  const day = readFileSync(
    join(
      dataDir,
      readdirSync(dataDir).find((n) => n.startsWith('scans.'))!,
    ),
  );
  let files = 0;
  for (let start = 0; start < day.length; files++) {
    const cut = day.indexOf(10, Math.min(day.length - 1, start + 5_000_000));
    const end = cut < 0 ? day.length : cut + 1;
    writeFileSync(join(rotatedDir, `scans.040420-${String(files).padStart(3, '0')}`), day.subarray(start, end));
    start = end;
  }
  const rotated = ingestCompiled(rotatedDir, join(values.dir!, 'bench-rotated.duckdb'));
  record(
    `ingest ${files} rotated files, ${(day.length / 1e6).toFixed(0)} MB`,
    `${(rotated.ms / 1000).toFixed(2)} s, ${(day.length / 1e6 / (rotated.ms / 1000)).toFixed(0)} MB/s, ${(rotated.cpuMs / 1000).toFixed(1)} s CPU`,
  );
  rmSync(rotatedDir, { recursive: true, force: true });
  for (const suffix of ['', '.wal']) rmSync(join(values.dir!, `bench-rotated.duckdb${suffix}`), { force: true });
}
const config = loadConfig(join(dataDir, 'idsift.config.json'));
const book = new AddressBook(config.address);
const store = await DuckDBStore.open(dbPath);
await store.applyAddressBook(book, config.addressHash);

// 3c. DuckDB's own floor for storing these rows: the core table copied into a new one, no JS.
{
  const cpu = process.cpuUsage();
  const [, ms] = await time(() => store.run('CREATE TABLE bench_floor AS SELECT * FROM events_core'));
  const used = process.cpuUsage(cpu);
  await store.run('DROP TABLE bench_floor');
  record(
    'DuckDB floor: events_core copied, no JS',
    `${(ms / 1000).toFixed(2)} s, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`,
  );
}

// 4. The first queries of an analyst.
for (const group of book.groupNames()) {
  record(`top talkers --group ${group}`, await queryFigure(() => topTalkers(store, { group, limit: 5 })));
}
const truth = JSON.parse(readFileSync(join(dataDir, 'truth.json'), 'utf8')) as {
  topTalkers: { internal: { key: string }[] };
};
const busy = truth.topTalkers.internal[0]!.key;
record(`ip ${busy} (busiest internal host)`, await queryFigure(() => buildIpTimeline(store, book, busy)));
record('stumble', await queryFigure(() => findStumblers(store)));
// What the web workbench's address page asks for the same host (serve's /api/ip).
record(`profile ${busy} (the address page's lists)`, await queryFigure(() => profileAddress({ store, book }, busy)));

// 5. Analyses owned by their modules, when present.
for (const script of ['detect-bench.ts', 'report-bench.ts']) {
  const path = new URL(`./${script}`, import.meta.url);
  if (!existsSync(path)) continue;
  const mod = (await import(path.href)) as {
    benchmark?: (ctx: { store: DuckDBStore; book: AddressBook; config: typeof config }) => Promise<[string, string][]>;
  };
  if (!mod.benchmark) continue;
  for (const [name, value] of await mod.benchmark({ store, book, config })) record(name, value);
}
record('peak RSS overall', `${peakRssMb()} MB`);
await store.close();
if (!values.keep) for (const suffix of ['', '.wal']) rmSync(dbPath + suffix, { force: true });
