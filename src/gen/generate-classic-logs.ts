/**
 * `idsift gen`: writes a seeded three-day set of classic Snort 1.8 sensor logs (alert, scans, oos),
 * with the three detects of docs/PRODUCT.md injected (or, `backgroundOnly`, the same site with no
 * attack at all), and the ground truth to check the tool against.
 * Each day is written on its own (see generate-day.ts), in worker threads when the set is big
 * enough for that to pay; the bytes are the same either way.
 *
 * @example await generateClassicLogs({ outDir: 'data/demo', mb: 5, seed: 1 })
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CONFIG_FILE_NAME } from '../core/config.js';
import { UserError } from '../core/errors.js';
import type { DayTally } from './day-tally.js';
import { BYTES_PER_MB, DAYS, generateDay, type DayJob } from './generate-day.js';
import { CLASSIC_CONFIG, type GroundTruth } from './ground-truth.js';
import { HostRegistry } from './host.js';
import { parseIsoDate } from './log-clock.js';
import { planScenarios } from './plan-scenarios.js';
import { Random } from './random.js';
import { buildSite } from './site.js';
import { summarizeTallies } from './summarize-tallies.js';

export type { GroundTruth } from './ground-truth.js';

export interface GenerateOptions {
  outDir: string;
  /** Total size of the log files in MiB (2^20 bytes), 0.5 … 2000. */
  mb: number;
  seed: number;
  /** Leave out the three injected detects. */
  backgroundOnly?: boolean;
  /** First of the three days, `YYYY-MM-DD` (UTC); default 2004-04-20 like the classic data. */
  startDate?: string;
  onProgress?: (bytesWritten: number, totalBytes: number) => void;
  /**
   * Days written at once (this thread plus worker threads); 1 writes them one after the other in
   * this thread. Default from 20 MB up: 2 with 3 or more CPUs, else 1. The output does not depend on it.
   */
  workers?: number;
}

export const TRUTH_FILE_NAME = 'truth.json';
export { BYTES_PER_MB } from './generate-day.js';
export const MB_RANGE = { min: 0.5, max: 2000 } as const;
/**
 * A worker's old generation is capped well above a day's live data (under 40 MB even at 2000 MB),
 * so that V8 collects instead of growing: three heaps left to grow would break the memory bound.
 */
const WORKER_OLD_GENERATION_MB = 96;
/**
 * Two days at once by default when a CPU is left over for the file system (with two CPUs a second
 * thread was slower on a busy machine): this thread and one worker stay under 250 MB even at
 * 2000 MB; three (`workers: 3`) are faster on an idle machine but come close to 300 MB.
 */
const DEFAULT_THREADS = 2;
/** Below this a worker's start-up costs more than it saves. */
const WORKERS_FROM_MB = 20;

export async function generateClassicLogs(options: GenerateOptions): Promise<GroundTruth> {
  const { outDir, mb, seed, backgroundOnly = false, startDate = '2004-04-20', onProgress } = options;
  if (!Number.isFinite(mb) || mb < MB_RANGE.min || mb > MB_RANGE.max) {
    throw new UserError(`--mb must be between ${MB_RANGE.min} and ${MB_RANGE.max} (got ${mb})`);
  }
  if (!Number.isSafeInteger(seed)) throw new UserError(`--seed must be an integer (got ${seed})`);
  const start = parseIsoDate(startDate);
  if (Number.isNaN(start)) throw new UserError(`start date must be a real YYYY-MM-DD date (got "${startDate}")`);
  await mkdir(outDir, { recursive: true });

  const totalBytes = Math.round(mb * BYTES_PER_MB);
  const produced = new Array<number>(DAYS).fill(0);
  const report = (day: number, bytes: number): void => {
    produced[day] = bytes;
    onProgress?.(
      produced.reduce((a, b) => a + b, 0),
      totalBytes,
    );
  };
  const jobs: DayJob[] = Array.from({ length: DAYS }, (_, day) => ({
    outDir,
    mb,
    seed,
    backgroundOnly,
    startDate,
    day,
  }));
  const fallback = mb >= WORKERS_FROM_MB ? Math.min(DEFAULT_THREADS, availableParallelism() - 1) : 1;
  const requested = Number.isFinite(options.workers) ? options.workers! : fallback;
  const threads = Math.max(1, Math.min(DAYS, Math.floor(requested)));
  const tallies = await runDays(jobs, threads, report);

  // The scenarios' truth is planned, not counted: the same plan every day's writer followed.
  const hosts = new HostRegistry();
  const site = buildSite(new Random(seed, 1), hosts);
  const scenarios = backgroundOnly ? {} : planScenarios(seed, site, hosts, start).truth;
  const names = (list: readonly { alertName: string }[]): string[] => list.map((h) => h.alertName);
  const truth: GroundTruth = {
    seed,
    mb,
    backgroundOnly,
    startDate,
    config: CLASSIC_CONFIG,
    ...summarizeTallies(tallies),
    roles: {
      dnsServers: names(site.dnsServers),
      mailServers: names(site.mailServers),
      webServers: names(site.webServers),
      busyClients: names(site.busyClients),
      netbiosChatter: names(site.netbiosChatter),
    },
    scenarios,
  };
  await writeFile(`${outDir}/${CONFIG_FILE_NAME}`, `${JSON.stringify(CLASSIC_CONFIG)}\n`);
  await writeFile(`${outDir}/${TRUTH_FILE_NAME}`, `${JSON.stringify(truth, null, 2)}\n`);
  const bytes = truth.files.reduce((sum, f) => sum + f.bytes, 0);
  onProgress?.(bytes, bytes);
  return truth;
}

/**
 * Write the days, `threads` at a time: this thread takes days too (it would only wait otherwise),
 * so two threads cost one worker and three cost two — which keeps memory within bounds.
 */
async function runDays(
  jobs: DayJob[],
  threads: number,
  report: (day: number, bytes: number) => void,
): Promise<DayTally[]> {
  const tallies = new Array<DayTally>(jobs.length);
  const queue = [...jobs];
  const running = new Set<Worker>();
  const stream = async (inWorker: boolean): Promise<void> => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const day = job.day;
      tallies[day] = inWorker
        ? await runDayInWorker(job, running, report)
        : await generateDay(job, (bytes) => report(day, bytes));
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, (_, i) => stream(i > 0)));
  } catch (error) {
    // One day failed: the set would be incomplete anyway.
    queue.length = 0;
    await Promise.all([...running].map((w) => w.terminate()));
    throw error;
  }
  return tallies;
}

function runDayInWorker(
  job: DayJob,
  running: Set<Worker>,
  report: (day: number, bytes: number) => void,
): Promise<DayTally> {
  return new Promise((resolve, reject) => {
    const worker = startDayWorker(job);
    running.add(worker);
    let tally: DayTally | null = null;
    worker.on('message', (m: { type: 'progress'; bytes: number } | { type: 'done'; tally: DayTally }) => {
      if (m.type === 'progress') report(job.day, m.bytes);
      else tally = m.tally;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      running.delete(worker);
      if (tally !== null) resolve(tally);
      else reject(new Error(`the worker writing day ${job.day + 1} stopped (exit code ${code})`));
    });
  });
}

/**
 * From dist the worker is day-worker.js. Run from source (tests, `tsx`), it is the .ts file, and a
 * worker does not inherit tsx's loader: it registers it before importing.
 */
function startDayWorker(job: DayJob): Worker {
  const options = { workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./day-worker.js', import.meta.url), options);
  const entry = new URL('./day-worker.ts', import.meta.url).href;
  const loader = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}
