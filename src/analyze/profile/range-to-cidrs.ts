/**
 * An inclusive address range as the fewest CIDR blocks that cover exactly it: registries and
 * range files speak in ranges, analysts and firewalls in prefixes.
 */
import { formatIpv4, formatIpv6 } from '../../core/address.js';

/** Most blocks returned; a range this ragged is shown as a range anyway. */
const MAX_BLOCKS = 16;

export function rangeToCidrs(lo: bigint, hi: bigint, family: 4 | 6): string[] {
  const width = family === 4 ? 32 : 128;
  const out: string[] = [];
  let start = lo;
  while (start <= hi && out.length < MAX_BLOCKS) {
    // The biggest block aligned at `start` that does not pass `hi`.
    let bits = width;
    while (bits > 0) {
      const size = 1n << BigInt(width - bits + 1);
      if (start % size !== 0n || start + size - 1n > hi) break;
      bits--;
    }
    out.push(`${formatAddress(start, family)}/${bits}`);
    start += 1n << BigInt(width - bits);
  }
  return out;
}

export function formatAddress(value: bigint, family: 4 | 6): string {
  return family === 4 ? formatIpv4(Number(value)) : formatIpv6(value.toString(16).padStart(32, '0'));
}
