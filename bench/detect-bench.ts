/**
 * `node --import tsx bench/detect-bench.ts [--mb 650] [--seed 1] [--dir bench/data] [--runs 3] [--steps] [--queries]`
 * (or `--db store.duckdb [--config idsift.config.json]` for a store ingested already, e.g. the
 * resolver-shaped set of bench/resolver-set.ts): times `runDetects` (what `idsift detect` runs) on a
 * generated classic set of the given size (generated and ingested once, then kept in --dir), and
 * prints the wall-clock and CPU ms of each run, of each detect module (`--steps`) and of each detect
 * query (`--queries`). `npm run bench` also calls `benchmark()` on its own store.
 *
 * Target: a ~650 MB store (≈9 M events) in under 5 s. The CPU figure counts DuckDB's threads too:
 * on a loaded machine it is the fairer number (wall ≈ CPU / cores when the machine is idle).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openBenchStore } from './open-bench-store.js';
import { runDetects, type DetectStep } from '../src/analyze/detect/run-detects.js';
import { openContext } from '../src/present/cli/cli-context.js';
import { AddressBook } from '../src/core/address-book.js';
import type { IdsiftConfig } from '../src/core/config.js';
import type { SqlValue, Store } from '../src/store/store.js';

export interface DetectBenchContext {
  store: Store;
  book: AddressBook;
  config: IdsiftConfig;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
  findings: number;
}

/** One run of every detect, timed. */
async function timeRun(ctx: DetectBenchContext): Promise<Timing> {
  const wall = Date.now();
  const cpu = process.cpuUsage();
  const findings = await runDetects(ctx);
  const used = process.cpuUsage(cpu);
  return { wallMs: Date.now() - wall, cpuMs: Math.round((used.user + used.system) / 1000), findings: findings.length };
}

/** Run the detects `runs` times (the first warms the caches); rows of [name, value] for the harness. */
export async function benchmark(ctx: DetectBenchContext, runs = 2): Promise<[string, string][]> {
  const [events] = await ctx.store.all<{ n: number }>('SELECT count(*) AS n FROM events_raw');
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) timings.push(await timeRun(ctx));
  const best = timings.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  return [
    [
      `detect (${Number(events!.n).toLocaleString('en-US')} events, ${best.findings} findings)`,
      `${best.wallMs.toLocaleString('en-US')} ms wall, ${best.cpuMs.toLocaleString('en-US')} ms CPU (best of ${runs})`,
    ],
  ];
}

/** Time every step (module) and query of one run (wrapping the store); queries slowest first. */
async function profileQueries(ctx: DetectBenchContext, steps: DetectStep[]): Promise<[string, number, number][]> {
  const out: [string, number, number][] = [];
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const wall = Date.now();
      const cpu = process.cpuUsage();
      const result = await fn(...args);
      const used = process.cpuUsage(cpu);
      const query = args[0] as string | { text: string };
      const text = (typeof query === 'string' ? query : query.text).replace(/\s+/g, ' ').trim();
      out.push([text.slice(0, 70), Date.now() - wall, Math.round((used.user + used.system) / 1000)]);
      return result;
    };
  const store = ctx.store;
  const profiled: Store = Object.create(store) as Store;
  Object.assign(profiled, {
    all: wrap((sql: string, params?: readonly SqlValue[]) => store.all(sql, params)),
    run: wrap((sql: string, params?: readonly SqlValue[]) => store.run(sql, params)),
    numericColumns: wrap(store.numericColumns.bind(store)),
  });
  await runDetects({ ...ctx, store: profiled }, [], steps);
  return out.sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '650' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string', default: 'bench/data' },
      runs: { type: 'string', default: '3' },
      queries: { type: 'boolean', default: false },
      steps: { type: 'boolean', default: false },
      db: { type: 'string' },
      config: { type: 'string' },
    },
  });
  const { store, book, config } =
    values.db === undefined
      ? await openBenchStore({
          name: 'detect-bench',
          mb: Number(values.mb),
          seed: Number(values.seed),
          dir: values.dir!,
        })
      : await openContext({ db: values.db, ...(values.config === undefined ? {} : { config: values.config }) });
  try {
    for (const [name, value] of await benchmark({ store, book, config }, Number(values.runs))) {
      process.stdout.write(`${name.padEnd(52)} ${value}\n`);
    }
    if (values.queries || values.steps) {
      const steps: DetectStep[] = [];
      const queries = await profileQueries({ store, book, config }, steps);
      for (const s of steps) {
        process.stdout.write(
          `  step ${s.step.padEnd(28)} ${String(s.wallMs).padStart(7)} ms wall ${String(s.cpuMs).padStart(7)} ms CPU\n`,
        );
      }
      if (values.queries) {
        for (const [sql, wall, cpu] of queries) {
          process.stdout.write(`  ${String(wall).padStart(6)} ms wall ${String(cpu).padStart(6)} ms CPU  ${sql}\n`);
        }
      }
    }
  } finally {
    await store.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
