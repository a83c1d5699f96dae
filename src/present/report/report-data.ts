/**
 * Everything the written analysis shows, gathered once from the store (aggregated in SQL) and then
 * rendered as HTML, PDF or Markdown by pure functions. Plain data: it can be dumped as JSON to see
 * exactly what a report was made from.
 */
import type { Finding, ListLimit } from '../../analyze/finding.js';
import type { AddressProfile } from '../../analyze/profile/profile-address.js';
import type { TopEntry } from '../../analyze/top-n/top-n.js';
import type { FindingCounts } from './build-link-graph.js';
import type { FileSummary } from '../cli/commands/files-command.js';
import type { DetectSettingsEntry } from './effective-detect-settings.js';
import type { ReportThresholds } from './report-thresholds.js';
import type { NoisySignature } from '../../analyze/overview/query-noisy-signatures.js';
import type { PassThroughPort } from '../../analyze/overview/query-pass-through.js';
import type { QuarantinedLine } from '../../analyze/overview/query-quarantine.js';
import type { RecurringIncident } from '../../analyze/overview/query-recurring-incidents.js';
import type { TimeSeries } from '../../analyze/overview/query-time-series.js';
import type { EventTotals } from '../../analyze/overview/query-totals.js';

// The analyses' own types, named here too for the renderers.
export type { NoisySignature, PassThroughPort, QuarantinedLine, RecurringIncident, TimeSeries };

export interface ReportFile extends FileSummary {
  /** Quarantined records by problem code. */
  quarantineByCode: { code: string; count: number }[];
  /** The first few quarantined records, quoted. */
  quarantineSamples: QuarantinedLine[];
}

export interface GroupStatistics {
  group: string;
  talkers: TopEntry[];
  ports: TopEntry[];
}

export interface ReportData {
  meta: {
    version: string;
    generatedAt: string;
    backend: string;
    location: string;
    configPath: string | null;
    groups: Record<string, readonly string[]>;
    aliases: (readonly [string, string])[];
    /** The settings every detect ran with (config values, defaults filled in). */
    detectSettings: DetectSettingsEntry[];
    thresholds: ReportThresholds;
    /** Wall-clock milliseconds per collection step, for the appendix. */
    timings: Record<string, number>;
  };
  totals: EventTotals & {
    quarantined: number;
    recovered: number;
  };
  files: ReportFile[];
  /** Highest score first. */
  findings: Finding[];
  /**
   * Every event behind each written-up finding, counted per link, by the finding's index: the link
   * diagrams and the fired-rule tables count these, not the evidence sample.
   */
  findingCounts?: Record<string, FindingCounts>;
  /** Detects that kept only part of their findings (the largest scans, say): shown, total, how to see all. */
  detectLimits?: ListLimit[];
  groups: GroupStatistics[];
  timeSeries: TimeSeries;
  noisySignatures: NoisySignature[];
  /** Total alerts: the base of `share`. */
  alerts: number;
  recurring: { total: number; top: RecurringIncident[] };
  passThrough: { events: number; ports: PassThroughPort[] };
  /** The most suspicious external addresses, profiled offline, with why each was chosen. */
  profiles: { reasons: string[]; profile: AddressProfile }[];
  /** Hosts seen as a source in every log kind present. */
  stumblers: { kinds: string[]; total: number; hosts: { address: string; sources: Record<string, number> }[] };
}
