/**
 * Findings that tell one story point at each other: the same subject (a scanner that later
 * connects, a crafted-packet source that probes low and slow), or one finding's subject among
 * another's peers (the compromised host that an earlier sweep touched).
 */

export interface Linkable {
  kind: string;
  subject: string;
  related: readonly string[];
}

/** For each finding, the `kind:subject` ids of the findings linked to it, sorted. */
export function linkFindings(findings: readonly Linkable[]): string[][] {
  const bySubject = new Map<string, number[]>();
  findings.forEach((f, i) => bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), i]));
  const links = findings.map(() => new Set<number>());
  findings.forEach((f, i) => {
    for (const j of bySubject.get(f.subject) ?? []) if (j !== i) links[i]!.add(j);
    for (const peer of f.related) {
      for (const j of bySubject.get(peer) ?? []) {
        if (j === i) continue;
        links[i]!.add(j);
        links[j]!.add(i);
      }
    }
  });
  return links.map((set) => [...set].map((j) => `${findings[j]!.kind}:${findings[j]!.subject}`).sort());
}
