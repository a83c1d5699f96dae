/**
 * The read routes of docs/API.md: dashboard (status, timeline, top, stumble), address, port and
 * signature pages, and the event search with its count and CSV export.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildIpTimeline } from '../../analyze/ip-timeline/ip-timeline.js';
import { profileAddress } from '../../analyze/profile/profile-address.js';
import { lookupRule, type RuleLookup } from '../../analyze/rules/lookup-rule.js';
import { findStumblers } from '../../analyze/stumble/stumble.js';
import { queryTopPerGroup } from '../../analyze/overview/query-top-per-group.js';
import { topPorts, topSignatures, topSignaturesPerGroup, topTalkers } from '../../analyze/top-n/top-n.js';
import { parseIpv6 } from '../../core/address.js';
import { UserError } from '../../core/errors.js';
import { isoFromMicrosExact } from '../../core/time.js';
import { buildLinkGraph, linkCountsOf } from '../report/build-link-graph.js';
import { sanitiseOutput } from '../sanitise-output.js';
import { summariseFiles } from '../cli/commands/files-command.js';
import { ApiError, badParameter } from './api-error.js';
import { decodeCursor, encodeCursor, parseEventFilter, type EventCursor, type EventFilter } from './event-filter.js';
import { boolParam, choiceParam, intParam, parseWhole, textParam, timeParam, type QueryParams } from './read-params.js';
import type { ServeState } from './serve-state.js';
import {
  countEventBuckets,
  countEvents,
  describeTarget,
  findV6Ids,
  readStoreTotals,
  searchEvents,
  topInRange,
  type ResolvedFilter,
} from './serve-queries.js';
import type { ServeContext } from './store-gate.js';

/** Bucket widths the timeline chooses from (seconds): round numbers a reader recognises. */
const BUCKET_SECONDS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 604800];
/** Rows per page the CSV export reads at a time. */
const CSV_PAGE = 5000;
/** CSV exports at once: each streams up to a million rows. */
const MAX_EXPORTS = 2;
/** IPv6 addresses one CIDR filter may name (they are bound one by one). */
const MAX_CIDR_IDS = 10_000;

export function registerApiRoutes(app: FastifyInstance, state: ServeState): void {
  const { gate } = state;
  const q = (request: FastifyRequest) => request.query as QueryParams;

  app.get('/api/status', (request) =>
    state.cached(request, () =>
      gate.read(async ({ store, book }) => {
        const totals = await readStoreTotals(store);
        const files = summariseFiles(await store.listFiles());
        return {
          store: store.location,
          backend: store.backend,
          version: gate.version(),
          events: totals.events,
          first_ts: totals.firstUs === null ? null : isoFromMicrosExact(totals.firstUs),
          last_ts: totals.lastUs === null ? null : isoFromMicrosExact(totals.lastUs),
          kinds: totals.kinds,
          groups: book.groupNames(),
          files,
          quarantined: files.reduce((n, f) => n + f.quarantined, 0),
          token_required: state.options.token !== null,
        };
      }),
    ),
  );

  app.get('/api/timeline', (request) => {
    const query = q(request);
    const buckets = intParam(query, 'buckets', 1, 1000, 120);
    const fromUs = timeParam(query, 'from');
    const toUs = timeParam(query, 'to');
    return state.cached(request, () =>
      gate.read(async ({ store }) => {
        const totals = await readStoreTotals(store);
        const from = fromUs ?? totals.firstUs ?? 0;
        const to = toUs ?? (totals.lastUs === null ? 0 : totals.lastUs + 1);
        if (to <= from) return { from: iso(from), to: iso(to), bucket_seconds: 1, kinds: totals.kinds, buckets: [] };
        const spanSeconds = (to - from) / 1e6;
        const seconds = BUCKET_SECONDS.find((s) => spanSeconds / s <= buckets) ?? Math.ceil(spanSeconds / buckets);
        return {
          from: iso(from),
          to: iso(to),
          bucket_seconds: seconds,
          kinds: totals.kinds,
          buckets: await countEventBuckets(store, { fromUs: from, toUs: to }, seconds * 1e6),
        };
      }),
    );
  });

  app.get('/api/top', (request) => {
    const query = q(request);
    const group = textParam(query, 'group');
    const limit = intParam(query, 'limit', 1, 100, 10);
    const byHost = boolParam(query, 'by_host', false);
    const fromUs = timeParam(query, 'from');
    const toUs = timeParam(query, 'to');
    return state.cached(request, () =>
      gate.read(async ({ store, book }) => {
        const groups = group ? [group] : book.groupNames();
        const ranged = fromUs !== undefined || toUs !== undefined;
        const out = [];
        if (!ranged && !byHost && groups.length > 1) {
          // Every group at once, as the report's top tables count them (the store contract holds
          // those to `idsift top --group`): three passes over the event counts, not three per group.
          const tops = await queryTopPerGroup(store, limit);
          const signatures = await topSignaturesPerGroup(store, limit);
          for (const g of groups) {
            out.push({
              group: g,
              talkers: tops.get(g)?.talkers ?? [],
              ports: tops.get(g)?.ports ?? [],
              signatures: signatures.get(g) ?? [],
            });
          }
          return { groups: out };
        }
        for (const g of groups) {
          const options = { group: g, limit, byHost };
          // Without a time range these are exactly `idsift top`; with one, the same counts restricted.
          const range = { ...options, fromUs, toUs };
          out.push({
            group: g,
            talkers: ranged ? await topInRange(store, 'talkers', range) : await topTalkers(store, options),
            ports: ranged ? await topInRange(store, 'ports', range) : await topPorts(store, options),
            signatures: ranged ? await topInRange(store, 'signatures', range) : await topSignatures(store, options),
          });
        }
        return { groups: out };
      }),
    );
  });

  app.get('/api/stumble', (request) =>
    state.cached(request, () =>
      gate.read(async ({ store }) => {
        const result = await findStumblers(store);
        return { kinds: result.kinds, min_sources: result.minSources, hosts: result.hosts };
      }),
    ),
  );

  app.get<{ Params: { address: string } }>('/api/ip/:address', (request) => {
    const address = checkAddress(request.params.address);
    const limit = intParam(q(request), 'limit', 1, 100, 10);
    return state
      .cachedAs(`${request.url}#profile`, () => gate.read((ctx) => profileAddress(ctx, address, { limit })))
      .then((profile) => {
        if (profile.activity.events === 0)
          throw new ApiError(404, 'not_found', `no events with ${address} in the store`);
        // The detects as far as they are worked out: the page does not wait for a whole run (the
        // first on a large store takes a while) and says when they are pending.
        const list = state.findings.peek();
        const host = profile.host;
        const detects = (list?.findings ?? [])
          .map((f) => ({ f, role: f.subject === host ? 'subject' : f.related.includes(host) ? 'related' : null }))
          .filter((x) => x.role !== null)
          .map(({ f, role }) => ({
            id: f.id,
            kind: f.kind,
            subject: f.subject,
            summary: f.summary,
            score: f.severity.score,
            role,
          }));
        const { activity } = profile;
        return {
          address: profile.address,
          host,
          group: profile.group,
          aliases: profile.aliases,
          first_seen: activity.first_seen,
          last_seen: activity.last_seen,
          events: activity.events,
          by_source: activity.by_source,
          registry: profile.registry,
          top_signatures: activity.top_signatures,
          peers: activity.top_peers,
          ports: activity.top_ports,
          detects,
          detects_pending: list === null || list.stale,
        };
      });
  });

  app.get<{ Params: { address: string } }>('/api/ip/:address/graph', (request) => {
    const address = checkAddress(request.params.address);
    const query = q(request);
    const maxNodes = intParam(query, 'max_nodes', 5, 200, 40);
    const events = intParam(query, 'events', 100, 10_000, 2000);
    return state.cached(request, () =>
      gate.read(async ({ store, book }) => {
        const timeline = await buildIpTimeline(store, book, address, events);
        if (timeline.total === 0) throw new ApiError(404, 'not_found', `no events with ${address} in the store`);
        const graph = buildLinkGraph(linkCountsOf(timeline.events), {
          subject: address,
          maxNodes,
          groupOf: (a) => book.groupOf(a),
          hostOf: (a) => book.hostOf(a),
        });
        return { address, graph, events_used: timeline.events.length, sampled: timeline.truncated };
      }),
    );
  });

  app.get<{ Params: { port: string } }>('/api/port/:port', (request) => {
    const port = parseWhole(request.params.port, 'port', 0, 65535);
    const query = q(request);
    const range = { fromUs: timeParam(query, 'from'), toUs: timeParam(query, 'to') };
    const limit = intParam(query, 'limit', 1, 100, 10);
    return state.cached(request, () =>
      gate.read(async ({ store }) => ({ port, ...(await describeTarget(store, { dport: port }, range, limit)) })),
    );
  });

  app.get<{ Params: { signature: string } }>('/api/signature/:signature', (request) => {
    const wanted = request.params.signature;
    if (wanted.trim() === '' || wanted.length > 2000)
      throw badParameter('signature', 'signature must be a sid, gid:sid or an alert message');
    const query = q(request);
    const range = { fromUs: timeParam(query, 'from'), toUs: timeParam(query, 'to') };
    const limit = intParam(query, 'limit', 1, 100, 10);
    return state.cached(request, () =>
      gate.read(async ({ store }) => {
        let rule: RuleLookup | null = null;
        try {
          rule = await lookupRule(store, wanted);
        } catch (error) {
          // No rules loaded, or none matches: the page is about the message as the alerts wrote it.
          if (!(error instanceof UserError)) throw error;
        }
        const signature = rule?.msg ?? wanted;
        const activity = await describeTarget(store, { signature }, range, limit);
        if (activity.events === 0 && rule === null)
          throw new ApiError(404, 'not_found', 'no events with this signature in the store');
        return { signature, rule, ...activity };
      }),
    );
  });

  app.get('/api/events', (request) => {
    const query = q(request);
    const filter = parseEventFilter(query);
    const limit = intParam(query, 'limit', 1, 1000, 100);
    const order = choiceParam(query, 'order', ['asc', 'desc'] as const, 'asc');
    const after = textParam(query, 'after');
    const cursor = after ? decodeCursor(after) : undefined;
    return state.cached(request, () =>
      gate.read(async (ctx) => {
        const resolved = await resolveFilter(ctx, filter);
        const page = await searchEvents(ctx.store, resolved, { cursor, limit, order });
        return {
          events: page.events,
          next: page.events.length === limit && page.last !== null ? encodeCursor(page.last) : null,
        };
      }),
    );
  });

  app.get('/api/events/count', (request) => {
    const filter = parseEventFilter(q(request));
    return state.cached(request, () =>
      gate.read(async (ctx) => ({ count: await countEvents(ctx.store, await resolveFilter(ctx, filter)) })),
    );
  });

  let exports = 0;
  app.get('/api/events.csv', async (request, reply) => {
    const query = q(request);
    const filter = parseEventFilter(query);
    const max = intParam(query, 'max', 1, 1_000_000, 100_000);
    if (exports >= MAX_EXPORTS) throw new ApiError(429, 'busy', 'too many exports at once; try again');
    exports++;
    try {
      // Pages are read one at a time, each on a short-lived handle, so a long export never holds the store.
      const resolved = await gate.read((ctx) => resolveFilter(ctx, filter));
      const columns = ['ts', 'source', 'event', 'src', 'sport', 'dst', 'dport', 'proto', 'file', 'line'] as const;
      const chunks: string[] = [`${columns.join(',')}\r\n`];
      let cursor: EventCursor | undefined;
      let written = 0;
      while (written < max) {
        const limit = Math.min(CSV_PAGE, max - written);
        const page = await gate.read((ctx) => searchEvents(ctx.store, resolved, { cursor, limit, order: 'asc' }));
        for (const e of page.events) chunks.push(`${columns.map((c) => sanitiseOutput.csvCell(e[c])).join(',')}\r\n`);
        written += page.events.length;
        if (page.events.length < limit || page.last === null) break;
        cursor = page.last;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="idsift-events.csv"')
        .send(chunks.join(''));
    } finally {
      exports--;
    }
  });
}

/** The address page's address: anything a log could have written, within reason. */
function checkAddress(text: string): string {
  const address = text.trim();
  if (address === '' || address.length > 200 || /[\s\u0000-\u001f]/.test(address))
    throw badParameter('address', 'address must be an address as a log writes it (24.1.2.3, MY.NET.12.4, 2001:db8::1)');
  return address;
}

/** Resolve the filter's address to its host and an IPv6 CIDR to address ids. */
async function resolveFilter(ctx: ServeContext, filter: EventFilter): Promise<ResolvedFilter> {
  const { address, ...rest } = filter;
  const resolved: ResolvedFilter = rest;
  if (address !== undefined) resolved.host = ctx.book.hostOf(address);
  if (filter.cidr?.kind === 'v6') {
    const ids = await findV6Ids(ctx.store, filter.cidr.lo, filter.cidr.hi, parseIpv6);
    if (ids.length > MAX_CIDR_IDS)
      throw badParameter(
        'cidr',
        `the IPv6 network holds ${ids.length} addresses; narrow it to ${MAX_CIDR_IDS} or fewer`,
      );
    resolved.cidrIds = ids;
    delete resolved.cidr;
  }
  return resolved;
}

function iso(us: number): string {
  return isoFromMicrosExact(us);
}
