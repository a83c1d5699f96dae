/**
 * Protocol names for protocol numbers: Lua fast-log scripts and old Suricata print `{6}`, EVE may
 * carry `"proto":"006"`, while everything else writes `TCP`. Naming the numbers lets one
 * `proto = 'TCP'` filter cover every sensor. Names follow `getprotobynumber()` upper-cased, as
 * Snort and Suricata print them. Unknown numbers and all names are kept as written.
 */
const NAMES: Readonly<Record<number, string>> = {
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPV6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'IPV6-ICMP',
  89: 'OSPF',
  103: 'PIM',
  132: 'SCTP',
};

/** `6` → `TCP`; any other text unchanged. */
export function nameProtocol(text: string): string {
  if (text.length === 0 || text.length > 3) return text;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return text;
    value = value * 10 + (c - 48);
  }
  return NAMES[value] ?? text;
}

/** Whether the (named) protocol is ICMP for IPv4 or IPv6, whose "ports" are type and code. */
export function isIcmp(proto: string | undefined): boolean {
  return proto === 'ICMP' || proto === 'IPV6-ICMP' || proto === 'ICMPV6' || proto === 'IPv6-ICMP';
}
