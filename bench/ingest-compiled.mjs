/**
 * `node bench/ingest-compiled.mjs <logs dir> <store path>`: the end-to-end ingest step of
 * `npm run bench`, run on the compiled code (dist/, what the `idsift` command runs) in a process of
 * its own, so that its wall time, CPU time and peak RSS are the ingest's alone. Prints one JSON line.
 * The store is closed (checkpointed) inside the timed span: the data is not durable before that.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AddressBook } from '../dist/core/address-book.js';
import { loadConfig } from '../dist/core/config.js';
import { ingestFiles } from '../dist/ingest/ingest-files.js';
import { DuckDBStore } from '../dist/store/duckdb/duckdb-store.js';

const [dataDir, dbPath] = process.argv.slice(2);
for (const suffix of ['', '.wal']) rmSync(dbPath + suffix, { force: true });
const configPath = join(dataDir, 'idsift.config.json');
const store = await DuckDBStore.open(dbPath);
if (existsSync(configPath)) {
  const config = loadConfig(configPath);
  await store.applyAddressBook(new AddressBook(config.address), config.addressHash);
}
const started = performance.now();
const cpu = process.cpuUsage();
const report = await ingestFiles(store, { paths: [dataDir] });
await store.close();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    rows: report.rows,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
