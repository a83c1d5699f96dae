/**
 * `idsift serve`'s API against a real server on an ephemeral loopback port over the demo store
 * (plus one alert file of hostile messages): every route, paging, the token and Host rules, the
 * read-only SQL rules, malformed input, hostile log text as inert JSON, the live channel, and a
 * small bounded load run that must see no error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readScoreOverrides } from '../../src/analyze/severity/score-overrides.js';
import { loadConfig } from '../../src/core/config.js';
import { ingestFiles } from '../../src/ingest/ingest-files.js';
import { openContext } from '../../src/present/cli/cli-context.js';
import { createServeApp, type ServeOptions } from '../../src/present/serve/serve-app.js';
import { loadRoute, mainRoutes } from '../../bench/load-serve.js';

const DEMO = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)',
  '=HYPERLINK("http://evil","x")',
  '" onmouseover="alert(1)',
];

let dir = '';
let db = '';
let config = '';

interface Served {
  app: FastifyInstance;
  base: string;
}

async function serve(options: Partial<ServeOptions> = {}): Promise<Served> {
  const app = await createServeApp({
    db,
    config: loadConfig(config),
    token: null,
    webRoot: join(dir, 'no-web'),
    liveIntervalMs: 100,
    log: () => undefined,
    ...options,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(typeof address === 'object' && address !== null);
  return { app, base: `http://127.0.0.1:${address.port}` };
}

async function getJson<T = Record<string, unknown>>(base: string, path: string, init?: RequestInit) {
  const response = await fetch(base + path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as T };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'idsift-serve-'));
  const logs = join(dir, 'logs');
  cpSync(DEMO, logs, { recursive: true });
  rmSync(join(logs, 'truth.json'));
  // Hostile messages as a sensor would log them (classic fast alerts, year from the file name).
  writeFileSync(
    join(logs, 'alert.040423'),
    HOSTILE.map((m, i) => `04/23-10:00:0${i}.000001  [**] ${m} [**] 24.1.2.${i + 3}:4444 -> MY.NET.1.2:80\n`).join(''),
  );
  db = join(dir, 'store.duckdb');
  config = join(logs, 'idsift.config.json');
  const ctx = await openContext({ db, config }, 'create');
  try {
    await ingestFiles(ctx.store, { paths: [logs], workers: 1 });
  } finally {
    await ctx.store.close();
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('serve API on the demo store', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(async () => s.app.close());

  const routes: { name: string; path: string; check: (body: Record<string, unknown>) => void }[] = [
    {
      name: 'status: files, kinds, groups, integrity',
      path: '/api/status',
      check: (b) => {
        assert.deepEqual(b.kinds, ['alert', 'oos', 'scans']);
        assert.ok((b.events as number) > 60_000);
        assert.ok((b.files as unknown[]).length >= 10);
        assert.ok((b.quarantined as number) >= 1, 'the demo has quarantined lines');
      },
    },
    {
      name: 'timeline: buckets per kind',
      path: '/api/timeline?buckets=24',
      check: (b) => {
        const buckets = b.buckets as { counts: Record<string, number> }[];
        assert.ok(buckets.length > 1 && buckets.length <= 24);
        assert.ok(buckets.some((x) => (x.counts.scans ?? 0) > 0));
      },
    },
    {
      name: 'timeline: a time range narrows it',
      path: '/api/timeline?from=2004-04-21&to=2004-04-21T06:00Z&buckets=6',
      check: (b) => {
        assert.equal(b.bucket_seconds, 3600);
        const buckets = b.buckets as { t: string }[];
        assert.ok(buckets.every((x) => x.t >= '2004-04-21T00' && x.t < '2004-04-21T06'));
      },
    },
    {
      name: 'top: per group, talkers ports signatures',
      path: '/api/top?limit=3',
      check: (b) => {
        const groups = b.groups as { group: string; talkers: unknown[]; ports: unknown[]; signatures: unknown[] }[];
        assert.deepEqual(
          groups.map((g) => g.group),
          ['internal', 'firewall', 'external'],
        );
        assert.ok(groups.every((g) => g.talkers.length <= 3 && g.ports.length <= 3));
      },
    },
    {
      name: 'top within a time range counts fewer events',
      path: '/api/top?group=external&limit=1&from=2004-04-20&to=2004-04-20T01:00Z',
      check: (b) => {
        const [g] = b.groups as { talkers: { events: number }[] }[];
        assert.ok(g!.talkers[0]!.events > 0 && g!.talkers[0]!.events < 1000);
      },
    },
    {
      name: 'stumble: the low-and-slow prober is in every kind',
      path: '/api/stumble',
      check: (b) => assert.ok((b.hosts as { address: string }[]).some((h) => h.address === '193.159.159.112')),
    },
    {
      name: 'detects: the compromised host first, with severity',
      path: '/api/detects',
      check: (b) => {
        const [first] = b.findings as { id: string; severity: { score: number } }[];
        assert.equal(first!.id, 'compromised-host:MY.NET.28.235');
        assert.ok(first!.severity.score >= 5);
      },
    },
    {
      name: 'detect: write-up, evidence, graph',
      path: `/api/detects/${encodeURIComponent('compromised-host:MY.NET.28.235')}`,
      check: (b) => {
        assert.ok(typeof b.mechanism === 'string' && (b.evidence as unknown[]).length > 0);
        const graph = b.graph as { nodes: { role: string }[]; edges: unknown[] };
        assert.ok(graph.nodes.some((n) => n.role === 'subject') && graph.edges.length > 0);
      },
    },
    {
      name: 'ip: aliases, counts, peers, ports, detects',
      path: '/api/ip/MY.NET.28.235',
      check: (b) => {
        assert.deepEqual(b.aliases, ['130.85.28.235']);
        assert.ok((b.by_source as Record<string, number>).scans! > 0);
        assert.ok((b.peers as { as_source: unknown[] }).as_source.length > 0);
        assert.ok((b.detects as { role: string }[]).some((d) => d.role === 'subject'));
        assert.equal(b.detects_pending, false);
      },
    },
    {
      name: 'ip graph: nodes and edges',
      path: '/api/ip/193.159.159.112/graph',
      check: (b) => assert.ok((b.graph as { edges: unknown[] }).edges.length > 0),
    },
    {
      name: 'port: who hits it',
      path: '/api/port/110',
      check: (b) => {
        assert.ok((b.events as number) > 0);
        assert.ok((b.sources as { key: string }[]).some((x) => x.key === '193.159.159.112'));
      },
    },
    {
      name: 'signature: by message, no rules loaded',
      path: `/api/signature/${encodeURIComponent('SMB Name Wildcard')}`,
      check: (b) => {
        assert.equal(b.rule, null);
        assert.ok((b.events as number) > 0);
      },
    },
    {
      name: 'events: filters combine',
      path: '/api/events?kind=scans&dport=25&cidr=1.96.0.0/16&from=2004-04-20&limit=5',
      check: (b) => {
        const events = b.events as { source: string; dport: number; src: string }[];
        assert.equal(events.length, 5);
        assert.ok(events.every((e) => e.source === 'scans' && e.dport === 25 && e.src.startsWith('1.96.')));
      },
    },
    {
      name: 'events: group filter',
      path: '/api/events?group=firewall&limit=3',
      check: (b) =>
        assert.ok(
          (b.events as { src_group: string; dst_group: string }[]).every(
            (e) => e.src_group === 'firewall' || e.dst_group === 'firewall',
          ),
        ),
    },
    {
      name: 'events count',
      path: '/api/events/count?address=193.159.159.112',
      check: (b) => assert.equal(b.count, 194 * 3),
    },
  ];
  for (const r of routes) {
    test(r.name, async () => {
      const { status, body, headers } = await getJson(s.base, r.path);
      assert.equal(status, 200, JSON.stringify(body));
      assert.match(headers.get('content-security-policy') ?? '', /script-src 'self'(;|$)/);
      r.check(body);
    });
  }

  test('keyset paging walks every event once, in order, both ways', async () => {
    const filter = 'address=193.159.159.112';
    const { body: count } = await getJson<{ count: number }>(s.base, `/api/events/count?${filter}`);
    for (const order of ['asc', 'desc']) {
      const seen: string[] = [];
      let after = '';
      for (let page = 0; page < 100; page++) {
        const { body } = await getJson<{ events: { ts: string; file: string; line: number }[]; next: string | null }>(
          s.base,
          `/api/events?${filter}&limit=50&order=${order}${after ? `&after=${after}` : ''}`,
        );
        seen.push(...body.events.map((e) => `${e.ts} ${e.file} ${e.line}`));
        if (body.next === null) break;
        after = body.next;
      }
      assert.equal(seen.length, count.count, order);
      assert.equal(new Set(seen).size, seen.length, `${order}: no event twice`);
      const times = seen.map((x) => x.split(' ')[0]!);
      const sorted = [...times].sort();
      assert.deepEqual(times, order === 'asc' ? sorted : sorted.reverse());
    }
  });

  test('CSV export: header, every row, formula-safe hostile cells', async () => {
    const response = await fetch(`${s.base}/api/events.csv?address=MY.NET.1.2&from=2004-04-23`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'ts,source,event,src,sport,dst,dport,proto,file,line');
    assert.equal(lines.length, HOSTILE.length + 1);
    assert.ok(
      lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil"",""x"")"`)),
      lines.join('\n'),
    );
  });

  test('hostile log text comes back as inert JSON: no markup in the bytes, the same strings parsed', async () => {
    const { status, text, body, headers } = await getJson<{ events: { event: string }[] }>(
      s.base,
      '/api/events?address=MY.NET.1.2&from=2004-04-23',
    );
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
    assert.doesNotMatch(text, /[<>]/, 'no angle bracket reaches the wire raw');
    assert.deepEqual(
      body.events.map((e) => e.event),
      HOSTILE,
    );
    // And through every other route that shows messages.
    for (const path of ['/api/top?group=external&limit=100', `/api/signature/${encodeURIComponent(HOSTILE[0]!)}`]) {
      const r = await getJson(s.base, path);
      assert.equal(r.status, 200, path);
      assert.doesNotMatch(r.text, /[<>]/, path);
      assert.ok(JSON.stringify(r.body).includes('<script>alert(1)</script>'), path);
    }
  });

  const malformed: { path: string; param?: string; status?: number; init?: RequestInit }[] = [
    { path: '/api/events?port=x', param: 'port' },
    { path: '/api/events?port=70000', param: 'port' },
    { path: '/api/events?port=1&port=2', param: 'port' },
    { path: '/api/events?limit=0', param: 'limit' },
    { path: '/api/events?limit=1e3', param: 'limit' },
    { path: '/api/events?from=yesterday', param: 'from' },
    { path: '/api/events?from=2004-02-31', param: 'from' },
    { path: '/api/events?from=2004-04-21&to=2004-04-20', param: 'to' },
    { path: '/api/events?cidr=10.0.0.0/33', param: 'cidr' },
    { path: '/api/events?cidr=%3Cscript%3E', param: 'cidr' },
    { path: '/api/events?after=bm90LWEtY3Vyc29y', param: 'after' },
    { path: '/api/events?order=sideways', param: 'order' },
    { path: `/api/events?signature=${'x'.repeat(3000)}`, param: 'signature' },
    { path: '/api/timeline?buckets=-1', param: 'buckets' },
    { path: '/api/top?by_host=maybe', param: 'by_host' },
    { path: '/api/port/65536', param: 'port' },
    { path: '/api/port/abc', param: 'port' },
    { path: '/api/detects?kind=nope', param: 'kind' },
    { path: '/api/detects/no-such-detect', status: 404 },
    { path: '/api/ip/203.0.113.254', status: 404 },
    { path: '/api/nothing-here', status: 404 },
    { path: `/api/events?x=${'a'.repeat(20_000)}`, status: 431 },
    { path: '/api/sql', status: 415, init: { method: 'POST', body: 'SELECT 1' } },
    {
      path: '/api/sql',
      status: 415,
      init: {
        method: 'POST',
        body: 'query=SELECT+1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    },
    {
      path: `/api/detects/${encodeURIComponent('compromised-host:MY.NET.28.235')}/severity`,
      status: 415,
      init: { method: 'PUT', body: '{"criticality":5}', headers: { 'content-type': 'text/plain' } },
    },
    {
      path: '/api/sql',
      status: 400,
      init: { method: 'POST', body: '{"query":', headers: { 'content-type': 'application/json' } },
    },
    {
      path: '/api/sql',
      status: 413,
      init: {
        method: 'POST',
        body: JSON.stringify({ query: 'x'.repeat(70_000) }),
        headers: { 'content-type': 'application/json' },
      },
    },
    {
      path: '/api/sql',
      param: 'limit',
      init: {
        method: 'POST',
        body: JSON.stringify({ query: 'SELECT 1', limit: 'all' }),
        headers: { 'content-type': 'application/json' },
      },
    },
    {
      path: `/api/detects/${encodeURIComponent('compromised-host:MY.NET.28.235')}/severity`,
      param: 'criticality',
      init: { method: 'PUT', body: '{"criticality":9}', headers: { 'content-type': 'application/json' } },
    },
  ];
  for (const m of malformed) {
    test(`malformed: ${m.init?.method ?? 'GET'} ${m.path.slice(0, 70)} → ${m.status ?? 400}`, async () => {
      const response = await fetch(s.base + m.path, m.init);
      assert.equal(response.status, m.status ?? 400);
      if (response.status !== 431) {
        const body = (await response.json()) as { error: { code: string; param?: string } };
        if (m.param !== undefined) assert.equal(body.error.param, m.param, JSON.stringify(body));
        assert.ok(body.error.code.length > 0);
      }
    });
  }

  const refused: { name: string; query: string }[] = [
    { name: 'INSERT', query: "INSERT INTO scores VALUES ('x', 1, 1, 1, 1, now())" },
    { name: 'DELETE', query: 'DELETE FROM files' },
    { name: 'CREATE TABLE', query: 'CREATE TABLE t AS SELECT 1' },
    { name: 'DROP', query: 'DROP TABLE files' },
    { name: 'ATTACH', query: "ATTACH ':memory:' AS m" },
    { name: 'ATTACH a file', query: "ATTACH 'elsewhere.duckdb' AS m" },
    { name: 'COPY out', query: "COPY files TO 'out.csv'" },
    { name: 'COPY in a subquery', query: "SELECT * FROM (COPY files TO 'out.csv')" },
    { name: 'read a file', query: "SELECT * FROM read_csv('/etc/passwd')" },
    { name: 'read a file by glob', query: "SELECT * FROM glob('/etc/passwd')" },
    { name: 'SET', query: 'SET enable_external_access = true' },
    { name: 'PRAGMA', query: 'PRAGMA enable_profiling' },
    { name: 'two statements', query: 'SELECT 1; DELETE FROM files' },
    { name: 'breaking out of the subquery', query: 'SELECT 1) AS q; DELETE FROM files; SELECT * FROM (SELECT 1' },
    { name: 'INSTALL', query: 'INSTALL httpfs' },
  ];
  for (const r of refused) {
    test(`SQL is read-only: ${r.name} is refused with sql_error`, async () => {
      const { status, body } = await getJson<{ error: { code: string } }>(s.base, '/api/sql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: r.query }),
      });
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error.code, 'sql_error');
    });
  }

  test('SQL answers columns and rows, cut at the row limit', async () => {
    const { status, body } = await getJson<{ columns: string[]; rows: unknown[][]; truncated: boolean }>(
      s.base,
      '/api/sql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'SELECT range AS n, range * 2 AS twice FROM range(100);', limit: 10 }),
      },
    );
    assert.equal(status, 200);
    assert.deepEqual(body.columns, ['n', 'twice']);
    assert.equal(body.rows.length, 10);
    assert.deepEqual(body.rows[3], [3, 6]);
    assert.equal(body.truncated, true);
  });

  test('SQL past its timeout is stopped, and does not hold up other requests meanwhile', async () => {
    const slow = getJson<{ error: { code: string } }>(s.base, '/api/sql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'SELECT sum(hash(range)) AS s FROM range(100000000000)', timeout: 3 }),
    });
    let slowDone = false;
    void slow.then(() => (slowDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const quick = await getJson(s.base, '/api/events?limit=1&kind=oos');
    assert.equal(quick.status, 200);
    assert.equal(slowDone, false, 'the page answered while the slow query ran');
    const { status, body } = await slow;
    assert.equal(status, 422);
    assert.equal(body.error.code, 'sql_timeout');
  });

  test('every response carries the CSP, pages and errors too; the UI placeholder until it is built', async () => {
    for (const path of ['/', '/ip/1.2.3.4', '/api/nothing', '/api/events?port=x']) {
      const response = await fetch(s.base + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.doesNotMatch(csp.split(';').find((d) => d.includes('script-src')) ?? '', /unsafe/, path);
      if (!path.startsWith('/api')) assert.match(await response.text(), /UI is not built/);
    }
  });

  test('no CORS: a preflight is refused and no answer allows another origin', async () => {
    const preflight = await fetch(`${s.base}/api/sql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://attacker.example', 'access-control-request-method': 'POST' },
    });
    assert.ok(preflight.status >= 400 && preflight.status < 500, String(preflight.status));
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const read = await fetch(`${s.base}/api/status`, { headers: { origin: 'http://attacker.example' } });
    assert.equal(read.headers.get('access-control-allow-origin'), null);
  });

  test('a foreign Host is refused without a token (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.base}/api/status`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 421);
  });
});

describe('serve before the detects are worked out', () => {
  test('an address page does not wait for the first run: detects_pending, then the detects', async () => {
    const s = await serve();
    try {
      const first = await getJson<{ detects: unknown[]; detects_pending: boolean }>(s.base, '/api/ip/MY.NET.28.235');
      assert.equal(first.status, 200);
      assert.equal(first.body.detects_pending, true);
      assert.deepEqual(first.body.detects, []);
      // The peek started the run; the detects list waits for it, after which the page has them.
      await getJson(s.base, '/api/detects');
      const after = await getJson<{ detects: { role: string }[]; detects_pending: boolean }>(
        s.base,
        '/api/ip/MY.NET.28.235',
      );
      assert.equal(after.body.detects_pending, false);
      assert.ok(after.body.detects.some((d) => d.role === 'subject'));
    } finally {
      await s.app.close();
    }
  });
});

describe('serve with a token', () => {
  const token = 'test-token-0123456789';
  let s: Served;
  before(async () => {
    s = await serve({ token });
  });
  after(async () => s.app.close());

  const cases: { name: string; init?: RequestInit; query?: string; status: number }[] = [
    { name: 'no token', status: 401 },
    { name: 'a wrong bearer token', init: { headers: { authorization: 'Bearer nope' } }, status: 401 },
    { name: 'a wrong query token', query: '?token=nope', status: 401 },
    { name: 'a wrong cookie', init: { headers: { cookie: 'idsift_token=nope' } }, status: 401 },
    { name: 'the bearer token', init: { headers: { authorization: `Bearer ${token}` } }, status: 200 },
    { name: 'the cookie', init: { headers: { cookie: `a=b; idsift_token=${token}` } }, status: 200 },
    { name: 'the query token', query: `?token=${token}`, status: 200 },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.status}, on API routes, pages and the live channel`, async () => {
      for (const path of ['/api/status', '/api/events?limit=1', '/', '/api/live']) {
        const sep = path.includes('?') && c.query ? `&${c.query.slice(1)}` : (c.query ?? '');
        const controller = new AbortController();
        const response = await fetch(s.base + path + sep, { ...c.init, signal: controller.signal });
        assert.equal(response.status, c.status, path);
        assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        controller.abort();
      }
    });
  }

  test('a good ?token= sets an HttpOnly SameSite cookie that authenticates later requests', async () => {
    const first = await fetch(`${s.base}/?token=${token}`);
    const cookie = first.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^idsift_token=[^;]+; HttpOnly; SameSite=Strict/);
    const later = await fetch(`${s.base}/api/status`, { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(later.status, 200);
  });
});

describe('severity edits and the live channel', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(async () => s.app.close());

  test('a severity edit is stored as idsift score stores it, and the live channel says the store changed', async () => {
    const controller = new AbortController();
    const live = await fetch(`${s.base}/api/live`, { signal: controller.signal });
    assert.equal(live.status, 200);
    assert.match(live.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = live.body!.getReader();
    const versions: string[] = [];
    let buffer = '';
    const nextVersion = async (): Promise<string> => {
      for (;;) {
        const match = /event: version\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return (JSON.parse(match[1]!) as { version: string }).version;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the live channel closed');
        buffer += new TextDecoder().decode(value);
      }
    };
    versions.push(await nextVersion());

    const id = encodeURIComponent('low-and-slow:193.159.159.112');
    const { status, body } = await getJson<{ severity: { criticality: number; overridden: string[] } }>(
      s.base,
      `/api/detects/${id}/severity`,
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"criticality":5,"network":3}' },
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.severity.criticality, 5);
    assert.deepEqual(body.severity.overridden.sort(), ['criticality', 'network']);

    versions.push(await nextVersion());
    assert.notEqual(versions[1], versions[0]);
    controller.abort();

    const ctx = await openContext({ db, config });
    try {
      const stored = await readScoreOverrides(ctx.store);
      assert.deepEqual(stored.get('low-and-slow:193.159.159.112'), { criticality: 5, network: 3 });
    } finally {
      await ctx.store.close();
    }
    const reset = await getJson<{ severity: { overridden: string[] } }>(s.base, `/api/detects/${id}/severity`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"reset":true}',
    });
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual(reset.body.severity.overridden, []);
  });
});

describe('serve under a bounded load', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(async () => s.app.close());

  test('the main routes answer every request with 2xx (no timing asserted)', async () => {
    const routes = mainRoutes({ address: 'MY.NET.28.235', port: 25, signature: 'SMB Name Wildcard' });
    for (const route of routes) {
      const figures = await loadRoute(s.base, route, { seconds: 1, connections: 4 });
      assert.ok(figures.requests > 0, route.name);
      assert.equal(figures.errors, 0, `${route.name}: ${JSON.stringify(figures)}`);
      assert.equal(figures.non2xx, 0, `${route.name}: ${JSON.stringify(figures)}`);
    }
  });
});
