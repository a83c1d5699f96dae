/**
 * `POST /api/sql`: the SQL console. The same guarantees as `idsift sql` — a store opened
 * read-only with file and network access off and the configuration locked, a per-statement
 * timeout that interrupts DuckDB — plus what a shared server needs: the query runs as a subquery
 * (so one query, no ATTACH, COPY, SET or PRAGMA), with a row limit, on a connection of its own
 * (a slow query holds up nothing else), at most MAX_RUNNING at once.
 */
import type { FastifyInstance } from 'fastify';
import { StoreError } from '../../core/errors.js';
import { ApiError, badParameter } from './api-error.js';
import { QuerySlots } from './query-slots.js';
import type { ServeState } from './serve-state.js';

export const SQL_DEFAULTS = { limit: 1000, maxLimit: 10_000, timeout: 10, maxTimeout: 60, maxLength: 20_000 };
const MAX_RUNNING = 2;
/** Queries that wait for a free slot (each running one ends by its timeout); past that, 429. */
const MAX_WAITING = 16;

export function registerSqlRoute(app: FastifyInstance, state: ServeState): void {
  const slots = new QuerySlots(MAX_RUNNING, MAX_WAITING);
  app.post<{ Body: unknown }>('/api/sql', async (request) => {
    const { query, limit, timeout } = parseSqlBody(request.body);
    if (!(await slots.take()))
      throw new ApiError(429, 'busy', `${MAX_RUNNING} queries are running and ${MAX_WAITING} waiting; try again`);
    try {
      const started = performance.now();
      // The newline keeps a trailing `--` comment from swallowing the closing parenthesis.
      const sql = `SELECT * FROM (\n${query}\n) AS query LIMIT ?`;
      const rows = await state.gate
        .readAlone(timeout * 1000, (ctx) => ctx.store.all(sql, [limit + 1]))
        .catch((error: unknown) => {
          if (error instanceof StoreError) {
            if (/ stopped after /.test(error.message))
              throw new ApiError(422, 'sql_timeout', `the query ran past its ${timeout} s timeout and was stopped`);
            throw new ApiError(400, 'sql_error', error.message.replace(/^query failed: /, ''));
          }
          throw error;
        });
      const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
      const kept = rows.slice(0, limit);
      return {
        columns,
        rows: kept.map((row) => columns.map((c) => row[c] ?? null)),
        truncated: rows.length > limit,
        elapsed_ms: Math.round(performance.now() - started),
      };
    } finally {
      slots.give();
    }
  });
}

function parseSqlBody(body: unknown): { query: string; limit: number; timeout: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'bad_request', 'the body must be a JSON object with "query"');
  const {
    query,
    limit = SQL_DEFAULTS.limit,
    timeout = SQL_DEFAULTS.timeout,
    ...rest
  } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw badParameter(extra, `unknown field "${extra.slice(0, 40)}"`);
  if (typeof query !== 'string' || query.trim() === '')
    throw badParameter('query', 'query must be the text of one SELECT statement');
  if (query.length > SQL_DEFAULTS.maxLength)
    throw badParameter('query', `query is longer than ${SQL_DEFAULTS.maxLength} characters`);
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > SQL_DEFAULTS.maxLimit)
    throw badParameter('limit', `limit must be a whole number from 1 to ${SQL_DEFAULTS.maxLimit}`);
  if (typeof timeout !== 'number' || !(timeout >= 0.1 && timeout <= SQL_DEFAULTS.maxTimeout))
    throw badParameter('timeout', `timeout must be a number of seconds from 0.1 to ${SQL_DEFAULTS.maxTimeout}`);
  // One statement: a trailing semicolon is allowed, as people type it.
  return { query: query.trim().replace(/;\s*$/, ''), limit: limit as number, timeout };
}
