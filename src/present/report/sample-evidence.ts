/**
 * Which evidence lines to print when there are more than fit. The first N in time would show only
 * the start of a story (a compromised host's first hour of scanning, none of its trojan or DDoS
 * traffic), so every kind of evidence (log kind + event) gets its share, in turn, and the chosen
 * lines are then put back in time order.
 */
import type { EvidenceEvent } from '../../analyze/finding.js';

export function sampleEvidence(evidence: readonly EvidenceEvent[], limit: number): EvidenceEvent[] {
  const sorted = [...evidence].sort((a, b) => cmp(a.ts, b.ts) || cmp(a.file, b.file) || a.line - b.line);
  if (sorted.length <= limit) return sorted;
  const groups = new Map<string, EvidenceEvent[]>();
  for (const e of sorted) {
    const key = `${e.source}\u0000${e.event}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  // Groups in order of first appearance; each contributes its earliest unused line per round.
  const queues = [...groups.values()];
  const chosen: EvidenceEvent[] = [];
  for (let round = 0; chosen.length < limit; round++) {
    let took = false;
    for (const q of queues) {
      if (round < q.length && chosen.length < limit) {
        chosen.push(q[round]!);
        took = true;
      }
    }
    if (!took) break;
  }
  return chosen.sort((a, b) => cmp(a.ts, b.ts) || cmp(a.file, b.file) || a.line - b.line);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
