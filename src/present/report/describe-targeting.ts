/**
 * "Evidence of active targeting", the practical's question of whether an attacker aimed at *these*
 * machines or sprayed the Internet: answered from the evidence itself — how many targets, which
 * ports, how long, how often the same service was hit again.
 */
import type { Finding } from '../../analyze/finding.js';
import { linkCountsOf, type LinkCount } from './build-link-graph.js';
import { formatCount, formatSpan } from './report-format.js';

export interface Targeting {
  /** One-line verdict. */
  verdict: string;
  /** The figures behind it. */
  points: string[];
}

/** A sweep touches this many hosts or more; fewer is aimed at particular machines. */
const SWEEP_HOSTS = 10;

/**
 * @param hostOf the host an address is (aliases applied): `MY.NET.10.5` in the alert log and
 *   `130.85.10.5` in the scans log are one target, not two.
 */
export function describeTargeting(
  finding: Finding,
  hostOf: (address: string) => string = (a) => a,
  counts?: readonly LinkCount[],
): Targeting {
  // Of every event behind the finding when its link counts are given, else of the evidence carried.
  const directed = (counts ?? linkCountsOf(finding.evidence)).filter((e) => e.dst !== null);
  const points: string[] = [];
  const stated = finding.facts.targeting;
  if (typeof stated === 'string' && stated.length > 0) points.push(stated);
  if (directed.length === 0) {
    return { verdict: 'The evidence names no destination, so targeting cannot be judged from it.', points };
  }
  const perTarget = new Map<string, number>();
  const perService = new Map<string, number>();
  const ports = new Set<number>();
  // A link's first and last day (the days between are not counted per link).
  const days = new Set<string>();
  for (const e of directed) {
    const target = hostOf(e.dst!);
    const service = `${target}:${e.dport ?? ''}`;
    perTarget.set(target, (perTarget.get(target) ?? 0) + e.count);
    perService.set(service, (perService.get(service) ?? 0) + e.count);
    if (e.dport !== null) ports.add(e.dport);
    days.add(e.first.slice(0, 10));
    days.add(e.last.slice(0, 10));
  }
  const total = directed.reduce((n, e) => n + e.count, 0);
  const firsts = directed.map((e) => e.first).sort();
  const lasts = directed.map((e) => e.last).sort();
  const span = formatSpan(firsts[0]!, lasts[lasts.length - 1]!);
  const [topService, topHits] = [...perService.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const portList = [...ports].sort((a, b) => a - b);
  points.push(
    `${formatCount(total)} events against ${formatCount(perTarget.size)} host${perTarget.size === 1 ? '' : 's'} on ${portList.length === 0 ? 'no port' : `${portList.length} port${portList.length === 1 ? '' : 's'} (${portList.slice(0, 8).join(', ')}${portList.length > 8 ? ', …' : ''})`}.`,
    `Active for ${span} across ${days.size} day${days.size === 1 ? '' : 's'}.`,
  );
  if (topHits > 1) points.push(`The same service (${topService}) was hit ${formatCount(topHits)} times.`);

  let verdict: string;
  if (perTarget.size >= SWEEP_HOSTS) {
    verdict =
      ports.size <= 3
        ? `A sweep of ${formatCount(perTarget.size)} hosts for ${ports.size <= 1 ? 'one service' : `${ports.size} services`}: the attacker is mapping this network, looking for any machine that answers.`
        : `Broad activity against ${formatCount(perTarget.size)} hosts and ${ports.size} ports: reconnaissance of this network as a whole.`;
  } else if (topHits >= 3 && days.size > 1) {
    verdict = `Persistent and targeted: the same service was probed ${topHits} times over ${days.size} days, which a random scanner does not do.`;
  } else if (perTarget.size <= 3) {
    verdict = `Aimed at ${perTarget.size === 1 ? 'one host' : `${perTarget.size} hosts`}: ${[...perTarget.keys()].join(', ')}.`;
  } else {
    verdict = `A handful of hosts (${perTarget.size}) were touched: selective rather than a sweep.`;
  }
  return { verdict, points };
}
