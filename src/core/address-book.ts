/**
 * The address model of docs/PRODUCT.md: named groups of addresses, and aliases that say two address
 * spaces are the same machines (`MY.NET` ↔ `130.85`). Pure logic; stores call it once per
 * distinct address and keep the answer beside the address.
 */
import { DEFAULT_TEXT_PREFIXES, parseAddress, parseIpv4, parseIpv6 } from './address.js';
import { UserError } from './errors.js';

export const EXTERNAL_GROUP = 'external';

type Matcher =
  { kind: 'v4'; lo: number; hi: number } | { kind: 'v6'; lo: string; hi: string } | { kind: 'prefix'; prefix: string };

export interface AddressBookConfig {
  groups: Readonly<Record<string, readonly string[]>>;
  aliases: readonly (readonly [string, string])[];
}

/**
 * Without a config: RFC 1918 (and IPv6 unique-local) space plus the sanitised `MY.NET` is internal;
 * the host talking to itself (127.0.0.0/8, ::1) is loopback, neither inside nor outside.
 */
export const DEFAULT_ADDRESS_CONFIG: AddressBookConfig = {
  groups: {
    internal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'MY.NET'],
    loopback: ['127.0.0.0/8', '::1'],
  },
  aliases: [],
};

/**
 * The sanitised text prefixes a config names (group entries and alias sides with letters, like
 * `MY.NET`), besides the default ones: parsers take addresses under them as addresses.
 */
export function textPrefixesOf(config: AddressBookConfig): string[] {
  const entries = [...Object.values(config.groups).flat(), ...config.aliases.flat()];
  const named = entries.filter((e) => /[A-Za-z]/.test(e) && !e.includes(':') && !e.includes('/'));
  return [...new Set([...DEFAULT_TEXT_PREFIXES, ...named.map((e) => e.replace(/\.$/, ''))])];
}

export class AddressBook {
  private readonly groups: { name: string; matchers: Matcher[] }[];
  /** [canonical prefix, other prefix] pairs: an address under `other` is the host `canonical…`. */
  private readonly aliases: { canonical: string; other: string }[];

  constructor(readonly config: AddressBookConfig = DEFAULT_ADDRESS_CONFIG) {
    this.groups = Object.entries(config.groups).map(([name, entries]) => {
      if (name === EXTERNAL_GROUP)
        throw new UserError(`group name "${EXTERNAL_GROUP}" is reserved for addresses in no group`);
      return { name, matchers: entries.map((entry) => parseGroupEntry(name, entry)) };
    });
    this.aliases = config.aliases.map(([a, b]) => ({ canonical: aliasPrefix(a), other: aliasPrefix(b) }));
  }

  /** Group names in config order, then `external`. */
  groupNames(): string[] {
    return [...this.groups.map((g) => g.name), EXTERNAL_GROUP];
  }

  /** The first group (in config order) that holds this address, else `external`. */
  groupOf(address: string): string {
    const parsed = parseAddress(address);
    for (const group of this.groups) {
      for (const m of group.matchers) {
        if (m.kind === 'prefix') {
          // As written, and canonical: `130.85` holds `::ffff:130.85.1.2`, `2001:db8` holds `2001:0DB8::1`.
          if (hasPrefix(address, m.prefix) || hasPrefix(parsed.canonical, m.prefix)) return group.name;
        } else if (m.kind === 'v4') {
          if (parsed.kind === 'v4' && parsed.value >= m.lo && parsed.value <= m.hi) return group.name;
        } else if (parsed.kind === 'v6' && parsed.hex >= m.lo && parsed.hex <= m.hi) return group.name;
      }
    }
    return EXTERNAL_GROUP;
  }

  /** The one name a host goes by across aliased address spaces (`130.85.12.4` → `MY.NET.12.4`). */
  hostOf(address: string): string {
    const canonical = parseAddress(address).canonical;
    for (const { canonical: to, other } of this.aliases) {
      if (hasPrefix(canonical, other)) return to + canonical.slice(other.length);
    }
    return canonical;
  }

  /** Every spelling of the same host under the configured aliases, the given one first. */
  spellingsOf(address: string): string[] {
    const host = this.hostOf(address);
    const out = new Set<string>([address, host]);
    for (const { canonical, other } of this.aliases) {
      if (hasPrefix(host, canonical)) out.add(other + host.slice(canonical.length));
    }
    return [...out];
  }
}

/** `prefix` matches the address itself or anything under it at a dot or colon boundary. */
function hasPrefix(address: string, prefix: string): boolean {
  if (!address.startsWith(prefix)) return false;
  if (address.length === prefix.length) return true;
  const next = address.charCodeAt(prefix.length);
  const last = prefix.charCodeAt(prefix.length - 1);
  return next === 46 || next === 58 || last === 46 || last === 58;
}

function parseGroupEntry(group: string, entry: string): Matcher {
  const slash = entry.indexOf('/');
  if (slash < 0) {
    if (entry.length === 0) throw new UserError(`group "${group}": empty entry`);
    const v4 = parseIpv4(entry);
    if (v4 >= 0) return { kind: 'v4', lo: v4, hi: v4 };
    const v6 = parseIpv6(entry);
    if (v6 !== null) return { kind: 'v6', lo: v6, hi: v6 };
    return { kind: 'prefix', prefix: entry };
  }
  const base = entry.slice(0, slash);
  const bits = parsePrefixLength(entry.slice(slash + 1));
  const v4 = parseIpv4(base);
  if (v4 >= 0) {
    if (!Number.isInteger(bits) || bits < 0 || bits > 32)
      throw new UserError(`group "${group}": bad prefix length in "${entry}"`);
    const size = 2 ** (32 - bits);
    const lo = Math.floor(v4 / size) * size;
    return { kind: 'v4', lo, hi: lo + size - 1 };
  }
  const v6 = parseIpv6(base);
  if (v6 !== null) {
    if (!Number.isInteger(bits) || bits < 0 || bits > 128)
      throw new UserError(`group "${group}": bad prefix length in "${entry}"`);
    const value = BigInt(`0x${v6}`);
    const size = 1n << BigInt(128 - bits);
    const lo = (value / size) * size;
    const hex = (n: bigint): string => n.toString(16).padStart(32, '0');
    return { kind: 'v6', lo: hex(lo), hi: hex(lo + size - 1n) };
  }
  throw new UserError(`group "${group}": "${entry}" is neither a CIDR nor an address prefix`);
}

/** Alias sides are text prefixes; an octet-aligned IPv4 CIDR (`130.85.0.0/16`) becomes `130.85`. */
function aliasPrefix(entry: string): string {
  const slash = entry.indexOf('/');
  if (slash < 0) {
    if (entry.length === 0) throw new UserError('alias: empty prefix');
    return entry.replace(/\.$/, '');
  }
  const bits = parsePrefixLength(entry.slice(slash + 1));
  const v4 = parseIpv4(entry.slice(0, slash));
  if (v4 < 0 || ![8, 16, 24, 32].includes(bits)) {
    throw new UserError(`alias "${entry}": use a text prefix (MY.NET, 130.85) or an octet-aligned IPv4 CIDR`);
  }
  return entry
    .slice(0, slash)
    .split('.')
    .slice(0, bits / 8)
    .join('.');
}

/** Decimal digits only: `Number` would read `10.0.0.0/` as /0 (everything) and `/0x8` as /8. */
function parsePrefixLength(text: string): number {
  return /^[0-9]{1,3}$/.test(text) ? Number(text) : -1;
}
