/**
 * `GET /api/live`: server-sent events saying the store changed (or a fresh list of detects is
 * ready), so the dashboard reloads what it shows while `ingest --follow` feeds the store. One timer checks the file for every listener,
 * and only while someone listens; the store itself is never opened for this.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ServeState } from './serve-state.js';
import { SECURITY_HEADERS } from './serve-security.js';

const PING_MS = 15_000;
/** Listeners at once: each is an open connection. */
const MAX_LISTENERS = 100;

export function registerLiveRoute(app: FastifyInstance, state: ServeState): void {
  const listeners = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;
  let last = '';
  const send = (res: ServerResponse, text: string) => {
    if (!res.writableEnded) res.write(text);
  };
  const versionEvent = (version: string) => `event: version\ndata: ${JSON.stringify({ version })}\n\n`;
  const check = () => {
    // The store file's version, and which list of detects is complete: a run that finishes after
    // the file changed is news for the pages too (they show its findings as stale until then).
    const version = `${state.gate.version()}.${state.findings.generation()}`;
    if (version === last) return;
    last = version;
    for (const res of listeners) send(res, versionEvent(version));
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    if (ping !== null) clearInterval(ping);
    timer = ping = null;
  };
  app.addHook('onClose', async () => {
    stop();
    for (const res of listeners) res.end();
    listeners.clear();
  });

  app.get('/api/live', (request, reply) => {
    if (listeners.size >= MAX_LISTENERS) {
      void reply
        .code(429)
        .header('retry-after', '5')
        .send({ error: { code: 'busy', message: 'too many live listeners' } });
      return reply;
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      ...(reply.getHeader('set-cookie') ? { 'set-cookie': String(reply.getHeader('set-cookie')) } : {}),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Tell the present listeners first, should the store have changed since the last check.
    check();
    send(res, `retry: 2000\n${versionEvent(last)}`);
    listeners.add(res);
    if (timer === null) {
      timer = setInterval(check, state.options.liveIntervalMs ?? 1000);
      ping = setInterval(() => {
        for (const r of listeners) send(r, ': ping\n\n');
      }, PING_MS);
    }
    request.raw.on('close', () => {
      listeners.delete(res);
      if (listeners.size === 0) stop();
    });
  });
}
