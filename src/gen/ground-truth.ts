/**
 * What the generator knows about the logs it wrote, in the shape of `truth.json`. Every number is
 * counted while writing, by the rules of docs/PRODUCT.md — never by parsing the output — so the tool's
 * answers can be checked against it.
 */

export type LogKind = 'alert' | 'scans' | 'oos';

export const CLASSIC_CONFIG = {
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']] as [string, string][],
};

export interface TruthFile {
  name: string;
  kind: LogKind;
  /** Records that parse, recovered tails of spliced lines included. */
  rows: number;
  /** Garbage lines, spliced-away heads and truncated records. */
  quarantined: number;
  /** Spliced lines whose intact tail record is counted in `rows`. */
  recovered: number;
  /** ISO UTC of the earliest and latest parsed record (every generated file has records). */
  first_ts: string;
  last_ts: string;
  /** The date the file name claims (`YYYY-MM-DD`); for oos files four days after the content. */
  nameDate: string;
  /** File size: what the size and mix promises are measured on. */
  bytes: number;
}

export interface Ranked<K extends string | number> {
  key: K;
  events: number;
}

export interface ByGroup<T> {
  internal: T[];
  firewall: T[];
  external: T[];
}

/** Inside hosts are named in the sanitised `MY.NET.x.y` form throughout the scenarios. */
export interface ScanThenConnectTruth {
  scanner: string;
  /** The port swept with SYNs, on which nothing listens. */
  port: number;
  /** Every swept host, sorted as strings. */
  swept: string[];
  target: string;
  targetPort: number;
  /** The alert that shows the connection (`NETBIOS NT NULL session`). */
  connectSignature: string;
  sweepStart: string;
  sweepEnd: string;
  connectTs: string;
}

export interface CompromisedTruth {
  host: string;
  /** Port on the host that outside DDoS clients talk to (shaft: 20432). */
  controlPort: number;
  controlSignature: string;
  /** Outside hosts that sent the control traffic. */
  controllers: string[];
  /** The host's own port its trojan-server traffic comes from (SubSeven: 27374). */
  trojanPort: number;
  trojanSignature: string;
  /** The host's ports in its DDoS-handler traffic to outside hosts (mstream: 12754, 15104). */
  handlerPorts: number[];
  handlerSignature: string;
  /** Outside hosts the handler traffic goes to. */
  peers: string[];
  /** The port it portscans outside hosts on, and how many hosts. */
  scanPort: number;
  scanned: number;
  /** First control alert, start of its portscan. */
  controlTs: string;
  scanTs: string;
}

export interface LowSlowTruth {
  src: string;
  dst: string;
  dport: number;
  /** The nominal interval; each probe is jittered by up to ± `jitterSeconds`. */
  periodSeconds: number;
  jitterSeconds: number;
  ipId: number;
  ttl: number;
  /** TCP window, also constant: part of the crafting tool's fingerprint. */
  window: number;
  count: number;
  /** Source port of the first probe; each later probe's is 256 higher. */
  firstSport: number;
  signature: string;
  firstTs: string;
  lastTs: string;
}

export interface GroundTruth {
  seed: number;
  mb: number;
  backgroundOnly: boolean;
  startDate: string;
  config: typeof CLASSIC_CONFIG;
  files: TruthFile[];
  rows: Record<LogKind, number>;
  topTalkers: ByGroup<Ranked<string>>;
  topPorts: ByGroup<Ranked<number>>;
  topSignatures: Ranked<string>[];
  /** Hosts seen as source in all three kinds, aliases applied (`MY.NET` form), sorted. */
  stumble: string[];
  /**
   * The site's busy inside hosts and what they are (`MY.NET` form): their traffic is background,
   * however scan-like; a finding naming one of them as an attacker is a false positive.
   */
  roles: {
    dnsServers: string[];
    mailServers: string[];
    webServers: string[];
    busyClients: string[];
    netbiosChatter: string[];
  };
  /** The injected detects; empty for a background-only set. */
  scenarios: {
    scanThenConnect?: ScanThenConnectTruth;
    compromised?: CompromisedTruth;
    lowSlow?: LowSlowTruth;
  };
}
