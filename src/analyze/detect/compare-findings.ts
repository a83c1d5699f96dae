/**
 * The order findings are listed in everywhere (detect, report, web): incidents first, then plain
 * scans, then informational service activity; by score within a tier. A score-only order let a
 * busy resolver's "sweep" (score 2) rank above a real scan-then-connect whose target's service
 * lowered its score; an analyst reads from the top and should meet the incidents there.
 */
/** What the order reads of a finding. */
export interface Rankable {
  kind: string;
  subject: string;
  severity: { score: number };
}

/** Kinds in tier order; within a tier, ties in score list the story detects first. */
const TIERS: readonly (readonly string[])[] = [
  ['compromised-host', 'scan-then-connect', 'low-and-slow', 'crafted-packets'],
  ['horizontal-scan', 'vertical-scan'],
  ['service-activity'],
];

/** Tier of a kind: 0 incidents, 1 scans (and kinds not listed), 2 service activity. */
export function tierOf(kind: string): number {
  const i = TIERS.findIndex((t) => t.includes(kind));
  return i < 0 ? 1 : i;
}

/** Position of a kind in the listing order (unknown kinds after the known ones of their tier). */
export function kindRank(kind: string): number {
  const all = TIERS.flat();
  const i = all.indexOf(kind);
  return i < 0 ? all.length : i;
}

/** Sort comparator: tier, then score (highest first), then kind, then subject. */
export function compareFindings(a: Rankable, b: Rankable): number {
  return (
    tierOf(a.kind) - tierOf(b.kind) ||
    b.severity.score - a.severity.score ||
    kindRank(a.kind) - kindRank(b.kind) ||
    (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0)
  );
}
