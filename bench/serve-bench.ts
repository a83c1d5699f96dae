/**
 * `npm run bench:serve -- [--db PATH --config PATH] [--seconds 3] [--connections 8]`: a bounded
 * load run of `idsift serve` on loopback. Starts the server in this process on an ephemeral port,
 * runs each main route for a fixed time with a fixed number of connections (bench/load-serve.ts),
 * and prints requests/s, p50/p99 latency and errors; then the server's time per route with the
 * answer cache off (the work a page costs when the store has just changed), as wall and CPU ms.
 *
 * Without --db it ingests the demo logs (data/demo) into a temporary store first. The CPU figure
 * counts DuckDB's threads and the load generator (same process): on a loaded machine compare
 * ratios between routes, not absolute numbers.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/core/config.js';
import { ingestFiles } from '../src/ingest/ingest-files.js';
import { openContext } from '../src/present/cli/cli-context.js';
import { createServeApp } from '../src/present/serve/serve-app.js';
import { loadRoute, mainRoutes, type LoadFigures } from './load-serve.js';

const DEMO = fileURLToPath(new URL('../data/demo/', import.meta.url));

async function demoStore(dir: string): Promise<{ db: string; config: string }> {
  const logs = join(dir, 'logs');
  cpSync(DEMO, logs, { recursive: true });
  rmSync(join(logs, 'truth.json'));
  const db = join(dir, 'demo.duckdb');
  const config = join(logs, 'idsift.config.json');
  const ctx = await openContext({ db, config }, 'create');
  try {
    await ingestFiles(ctx.store, { paths: [logs], workers: 1 });
  } finally {
    await ctx.store.close();
  }
  return { db, config };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      config: { type: 'string' },
      seconds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '8' },
    },
  });
  const scratch = values.db === undefined ? mkdtempSync(join(tmpdir(), 'idsift-serve-bench-')) : null;
  try {
    const { db, config } = scratch === null ? { db: values.db!, config: values.config } : await demoStore(scratch);
    const options = {
      db,
      config: loadConfig(config),
      token: null,
      webRoot: join(db, 'no-web'),
      log: (line: string) => process.stderr.write(`server: ${line}\n`),
    };
    const cached = await createServeApp(options);
    await cached.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(cached.server.address() as { port: number }).port}`;
    process.stdout.write(`store ${db}\n`);
    // Sample subjects from the store itself: its top external talker, top port, top signature.
    const top = (await (await fetch(`${base}/api/top?limit=1`)).json()) as {
      groups: { group: string; talkers: { key: string }[]; ports: { key: number }[]; signatures: { key: string }[] }[];
    };
    const busiest = top.groups.find((g) => g.talkers.length > 0 && g.signatures.length > 0) ?? top.groups[0]!;
    const sample = {
      address: busiest.talkers[0]?.key ?? '127.0.0.1',
      port: busiest.ports[0]?.key ?? 80,
      signature: busiest.signatures[0]?.key ?? '',
    };
    process.stdout.write(`sample: ${JSON.stringify(sample)}\n\n`);
    const routes = mainRoutes(sample);
    const figures: LoadFigures[] = [];
    for (const route of routes) {
      figures.push(
        await loadRoute(base, route, { seconds: Number(values.seconds), connections: Number(values.connections) }),
      );
    }
    await cached.close();
    process.stdout.write(
      `load: ${values.connections} connections × ${values.seconds} s per route (answers cached per store version)\n`,
    );
    process.stdout.write('route       requests   req/s   p50 ms   p99 ms  errors  non-2xx\n');
    for (const f of figures) {
      process.stdout.write(
        `${f.route.padEnd(10)} ${String(f.requests).padStart(9)} ${String(f.perSecond).padStart(7)} ${String(f.p50Ms).padStart(8)} ${String(f.p99Ms).padStart(8)} ${String(f.errors).padStart(7)} ${String(f.non2xx).padStart(8)}\n`,
      );
    }

    // The same routes once each with the cache off: what a page costs the server on a changed store.
    const uncached = await createServeApp({ ...options, cache: false });
    try {
      process.stdout.write(
        '\nserver time per request, answer cache off (first path of each route; detects: one run)\n',
      );
      process.stdout.write('route        wall ms    CPU ms  status\n');
      // Open the store handle first: its opening is not any route's cost.
      await uncached.inject({ method: 'GET', url: '/api/events?limit=1', headers: { host: 'localhost' } });
      for (const route of routes) {
        const init: RequestInit = {
          method: route.method ?? 'GET',
          headers: route.body !== undefined ? { 'content-type': 'application/json' } : {},
          ...(route.body !== undefined ? { body: route.body } : {}),
        };
        // inject: no socket, so the figure is the server's own work.
        const wall = performance.now();
        const cpu = process.cpuUsage();
        const response = await uncached.inject({
          method: init.method as 'GET' | 'POST',
          url: route.paths[0]!,
          headers: { host: 'localhost', ...(init.headers as Record<string, string>) },
          ...(route.body !== undefined ? { payload: route.body } : {}),
        });
        const used = process.cpuUsage(cpu);
        process.stdout.write(
          `${route.name.padEnd(10)} ${String(Math.round(performance.now() - wall)).padStart(9)} ${String(Math.round((used.user + used.system) / 1000)).padStart(9)}  ${response.statusCode}\n`,
        );
      }
    } finally {
      await uncached.close();
    }
    // No answer within the run is a failure too (every request slower than the run's length).
    const failed = figures.filter((f) => f.errors > 0 || f.non2xx > 0 || f.requests === 0);
    if (failed.length > 0) {
      process.stderr.write(`errors or no answer on: ${failed.map((f) => f.route).join(', ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
