/** The shapes the JSON API answers with (docs/API.md). */
export interface TopEntry {
  key: string | number;
  events: number;
  id?: string | number;
}

export interface Severity {
  criticality: number;
  lethality: number;
  system: number;
  network: number;
  score: number;
  reasons: Record<string, string>;
  overridden?: string[];
}

export interface DetectSummary {
  id: string;
  kind: string;
  subject: string;
  summary: string;
  severity: Severity;
}

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
  sid?: string | number | null;
}

export interface FileStatus {
  path: string;
  format: string;
  events: number;
  quarantined: number;
  warnings?: string[];
}

export interface Overview {
  totals: {
    events: number;
    bySource: { source: string; events: number }[];
    first: string | null;
    last: string | null;
    quarantined: number;
  };
  timeSeries: { bucket: string; points: { t: string; source: string; events: number }[] };
  groups: { group: string; talkers: TopEntry[]; ports: TopEntry[]; signatures: TopEntry[] }[];
  files: FileStatus[];
}

export interface GraphData {
  nodes: { id: string; group?: string | null }[];
  edges: { source: string; target: string; events: number; kind?: string | null }[];
}

export interface EventPage {
  rows: EventRow[];
  total?: number | null;
}

export interface AddressInfo {
  address: string;
  host: string;
  group: string;
  aliases: string[];
  counts: { source: string; events: number }[];
  peers: TopEntry[];
  ports: TopEntry[];
  profile: Record<string, unknown> | null;
  detects: DetectSummary[];
  graph: GraphData;
}

export interface EvidenceEvent extends EventRow {
  file: string;
  line: number;
  detail?: Record<string, string | number | boolean>;
}

export interface Finding extends DetectSummary {
  evidence: EvidenceEvent[];
  related: string[];
  facts: Record<string, string | number | boolean | null>;
  spoofing: { likely: boolean; reason: string };
  mechanism: string;
  recommendation: string;
  linked: string[];
  limits?: { list: string; shown: number; total: number; see: string }[];
  chain?: { ts: string; last: string; label: string; peers: string[]; ports: number[]; events: number }[];
  rules?: {
    sid: number | null;
    gid: number | null;
    msg: string;
    classtype: string | null;
    priority: number | null;
    references: string[];
  }[];
}

export interface PortInfo {
  port: number;
  events: number;
  sources: TopEntry[];
  targets: TopEntry[];
  signatures: TopEntry[];
  timeSeries: { bucket: string; points: { t: string; source: string; events: number }[] };
}

export interface SignatureInfo {
  id: string;
  message: string;
  events: number;
  rule: { text: string; classtype?: string | null; priority?: number | null; references?: string[] } | null;
  sources: TopEntry[];
  targets: TopEntry[];
  ports: TopEntry[];
  timeSeries: { bucket: string; points: { t: string; source: string; events: number }[] };
}

export interface SqlAnswer {
  columns: string[];
  rows: unknown[][];
  truncated?: boolean;
  ms?: number;
}
