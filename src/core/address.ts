/**
 * Addresses as logs write them: dotted IPv4, IPv6 compressed or fully expanded, and sanitised
 * text such as `MY.NET.12.4`. Parsing here is tolerant: anything that is not an IP is "text".
 */

/**
 * Text prefixes publishers substituted for their own address space (the SANS logs' `MY.NET`). The
 * configured groups and aliases can name more (`textPrefixesOf`).
 */
export const DEFAULT_TEXT_PREFIXES: readonly string[] = ['MY.NET'];

/**
 * Whether `text` is a sanitised address rather than garbage: a known text prefix alone or followed
 * by up to three octets (`MY.NET`, `MY.NET.12`, `MY.NET.12.4`: the rest of a quad), or Snort's obfuscated quad (`-O`
 * prints `xxx.xxx.xxx.xxx`; octets it kept stay digits). `1%s30.85.17.9` or `ET.199.157` are not.
 */
export function isTextAddress(text: string, prefixes: readonly string[] = DEFAULT_TEXT_PREFIXES): boolean {
  for (const prefix of prefixes) {
    if (!text.startsWith(prefix)) continue;
    if (text.length === prefix.length) return true;
    // The prefix stands for some leading octets; at most the rest of a quad may follow it.
    const rest = Math.max(1, 4 - prefix.split('.').length);
    if (text.charCodeAt(prefix.length) === 46 && octetsOnly(text.slice(prefix.length + 1), rest, false)) return true;
  }
  return octetsOnly(text, 4, true) && text.split('.').length === 4 && text.includes('x');
}

/** `a.b.c` of 1..max decimal octets (0-255), or with `allowX`, octets masked as `x`… too. */
function octetsOnly(text: string, max: number, allowX: boolean): boolean {
  const parts = text.split('.');
  if (parts.length > max) return false;
  return parts.every((p) => /^(?:25[0-5]|2[0-4]\d|1\d\d|\d{1,2}|0\d{1,2})$/.test(p) || (allowX && /^x{1,3}$/.test(p)));
}

export type ParsedAddress =
  | { kind: 'v4'; value: number; canonical: string }
  | { kind: 'v6'; hex: string; canonical: string }
  | { kind: 'text'; canonical: string };

/** IPv4 dotted quad to an unsigned 32-bit number, or -1 when it is not one. */
export function parseIpv4(text: string): number {
  let value = 0;
  let octet = -1;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = (octet < 0 ? 0 : octet) * 10 + (c - 48);
      if (octet > 255 || ++digits > 3) return -1;
    } else if (c === 46) {
      if (octet < 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = -1;
      digits = 0;
      dots++;
    } else return -1;
  }
  if (dots !== 3 || octet < 0) return -1;
  return value * 256 + octet;
}

/** IPv4 number back to dotted text. */
export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** IPv6 text (compressed, expanded, or with an embedded IPv4 tail) to 32 lower-case hex digits, or null. */
export function parseIpv6(text: string): string | null {
  if (text.indexOf(':') < 0) return null;
  let body = text.toLowerCase();
  const zone = body.indexOf('%');
  if (zone >= 0) body = body.slice(0, zone);
  const lastColon = body.lastIndexOf(':');
  if (body.indexOf('.', lastColon) > 0) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (v4 < 0) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  const zeros = halves.length === 2 ? new Array<string>(8 - explicit).fill('0') : [];
  let hex = '';
  for (const group of [...head, ...zeros, ...rest]) {
    if (group.length === 0 || group.length > 4 || !/^[0-9a-f]+$/.test(group)) return null;
    hex += group.padStart(4, '0');
  }
  return hex;
}

/** RFC 5952 text for 32 hex digits: lower case, leading zeros dropped, longest zero run as `::`. */
export function formatIpv6(hex: string): string {
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16).toString(16));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

/** Classify and canonicalise one address as written in a log. */
export function parseAddress(text: string): ParsedAddress {
  const v4 = parseIpv4(text);
  if (v4 >= 0) return { kind: 'v4', value: v4, canonical: formatIpv4(v4) };
  const hex = parseIpv6(text);
  if (hex !== null) {
    // IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 host.
    if (hex.startsWith('00000000000000000000ffff')) {
      const value = parseInt(hex.slice(24), 16);
      return { kind: 'v4', value, canonical: formatIpv4(value) };
    }
    return { kind: 'v6', hex, canonical: formatIpv6(hex) };
  }
  return { kind: 'text', canonical: text };
}

/** The canonical text of an address: how two spellings of one IP are made equal. */
export function canonicalAddress(text: string): string {
  return parseAddress(text).canonical;
}
