/**
 * What an automatic detect produces: the contract of `idsift detect --json`, the report's detect
 * sections and the web workbench. Every analysis returns these; nothing else crosses to present/.
 */

/** One piece of evidence: a stored event, located by file and line so the raw log line can be shown. */
export interface EvidenceEvent {
  ts: string;
  source: string;
  event: string;
  src: string | null;
  sport: number | null;
  dst: string | null;
  dport: number | null;
  proto: string | null;
  file: string;
  line: number;
  /** Kind-specific detail worth showing (ttl, ip_id, tcp_win, flags, sid, classification…). */
  detail?: Record<string, string | number | boolean>;
}

/** One severity input, with the reason it has the value it has. */
export interface SeverityInput {
  value: number;
  reason: string;
  /** True when the analyst set it with `idsift score`. */
  overridden?: boolean;
}

/** (criticality + lethality) − (system + network countermeasures), each 1–5. */
export interface Severity {
  criticality: number;
  lethality: number;
  system: number;
  network: number;
  score: number;
  reasons: { criticality: string; lethality: string; system: string; network: string };
  /** Inputs the analyst set with `idsift score` (their reasons say what was derived). */
  overridden?: SeverityField[];
}

export type SeverityField = 'criticality' | 'lethality' | 'system' | 'network';

/** One step of a multi-stage story (a compromised host's chain), in time order. */
export interface ChainStep {
  /** First event of the step. */
  ts: string;
  last: string;
  /** What happened: "received DDoS control traffic (shaft)", "portscanned 40 hosts"… */
  label: string;
  /** Every peer of the step (host names, aliases applied). */
  peers: string[];
  ports: number[];
  events: number;
}

export interface Finding {
  /** Analysis kind: `horizontal-scan`, `vertical-scan`, `scan-then-connect`, `compromised-host`, `low-and-slow`, `crafted-packets`, … */
  kind: string;
  /** The address (host, aliases applied) the finding is about. */
  subject: string;
  /** One line for lists. */
  summary: string;
  severity: Severity;
  evidence: EvidenceEvent[];
  /** Other addresses involved (peers, targets). */
  related: string[];
  /** Analysis-specific figures (rate, period, jitter, ports, scan type…), for the report. */
  facts: Record<string, string | number | boolean | null>;
  /** Could the source be spoofed, and why. */
  spoofing: { likely: boolean; reason: string };
  /** How the attack works, in a sentence or two. */
  mechanism: string;
  recommendation: string;
  /** Links to other findings about the same story (`kind:subject`). */
  linked: string[];
  /**
   * Lists cut to their configured limit (absent when nothing was cut): `truncated: true`, how many
   * there are in all, and the setting that shows more.
   */
  limits?: ListLimit[];
  /** The story in time order, for detects that are a chain of stages (compromised host). */
  chain?: ChainStep[];
  /** The rules that fired for the evidence, when rules are loaded (`gid:sid` or message). */
  rules?: {
    sid: number | null;
    gid: number | null;
    msg: string;
    classtype: string | null;
    priority: number | null;
    references: string[];
  }[];
}

/** A list shown in part: `shown` of `total`, and how to see the rest. */
export interface ListLimit {
  /** What was cut: `evidence` (events of a finding), `related` (its addresses), or a finding kind. */
  list: string;
  truncated: true;
  shown: number;
  total: number;
  /** How to see the rest, for people: `set detect.evidence.limit (up to 10000) in the config`. */
  see: string;
}
