/**
 * Which store a command uses, from one URL: `duckdb:PATH` or a plain path (the embedded store),
 * or `clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME]` (HTTP ports; a cluster defined in the
 * servers' `remote_servers`). Every command opens its store here, so a backend plugs in once.
 */
import { statSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { ClickHouseStore } from './clickhouse/clickhouse-store.js';
import { DuckDBStore } from './duckdb/duckdb-store.js';
import type { Store } from './store.js';

export interface ClickHouseHost {
  host: string;
  port: number;
}

export type StoreUrl =
  | { backend: 'duckdb'; path: string }
  | { backend: 'clickhouse'; hosts: ClickHouseHost[]; database: string; cluster: string | null };

export interface CreateStoreOptions {
  /** Open read-only: the store's contents never change, and user SQL can read nothing else. */
  readOnly?: boolean;
  /** Refuse to create a store that is not there (everything but ingest and demo). */
  mustExist?: boolean;
  /** Stop any one query that runs longer than this; none by default. */
  queryTimeoutMs?: number;
}

const URL_FORMS = 'use duckdb:PATH, a plain path, or clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME]';
/** Database and cluster names: plain identifiers, so they can be written into DDL unquoted. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Read a store URL; a malformed one is a `UserError` with a one-line message saying what is wrong. */
export function parseStoreUrl(url: string): StoreUrl {
  if (url.trim() === '') throw new UserError(`store URL is empty: ${URL_FORMS}`);
  if (url.startsWith('duckdb:')) {
    const path = url.slice('duckdb:'.length);
    if (path === '') throw new UserError(`store URL ${url} names no file: duckdb:PATH`);
    return { backend: 'duckdb', path };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme === null) return { backend: 'duckdb', path: url };
  if (scheme[1]!.toLowerCase() !== 'clickhouse')
    throw new UserError(`unknown store type ${scheme[1]}: in ${url}; ${URL_FORMS}`);
  return parseClickHouseUrl(url, url.slice(scheme[0].length));
}

function parseClickHouseUrl(url: string, rest: string): StoreUrl {
  const bad = (what: string): UserError =>
    new UserError(`bad store URL ${url}: ${what} (clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME])`);
  const slash = rest.indexOf('/');
  if (slash < 0) throw bad('no database');
  const hostList = rest.slice(0, slash);
  const [path, query, extra] = rest.slice(slash + 1).split('?');
  if (extra !== undefined) throw bad('more than one "?"');
  const hosts = hostList.split(',').map((spec) => parseHost(spec, bad));
  if (hostList === '') throw bad('no HOST:PORT');
  const database = decodeURIComponent(path ?? '');
  if (database === '') throw bad('no database');
  if (!NAME.test(database)) throw bad(`database name "${database}" is not letters, digits and _`);
  let cluster: string | null = null;
  for (const pair of (query ?? '').split('&').filter((p) => p !== '')) {
    const [key, value = ''] = pair.split('=');
    if (key !== 'cluster') throw bad(`unknown option "${key}" (only cluster=NAME)`);
    if (!NAME.test(value)) throw bad(`cluster name "${value}" is not letters, digits and _`);
    cluster = value;
  }
  return { backend: 'clickhouse', hosts, database, cluster };
}

/** `host:port` or `[v6]:port`; the port is required (ClickHouse's HTTP port, often 8123). */
function parseHost(spec: string, bad: (what: string) => UserError): ClickHouseHost {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(spec);
  if (m === null) throw bad(`"${spec}" is not HOST:PORT`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw bad(`port ${m[2]} is out of range`);
  return { host: m[1]!, port };
}

/** Open (or, unless `mustExist`, create) the store a URL names. */
export async function createStore(url: string | StoreUrl, options: CreateStoreOptions = {}): Promise<Store> {
  const where = typeof url === 'string' ? parseStoreUrl(url) : url;
  switch (where.backend) {
    case 'duckdb': {
      // A mistyped path must not quietly become an empty store that answers "no findings".
      if (options.mustExist && where.path !== ':memory:' && !fileExists(where.path))
        throw new UserError(`no store at ${where.path}; create it with idsift ingest`);
      const limits = options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs };
      return DuckDBStore.open(where.path, { readOnly: options.readOnly ?? false, ...limits });
    }
    case 'clickhouse':
      return ClickHouseStore.open({ ...where, url: describeStore(where) }, options);
  }
}

/** The store a URL names, as said to the user: the DuckDB path as given, or the ClickHouse URL. */
export function describeStore(where: StoreUrl): string {
  if (where.backend === 'duckdb') return where.path;
  const hosts = where.hosts.map((h) => `${h.host}:${h.port}`).join(',');
  return `clickhouse://${hosts}/${where.database}${where.cluster === null ? '' : `?cluster=${where.cluster}`}`;
}

/** Whether the store file exists; a folder the user may not enter is said as such, not as "no store". */
function fileExists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (cause) {
    throw new UserError(`cannot open store ${path}: ${(cause as Error).message}`, { cause });
  }
}
