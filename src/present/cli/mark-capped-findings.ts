/**
 * `detect --json` prints one array of findings (the CLI contract in docs/PRODUCT.md), so a detect
 * that kept only part of its findings (the scans keep the `detect.scans.maxFindings` largest
 * sources) cannot say so beside the array. It says so on each finding it kept instead: an additive
 * `list` field — `{truncated: true, shown, total, see}`, counted in the detect's own unit (sources
 * for the scans) — so a program reading the JSON knows the list is partial and how to see the rest,
 * as the terminal's stderr line and the report do.
 */
import type { Finding, ListLimit } from '../../analyze/finding.js';

/** How much of a finding's kind was kept: the detect's `ListLimit` without the kind it names. */
export type KindLimit = Omit<ListLimit, 'list'>;

/** The findings, each of a capped kind carrying `list`; the others unchanged. */
export function markCappedFindings(
  findings: readonly Finding[],
  limits: readonly ListLimit[],
): (Finding & { list?: KindLimit })[] {
  const byKind = new Map(limits.map(({ list, ...limit }) => [list, limit]));
  return findings.map((f) => {
    const limit = byKind.get(f.kind);
    return limit ? { ...f, list: limit } : f;
  });
}
