/**
 * Snort 1.8 verbose packet dumps as they appear in the classic "out of spec" files (docs/FORMATS.md §3):
 * address line, IP line, TCP line, TCP options, optional hex payload, `=+` separator, blank line.
 */
import { TCP_FLAG, formatTcpFlags } from '../core/event.js';

export const OOS_SEPARATOR = '=+'.repeat(37);

/** TCP options, each with its printed token and its size on the wire (for TcpLen). */
export interface TcpOption {
  text: string;
  bytes: number;
}

export const tcpOption = {
  mss: (value: number): TcpOption => ({ text: `MSS: ${value}`, bytes: 4 }),
  sackOk: (): TcpOption => ({ text: 'SackOK', bytes: 2 }),
  timestamp: (value: number, echo: number): TcpOption => ({ text: `TS: ${value} ${echo}`, bytes: 10 }),
  nop: (): TcpOption => ({ text: 'NOP', bytes: 1 }),
  windowScale: (shift: number): TcpOption => ({ text: `WS: ${shift}`, bytes: 3 }),
};

export interface OosPacket {
  /** The packet time as the 22-byte alert-style timestamp. */
  timestamp: string;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  ttl: number;
  tos: number;
  ipId: number;
  df: boolean;
  /** TCP_FLAG bit set. */
  flags: number;
  seq: number;
  ack: number;
  win: number;
  urgPtr?: number;
  options: readonly TcpOption[];
  payload?: Uint8Array;
}

/** The whole record, ending with the separator line and the blank line after it. */
export function formatOosRecord(p: OosPacket): string {
  let optionBytes = 0;
  for (const o of p.options) optionBytes += o.bytes;
  // Options are padded to 32-bit words on the wire.
  const tcpLen = 20 + Math.ceil(optionBytes / 4) * 4;
  const payloadLen = p.payload?.length ?? 0;
  let out =
    `${p.timestamp}${p.src}:${p.sport} -> ${p.dst}:${p.dport}\n` +
    `TCP TTL:${p.ttl} TOS:0x${hex(p.tos)} ID:${p.ipId} IpLen:20 DgmLen:${20 + tcpLen + payloadLen}${p.df ? ' DF' : ''}\n` +
    `${formatTcpFlags(p.flags)} Seq: 0x${hex(p.seq)}  Ack: 0x${hex(p.ack)}  Win: 0x${hex(p.win)}  TcpLen: ${tcpLen}` +
    (p.flags & TCP_FLAG.URG ? `  UrgPtr: 0x${hex(p.urgPtr ?? 0)}\n` : '\n');
  if (p.options.length > 0) {
    out += `TCP Options (${p.options.length}) => `;
    for (const o of p.options) out += `${o.text} `;
    out += '\n';
  }
  if (p.payload !== undefined && p.payload.length > 0) out += `${formatPayloadDump(p.payload)}\n`;
  return `${out}${OOS_SEPARATOR}\n\n`;
}

/**
 * Snort's `PrintNetData`: 16 bytes a line as upper-case hex, the ASCII column two spaces after the
 * last byte of a full line, `.` for unprintable bytes.
 */
export function formatPayloadDump(bytes: Uint8Array): string {
  let out = '';
  for (let start = 0; start < bytes.length; start += 16) {
    let hexPart = '';
    let text = '';
    for (let i = start; i < Math.min(start + 16, bytes.length); i++) {
      const b = bytes[i]!;
      hexPart += `${b.toString(16).toUpperCase().padStart(2, '0')} `;
      text += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
    }
    out += `${hexPart.padEnd(48, ' ')} ${text}\n`;
  }
  return out;
}

function hex(n: number): string {
  return (n >>> 0).toString(16).toUpperCase();
}
