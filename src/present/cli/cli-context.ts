/**
 * What every command opens: the config (groups, aliases, thresholds), the address book built from
 * it, and the store at `--db` (default `./idsift.duckdb`, or `$IDSIFT_DB`).
 */
import { AddressBook } from '../../core/address-book.js';
import { loadConfig, type IdsiftConfig } from '../../core/config.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import type { Store } from '../../store/store.js';

export interface StoreOptions {
  db?: string;
  config?: string;
  /** Seconds any one query may run (`--timeout`); none when absent. */
  timeout?: number;
}

export interface CliContext {
  config: IdsiftConfig;
  book: AddressBook;
  store: Store;
}

export const DEFAULT_DB = './idsift.duckdb';

export function dbPath(options: StoreOptions): string {
  return options.db ?? process.env.IDSIFT_DB ?? DEFAULT_DB;
}

/** Open config + store for a command; the caller closes the store (see `withContext`). */
export async function openContext(options: StoreOptions, mode: { readOnly?: boolean } = {}): Promise<CliContext> {
  const config = loadConfig(options.config);
  const book = new AddressBook(config.address);
  const path = dbPath(options);
  const limits = options.timeout === undefined ? {} : { queryTimeoutMs: options.timeout * 1000 };
  if (mode.readOnly) {
    // Bring address classification up to date first: the read-only handle cannot write it.
    const writable = await DuckDBStore.open(path, limits);
    await writable.applyAddressBook(book, config.addressHash);
    await writable.close();
  }
  const store = await DuckDBStore.open(path, { ...mode, ...limits });
  await store.applyAddressBook(book, config.addressHash);
  return { config, book, store };
}

/** Run `body` with an open context and always close the store. */
export async function withContext<T>(
  options: StoreOptions,
  body: (ctx: CliContext) => Promise<T>,
  mode: { readOnly?: boolean } = {},
): Promise<T> {
  const ctx = await openContext(options, mode);
  try {
    return await body(ctx);
  } finally {
    await ctx.store.close();
  }
}
