/**
 * `runDetects`: every registered detect over the store, scored, with evidence, the analyst's
 * overrides, spoofing verdicts and links — the one entry point the CLI, the report and the web
 * pages call.
 */
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import type { Finding, ListLimit, Severity } from '../finding.js';
import { applyOverride, overrideFor, type SeverityOverride } from '../severity/apply-overrides.js';
import { assessSpoofing } from '../severity/assess-spoofing.js';
import { readScoreOverrides } from '../severity/score-overrides.js';
import { scoreSeverity } from '../severity/score-severity.js';
import { severitySettingsSchema, type SeveritySettings } from '../severity/severity-settings.js';
import { attachRules } from './attach-rules.js';
import { compareFindings, kindRank } from './compare-findings.js';
import type { DetectContext, DetectRun, DraftFinding } from './detect-module.js';
import { parseDetectSettings } from './detect-settings.js';
import { EventClasses } from './event-classes.js';
import { fetchEvidence, type EvidenceQuery } from './fetch-evidence.js';
import { createHostIdTable } from './host-id-table.js';
import { linkFindings } from './link-findings.js';
import { DETECT_MODULES } from './registry.js';

/** `config.detect.evidence`: how much evidence each finding carries. */
export const evidenceSettingsSchema = z
  .object({
    /** Evidence events per finding (counts per log kind are always complete, in `facts`). */
    limit: z.number().int().min(1).max(10_000).default(50),
    /** Related addresses per finding. */
    relatedLimit: z.number().int().min(1).max(100_000).default(100),
  })
  .strict();

/** Config sections besides the modules' own (`report` belongs to the written report's thresholds). */
const SHARED_SECTIONS = ['severity', 'evidence', 'report'];

const BLOCKED_ACTION = /drop|block|reject/i;

/** Wall and CPU time of one step of a run (a detect module, or the shared evidence and scoring). */
export interface DetectStep {
  step: string;
  wallMs: number;
  /** Process CPU, DuckDB's threads included. */
  cpuMs: number;
}

/**
 * Where each finding's evidence is (its queries), so that all of it can be counted again later
 * (the report counts a written-up finding's links over every event, not its sample). Kept beside
 * the finding rather than in it: it is not part of the finding's JSON.
 */
const EVIDENCE_QUERIES = new WeakMap<Finding, readonly EvidenceQuery[]>();

/** Each finding's severity as derived, before the analyst's overrides (for re-scoring in place). */
const DERIVED_SEVERITY = new WeakMap<Finding, Severity>();

/** A finding's severity before overrides; its own severity for a finding made elsewhere. */
export function derivedSeverityOf(finding: Finding): Severity {
  return DERIVED_SEVERITY.get(finding) ?? finding.severity;
}

/**
 * Lay `overrides` over the derived severities again and re-sort: what a re-run would give after an
 * `idsift score` change, without running the detects (the web page's severity edit).
 */
export function rescoreFindings<F extends Finding>(
  findings: readonly F[],
  derived: readonly Severity[],
  overrides: ReadonlyMap<string, SeverityOverride>,
): F[] {
  return findings
    .map((f, i) => ({ ...f, severity: applyOverride(derived[i]!, overrideFor(overrides, f.kind, f.subject)) }))
    .sort(compareFindings);
}

/** The evidence queries of a finding this run produced (none for a finding made elsewhere). */
export function evidenceQueriesOf(finding: Finding): readonly EvidenceQuery[] | undefined {
  return EVIDENCE_QUERIES.get(finding);
}

/**
 * Run every detect; findings in listing order (`compareFindings`: incidents, scans, service
 * activity). Where a detect kept only part of its findings, `limits` receives what was cut; `steps`,
 * when given, receives the time each step took (benchmarks and profiles).
 */
export async function runDetects(
  ctx: DetectContext,
  limits: ListLimit[] = [],
  steps?: DetectStep[],
): Promise<Finding[]> {
  const timed = async <T>(step: string, body: () => Promise<T>): Promise<T> => {
    ctx.onStep?.(step);
    if (steps === undefined) return body();
    const wall = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await body();
    } finally {
      const used = process.cpuUsage(cpu);
      steps.push({
        step,
        wallMs: Math.round(performance.now() - wall),
        cpuMs: Math.round((used.user + used.system) / 1000),
      });
    }
  };
  checkSections(ctx);
  const severitySettings = parseDetectSettings(ctx.config, 'severity', severitySettingsSchema);
  const evidenceSettings = parseDetectSettings(ctx.config, 'evidence', evidenceSettingsSchema);
  const memo = new Map<string, Promise<unknown>>();
  const drafts: DraftFinding[] = [];
  const hosts = await timed('host table', () => createHostIdTable(ctx.store));
  try {
    const run: DetectRun = {
      ...ctx,
      classes: await timed('event classes', () => EventClasses.load(ctx.store)),
      hosts: hosts.name,
      drafts,
      limits,
      memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as Promise<T>;
      },
    };
    for (const module of DETECT_MODULES) {
      const settings = parseDetectSettings(ctx.config, module.name, module.settings);
      drafts.push(...(await timed(module.name, () => module.run(run, settings))));
    }
    return await timed('evidence, scores, links', () => finish(ctx, run, drafts, severitySettings, evidenceSettings));
  } finally {
    await ctx.store.run(`DROP TABLE IF EXISTS ${hosts.name}_pa`);
    await hosts.drop();
  }
}

/** Evidence, scores, overrides, spoofing verdicts and links for the drafts of a run. */
async function finish(
  ctx: DetectContext,
  run: DetectRun,
  drafts: DraftFinding[],
  severitySettings: SeveritySettings,
  evidenceSettings: z.infer<typeof evidenceSettingsSchema>,
): Promise<Finding[]> {
  const evidence = await fetchEvidence(
    ctx.store,
    run.classes,
    drafts.map((d) => ({ queries: d.evidence, ttlHost: d.ttlHost ?? d.subject })),
    evidenceSettings.limit,
    `${run.hosts}_ev`,
  );
  const overrides = await readScoreOverrides(ctx.store);
  const derivedOf: Severity[] = [];
  const findings: Finding[] = drafts.map((draft, i) => {
    const found = evidence[i]!;
    const { basis, replies, ttlHost: _ttlHost, evidence: _queries, ...rest } = draft;
    const blocked =
      basis.blocked ||
      found.events.some((e) => typeof e.detail?.action === 'string' && BLOCKED_ACTION.test(e.detail.action));
    const derived = scoreSeverity({ ...basis, blocked }, severitySettings);
    derivedOf.push(derived);
    const facts = { ...rest.facts };
    for (const [source, n] of Object.entries(found.bySource).sort()) facts[`events_${source}`] = n;
    const related =
      rest.related.length > evidenceSettings.relatedLimit
        ? rest.related.slice(0, evidenceSettings.relatedLimit)
        : rest.related;
    if (related.length < rest.related.length) facts.related_total = rest.related.length;
    const limits: ListLimit[] = [];
    // The counts per log kind are of every event the finding's queries match; the list is a sample.
    const evidenceTotal = Object.values(found.bySource).reduce((n, c) => n + c, 0);
    if (evidenceTotal > found.events.length)
      limits.push({
        list: 'evidence',
        truncated: true,
        shown: found.events.length,
        total: evidenceTotal,
        see: `raise detect.evidence.limit in the config (now ${evidenceSettings.limit}, at most 10000), or query the events with idsift sql`,
      });
    if (related.length < rest.related.length)
      limits.push({
        list: 'related',
        truncated: true,
        shown: related.length,
        total: rest.related.length,
        see: `raise detect.evidence.relatedLimit in the config (now ${evidenceSettings.relatedLimit})`,
      });
    return {
      ...rest,
      ...(limits.length > 0 ? { limits } : {}),
      related,
      facts,
      severity: applyOverride(derived, overrideFor(overrides, draft.kind, draft.subject)),
      evidence: found.events,
      spoofing: assessSpoofing(replies, found.ttl, severitySettings.maxTtlSpread),
      linked: [],
    };
  });
  findings.forEach((f, i) => {
    EVIDENCE_QUERIES.set(f, drafts[i]!.evidence);
    DERIVED_SEVERITY.set(f, derivedOf[i]!);
  });
  await attachRules(ctx.store, findings);
  const links = linkFindings(findings);
  findings.forEach((f, i) => (f.linked = links[i]!));
  findings.sort(compareFindings);
  return findings;
}

/** Every finding kind the registered detects produce, in listing order. */
export function detectKinds(): string[] {
  const kinds = DETECT_MODULES.flatMap((m) => [...m.kinds]);
  return kinds.sort((a, b) => kindRank(a) - kindRank(b));
}

/** A typo in a section name would silently keep the defaults: refuse it instead. */
function checkSections(ctx: DetectContext): void {
  const known = [...DETECT_MODULES.map((m) => m.name), ...SHARED_SECTIONS];
  for (const name of Object.keys(ctx.config.detect)) {
    if (!known.includes(name)) {
      throw new UserError(
        `${ctx.config.path ?? 'config'}: detect.${name}: unknown section (known: ${known.join(', ')})`,
      );
    }
  }
}
