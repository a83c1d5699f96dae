/**
 * The spp_portscan log ("scans" file) of docs/FORMATS.md §2.2–2.4, as the 1.8-era code wrote it:
 * `"%s %2d %.2d:%.2d:%.2d %s:%d -> %s:%d %s %s %s\n"` with the scan-type word, the 8-character
 * flag string (empty for UDP) and `RESERVEDBITS` (reserved-bit detection was on before 2.0).
 */
import { LEGAL_ACK_FLAG_SETS, TCP_FLAG, formatTcpFlags } from '../core/event.js';

const { URG, ACK, PSH, RST, SYN, FIN } = TCP_FLAG;
const VECNA = new Set([URG, PSH, URG | FIN, PSH | FIN, URG | PSH]);

/**
 * Snort's `CheckTCPFlags` verdict for a TCP flag set: the scan-type word, whether the reserved
 * bits were set, or null when the packet is no scan at all (legal ACK combinations, a bare RST).
 */
export function classifyTcpScan(bits: number): { type: string; reserved: boolean } | null {
  const reserved = (bits & 0xc0) !== 0;
  const f = bits & 0x3f;
  let type: string | null;
  if (f & ACK) {
    if (LEGAL_ACK_FLAG_SETS.has(f)) type = null;
    else if (f === 0x3f) type = 'FULLXMAS';
    else if (f === (SYN | ACK | PSH | URG)) type = 'SPAU';
    else type = 'INVALIDACK';
  } else if (f === SYN) type = 'SYN';
  else if (f === RST) type = null;
  else if (f === FIN) type = 'FIN';
  else if (f === (SYN | FIN)) type = 'SYNFIN';
  else if (f === 0) type = 'NULL';
  else if (f === (FIN | PSH | URG)) type = 'XMAS';
  else if (VECNA.has(f)) type = 'VECNA';
  else if (f === (SYN | FIN | PSH | URG)) type = 'NMAPID';
  else type = 'NOACK';
  if (type === null) return reserved ? { type: 'UNKNOWN', reserved } : null;
  return { type, reserved };
}

/**
 * Everything after the destination port, newline included: ` SYN ******S* \n`,
 * ` SYN 12****S* RESERVEDBITS\n`, ` UDP  \n` for UDP (`bits` null). Throws for flag sets Snort
 * would not log: a generator bug, not data.
 */
export function formatScanTail(bits: number | null): string {
  if (bits === null) return ' UDP  \n';
  const verdict = classifyTcpScan(bits);
  if (verdict === null) throw new Error(`flags ${formatTcpFlags(bits)} are not a scan`);
  return ` ${verdict.type} ${formatTcpFlags(bits)} ${verdict.reserved ? 'RESERVEDBITS' : ''}\n`;
}

/** `formatScanTail` as latin1 bytes, for `LogSink.scan`. */
export function encodeScanTail(bits: number | null): Uint8Array {
  return Buffer.from(formatScanTail(bits), 'latin1');
}
