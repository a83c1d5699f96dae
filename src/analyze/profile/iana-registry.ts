/**
 * Which Regional Internet Registry answers for an address, from IANA's allocation tables shipped
 * in data/: the IPv4 address space registry (one row per /8, with the legacy holders' names) and
 * the big IPv6 unicast allocations (/12–/23). Transcribed from the public IANA registries; the
 * allocation dates are left out.
 */
import { readFileSync } from 'node:fs';
import { parseIpv6 } from '../../core/address.js';

export interface IanaAllocation {
  /** `130/8`, `2a00::/12`. */
  prefix: string;
  /** IANA's designation: the RIR, `Administered by ARIN`, or a legacy holder's name. */
  designation: string;
  /** The registry whose WHOIS/RDAP serves the block; `null` for IANA-reserved space. */
  rir: string | null;
  /** IPv4 only: ALLOCATED, LEGACY or RESERVED. */
  status: string | null;
}

const DATA = new URL('../../../data/', import.meta.url);

let ipv4: IanaAllocation[] | null = null;
let ipv6: { lo: bigint; hi: bigint; allocation: IanaAllocation }[] | null = null;

/** The IANA row for an IPv4 address (as a 32-bit number). */
export function ianaAllocationV4(value: number): IanaAllocation {
  ipv4 ??= readCsv('iana-ipv4-rir.csv').map(([prefix, designation, rir, status]) => ({
    prefix: `${Number(prefix!.split('/')[0])}/8`,
    designation: designation!,
    rir: rir || null,
    status: status || null,
  }));
  return ipv4[Math.floor(value / 2 ** 24)]!;
}

/** The longest IANA IPv6 allocation holding the address (32 hex digits), if any. */
export function ianaAllocationV6(hex: string): IanaAllocation | null {
  ipv6 ??= readCsv('iana-ipv6-rir.csv').map(([prefix, designation, rir]) => {
    const [base, bits] = prefix!.split('/') as [string, string];
    const size = 1n << BigInt(128 - Number(bits));
    const lo = BigInt(`0x${parseIpv6(base)}`);
    return {
      lo,
      hi: lo + size - 1n,
      allocation: { prefix: prefix!, designation: designation!, rir: rir || null, status: null },
    };
  });
  const value = BigInt(`0x${hex}`);
  let best: { lo: bigint; hi: bigint; allocation: IanaAllocation } | null = null;
  for (const row of ipv6) {
    if (value >= row.lo && value <= row.hi && (best === null || row.hi - row.lo < best.hi - best.lo)) best = row;
  }
  return best?.allocation ?? null;
}

function readCsv(name: string): string[][] {
  const lines = readFileSync(new URL(name, DATA), 'utf8').split('\n').slice(1);
  return lines.filter((l) => l.trim() !== '').map((l) => l.split(','));
}
