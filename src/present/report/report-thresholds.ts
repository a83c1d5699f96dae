/**
 * The report's own thresholds (what counts as a noisy signature, a recurring incident, how much
 * evidence to print), read from the config's `detect.report` section with defaults, so an analyst
 * can tune them without touching code and the method appendix can show the values in force.
 */
import { z } from 'zod';
import type { IdsiftConfig } from '../../core/config.js';
import { UserError } from '../../core/errors.js';

const schema = z
  .object({
    /** A signature is noisy when it is at least this share of all alerts… */
    noisyShare: z.number().gt(0).lte(1).default(0.05),
    /** …and fires for at least this many distinct sources (one chatty host is an incident, not noise). */
    noisyMinSources: z.number().int().min(1).default(5),
    /** A (source host, signature) pair seen on at least this many UTC days is a recurring incident. */
    recurringMinDays: z.number().int().min(2).default(2),
    /** Rows in each "top" table and chart (the practical used five). */
    topN: z.number().int().min(1).max(50).default(5),
    /** Detects written up in full (the best of every other kind is added); the rest are listed. */
    detailedDetects: z.number().int().min(1).max(1000).default(10),
    /** Evidence lines printed per detect (the full count is always stated). */
    evidenceLines: z.number().int().min(1).max(1000).default(25),
    /** External addresses profiled. */
    profiles: z.number().int().min(0).max(50).default(5),
    /** Hosts drawn in one link diagram before the rest are folded into one "other hosts" node. */
    diagramNodes: z.number().int().min(3).max(40).default(10),
    /** Quarantined lines quoted per file. */
    quarantineSamples: z.number().int().min(0).max(100).default(5),
  })
  .strict();

/** The config section (`detect.report`) holding these settings. */
export const REPORT_SECTION = 'report';

export type ReportThresholds = z.infer<typeof schema>;

export function readReportThresholds(config: IdsiftConfig): ReportThresholds {
  const parsed = schema.safeParse(config.detect[REPORT_SECTION] ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`config detect.report.${issue.path.join('.') || '(section)'}: ${issue.message}`);
  }
  return parsed.data;
}
