/**
 * The analyst's word beats the derived value: `idsift score` stores overrides per finding
 * (`kind:subject`) or per subject (every kind), and each re-run lays them over the fresh scores.
 */
import type { Severity, SeverityField } from '../finding.js';

export const SEVERITY_FIELDS: readonly SeverityField[] = ['criticality', 'lethality', 'system', 'network'];

export type SeverityOverride = Partial<Record<SeverityField, number>>;

/** The key of an override that applies to one finding; a bare subject applies to all its kinds. */
export function overrideKey(kind: string | undefined, subject: string): string {
  return kind === undefined ? subject : `${kind}:${subject}`;
}

/**
 * Overrides for one finding: per-finding values first, then per-subject ones.
 * @example overrideFor(map, 'low-and-slow', '1.2.3.4')
 */
export function overrideFor(
  overrides: ReadonlyMap<string, SeverityOverride>,
  kind: string,
  subject: string,
): SeverityOverride {
  return { ...overrides.get(overrideKey(undefined, subject)), ...overrides.get(overrideKey(kind, subject)) };
}

/** Severity with the override's inputs replaced, marked `overridden`, and the score recomputed. */
export function applyOverride(severity: Severity, override: SeverityOverride): Severity {
  const out: Severity = { ...severity, reasons: { ...severity.reasons } };
  const overridden: SeverityField[] = [];
  for (const field of SEVERITY_FIELDS) {
    const value = override[field];
    if (value === undefined) continue;
    overridden.push(field);
    out.reasons[field] = `set by the analyst (derived ${severity[field]}: ${severity.reasons[field]})`;
    out[field] = value;
  }
  if (overridden.length === 0) return severity;
  out.score = out.criticality + out.lethality - (out.system + out.network);
  out.overridden = overridden;
  return out;
}
