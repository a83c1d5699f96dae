/**
 * The one event contract every parser produces and every store keeps.
 *
 * The envelope (`ts … dport`) is common to all log kinds; the kind-specific detail lives in
 * typed optional fields grouped by the kind that fills them. Parsers set only what the log line
 * really carries: an absent field is `undefined` and is stored as NULL.
 */

/** The log kind an event came from. Classic Snort kinds first, then the modern sensors' own names. */
export const SOURCE_KINDS = ['alert', 'scans', 'oos', 'eve', 'fast', 'full', 'csv', 'sfportscan', 'snort3'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** TCP flag bits in Snort's 8-character flag string order (`12UAPRSF`). */
export const TCP_FLAG = {
  CWR: 0x80, // Snort's "1" (TH_RES1)
  ECE: 0x40, // Snort's "2" (TH_RES2)
  URG: 0x20,
  ACK: 0x10,
  PSH: 0x08,
  RST: 0x04,
  SYN: 0x02,
  FIN: 0x01,
} as const;

/**
 * Flag sets (without CWR/ECE) a TCP stack sends on a segment carrying ACK — the legal list of
 * Snort's `CheckTCPFlags`, used both to judge packets and to write scans lines.
 */
export const LEGAL_ACK_FLAG_SETS: ReadonlySet<number> = (() => {
  const { URG, ACK, PSH, RST, SYN, FIN } = TCP_FLAG;
  return new Set([
    ACK,
    SYN | ACK,
    FIN | ACK,
    RST | ACK,
    ACK | PSH,
    ACK | URG,
    ACK | URG | PSH,
    FIN | ACK | PSH,
    FIN | ACK | URG,
    FIN | ACK | URG | PSH,
    RST | ACK | PSH,
  ]);
})();

/** IP header flag bits as Snort prints them (`RB`, `DF`, `MF`). */
export const IP_FLAG = { RB: 0x04, DF: 0x02, MF: 0x01 } as const;

/** What a `spp_portscan` line inside an alert file reports. */
export type PortscanPhase = 'detected' | 'status' | 'end';

export interface EventRecord {
  /** Epoch microseconds, UTC. */
  ts: number;
  source: SourceKind;
  /** Human event name: the alert message, the scan type word, the packet's protocol summary… */
  event: string;
  proto?: string;
  src?: string;
  sport?: number;
  dst?: string;
  dport?: number;
  sensor?: string;

  // --- alert detail (Snort/Suricata alerts)
  gid?: number;
  sid?: number;
  rev?: number;
  classification?: string;
  priority?: number;
  /** `Drop`, `WDrop`, `blocked`, `allowed`… as the sensor wrote it. */
  action?: string;
  iface?: string;

  // --- spp_portscan numbers (alert files)
  psPhase?: PortscanPhase;
  psConnections?: number;
  psHosts?: number;
  psTcp?: number;
  psUdp?: number;
  psThreshold?: number;
  psSeconds?: number;
  psStealth?: boolean;
  /** `PORTSCAN DETECTED … to port N`. */
  psPort?: number;

  // --- scan / packet flags
  /** Bit set of TCP_FLAG. */
  tcpFlags?: number;
  /** Scans log `RESERVEDBITS` suffix. */
  reservedBits?: boolean;

  // --- packet detail (oos dumps, alert_full, csv)
  ttl?: number;
  tos?: number;
  ipId?: number;
  ipLen?: number;
  dgmLen?: number;
  /** Bit set of IP_FLAG. */
  ipFlags?: number;
  ipOptions?: string;
  tcpSeq?: number;
  tcpAck?: number;
  tcpWin?: number;
  tcpLen?: number;
  urgPtr?: number;
  tcpOptions?: string;
  udpLen?: number;
  icmpType?: number;
  icmpCode?: number;
  fragOffset?: number;
  fragSize?: number;
  /** Upper-case hex of the payload bytes, no spaces. */
  payload?: string;

  // --- modern formats
  /** Suricata `flow_id`, kept as decimal text: it does not fit a JS number. */
  flowId?: string;
  /** EVE `event_type` (alert, flow, dns, …). */
  eventType?: string;
  /** The raw JSON object (or other structured detail) kept for formats with open-ended fields. */
  raw?: string;
}

/** Render a TCP flag bit set as Snort's 8-character string (`12UAPRSF`, `*` when clear). */
export function formatTcpFlags(bits: number): string {
  const chars = '12UAPRSF';
  let out = '';
  for (let i = 0; i < 8; i++) out += bits & (0x80 >> i) ? chars[i] : '*';
  return out;
}

/** Log kinds whose every event is a rule alert (EVE alerts are those with event_type `alert`). */
export const ALERT_SOURCES: readonly SourceKind[] = ['alert', 'fast', 'full', 'csv', 'snort3'];
