/**
 * `node --import tsx bench/report-bench.ts [--mb 650] [--seed 1] [--dir bench/data] [--pdf] [--skip-detects]`:
 * times `idsift report` on a generated classic set of the given size (generated and ingested once,
 * then kept in --dir), and prints the wall-clock ms of each step. `npm run bench` also calls
 * `benchmark()` on its own store.
 *
 * Target: a ~650 MB store (≈9 M events) reported in under 10 s.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openBenchStore } from './open-bench-store.js';
import { AddressBook } from '../src/core/address-book.js';
import type { IdsiftConfig } from '../src/core/config.js';
import { REPORT_ANALYSES } from '../src/present/report/collect-report-data.js';
import { writeReport } from '../src/present/report/write-report.js';
import type { Store } from '../src/store/store.js';

export interface ReportBenchContext {
  store: Store;
  book: AddressBook;
  config: IdsiftConfig;
}

export interface ReportBenchOptions {
  pdf?: boolean;
  /**
   * Leave the detects out (an empty finding list): measures the report's own work — SQL, profiles,
   * rendering — apart from the detect analyses, which have their own benchmark.
   */
  skipDetects?: boolean;
}

/** Write the HTML report (and the PDF with `pdf`) once; rows of [name, value] for the harness. */
export async function benchmark(
  ctx: ReportBenchContext,
  options: ReportBenchOptions = {},
): Promise<[string, string][]> {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-report-bench-'));
  try {
    const out = join(dir, 'report.html');
    const analyses = options.skipDetects ? { ...REPORT_ANALYSES, runDetects: async () => [] } : REPORT_ANALYSES;
    const written = await writeReport(ctx, analyses, {
      out,
      ...(options.pdf ? { pdf: join(dir, 'report.pdf') } : {}),
    });
    const [events] = await ctx.store.all<{ n: number }>('SELECT count(*) AS n FROM events_raw');
    const rows: [string, string][] = [
      [
        `report (${Number(events!.n).toLocaleString('en-US')} events, ${options.skipDetects ? 'detects skipped' : `${written.data.findings.length} detects`})`,
        `${written.ms.toLocaleString('en-US')} ms, ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB HTML`,
      ],
    ];
    for (const [step, ms] of Object.entries(written.data.meta.timings))
      rows.push([`  report: ${step}`, `${ms.toLocaleString('en-US')} ms`]);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '650' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string', default: 'bench/data' },
      pdf: { type: 'boolean', default: false },
      'skip-detects': { type: 'boolean', default: false },
    },
  });
  const { store, book, config } = await openBenchStore({
    name: 'report-bench',
    mb: Number(values.mb),
    seed: Number(values.seed),
    dir: values.dir!,
  });
  try {
    for (const [name, value] of await benchmark(
      { store, book, config },
      { pdf: values.pdf, skipDetects: values['skip-detects'] },
    )) {
      process.stdout.write(`${name.padEnd(52)} ${value}\n`);
    }
  } finally {
    await store.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
