/**
 * Turns a detect's events, counted per link, into the link diagram's graph: hosts as nodes, one
 * edge per (source → destination) pair carrying its ports, event kinds, count and its place in
 * time order. The counts are of every event behind the finding (`queryLinkCounts`), not of the
 * evidence sample it carries; a finding with no counts is drawn from its sample (`linkCountsOf`).
 * Two simplifications keep a sweep readable: hosts that one peer treated alike (same ports, same
 * events, nothing else) become one "N hosts" node; beyond `maxNodes` the least-involved hosts fold
 * into one "N other hosts" node whose edges keep the merged labels.
 */
import type { EvidenceEvent } from '../../analyze/finding.js';

/** Events of one finding on one link: same source, destination, port, event, log kind and rule. */
export interface LinkCount {
  src: string | null;
  dst: string | null;
  dport: number | null;
  /** Its distinct source ports, at most 3 (3 means "3 or more": only a few are telling). */
  sourcePorts: number[];
  event: string;
  source: string;
  gid: number | null;
  sid: number | null;
  first: string;
  last: string;
  count: number;
}

/** Every event behind a finding, per link; links past the counted limit only in `rest`. */
export interface FindingCounts {
  links: LinkCount[];
  rest: { events: number; links: number };
}

/** A finding's evidence sample as link counts (one event each): for findings with no counts. */
export function linkCountsOf(evidence: readonly EvidenceEvent[]): LinkCount[] {
  return evidence.map((e) => ({
    src: e.src,
    dst: e.dst,
    dport: e.dport,
    sourcePorts: e.sport === null ? [] : [e.sport],
    event: e.event,
    source: e.source,
    ...ruleIdOf(e),
    first: e.ts,
    last: e.ts,
    count: 1,
  }));
}

export interface LinkNode {
  id: string;
  /** The address as written, or "N hosts". */
  label: string;
  /** Address group (internal, firewall, external…); `null` when members differ. */
  group: string | null;
  role: 'subject' | 'peer' | 'group' | 'folded';
  /** Addresses this node stands for, when it is more than one host. */
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
  /** Destination ports. */
  ports: number[];
  /** Source ports: telling when few (a trojan or DDoS handler answering from its own port). */
  sourcePorts: number[];
  events: string[];
  sources: string[];
}

export interface LinkGraph {
  nodes: LinkNode[];
  edges: LinkEdge[];
  /** Events that have no destination (status lines): not drawn, but counted. */
  undirected: number;
  /** Events on links past the counted limit: not drawn, but counted. */
  unlisted: { events: number; links: number };
}

export interface BuildLinkGraphOptions {
  subject: string;
  maxNodes: number;
  groupOf: (address: string) => string;
  /** The host an address is (aliases applied): the subject may appear under either spelling. */
  hostOf?: (address: string) => string;
}

export const FOLDED_NODE_ID = '(other hosts)';
/** Hosts treated alike by one peer are drawn as one node from this many on. */
export const MIN_ALIKE_HOSTS = 3;

interface Edge {
  from: string;
  to: string;
  first: string;
  last: string;
  count: number;
  ports: Set<number>;
  sourcePorts: Set<number>;
  events: Set<string>;
  sources: Set<string>;
}

export function buildLinkGraph(
  counts: readonly LinkCount[] | FindingCounts,
  options: BuildLinkGraphOptions,
): LinkGraph {
  const links = 'links' in counts ? counts.links : counts;
  const hostOf = options.hostOf ?? ((a: string) => a);
  const subjectHost = hostOf(options.subject);
  const isSubject = (a: string): boolean => hostOf(a) === subjectHost;
  const nodes = new Map<string, LinkNode>();
  const nodeFor = (address: string): LinkNode => {
    let n = nodes.get(address);
    if (!n) {
      n = {
        id: address,
        label: address,
        group: options.groupOf(address),
        role: isSubject(address) ? 'subject' : 'peer',
        members: [],
      };
      nodes.set(address, n);
    }
    return n;
  };

  let undirected = 0;
  let edges = new Map<string, Edge>();
  for (const e of links) {
    if (e.src === null || e.dst === null) {
      undirected += e.count;
      continue;
    }
    nodeFor(e.src);
    nodeFor(e.dst);
    addTo(edges, e.src, e.dst, {
      first: e.first,
      last: e.last,
      count: e.count,
      ports: e.dport === null ? [] : [e.dport],
      sourcePorts: e.sourcePorts,
      events: [e.event],
      sources: [e.source],
    });
  }

  edges = mergeAlikeHosts(edges, nodes, 'to', options.groupOf);
  edges = mergeAlikeHosts(edges, nodes, 'from', options.groupOf);
  edges = foldBeyond(edges, nodes, options.maxNodes);

  const ordered = [...edges.values()].sort((a, b) => cmp(a.first, b.first) || cmp(a.from, b.from) || cmp(a.to, b.to));
  const used = new Set(ordered.flatMap((e) => [e.from, e.to]));
  return {
    nodes: [...nodes.values()].filter((n) => used.has(n.id)),
    edges: ordered.map((a, i) => ({
      from: a.from,
      to: a.to,
      order: i + 1,
      first: a.first,
      last: a.last,
      count: a.count,
      ports: [...a.ports].sort((x, y) => x - y),
      sourcePorts: [...a.sourcePorts].sort((x, y) => x - y),
      events: [...a.events].sort(),
      sources: [...a.sources].sort(),
    })),
    undirected,
    unlisted: 'rest' in counts ? counts.rest : { events: 0, links: 0 },
  };
}

function addTo(
  edges: Map<string, Edge>,
  from: string,
  to: string,
  add: {
    first: string;
    last: string;
    count: number;
    ports: Iterable<number>;
    sourcePorts: Iterable<number>;
    events: Iterable<string>;
    sources: Iterable<string>;
  },
): void {
  const key = `${from}\u0000${to}`;
  let edge = edges.get(key);
  if (!edge) {
    edge = {
      from,
      to,
      first: add.first,
      last: add.last,
      count: 0,
      ports: new Set(),
      sourcePorts: new Set(),
      events: new Set(),
      sources: new Set(),
    };
    edges.set(key, edge);
  }
  edge.count += add.count;
  if (add.first < edge.first) edge.first = add.first;
  if (add.last > edge.last) edge.last = add.last;
  for (const p of add.ports) edge.ports.add(p);
  for (const p of add.sourcePorts) edge.sourcePorts.add(p);
  for (const v of add.events) edge.events.add(v);
  for (const s of add.sources) edge.sources.add(s);
}

/**
 * Hosts whose only edge is with one peer, carrying the same ports and events as other such hosts
 * of that peer (a sweep's targets, a flood's sources), become one "N hosts" node.
 */
function mergeAlikeHosts(
  edges: Map<string, Edge>,
  nodes: Map<string, LinkNode>,
  side: 'to' | 'from',
  groupOf: (a: string) => string,
): Map<string, Edge> {
  const degree = new Map<string, number>();
  for (const e of edges.values()) for (const n of [e.from, e.to]) degree.set(n, (degree.get(n) ?? 0) + 1);
  const peerSide = side === 'to' ? 'from' : 'to';
  const groups = new Map<string, Edge[]>();
  for (const e of edges.values()) {
    const host = e[side];
    const node = nodes.get(host)!;
    if (degree.get(host) !== 1 || node.role !== 'peer') continue;
    const key = `${e[peerSide]}\u0000${[...e.ports].sort().join(',')}\u0000${[...e.events].sort().join('\u0001')}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out = new Map(edges);
  for (const group of groups.values()) {
    if (group.length < MIN_ALIKE_HOSTS) continue;
    const members = group.map((e) => e[side]).sort(compareAddresses);
    const peer = group[0]![peerSide];
    const id = `(${members.length} hosts ${side === 'to' ? 'from' : 'to'} ${peer}: ${members[0]})`;
    const memberGroups = new Set(members.map(groupOf));
    nodes.set(id, {
      id,
      label: `${members.length} hosts`,
      group: memberGroups.size === 1 ? [...memberGroups][0]! : null,
      role: 'group',
      members,
    });
    for (const e of group) {
      out.delete(`${e.from}\u0000${e.to}`);
      nodes.delete(e[side]);
      const [from, to] = side === 'to' ? [peer, id] : [id, peer];
      addTo(out, from, to, e);
    }
  }
  return out;
}

/** Keep the subject and the busiest nodes; the rest become one "N other hosts" node. */
function foldBeyond(edges: Map<string, Edge>, nodes: Map<string, LinkNode>, maxNodes: number): Map<string, Edge> {
  if (nodes.size <= maxNodes) return edges;
  const weight = new Map<string, number>();
  for (const e of edges.values()) for (const n of [e.from, e.to]) weight.set(n, (weight.get(n) ?? 0) + e.count);
  const ranked = [...nodes.values()].sort(
    (a, b) =>
      Number(b.role === 'subject') - Number(a.role === 'subject') ||
      (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0) ||
      cmp(a.id, b.id),
  );
  const kept = new Set(ranked.slice(0, maxNodes - 1).map((n) => n.id));
  const folded = ranked.filter((n) => !kept.has(n.id));
  const members = folded.flatMap((n) => (n.members.length > 0 ? n.members : [n.id])).sort(compareAddresses);
  for (const n of folded) nodes.delete(n.id);
  nodes.set(FOLDED_NODE_ID, {
    id: FOLDED_NODE_ID,
    label: `${members.length} other hosts`,
    group: null,
    role: 'folded',
    members,
  });
  const out = new Map<string, Edge>();
  for (const e of edges.values()) {
    const from = kept.has(e.from) ? e.from : FOLDED_NODE_ID;
    const to = kept.has(e.to) ? e.to : FOLDED_NODE_ID;
    // Traffic between two folded hosts says nothing the folded node's other edges do not.
    if (from === FOLDED_NODE_ID && to === FOLDED_NODE_ID) continue;
    addTo(out, from, to, e);
  }
  return out;
}

/** gid and sid of an event's `detail.sid` (`gid:sid:rev`, or a bare sid). */
function ruleIdOf(e: EvidenceEvent): { gid: number | null; sid: number | null } {
  if (e.detail?.sid === undefined) return { gid: null, sid: null };
  const parts = String(e.detail.sid).split(':').map(Number);
  const [gid, sid] = parts.length >= 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
  return {
    gid: gid !== null && Number.isInteger(gid) ? gid : null,
    sid: Number.isInteger(sid) ? sid : null,
  };
}

/** Numeric order for dotted addresses (10.0.0.9 before 10.0.0.10), text order otherwise. */
function compareAddresses(a: string, b: string): number {
  const pa = a.split(/[.:]/);
  const pb = b.split(/[.:]/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    return Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : cmp(x, y);
  }
  return pa.length - pb.length;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
