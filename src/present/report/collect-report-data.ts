/**
 * Gathers everything the report shows. Counting happens in SQL (a 9 M-event store never comes into
 * JS); detects and profiles come from their analyses. The analyses are passed in so that tests can
 * exercise the report on hand-built findings; the CLI passes the real ones.
 */
import { readFileSync } from 'node:fs';
import type { Finding, ListLimit } from '../../analyze/finding.js';
import { runDetects } from '../../analyze/detect/run-detects.js';
import { compareFindings } from '../../analyze/detect/compare-findings.js';
import { profileAddress, type AddressProfile, type ProfileOptions } from '../../analyze/profile/profile-address.js';
import { rulesForEvents } from '../../analyze/rules/rules-for-events.js';
import { findStumblers } from '../../analyze/stumble/stumble.js';
import { EXTERNAL_GROUP, type AddressBook } from '../../core/address-book.js';
import type { IdsiftConfig } from '../../core/config.js';
import type { Store } from '../../store/store.js';
import { summariseFiles } from '../cli/commands/files-command.js';
import { queryNoisySignatures } from '../../analyze/overview/query-noisy-signatures.js';
import { queryPassThrough } from '../../analyze/overview/query-pass-through.js';
import { queryQuarantine } from '../../analyze/overview/query-quarantine.js';
import { queryRecurringIncidents } from '../../analyze/overview/query-recurring-incidents.js';
import { queryTimeSeries } from '../../analyze/overview/query-time-series.js';
import { queryTopPerGroup } from '../../analyze/overview/query-top-per-group.js';
import { queryTotals } from '../../analyze/overview/query-totals.js';
import { queryLinkCounts } from './queries/query-link-counts.js';
import type { FindingCounts } from './build-link-graph.js';
import type { ReportData, ReportFile } from './report-data.js';
import { readReportThresholds } from './report-thresholds.js';
import { gidOf, sidOf } from './describe-fired-rules.js';
import { baseName } from './derive-observations.js';
import { effectiveDetectSettings } from './effective-detect-settings.js';
import { selectDetailedFindings } from './select-detailed-findings.js';
import { chooseProfileAddresses } from './choose-profile-addresses.js';

export interface ReportContext {
  store: Store;
  book: AddressBook;
  config: IdsiftConfig;
}

export interface ReportAnalyses {
  /** `limits` receives what the detects cut (see DetectRun.limits). */
  runDetects(ctx: ReportContext, limits?: ListLimit[]): Promise<Finding[]>;
  profileAddress(ctx: ReportContext, address: string, options: ProfileOptions): Promise<AddressProfile>;
}

/** The real analyses, as `idsift detect` runs them. */
export const REPORT_ANALYSES: ReportAnalyses = {
  runDetects: (ctx, limits) => runDetects(ctx, limits),
  // Offline only: a report must not reach out to registries (nor depend on their availability).
  profileAddress: (ctx, address, options) => profileAddress(ctx, address, { ...options, live: false }),
};

export interface CollectReportOptions {
  /** Called before each step, for progress on stderr. */
  onStep?: (step: string) => void;
  /** Fixed time for reproducible output (tests, goldens). */
  now?: Date;
}

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export async function collectReportData(
  ctx: ReportContext,
  analyses: ReportAnalyses,
  options: CollectReportOptions = {},
): Promise<ReportData> {
  const { store, book, config } = ctx;
  const thresholds = readReportThresholds(config);
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    options.onStep?.(name);
    const started = performance.now();
    try {
      return await body();
    } finally {
      timings[name] = Math.round(performance.now() - started);
    }
  };

  const files = await step('files', async () => {
    const stored = await store.listFiles();
    const quarantine = await queryQuarantine(store, thresholds.quarantineSamples);
    // summariseFiles keeps the order in which roots first appear; a grown file has several segments.
    const roots = [...new Set(stored.map((f) => f.rootId))];
    const files = summariseFiles(stored).map((summary, i): ReportFile => {
      const segments = stored.filter((f) => f.rootId === roots[i]).map((f) => quarantine.get(f.id));
      const byCode = new Map<string, number>();
      for (const s of segments)
        for (const c of s?.byCode ?? []) byCode.set(c.code, (byCode.get(c.code) ?? 0) + c.count);
      return {
        ...summary,
        quarantineByCode: [...byCode.entries()]
          .map(([code, count]) => ({ code, count }))
          .sort((a, b) => b.count - a.count),
        quarantineSamples: segments.flatMap((s) => s?.samples ?? []).slice(0, thresholds.quarantineSamples),
      };
    });
    // By name, so a day's alert, scans and oos files sit in the order an analyst lists them.
    return files.sort((a, b) => cmp(baseName(a.file), baseName(b.file)) || cmp(a.file, b.file));
  });
  const totals = await step('totals', () => queryTotals(store));
  const detectLimits: ListLimit[] = [];
  const findings = await step('detects', async () => {
    const found = await analyses.runDetects(ctx, detectLimits);
    return [...found].sort(compareFindings);
  });
  const detailed = selectDetailedFindings(findings, thresholds.detailedDetects);
  await step('rules', () => attachRules(store, findings, detailed));
  const findingCounts = await step('evidence counts', async () => {
    const counts = await queryLinkCounts(
      store,
      detailed.map((i) => findings[i]!),
    );
    const out: Record<string, FindingCounts> = {};
    counts.forEach((c, k) => {
      if (c) out[String(detailed[k])] = c;
    });
    return out;
  });
  const groups = await step('top talkers and ports', async () => {
    const tops = await queryTopPerGroup(store, thresholds.topN);
    return book.groupNames().map((group) => ({ group, talkers: [], ports: [], ...tops.get(group) }));
  });
  const timeSeries = await step('events over time', () => queryTimeSeries(store, totals.first, totals.last));
  const signatures = await step('noisy signatures', () =>
    queryNoisySignatures(store, {
      share: thresholds.noisyShare,
      minSources: thresholds.noisyMinSources,
      limit: thresholds.topN,
    }),
  );
  const recurring = await step('recurring incidents', () =>
    queryRecurringIncidents(store, { minDays: thresholds.recurringMinDays, limit: thresholds.topN }),
  );
  const passThrough = await step('traffic through the firewall', () => queryPassThrough(store, thresholds.topN));
  const stumblers = await step('hosts in every log', () => findStumblers(store));
  const profiles = await step('profiles', async () => {
    const external = groups.find((g) => g.group === EXTERNAL_GROUP)?.talkers ?? [];
    const out: ReportData['profiles'] = [];
    for (const choice of chooseProfileAddresses(findings, external, book, thresholds.profiles)) {
      out.push({
        reasons: choice.reasons,
        profile: await analyses.profileAddress(ctx, choice.address, { limit: thresholds.topN }),
      });
    }
    return out;
  });

  return {
    meta: {
      version: pkg.version,
      generatedAt: (options.now ?? new Date()).toISOString(),
      backend: store.backend,
      location: store.location,
      configPath: config.path,
      groups: { ...config.address.groups },
      aliases: [...config.address.aliases],
      detectSettings: effectiveDetectSettings(config),
      thresholds,
      timings,
    },
    totals: {
      ...totals,
      quarantined: files.reduce((n, f) => n + f.quarantined, 0),
      recovered: files.reduce((n, f) => n + f.recovered, 0),
    },
    files,
    findings,
    ...(Object.keys(findingCounts).length > 0 ? { findingCounts } : {}),
    ...(detectLimits.length > 0 ? { detectLimits } : {}),
    groups,
    timeSeries,
    noisySignatures: signatures.noisy,
    alerts: signatures.alerts,
    recurring,
    passThrough,
    profiles,
    stumblers: {
      kinds: stumblers.kinds,
      total: stumblers.hosts.length,
      hosts: stumblers.hosts.slice(0, thresholds.topN),
    },
  };
}

/**
 * Detects that did not name their rules get them here, from their evidence's alerts: one lookup for
 * all written-up findings, then each keeps the rules its own evidence matches.
 */
async function attachRules(store: Store, findings: Finding[], indexes: readonly number[]): Promise<void> {
  const targets = indexes.map((i) => findings[i]!).filter((f) => f.rules === undefined || f.rules.length === 0);
  const inputs = targets.flatMap((f) => f.evidence.map((e) => ({ event: e.event, sid: sidOf(e), gid: gidOf(e) })));
  if (inputs.length === 0) return;
  const rules = await rulesForEvents(store, inputs);
  for (const f of targets) {
    const messages = new Set(f.evidence.map((e) => e.event.toLowerCase()));
    const sids = new Set(f.evidence.map((e) => `${gidOf(e) ?? 1}:${sidOf(e)}`));
    f.rules = rules.filter(
      (r) => (r.sid !== null && sids.has(`${r.gid ?? 1}:${r.sid}`)) || messages.has(r.msg.toLowerCase()),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
