/**
 * Turns a detect's evidence into the link diagram's graph: hosts as nodes, one edge per
 * (source → destination) pair carrying its ports, event kinds, count and its place in time order.
 * A sweep over hundreds of hosts would make an unreadable picture, so beyond `maxNodes` the
 * least-involved hosts fold into one "N other hosts" node whose edges keep the merged labels.
 */
import type { EvidenceEvent } from '../../analyze/finding.js';

export interface LinkNode {
  id: string;
  /** The address as written, or "N other hosts". */
  label: string;
  /** Address group (internal, firewall, external…); `null` for the folded node. */
  group: string | null;
  role: 'subject' | 'peer' | 'folded';
  /** Addresses folded into this node (empty for a real host). */
  members: string[];
}

export interface LinkEdge {
  from: string;
  to: string;
  /** 1-based rank of the edge's first event in time. */
  order: number;
  first: string;
  last: string;
  count: number;
  ports: number[];
  events: string[];
  sources: string[];
}

export interface LinkGraph {
  nodes: LinkNode[];
  edges: LinkEdge[];
  /** Evidence events that have no destination (status lines): not drawn, but counted. */
  undirected: number;
}

export interface BuildLinkGraphOptions {
  subject: string;
  maxNodes: number;
  groupOf: (address: string) => string;
  /** The host an address is (aliases applied): the subject may appear under either spelling. */
  hostOf?: (address: string) => string;
}

export const FOLDED_NODE_ID = '(other hosts)';

interface EdgeAcc {
  from: string;
  to: string;
  first: string;
  last: string;
  count: number;
  ports: Set<number>;
  events: Set<string>;
  sources: Set<string>;
}

export function buildLinkGraph(evidence: readonly EvidenceEvent[], options: BuildLinkGraphOptions): LinkGraph {
  const hostOf = options.hostOf ?? ((a: string) => a);
  const subjectHost = hostOf(options.subject);
  let undirected = 0;
  const weight = new Map<string, number>();
  const pairs: { src: string; dst: string; e: EvidenceEvent }[] = [];
  for (const e of evidence) {
    if (e.src === null || e.dst === null) {
      undirected++;
      continue;
    }
    pairs.push({ src: e.src, dst: e.dst, e });
    weight.set(e.src, (weight.get(e.src) ?? 0) + 1);
    weight.set(e.dst, (weight.get(e.dst) ?? 0) + 1);
  }
  const isSubject = (a: string): boolean => hostOf(a) === subjectHost;
  // Keep the subject's spellings, then the busiest hosts, then the earliest seen (stable order).
  const ranked = [...weight.entries()].sort(
    (a, b) => Number(isSubject(b[0])) - Number(isSubject(a[0])) || b[1] - a[1] || cmp(a[0], b[0]),
  );
  const folding = ranked.length > options.maxNodes;
  const kept = new Set(ranked.slice(0, folding ? options.maxNodes - 1 : ranked.length).map(([a]) => a));
  const folded = ranked.filter(([a]) => !kept.has(a)).map(([a]) => a);
  const nodeOf = (a: string): string => (kept.has(a) ? a : FOLDED_NODE_ID);

  const edges = new Map<string, EdgeAcc>();
  for (const { src, dst, e } of pairs) {
    const from = nodeOf(src);
    const to = nodeOf(dst);
    // Traffic between two folded hosts says nothing the folded node's other edges do not.
    if (from === FOLDED_NODE_ID && to === FOLDED_NODE_ID) continue;
    const key = `${from}\u0000${to}`;
    let acc = edges.get(key);
    if (!acc) {
      acc = { from, to, first: e.ts, last: e.ts, count: 0, ports: new Set(), events: new Set(), sources: new Set() };
      edges.set(key, acc);
    }
    acc.count++;
    if (e.ts < acc.first) acc.first = e.ts;
    if (e.ts > acc.last) acc.last = e.ts;
    if (e.dport !== null) acc.ports.add(e.dport);
    acc.events.add(e.event);
    acc.sources.add(e.source);
  }
  const ordered = [...edges.values()].sort((a, b) => cmp(a.first, b.first) || cmp(a.from, b.from) || cmp(a.to, b.to));
  const nodes: LinkNode[] = [...kept].map((a) => ({
    id: a,
    label: a,
    group: options.groupOf(a),
    role: isSubject(a) ? 'subject' : 'peer',
    members: [],
  }));
  if (folded.length > 0) {
    nodes.push({
      id: FOLDED_NODE_ID,
      label: `${folded.length} other hosts`,
      group: null,
      role: 'folded',
      members: folded,
    });
  }
  return {
    nodes,
    edges: ordered.map((a, i) => ({
      from: a.from,
      to: a.to,
      order: i + 1,
      first: a.first,
      last: a.last,
      count: a.count,
      ports: [...a.ports].sort((x, y) => x - y),
      events: [...a.events].sort(),
      sources: [...a.sources].sort(),
    })),
    undirected,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
