/**
 * `node --import tsx test/clickhouse/bench-clickhouse-ingest.ts [--mb 200] [--dir DIR]`: generate a
 * classic three-day set (kept in DIR between runs), ingest it into one fresh ClickHouse server on
 * loopback and into a fresh DuckDB file, and print for each: wall MB/s, rows/s, and CPU seconds —
 * idsift's process (parsing workers included) and, for ClickHouse, the server's — per 100 MB of
 * logs, plus the bytes per event row ClickHouse keeps on disk. On a shared machine wall time is
 * noise; the CPU figures and the ClickHouse/DuckDB ratio of the same run are what to compare.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateClassicLogs } from '../../src/gen/generate-classic-logs.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { startClickHouse } from './start-clickhouse.js';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '200' }, dir: { type: 'string', default: 'bench/data' } },
});
const mb = Number(values.mb);
const dataDir = join(values.dir!, `classic-${mb}mb-seed1`);
if (!existsSync(join(dataDir, 'truth.json'))) {
  mkdirSync(dataDir, { recursive: true });
  await generateClassicLogs({ outDir: dataDir, mb, seed: 1 });
}
const paths = readdirSync(dataDir)
  .filter((f) => /^(alert|scans|oos)/.test(f))
  .map((f) => join(dataDir, f));
const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);

/**
 * CPU seconds a process has used so far (user + system), as `ps` says: whole seconds, so the
 * server's figure is good to about a second (±10% over the 150 MB set).
 */
function processCpuSeconds(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'times=', '-p', String(pid)], { encoding: 'utf8' }).trim());
}

async function measure(label: string, store: Store, serverPid?: number): Promise<void> {
  const cpu0 = process.cpuUsage();
  const server0 = serverPid === undefined ? 0 : processCpuSeconds(serverPid);
  const started = performance.now();
  const report = await ingestFiles(store, { paths });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const clientCpu = (cpu.user + cpu.system) / 1e6;
  const serverCpu = serverPid === undefined ? 0 : processCpuSeconds(serverPid) - server0;
  const rows = report.files.reduce((n, f) => n + f.rows, 0);
  // A failed file would make the figures look better than they are: say it and fail.
  const failed = report.files.filter((f) => f.status !== 'ingested');
  if (failed.length > 0) throw new Error(`${label}: ${JSON.stringify(failed)}`);
  const per100 = (s: number): string => ((s / bytes) * 100e6).toFixed(2);
  process.stdout.write(
    `${label.padEnd(12)} ${(bytes / 1e6).toFixed(0)} MB, ${rows} rows in ${seconds.toFixed(1)} s: ` +
      `${(bytes / 1e6 / seconds).toFixed(0)} MB/s, ${Math.round(rows / seconds)} rows/s; ` +
      `CPU s per 100 MB: idsift ${per100(clientCpu)}` +
      (serverPid === undefined ? '' : `, server ${per100(serverCpu)}`) +
      '\n',
  );
  if (serverPid !== undefined) {
    const [disk] = await store.all<{ b: number; r: number }>(
      `SELECT sum(bytes_on_disk) AS b, sum(rows) AS r FROM system.parts WHERE active AND table = 'events_data'`,
    );
    process.stdout.write(
      `${''.padEnd(12)} on disk: ${(disk!.b / 1e6).toFixed(1)} MB, ${(disk!.b / disk!.r).toFixed(1)} bytes per event row, ` +
        `${(bytes / disk!.r).toFixed(0)} bytes of log per row\n`,
    );
  }
}

const servers = await startClickHouse(1);
const scratch = mkdtempSync(join(tmpdir(), 'idsift-bench-'));
try {
  process.stdout.write(`ClickHouse ${servers.version}, ${paths.length} files\n`);
  const ch = await createStore(servers.url('bench'));
  await measure('clickhouse', ch, servers.pids[0]);
  await ch.close();
  const duck = await createStore(join(scratch, 'bench.duckdb'));
  await measure('duckdb', duck);
  await duck.close();
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await servers.stop();
}
