/**
 * Per-file ids for addresses as written. Most addresses are canonical dotted IPv4, which are
 * looked up by their 32-bit value in an open-addressing table of typed arrays — a fraction of the
 * cost of hashing the string into a Map with hundreds of thousands of entries (the largest single
 * cost of ingest before this). Anything else (IPv6, sanitised `MY.NET.x.y`, `010.1.2.3`) goes
 * through a Map, keyed by the exact text.
 */
export class AddressInterner {
  private keys = new Uint32Array(1 << 16);
  private ids = new Int32Array(1 << 16).fill(-1);
  private used = 0;
  private readonly others = new Map<string, number>();
  private count = 0;

  /** How many distinct addresses have ids. */
  get size(): number {
    return this.count;
  }

  /** The id of `address`, and whether it is new (the caller records new ones in order). */
  intern(address: string): number {
    const v = canonicalIpv4Value(address);
    if (v < 0) {
      let id = this.others.get(address);
      if (id === undefined) {
        id = this.count++;
        this.others.set(address, id);
        this.lastWasNew = true;
      } else this.lastWasNew = false;
      return id;
    }
    return this.internIpv4(v);
  }

  /** The id of the canonical dotted quad whose 32-bit value is `v`. */
  internIpv4(v: number): number {
    const mask = this.keys.length - 1;
    let slot = (Math.imul(v, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id < 0) break;
      if (this.keys[slot] === v) {
        this.lastWasNew = false;
        return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    this.keys[slot] = v;
    this.ids[slot] = id;
    this.lastWasNew = true;
    if (++this.used * 2 > this.keys.length) this.grow();
    return id;
  }

  /** Whether the last `intern` call assigned a new id. */
  lastWasNew = false;

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.ids = new Int32Array(oldKeys.length * 2).fill(-1);
    const mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldIds[i]! < 0) continue;
      let slot = (Math.imul(oldKeys[i]!, 0x9e3779b1) >>> 0) & mask;
      while (this.ids[slot]! >= 0) slot = (slot + 1) & mask;
      this.keys[slot] = oldKeys[i]!;
      this.ids[slot] = oldIds[i]!;
    }
  }
}

/** The value of a dotted quad written canonically (no leading zeros), else -1. */
export function canonicalIpv4Value(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return -1; // leading zero: not canonical
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return (value * 256 + octet) >>> 0;
}
