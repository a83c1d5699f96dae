/**
 * What every command opens: the config (thresholds from the config file; groups and aliases as the
 * store saved them unless the file gives others), the address book built from it, and the store
 * named by `--store URL` or `--db PATH`, else `$IDSIFT_STORE` or `$IDSIFT_DB`, else the config
 * file's `"store"`, else `./idsift.duckdb` (see resolveStore).
 */
import { AddressBook } from '../../core/address-book.js';
import { chooseAddressConfig } from '../../core/choose-address-config.js';
import { loadConfig, type IdsiftConfig } from '../../core/config.js';
import { UserError } from '../../core/errors.js';
import { createStore, describeStore, parseStoreUrl, type StoreUrl } from '../../store/create-store.js';
import type { Store } from '../../store/store.js';
import { warn } from './output.js';

export interface StoreOptions {
  /** `--store URL`: duckdb:PATH, a path, or clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME]. */
  store?: string;
  /** `--db PATH`: the DuckDB file (the same as `--store duckdb:PATH`). */
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

/**
 * How a command uses the store: `read` (the default: opened read-only, its bytes never change),
 * `write` (scores, rule files: the store must exist) or `create` (ingest and demo may make it).
 */
export type StoreAccess = 'read' | 'write' | 'create';

export const DEFAULT_DB = './idsift.duckdb';

/**
 * The store a command uses: the command line first (`--store`, or `--db`; not both), then the
 * environment (`$IDSIFT_STORE`, then `$IDSIFT_DB`), then the config file's `"store"`, then
 * ./idsift.duckdb. A malformed URL is a one-line UserError naming where it came from.
 */
export function resolveStore(options: StoreOptions, config?: Pick<IdsiftConfig, 'store' | 'path'>): StoreUrl {
  if (options.store !== undefined && options.db !== undefined)
    throw new UserError('give --store or --db, not both (--db PATH is --store duckdb:PATH)');
  const env = (name: string): string | undefined => {
    const value = process.env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const from = (url: string, origin: string): StoreUrl => {
    try {
      return parseStoreUrl(url);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${origin}: ${error.message}`, { cause: error });
      throw error;
    }
  };
  if (options.store !== undefined) return from(options.store, '--store');
  if (options.db !== undefined) return { backend: 'duckdb', path: options.db };
  const fromEnv = env('IDSIFT_STORE');
  if (fromEnv !== undefined) return from(fromEnv, '$IDSIFT_STORE');
  const dbEnv = env('IDSIFT_DB');
  if (dbEnv !== undefined) return { backend: 'duckdb', path: dbEnv };
  if (config?.store !== undefined) return from(config.store, `${config.path ?? 'config'}: store`);
  return { backend: 'duckdb', path: DEFAULT_DB };
}

/** Whether the command line or environment names a store (not the config file or the default). */
export function storeNamed(options: StoreOptions): boolean {
  return (
    options.store !== undefined ||
    options.db !== undefined ||
    (process.env.IDSIFT_STORE ?? '') !== '' ||
    (process.env.IDSIFT_DB ?? '') !== ''
  );
}

/** The store as said to the user (the DuckDB path as given, or the ClickHouse URL). */
export function storeLocation(options: StoreOptions, config?: Pick<IdsiftConfig, 'store' | 'path'>): string {
  return describeStore(resolveStore(options, config));
}

/** Open config + store for a command; the caller closes the store (see `withContext`). */
export async function openContext(options: StoreOptions, access: StoreAccess = 'read'): Promise<CliContext> {
  const loaded = loadConfig(options.config);
  const where = resolveStore(options, loaded);
  const store = await createStore(where, {
    readOnly: access === 'read',
    mustExist: access !== 'create',
    ...(options.timeout === undefined ? {} : { queryTimeoutMs: options.timeout * 1000 }),
  });
  try {
    const choice = chooseAddressConfig(
      await store.readAddressConfig(),
      loaded,
      access === 'create' ? 'ingest' : 'query',
    );
    const book = new AddressBook(choice.address);
    await store.applyAddressBook(book, choice.hash, access === 'create' ? 'save' : 'this-run');
    // After applying: a store that refuses the book (ClickHouse, for one run) says so in one line.
    if (choice.notice !== null) warn(choice.notice);
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
