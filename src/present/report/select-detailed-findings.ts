/**
 * Which detects get a full write-up. A busy network yields hundreds of findings (every background
 * sweep is one); the practical wrote up the few that matter. So: the highest-scoring `limit`
 * findings, plus the best of every kind not among them, so no kind of detect goes unexplained.
 * The rest are listed in one table.
 */
import type { Finding } from '../../analyze/finding.js';

/** Indexes into `findings` (which is sorted by score) of the findings written up in full, ascending. */
export function selectDetailedFindings(findings: readonly Finding[], limit: number): number[] {
  const chosen = new Set<number>();
  for (let i = 0; i < findings.length && i < limit; i++) chosen.add(i);
  const kinds = new Set<string>([...chosen].map((i) => findings[i]!.kind));
  findings.forEach((f, i) => {
    if (!kinds.has(f.kind)) {
      kinds.add(f.kind);
      chosen.add(i);
    }
  });
  return [...chosen].sort((a, b) => a - b);
}
