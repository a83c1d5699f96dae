/**
 * The `idsift serve` application: the JSON API of docs/API.md over the store, the built UI from
 * dist/web/, and the safety rules of docs/SECURITY.md ("serve") on every response. The pages'
 * data comes from the analyses (top-n, ip-timeline, stumble, profile, detects, score); the few
 * queries no analysis offers are in serve-queries.ts.
 */
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError, UserError } from '../../core/errors.js';
import { ApiError } from './api-error.js';
import { FindingsCache } from './serve-findings.js';
import { registerApiRoutes } from './api-routes.js';
import { registerDetectRoutes } from './detect-routes.js';
import { registerLiveRoute } from './live-route.js';
import { registerSqlRoute } from './sql-route.js';
import { checkRequest, SECURITY_HEADERS, tokenCookie } from './serve-security.js';
import { StoreGate } from './store-gate.js';
import type { ServeOptions, ServeState } from './serve-state.js';

/** Where `npm run build` puts the UI (the same three folders up from src/ and from dist/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** Request bodies (severity inputs, SQL text) are small; anything larger is refused with 413. */
export const BODY_LIMIT = 64 * 1024;

export type { ServeOptions, ServeState } from './serve-state.js';

const CACHE_ENTRIES = 500;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export async function createServeApp(options: ServeOptions): Promise<FastifyInstance> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    routerOptions: { maxParamLength: 2000 },
    return503OnClosing: true,
  });
  const gate = new StoreGate(options.db, options.config, {
    queryTimeoutMs: options.queryTimeoutMs ?? 60_000,
    warn: log,
  });
  const cache = new Map<string, { version: string; value: Promise<unknown> }>();
  const state: ServeState = {
    gate,
    findings: new FindingsCache(gate),
    options,
    cached<T>(request: FastifyRequest, compute: () => Promise<T>): Promise<T> {
      return state.cachedAs(request.url, compute);
    },
    cachedAs<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (options.cache === false) return compute();
      const version = gate.version();
      const hit = cache.get(key);
      if (hit?.version === version) return hit.value as Promise<T>;
      const value = compute();
      cache.set(key, { version, value });
      value.catch(() => cache.delete(key));
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      return value;
    },
  };
  app.addHook('onClose', async () => gate.close());
  if (options.warmDetects) app.addHook('onListen', async () => state.findings.warm());

  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    const query = request.query as Record<string, unknown>;
    const { setCookie } = checkRequest(options.token, {
      host: request.headers.host,
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
      queryToken: typeof query.token === 'string' ? query.token : undefined,
    });
    if (setCookie && options.token !== null) reply.header('set-cookie', tokenCookie(options.token));
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    // Bodies are JSON only: a form or text/plain post (what a foreign page can send without a
    // preflight) is refused before anything reads it.
    if (BODY_METHODS.has(request.method) && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
      throw new ApiError(415, 'unsupported_media_type', 'the body must be JSON (content-type: application/json)');
  });
  app.removeContentTypeParser('text/plain');

  app.setReplySerializer((payload) => inertJson(payload));
  app.setErrorHandler((error: unknown, _request, reply) => sendError(reply, error, log));
  registerApiRoutes(app, state);
  registerDetectRoutes(app, state);
  registerSqlRoute(app, state);
  registerLiveRoute(app, state);

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const built = existsSync(`${webRoot}/index.html`);
  if (built) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api')
      return sendError(reply, new ApiError(404, 'not_found', 'no such API route'), log);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendError(reply, new ApiError(405, 'method_not_allowed', 'pages are read with GET'), log);
    // Every page URL (/ip/…, /detect/…) is the single-page UI, which reads the URL itself.
    if (built) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
  });
  return app;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>idsift serve</title></head>
<body><h1>idsift serve</h1>
<p>The web UI is not built (no dist/web/index.html). Run <code>npm run build</code> in the idsift folder.</p>
<p>The JSON API is up: <a href="/api/status">/api/status</a> (see docs/API.md).</p>
</body></html>
`;

/**
 * JSON that stays data wherever it lands: `<`, `>` and `&` as `\u003c`-style escapes (no markup even
 * if a browser is made to read the API as HTML), plus the C1, separator and bidi controls that
 * sanitiseOutput's JSON escapes. JSON.parse gives back exactly the stored strings.
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Every failure as the JSON error body; only faults of the server itself are 500s. */
export function sendError(reply: FastifyReply, error: unknown, log: (line: string) => void): FastifyReply {
  const api = toApiError(error);
  if (api === null) {
    log(`idsift serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return reply
      .code(500)
      .type('application/json')
      .send({ error: { code: 'internal', message: 'internal error' } });
  }
  if (api.code === 'busy') reply.header('retry-after', '1');
  return reply.code(api.status).type('application/json').send(api.body());
}

function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof UserError) {
    // The store's lock stayed taken (ingest --follow committing): a retry succeeds.
    if (/cannot open store .*lock/i.test(error.message))
      return new ApiError(503, 'store_busy', 'the store is busy (another process is writing); try again');
    return new ApiError(400, 'bad_parameter', error.message);
  }
  // DuckDB's memory budget (IDSIFT_DUCKDB_MEMORY) ran out: a resource limit, as a timeout is.
  if (error instanceof StoreError && /Out of Memory Error/i.test(error.message))
    return new ApiError(
      503,
      'out_of_memory',
      'the query needed more memory than the store allows (raise IDSIFT_DUCKDB_MEMORY); try again',
    );
  if (error instanceof StoreError && / stopped after /.test(error.message))
    return new ApiError(503, 'store_busy', `the query took too long: ${error.message}`);
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      status === 413
        ? 'too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 405
            ? 'method_not_allowed'
            : status === 404
              ? 'not_found'
              : 'bad_request';
    return new ApiError(status, code, String(fastifyError.message ?? 'bad request').split('\n')[0]!);
  }
  return null;
}
