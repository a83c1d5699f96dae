/**
 * What every command opens: the config (thresholds from the config file; groups and aliases as the
 * store saved them unless the file gives others), the address book built from it, and the store
 * `--store` names (or `$IDSIFT_STORE`), else the DuckDB file at `--db` (default `./idsift.duckdb`,
 * or `$IDSIFT_DB`).
 */
import { AddressBook } from '../../core/address-book.js';
import { chooseAddressConfig } from '../../core/choose-address-config.js';
import { loadConfig, type IdsiftConfig } from '../../core/config.js';
import { createStore } from '../../store/create-store.js';
import type { Store } from '../../store/store.js';
import { warn } from './output.js';

export interface StoreOptions {
  db?: string;
  /** A store URL (`--store`, see create-store.ts); wins over --db and $IDSIFT_DB. */
  store?: string;
  config?: string;
  /** Seconds any one query may run (`--timeout`); none when absent. */
  timeout?: number;
}

export interface CliContext {
  config: IdsiftConfig;
  book: AddressBook;
  store: Store;
}

/**
 * How a command uses the store: `read` (the default: opened read-only, its bytes never change),
 * `write` (scores, rule files: the store must exist) or `create` (ingest and demo may make it).
 */
export type StoreAccess = 'read' | 'write' | 'create';

export const DEFAULT_DB = './idsift.duckdb';

/** The store a command uses: a store URL (`--store`, `$IDSIFT_STORE`) or a DuckDB path (`--db`, `$IDSIFT_DB`). */
export function dbPath(options: StoreOptions): string {
  return options.store ?? options.db ?? process.env.IDSIFT_STORE ?? process.env.IDSIFT_DB ?? DEFAULT_DB;
}

/** Whether the user named the store (rather than the default file). */
export function storeNamed(options: StoreOptions): boolean {
  return [options.store, options.db, process.env.IDSIFT_STORE, process.env.IDSIFT_DB].some((s) => s !== undefined);
}

/** Open config + store for a command; the caller closes the store (see `withContext`). */
export async function openContext(options: StoreOptions, access: StoreAccess = 'read'): Promise<CliContext> {
  const loaded = loadConfig(options.config);
  const limits = options.timeout === undefined ? {} : { queryTimeoutMs: options.timeout * 1000 };
  // A mistyped --db must not quietly become an empty store that answers "no findings".
  const store = await createStore(dbPath(options), {
    readOnly: access === 'read',
    mustExist: access !== 'create',
    ...limits,
  });
  try {
    const choice = chooseAddressConfig(
      await store.readAddressConfig(),
      loaded,
      access === 'create' ? 'ingest' : 'query',
    );
    if (choice.notice !== null) warn(choice.notice);
    const book = new AddressBook(choice.address);
    await store.applyAddressBook(book, choice.hash, access === 'create' ? 'save' : 'this-run');
    return { config: { ...loaded, address: choice.address, addressHash: choice.hash }, book, store };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Run `body` with an open context and always close the store. */
export async function withContext<T>(
  options: StoreOptions,
  body: (ctx: CliContext) => Promise<T>,
  access: StoreAccess = 'read',
): Promise<T> {
  const ctx = await openContext(options, access);
  try {
    return await body(ctx);
  } finally {
    await ctx.store.close();
  }
}
