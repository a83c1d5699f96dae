/**
 * The options of `idsift serve` and what its route modules share, apart from serve-app.ts so the
 * routes need not import the module that registers them.
 */
import type { FastifyRequest } from 'fastify';
import type { IdsiftConfig } from '../../core/config.js';
import type { FindingsCache } from './serve-findings.js';
import type { StoreGate } from './store-gate.js';

export interface ServeOptions {
  db: string;
  config: IdsiftConfig;
  /** Required for every request when not null. */
  token: string | null;
  webRoot?: string;
  /** Per-statement limit of page queries (ms); the SQL console has its own. */
  queryTimeoutMs?: number;
  /** How often the live channel checks the store file (ms). */
  liveIntervalMs?: number;
  /** Cache answers per store version (off in the latency benchmark, to time the work). */
  cache?: boolean;
  /** Start working out the detects as soon as the server listens (`idsift serve` does). */
  warmDetects?: boolean;
  /** Where server faults and notices go (stderr). */
  log?: (line: string) => void;
}

/** What the route modules share. */
export interface ServeState {
  gate: StoreGate;
  findings: FindingsCache;
  options: ServeOptions;
  /** Answer from the per-version cache (keyed by the request's URL), or compute and keep. */
  cached<T>(request: FastifyRequest, compute: () => Promise<T>): Promise<T>;
  /** The same, under a key of the caller's (a part of an answer). */
  cachedAs<T>(key: string, compute: () => Promise<T>): Promise<T>;
}
