/** The shapes the JSON API answers with: docs/API.md is the contract, these mirror it. */

export interface TopEntry {
  key: string | number;
  events: number;
  group?: string | null;
}

export interface Severity {
  criticality: number;
  lethality: number;
  system: number;
  network: number;
  score: number;
  reasons?: Record<string, string>;
  overridden?: string[];
}

/** One row of `GET /api/detects`. */
export interface DetectSummary {
  id: string;
  kind: string;
  subject: string;
  summary: string;
  severity: Severity;
  related_count: number;
  evidence_count: number;
  linked: string[];
  first_ts: string | null;
  last_ts: string | null;
}

export interface ListLimit {
  list: string;
  truncated: boolean;
  shown: number;
  total: number;
  see: string;
}

export interface DetectList {
  findings: DetectSummary[];
  limits?: ListLimit[];
  kinds: string[];
  /** The store changed since this list was worked out; a fresh one is on its way (live reloads it). */
  stale?: boolean;
}

/** The event shape of every event list. */
export interface EventRow {
  ts: string;
  source: string;
  event: string;
  src: string | null;
  sport: number | null;
  dst: string | null;
  dport: number | null;
  proto: string | null;
  file?: string;
  line?: number;
  src_group?: string | null;
  dst_group?: string | null;
  detail?: Record<string, string | number | boolean>;
}

export interface EventPage {
  events: EventRow[];
  next: string | null;
}

export interface FileStatus {
  file: string;
  format: string;
  rows: number;
  quarantined: number;
  recovered?: number;
  first_ts?: string | null;
  last_ts?: string | null;
  warnings?: string[];
  size?: number;
  segments?: number;
}

export interface Status {
  store: string;
  backend: string;
  version: string;
  events: number;
  first_ts: string | null;
  last_ts: string | null;
  kinds: string[];
  groups: string[];
  files: FileStatus[];
  quarantined: number;
  token_required: boolean;
}

export interface Timeline {
  from: string;
  to: string;
  bucket_seconds: number;
  kinds: string[];
  buckets: { t: string; counts: Record<string, number> }[];
}

export interface TopAnswer {
  groups: { group: string; talkers: TopEntry[]; ports: TopEntry[]; signatures: TopEntry[] }[];
}

export interface GraphNodeData {
  id: string;
  label: string;
  group: string | null;
  role: 'subject' | 'peer' | 'group' | 'folded';
  members: string[];
}

export interface GraphEdgeData {
  from: string;
  to: string;
  count: number;
  ports: number[];
  sources: string[];
  first?: string;
  last?: string;
}

export interface GraphData {
  nodes: GraphNodeData[];
  edges: GraphEdgeData[];
  undirected?: number;
}

export interface AddressInfo {
  address: string;
  host: string;
  group: string;
  aliases: string[];
  first_seen: string | null;
  last_seen: string | null;
  events: number;
  by_source: Record<string, number>;
  registry: Record<string, unknown> | null;
  top_signatures: (TopEntry & { as_source?: number; as_destination?: number })[];
  peers: { as_source: TopEntry[]; as_destination: TopEntry[] };
  ports: { as_source: TopEntry[]; as_destination: TopEntry[] };
  detects: { id: string; kind: string; subject: string; summary: string; score: number; role: string }[];
  /** The detects are still being worked out (the list may be empty or from before a change). */
  detects_pending?: boolean;
}

export interface AddressGraph {
  address: string;
  graph: GraphData;
  events_used: number;
  sampled: boolean;
}

export interface Finding extends Omit<DetectSummary, 'related_count' | 'evidence_count' | 'first_ts' | 'last_ts'> {
  evidence: EventRow[];
  related: string[];
  facts: Record<string, string | number | boolean | null>;
  spoofing: { likely: boolean; reason: string };
  mechanism: string;
  recommendation: string;
  limits?: ListLimit[];
  chain?: { ts: string; last: string; label: string; peers: string[]; ports: number[]; events: number }[];
  rules?: {
    sid: number | null;
    gid: number | null;
    msg: string;
    classtype: string | null;
    priority: number | null;
    references: string[];
  }[];
  graph?: GraphData;
  override?: Record<string, unknown> | null;
}

export interface WhoHits {
  events: number;
  first_seen: string | null;
  last_seen: string | null;
  by_source: Record<string, number>;
  sources: TopEntry[];
  targets: TopEntry[];
}

export interface PortInfo extends WhoHits {
  port: number;
  signatures: TopEntry[];
}

export interface RuleInfo {
  gid: number | null;
  sid: number | null;
  rev: number | null;
  msg: string | null;
  enabled: boolean | null;
  class: { name: string; description: string | null; priority: number | null } | null;
  priority: number | null;
  references: { system: string; id: string; url: string | null }[];
  text: string | null;
  sources?: { file: string; line: number }[];
}

export interface SignatureInfo extends WhoHits {
  signature: string;
  ports: TopEntry[];
  rule: RuleInfo | null;
}

export interface SqlAnswer {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  elapsed_ms?: number;
}
