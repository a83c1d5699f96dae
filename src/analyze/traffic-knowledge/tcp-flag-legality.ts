/**
 * Which TCP flag sets the RFCs allow (RFC 9293 for the six classic flags, RFC 3168 for ECN's CWR
 * and ECE, which Snort prints as the "reserved" bits `1` and `2`). A stack never emits the illegal
 * ones by itself: they come from packet-crafting tools (NULL, XMAS, SYN+FIN scans…).
 */
import { LEGAL_ACK_FLAG_SETS, TCP_FLAG, formatTcpFlags } from '../../core/event.js';

const { CWR, ECE, URG, ACK, PSH, RST, SYN, FIN } = TCP_FLAG;

export interface FlagVerdict {
  legal: boolean;
  /** Short name of the flag set: `SYN`, `ECN-setup SYN`, `NULL`, `XMAS`, `SYN+FIN`… */
  name: string;
  /** Snort's 8-character flag string. */
  flags: string;
}

/** Judge one flag byte (TCP_FLAG bits). `12****S*` (ECN-setup SYN) is legal; `********` (NULL) is not. */
export function judgeTcpFlags(bits: number): FlagVerdict {
  const flags = formatTcpFlags(bits);
  const ecn = bits & (CWR | ECE);
  const f = bits & 0x3f;
  const verdict = (legal: boolean, name: string): FlagVerdict => ({ legal, name, flags });
  if (f & ACK) {
    // On an ACK-bearing segment ECE echoes congestion and CWR acknowledges it: both legal.
    if (f === 0x3f) return verdict(false, 'all flags (full XMAS)');
    if (!LEGAL_ACK_FLAG_SETS.has(f)) return verdict(false, `invalid ACK combination ${flagNames(f)}`);
    return verdict(true, ecn ? `${flagNames(f)} with ECN bits` : flagNames(f));
  }
  if (f === SYN) {
    if (ecn === 0) return verdict(true, 'SYN');
    if (ecn === (CWR | ECE)) return verdict(true, 'ECN-setup SYN');
    return verdict(false, 'SYN with a lone reserved (ECN) bit');
  }
  if (f === RST) return ecn === 0 ? verdict(true, 'RST') : verdict(false, 'RST with reserved (ECN) bits');
  if (f === 0) return verdict(false, ecn ? 'NULL with reserved bits' : 'NULL');
  if (f === (FIN | PSH | URG)) return verdict(false, 'XMAS');
  if ((f & (SYN | FIN)) === (SYN | FIN)) return verdict(false, 'SYN+FIN');
  if ((f & (SYN | RST)) === (SYN | RST)) return verdict(false, 'SYN+RST');
  if (f === FIN) return verdict(false, 'FIN without ACK');
  return verdict(false, `${flagNames(f)} without ACK`);
}

/** Every flag byte the RFCs do not allow, for SQL filters (`tcp_flags IN …`). */
export function illegalTcpFlagValues(): number[] {
  const out: number[] = [];
  for (let bits = 0; bits < 256; bits++) if (!judgeTcpFlags(bits).legal) out.push(bits);
  return out;
}

function flagNames(f: number): string {
  const names: [number, string][] = [
    [SYN, 'SYN'],
    [FIN, 'FIN'],
    [RST, 'RST'],
    [PSH, 'PSH'],
    [ACK, 'ACK'],
    [URG, 'URG'],
  ];
  return names
    .filter(([bit]) => f & bit)
    .map(([, name]) => name)
    .join('+');
}
