/**
 * The benchmarks' shared setup: a generated classic set of the given size and seed, generated once
 * into `dir` and ingested once into a store named after the benchmark, both kept between runs.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AddressBook } from '../src/core/address-book.js';
import { loadConfig, type IdsiftConfig } from '../src/core/config.js';
import { generateClassicLogs } from '../src/gen/generate-classic-logs.js';
import { ingestFiles } from '../src/ingest/ingest-files.js';
import { DuckDBStore } from '../src/store/duckdb/duckdb-store.js';

export interface BenchStore {
  store: DuckDBStore;
  book: AddressBook;
  config: IdsiftConfig;
  dbPath: string;
}

export async function openBenchStore(options: {
  name: string;
  mb: number;
  seed: number;
  dir: string;
}): Promise<BenchStore> {
  const dataDir = join(options.dir, `classic-${options.mb}mb-seed${options.seed}`);
  const dbPath = join(options.dir, `${options.name}-${options.mb}mb-seed${options.seed}.duckdb`);
  if (!existsSync(join(dataDir, 'truth.json'))) {
    mkdirSync(dataDir, { recursive: true });
    process.stderr.write(`generating ${options.mb} MB of logs in ${dataDir}…\n`);
    await generateClassicLogs({ outDir: dataDir, mb: options.mb, seed: options.seed });
  }
  const config = loadConfig(join(dataDir, 'idsift.config.json'));
  const book = new AddressBook(config.address);
  const fresh = !existsSync(dbPath);
  const store = await DuckDBStore.open(dbPath);
  await store.applyAddressBook(book, config.addressHash);
  if (fresh) {
    process.stderr.write(`ingesting into ${dbPath}…\n`);
    await ingestFiles(store, { paths: [dataDir] });
  }
  process.stdout.write(`store ${dbPath}: ${(statSync(dbPath).size / 2 ** 20).toFixed(0)} MiB\n`);
  return { store, book, config, dbPath };
}
