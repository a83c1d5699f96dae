/**
 * A bounded load run against a serving idsift (autocannon on loopback): a fixed number of
 * connections for a fixed time against each main route. Shared by `npm run bench:serve` (which
 * prints the figures) and the API test (which asserts only that nothing failed).
 */
import autocannon from 'autocannon';

export interface LoadRoute {
  name: string;
  /** Paths to cycle through (several: the same URL would only measure the answer cache). */
  paths: string[];
  method?: 'GET' | 'POST';
  body?: string;
}

export interface LoadFigures {
  route: string;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Run `route` for `seconds` with `connections` at once; figures from autocannon. */
export async function loadRoute(
  baseUrl: string,
  route: LoadRoute,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadFigures> {
  // One request per path first: the figures are for a page in use, not for its first computation
  // (the detects take seconds once per store version); a failing warm-up shows as an error.
  let warmupFailures = 0;
  for (const path of route.paths) {
    const response = await fetch(baseUrl + path, {
      method: route.method ?? 'GET',
      headers: { ...options.headers, ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(route.body !== undefined ? { body: route.body } : {}),
    });
    await response.arrayBuffer();
    if (!response.ok) warmupFailures++;
  }
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    headers: { ...options.headers, ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    requests: route.paths.map((path) => ({
      method: route.method ?? 'GET',
      path,
      ...(route.body !== undefined ? { body: route.body } : {}),
    })),
  });
  return {
    route: route.name,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx + warmupFailures,
  };
}

/** The main routes of a store's dashboard, address, search and SQL pages. */
export function mainRoutes(sample: { address: string; port: number; signature: string }): LoadRoute[] {
  const address = encodeURIComponent(sample.address);
  return [
    { name: 'status', paths: ['/api/status'] },
    { name: 'timeline', paths: ['/api/timeline', '/api/timeline?buckets=60', '/api/timeline?buckets=200'] },
    { name: 'top', paths: ['/api/top', '/api/top?limit=5', '/api/top?limit=20'] },
    { name: 'detects', paths: ['/api/detects', '/api/detects?limit=10'] },
    { name: 'ip', paths: [`/api/ip/${address}`, `/api/ip/${address}?limit=5`] },
    {
      name: 'events',
      paths: [
        `/api/events?port=${sample.port}`,
        `/api/events?port=${sample.port}&order=desc`,
        `/api/events?address=${address}&limit=50`,
        `/api/events?signature=${encodeURIComponent(sample.signature)}`,
      ],
    },
    { name: 'port', paths: [`/api/port/${sample.port}`, `/api/port/${sample.port}?limit=5`] },
    {
      name: 'sql',
      paths: ['/api/sql'],
      method: 'POST',
      body: JSON.stringify({ query: 'SELECT count(*) AS n FROM files' }),
    },
  ];
}
