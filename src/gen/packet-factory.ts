/**
 * Header fields for innocent-looking oos packets. Real stacks keep their TTL (give or take a route
 * change) and count their IP ID up with every packet; only a crafting tool repeats both, and that
 * fingerprint is reserved for the low-and-slow scenario.
 */
import { TCP_FLAG } from '../core/event.js';
import type { Host } from './host.js';
import type { PacketSpec } from './log-sink.js';
import { tcpOption, type TcpOption } from './oos-record.js';
import type { Random } from './random.js';

const WINDOWS = [0x16d0, 0x7d78, 0xffff, 0x4000, 0x2238, 0xfaf0, 0x8000];

/** A TTL as seen at the sensor: the sender's initial TTL less its hops, varying by a hop now and then. */
export function observedTtl(rng: Random, host: Host): number {
  if (host.ttlBase === 0) host.ttlBase = rng.pick([64, 128, 255]) - rng.range(4, 24);
  return host.ttlBase - (rng.chance(0.3) ? rng.range(1, 2) : 0);
}

/** The next IP ID of a host's stack: a counter that other, unseen traffic also advances. */
export function nextIpId(rng: Random, host: Host): number {
  host.ipId = host.ipId === 0 ? rng.range(1, 65535) : ((host.ipId + rng.range(1, 200)) % 65535) + 1;
  return host.ipId;
}

/** SYN options of the two common stacks of the time: Linux 2.4 (TS, WS) and Windows (MSS, SackOK). */
export function synOptions(rng: Random, echo: number): TcpOption[] {
  if (rng.chance(0.6)) {
    return [
      tcpOption.mss(1460),
      tcpOption.sackOk(),
      tcpOption.timestamp(rng.range(1, 9999), echo),
      tcpOption.nop(),
      tcpOption.windowScale(0),
    ];
  }
  return [tcpOption.mss(rng.pick([1460, 1380, 536])), tcpOption.nop(), tcpOption.nop(), tcpOption.sackOk()];
}

/** A packet with plausible, freshly drawn header fields. */
export function buildPacket(
  rng: Random,
  ts: number,
  src: Host,
  sport: number,
  dst: Host,
  dport: number,
  flags: number,
  payload?: Uint8Array,
): PacketSpec {
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const ack = (flags & TCP_FLAG.ACK) !== 0;
  let options: TcpOption[] = [];
  if (syn) options = synOptions(rng, ack ? rng.range(1, 9999) : 0);
  else if (ack && rng.chance(0.5))
    options = [tcpOption.nop(), tcpOption.nop(), tcpOption.timestamp(rng.range(1, 9999), rng.range(1, 9999))];
  return {
    ts,
    src,
    sport,
    dst,
    dport,
    ttl: observedTtl(rng, src),
    tos: rng.chance(0.9) ? 0 : 0x10,
    ipId: nextIpId(rng, src),
    df: rng.chance(0.8),
    flags,
    seq: rng.next(),
    ack: ack ? rng.next() : 0,
    win: rng.pick(WINDOWS),
    options,
    payload,
  };
}
