/**
 * Address space that no registry hands to a network on the Internet (IANA's special-purpose
 * registries, RFC 6890 and successors): a profile of such an address says so instead of looking
 * up an owner that does not exist.
 */
import { parseIpv4, parseIpv6 } from '../../core/address.js';

export interface SpecialRange {
  cidr: string;
  /** What the space is for, in a few words. */
  purpose: string;
}

const V4: readonly SpecialRange[] = [
  { cidr: '0.0.0.0/8', purpose: '"this network" (RFC 1122): not a valid source or destination' },
  { cidr: '10.0.0.0/8', purpose: 'private address space (RFC 1918)' },
  { cidr: '100.64.0.0/10', purpose: 'shared address space for carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', purpose: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', purpose: 'link-local (RFC 3927)' },
  { cidr: '172.16.0.0/12', purpose: 'private address space (RFC 1918)' },
  { cidr: '192.0.0.0/24', purpose: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', purpose: 'documentation, TEST-NET-1 (RFC 5737)' },
  { cidr: '192.168.0.0/16', purpose: 'private address space (RFC 1918)' },
  { cidr: '198.18.0.0/15', purpose: 'network benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', purpose: 'documentation, TEST-NET-2 (RFC 5737)' },
  { cidr: '203.0.113.0/24', purpose: 'documentation, TEST-NET-3 (RFC 5737)' },
  { cidr: '224.0.0.0/4', purpose: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', purpose: 'reserved for future use (RFC 1112); 255.255.255.255 is limited broadcast' },
];

const V6: readonly SpecialRange[] = [
  { cidr: '::/128', purpose: 'unspecified address (RFC 4291)' },
  { cidr: '::1/128', purpose: 'loopback (RFC 4291)' },
  { cidr: '100::/64', purpose: 'discard-only (RFC 6666)' },
  { cidr: '2001:db8::/32', purpose: 'documentation (RFC 3849)' },
  { cidr: 'fc00::/7', purpose: 'unique local addresses, private (RFC 4193)' },
  { cidr: 'fe80::/10', purpose: 'link-local (RFC 4291)' },
  { cidr: 'ff00::/8', purpose: 'multicast (RFC 4291)' },
];

interface Compiled {
  range: SpecialRange;
  lo: bigint;
  hi: bigint;
}

const compile = (ranges: readonly SpecialRange[], width: number, parse: (text: string) => bigint): Compiled[] =>
  ranges.map((range) => {
    const [base, bits] = range.cidr.split('/') as [string, string];
    const size = 1n << BigInt(width - Number(bits));
    const lo = (parse(base) / size) * size;
    return { range, lo, hi: lo + size - 1n };
  });

const V4_COMPILED = compile(V4, 32, (t) => BigInt(parseIpv4(t)));
const V6_COMPILED = compile(V6, 128, (t) => BigInt(`0x${parseIpv6(t)}`));

/** The special-purpose range an IPv4 address (32-bit number) is in, if any. */
export function specialRangeV4(value: number): SpecialRange | null {
  const v = BigInt(value);
  return V4_COMPILED.find((c) => v >= c.lo && v <= c.hi)?.range ?? null;
}

/** The special-purpose range an IPv6 address (32 hex digits) is in, if any. */
export function specialRangeV6(hex: string): SpecialRange | null {
  const v = BigInt(`0x${hex}`);
  return V6_COMPILED.find((c) => v >= c.lo && v <= c.hi)?.range ?? null;
}
