/**
 * The detects list, one detect with its graph, and its severity inputs edited in place — stored
 * exactly as `idsift score` stores them, so the CLI and the page agree.
 */
import type { FastifyInstance } from 'fastify';
import { detectKinds } from '../../analyze/detect/run-detects.js';
import { overrideKey, SEVERITY_FIELDS, type SeverityOverride } from '../../analyze/severity/apply-overrides.js';
import { readScoreOverrides, writeScoreOverride } from '../../analyze/severity/score-overrides.js';
import { buildLinkGraph, linkCountsOf } from '../report/build-link-graph.js';
import { ApiError, badParameter } from './api-error.js';
import { intParam, textParam, type QueryParams } from './read-params.js';
import type { ServeState } from './serve-state.js';
import type { FindingList, ListedFinding } from './serve-findings.js';

/** Nodes in a detect's graph before the rest fold into one (as the report's diagram). */
const GRAPH_NODES = 40;

export function registerDetectRoutes(app: FastifyInstance, state: ServeState): void {
  app.get('/api/detects', async (request) => {
    const query = request.query as QueryParams;
    const kind = textParam(query, 'kind');
    if (kind !== undefined && kind !== '' && !detectKinds().includes(kind))
      throw badParameter('kind', `kind must be one of ${detectKinds().join(', ')}`);
    const limit = intParam(query, 'limit', 1, 100_000);
    const { findings, limits, stale } = await state.findings.get();
    let shown = kind ? findings.filter((f) => f.kind === kind) : findings;
    if (limit !== undefined) shown = shown.slice(0, limit);
    return {
      findings: shown.map((f) => {
        const times = f.evidence.map((e) => e.ts).sort();
        return {
          id: f.id,
          kind: f.kind,
          subject: f.subject,
          summary: f.summary,
          severity: {
            score: f.severity.score,
            criticality: f.severity.criticality,
            lethality: f.severity.lethality,
            system: f.severity.system,
            network: f.severity.network,
            overridden: f.severity.overridden ?? [],
          },
          related_count: f.related.length,
          evidence_count: Object.entries(f.facts)
            .filter(([k]) => k.startsWith('events_'))
            .reduce((n, [, v]) => n + (typeof v === 'number' ? v : 0), 0),
          linked: f.linked,
          first_ts: times[0] ?? null,
          last_ts: times[times.length - 1] ?? null,
        };
      }),
      limits,
      kinds: detectKinds(),
      stale,
    };
  });

  app.get<{ Params: { id: string } }>('/api/detects/:id', async (request) => {
    const list = await state.findings.get();
    return describeFinding(state, list, findById(list, request.params.id));
  });

  app.put<{ Params: { id: string }; Body: unknown }>('/api/detects/:id/severity', async (request) => {
    const before = findById(await state.findings.get(), request.params.id);
    const { values, reset, scope } = parseSeverityBody(request.body);
    const key = overrideKey(scope === 'kind' ? before.kind : undefined, before.subject);
    const overrides = await state.gate.write(async (ctx) => {
      await writeScoreOverride(ctx.store, key, values, reset);
      return readScoreOverrides(ctx.store);
    });
    // Only the scores change: re-scored in place, not a whole run of the detects (seconds on a large
    // store). A commit by another writer in the same instant would wait for the next change.
    state.findings.rescore(overrides, state.gate.version());
    const list = await state.findings.get();
    return describeFinding(state, list, findById(list, before.id));
  });
}

function findById(list: FindingList, id: string): ListedFinding {
  const finding = list.findings.find((f) => f.id === id);
  if (finding === undefined) throw new ApiError(404, 'not_found', 'no such detect (the store may have changed)');
  return finding;
}

async function describeFinding(state: ServeState, list: FindingList, finding: ListedFinding) {
  const overrides = await state.gate.read((ctx) => readScoreOverrides(ctx.store));
  const key = overrideKey(finding.kind, finding.subject);
  const graph = buildLinkGraph(linkCountsOf(finding.evidence), {
    subject: finding.subject,
    maxNodes: GRAPH_NODES,
    groupOf: (a) => list.book.groupOf(a),
    hostOf: (a) => list.book.hostOf(a),
  });
  return {
    ...finding,
    // Always a list, as in the detects list: the page need not tell "none" from "absent".
    severity: { ...finding.severity, overridden: finding.severity.overridden ?? [] },
    graph,
    override: {
      key,
      ...(overrides.get(finding.subject) ?? {}),
      ...(overrides.get(key) ?? {}),
    },
  };
}

/** The PUT body: severity inputs 1–5, `reset`, `scope`; anything else is a 400. */
function parseSeverityBody(body: unknown): { values: SeverityOverride; reset: boolean; scope: 'kind' | 'subject' } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'bad_request', 'the body must be a JSON object');
  const values: SeverityOverride = {};
  let reset = false;
  let scope: 'kind' | 'subject' = 'kind';
  for (const [name, value] of Object.entries(body)) {
    if ((SEVERITY_FIELDS as readonly string[]).includes(name)) {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 5)
        throw badParameter(name, `${name} must be a whole number from 1 to 5`);
      values[name as keyof SeverityOverride] = value as number;
    } else if (name === 'reset') {
      if (typeof value !== 'boolean') throw badParameter('reset', 'reset must be true or false');
      reset = value;
    } else if (name === 'scope') {
      if (value !== 'kind' && value !== 'subject') throw badParameter('scope', 'scope must be "kind" or "subject"');
      scope = value;
    } else throw badParameter(name, `unknown field "${name.slice(0, 40)}"`);
  }
  if (Object.keys(values).length === 0 && !reset)
    throw badParameter('criticality', 'give at least one of criticality, lethality, system, network (or reset)');
  return { values, reset, scope };
}
