import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../../core/config.js';
import { UserError } from '../../../core/errors.js';
import { sanitiseOutput } from '../../sanitise-output.js';
import { createServeApp } from '../../serve/serve-app.js';
import { generateToken, isLoopbackHost } from '../../serve/serve-security.js';
import { resolveStore } from '../cli-context.js';
import { printLine } from '../output.js';
import { QUERY_TIMEOUT_SECONDS, storeOptions } from './store-options.js';

interface ServeCommandOptions {
  store?: string;
  db?: string;
  config?: string;
  timeout: number;
  host: string;
  port: number;
  token?: string;
}

export function serveCommand(): Command {
  return storeOptions(new Command('serve'), QUERY_TIMEOUT_SECONDS.sql)
    .description('The web workbench: dashboard, address, detect, port, signature, search and SQL pages in the browser')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--token <token>', 'require this token on every request (generated when --host is not loopback)')
    .addHelpText(
      'after',
      `
Serves the JSON API (docs/API.md) and the web UI from one process. Binds 127.0.0.1 by default; any
other address needs a token (given with --token, or generated and printed): every request without
it gets 401. The store is opened read-only per burst of requests, so "idsift ingest --follow" can
keep writing to it; pages update when it changes. The SQL page is read-only like "idsift sql".

Examples:
  idsift serve --db idsift-demo.duckdb
  idsift serve --host 0.0.0.0 --port 8443 --token "$(openssl rand -hex 16)"`,
    )
    .action(async (opts: ServeCommandOptions) => {
      const config = loadConfig(opts.config);
      const where = resolveStore(opts, config);
      // The server shares short-lived DuckDB handles with a writer; a ClickHouse store is not served yet.
      if (where.backend !== 'duckdb')
        throw new UserError('idsift serve works on a DuckDB store (--db PATH); ClickHouse stores are not served yet');
      const db = where.path;
      const loopback = isLoopbackHost(opts.host);
      if (opts.token !== undefined && !/^[\x21-\x7e]{8,200}$/.test(opts.token))
        throw new UserError('--token must be 8 to 200 visible ASCII characters');
      const token = opts.token ?? (loopback ? null : generateToken());
      const app = await createServeApp({
        db,
        config,
        token,
        queryTimeoutMs: opts.timeout * 1000,
        warmDetects: true,
      });
      // Check the store opens before saying the server is up.
      await app.inject({ method: 'GET', url: '/api/status', headers: tokenHeaders(token) }).then((r) => {
        if (r.statusCode !== 200) {
          const body = JSON.parse(r.body) as { error?: { message?: string } };
          throw new UserError(`cannot serve ${db}: ${body.error?.message ?? r.statusCode}`);
        }
      });
      try {
        await app.listen({ host: opts.host, port: opts.port });
      } catch (cause) {
        await app.close();
        throw new UserError(`cannot listen on ${opts.host}:${opts.port}: ${(cause as Error).message}`, { cause });
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      const url = `http://${shownHost}:${port}/${token !== null ? `?token=${encodeURIComponent(token)}` : ''}`;
      printLine(`idsift serve: ${sanitiseOutput.terminal(db)} at ${url}`);
      if (token !== null && opts.token === undefined)
        printLine('A token was generated because the server listens beyond this machine; open the URL above.');
      printLine('Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void app.close().then(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function tokenHeaders(token: string | null): Record<string, string> {
  return token === null ? { host: 'localhost' } : { authorization: `Bearer ${token}` };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535, not "${value}"`);
  return n;
}
