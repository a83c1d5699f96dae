/**
 * Section ids for detects: stable per position in the report, and a lookup from the `kind:subject`
 * form that findings use in `linked` so correlations become in-page links.
 */
import type { Finding } from '../../analyze/finding.js';

export function detectAnchor(index: number): string {
  return `detect-${index + 1}`;
}

export function findingKey(finding: Pick<Finding, 'kind' | 'subject'>): string {
  return `${finding.kind}:${finding.subject}`;
}

export function indexFindings(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  findings.forEach((f, i) => {
    if (!out.has(findingKey(f))) out.set(findingKey(f), i);
  });
  return out;
}
