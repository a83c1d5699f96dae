/**
 * Snort 1.8 fast-alert lines (docs/FORMATS.md §1.2) and the spp_portscan messages that go into them
 * (§2.1). Classic SANS files carry no gid:sid, no classification and no `{PROTO}`.
 */

/**
 * One alert line. Ports `null` gives the ICMP form `src -> dst`; `addresses` `null` gives the
 * packet-less form of preprocessor messages, which ends in `[**] `.
 * @example formatAlertLine('04/20-14:45:09.171005 ', 'SCAN FIN', '1.2.3.4', 80, 'MY.NET.1.2', 81)
 */
export function formatAlertLine(
  timestamp: string,
  msg: string,
  src: string | null,
  sport: number | null,
  dst: string,
  dport: number | null,
): string {
  if (src === null) return `${timestamp} [**] ${msg} [**] \n`;
  if (sport === null || dport === null) return `${timestamp} [**] ${msg} [**] ${src} -> ${dst}\n`;
  return `${timestamp} [**] ${msg} [**] ${src}:${sport} -> ${dst}:${dport}\n`;
}

/** The normalised signature names spp_portscan lines are counted under. */
export const PORTSCAN_SIGNATURE = {
  detected: 'spp_portscan: PORTSCAN DETECTED',
  status: 'spp_portscan: portscan status',
  end: 'spp_portscan: End of portscan',
} as const;

/** spp_portscan messages, word for word from the 1.8-era source. */
export const portscanMessage = {
  detected(from: string, stealth: boolean, threshold: number, seconds: number): string {
    return stealth
      ? `spp_portscan: PORTSCAN DETECTED from ${from} (STEALTH)`
      : `spp_portscan: PORTSCAN DETECTED from ${from} (THRESHOLD ${threshold} connections exceeded in ${seconds} seconds)`;
  },
  status(from: string, connections: number, hosts: number, tcp: number, udp: number, stealth: boolean): string {
    return `spp_portscan: portscan status from ${from}: ${connections} connections across ${hosts} hosts: TCP(${tcp}), UDP(${udp})${stealth ? ' STEALTH' : ''}`;
  },
  end(from: string, seconds: number, hosts: number, tcp: number, udp: number, stealth: boolean): string {
    return `spp_portscan: End of portscan from ${from}: TOTAL time(${seconds}s) hosts(${hosts}) TCP(${tcp}) UDP(${udp})${stealth ? ' STEALTH' : ''}`;
  },
};
