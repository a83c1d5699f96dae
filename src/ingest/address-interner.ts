/**
 * Per-file ids for addresses as written. Most addresses are canonical dotted IPv4, which are
 * looked up by their 32-bit value in an open-addressing table of typed arrays — a fraction of the
 * cost of hashing the string into a Map with hundreds of thousands of entries (the largest single
 * cost of ingest before this). Anything else (IPv6, sanitised `MY.NET.x.y`, `010.1.2.3`) goes
 * through a Map, keyed by the exact text.
 */
export class AddressInterner {
  /** Open addressing: slot k holds a key (the address's value) at 2k and its id + 1 at 2k + 1 (0 = empty), side by side so a probe touches one cache line. */
  private slots = new Int32Array(2 << 16);
  /** log2 of the slot count: the hash takes the product's top bits (Fibonacci hashing). */
  private bits = 16;
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
    const slots = this.slots;
    const key = v | 0;
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const stored = slots[2 * slot + 1]!;
      if (stored === 0) break;
      if (slots[2 * slot] === key) {
        this.lastWasNew = false;
        return stored - 1;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    slots[2 * slot] = key;
    slots[2 * slot + 1] = id + 1;
    this.lastWasNew = true;
    if (++this.used * 2 > 1 << this.bits) this.grow();
    return id;
  }

  /** Whether the last `intern` call assigned a new id. */
  lastWasNew = false;

  private grow(): void {
    const old = this.slots;
    this.bits++;
    this.slots = new Int32Array(2 << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let slot = Math.imul(old[k]!, 0x9e3779b1) >>> (32 - this.bits);
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      this.slots[2 * slot] = old[k]!;
      this.slots[2 * slot + 1] = old[k + 1]!;
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
