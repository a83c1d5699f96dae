/**
 * The machines of the generated network and their spellings. An inside host is written
 * `MY.NET.x.y` in alert and oos files (the publisher sanitised them) and `130.85.x.y` in scans
 * files (not sanitised): one Host object holds both names and the counts of each spelling, so the
 * ground truth can count "addresses as written" and "hosts" from the same tallies.
 */
import { formatIpv4 } from '../core/address.js';
import type { Random } from './random.js';

/** Bits of `Host.kinds`: the log kinds in which the host appeared as a source. */
export const KIND_BIT = { alert: 1, scans: 2, oos: 4 } as const;

export const SANITISED_PREFIX = 'MY.NET';
export const FIREWALL_PREFIX = '130.85';
const FIREWALL_BASE = (130 << 24) | (85 << 16);

export class Host {
  /** Events with this host as source written in the alert/oos spelling. */
  alertEvents = 0;
  /** Events with this host as source written in the scans spelling. */
  scansEvents = 0;
  /** KIND_BIT set of the kinds it was a source in. */
  kinds = 0;
  /** Initial TTL minus hops, fixed per host like a real stack; packets vary it by a hop or two. */
  ttlBase = 0;
  /** The host's IP ID counter: it moves on with every packet the host sends, seen or not. */
  ipId = 0;
  /** Marks used by scan sessions to count distinct destinations without a Set per session. */
  sessionMark = 0;
  periodMark = 0;
  /** Length of `scansName`, and for outside hosts where its bytes sit in the registry's arena. */
  readonly scansLength: number;
  nameAt = -1;

  constructor(
    /** As written in alert and oos files. */
    readonly alertName: string,
    /** As written in scans files. */
    readonly scansName: string,
    readonly inside: boolean,
    /** `x << 8 | y` for the inside host MY.NET.x.y, -1 outside. */
    readonly insideIndex = -1,
  ) {
    this.scansLength = scansName.length;
  }
}

export class HostRegistry {
  private readonly insideHosts: (Host | undefined)[] = new Array(65536);
  private readonly outsideHosts = new Map<number, Host>();
  /**
   * Outside hosts' names as latin1 bytes, back to back. One arena instead of a buffer per host keeps
   * the hot scans writer in cache; inside names are spelled from `insideIndex` instead.
   */
  names = new Uint8Array(1 << 16);
  private namesUsed = 0;

  /** The inside host `MY.NET.x.y` ≡ `130.85.x.y`. */
  inside(x: number, y: number): Host {
    const index = (x << 8) | y;
    let host = this.insideHosts[index];
    if (host === undefined) {
      host = new Host(`${SANITISED_PREFIX}.${x}.${y}`, `${FIREWALL_PREFIX}.${x}.${y}`, true, index);
      this.insideHosts[index] = host;
    }
    return host;
  }

  /** Whether this outside address already plays a role. */
  isTaken(address: number): boolean {
    return this.outsideHosts.has(address >>> 0);
  }

  /**
   * A public address that plays no other role yet. Keeping roles disjoint is what guarantees that
   * background traffic never looks like an injected scenario (a sweeper that later attacks).
   */
  claimOutside(rng: Random, within?: { base: number; bits: number }): Host {
    for (;;) {
      let address: number;
      if (within) {
        const size = 2 ** (32 - within.bits);
        address = (within.base + rng.int(size)) >>> 0;
      } else address = rng.next();
      if (!isPublicUnicast(address) || this.outsideHosts.has(address)) continue;
      return this.claimAddress(address);
    }
  }

  /** Register a specific outside address; it must be free (callers check `isTaken`). */
  claimAddress(address: number): Host {
    const name = formatIpv4(address >>> 0);
    const host = new Host(name, name, false);
    if (this.namesUsed + name.length > this.names.length) {
      const grown = new Uint8Array(this.names.length * 2);
      grown.set(this.names);
      this.names = grown;
    }
    host.nameAt = this.namesUsed;
    this.namesUsed += writeLatin1(this.names, this.namesUsed, name);
    this.outsideHosts.set(address >>> 0, host);
    return host;
  }

  /** Every host ever handed out, inside ones first. */
  *all(): IterableIterator<Host> {
    for (const host of this.insideHosts) if (host !== undefined) yield host;
    yield* this.outsideHosts.values();
  }
}

function writeLatin1(target: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) target[at + i] = text.charCodeAt(i);
  return text.length;
}

/** Routable unicast space outside the site: no RFC 1918, loopback, link-local, multicast or 130.85/16. */
export function isPublicUnicast(address: number): boolean {
  const a = address >>> 24;
  const b = (address >>> 16) & 255;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if ((address & 0xffff0000) >>> 0 === FIREWALL_BASE >>> 0) return false;
  return (address & 255) !== 0 && (address & 255) !== 255;
}
