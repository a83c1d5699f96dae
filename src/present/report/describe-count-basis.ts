/**
 * What a detect's link diagram and fired-rule counts are of, said under them: every event behind
 * the finding (the report counts them per link), or, for a finding with no counts, the evidence
 * it carries; and the events on links past the counted limit, which are counted but not drawn.
 */
import type { Finding } from '../../analyze/finding.js';
import type { FindingCounts } from './build-link-graph.js';
import { formatCount } from './report-format.js';

/** What the diagram's and the rule table's counts are of. */
export function countBasis(finding: Finding, counts: FindingCounts | undefined): string {
  if (!counts) return `of the ${formatCount(finding.evidence.length)} evidence event(s) the detect carries`;
  const all = counts.links.reduce((n, l) => n + l.count, 0) + counts.rest.events;
  return `of all ${formatCount(all)} event(s) behind the detect, not only those listed`;
}

/** Links past the counted limit: their events are said, not drawn. */
export function unlistedNote(unlisted: { events: number; links: number }): string {
  if (unlisted.events === 0) return '';
  return ` ${formatCount(unlisted.events)} more event(s) on ${formatCount(unlisted.links)} smaller link(s) are counted but not drawn (all of them: idsift sql).`;
}
