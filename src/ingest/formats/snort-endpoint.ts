/**
 * One side of Snort's `src:sp -> dst:dp`: an address as written (dotted quad, IPv6, or sanitised
 * text such as `MY.NET.12.4` / `xxx.xxx.xxx.xxx`) and an optional port after the LAST colon.
 * IPv6 makes the colon ambiguous (`2001:db8::1:80`), so callers say whether ports are expected.
 */
import { DEFAULT_TEXT_PREFIXES, isTextAddress, parseIpv6 } from '../../core/address.js';

/** Whether the printer wrote ports for this packet. */
export const PortMode = {
  /** Never split (non-TCP/UDP, fragments) — unless the text only makes sense with a port. */
  No: 0,
  /** TCP/UDP: the part after the last colon is the port. */
  Yes: 1,
  /** Not known (Snort 1.x lines carry no protocol): IPv4 `a:p` splits, IPv6 splits only if it must. */
  Unknown: 2,
} as const;
export type PortMode = (typeof PortMode)[keyof typeof PortMode];

export interface Endpoint {
  addr: string;
  /** -1 when the text has no port. */
  port: number;
  /** Why the last `readEndpointToken` failed. */
  error: string;
  /** The sanitised text prefixes an address with letters must start with (see `isTextAddress`). */
  prefixes: readonly string[];
}

export function newEndpoint(prefixes: readonly string[] = DEFAULT_TEXT_PREFIXES): Endpoint {
  return { addr: '', port: -1, error: '', prefixes };
}

/**
 * Read `text[start, end)` as one endpoint into `out`. Returns null when good, else a short
 * reason (a constant string, so the failure path allocates nothing either).
 */
export function readEndpoint(text: string, start: number, end: number, ports: PortMode, out: Endpoint): string | null {
  if (start >= end) return 'empty address';
  // Fast path for `a.b.c.d[:port]` and sanitised `MY.NET.c.d[:port]`: one pass up to the first
  // colon; IPv6 and anything odd take the slow path, which also words the failure.
  let numeric = true;
  let quadOk = true;
  let parts = 0;
  let digits = 0;
  let value = 0;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) quadOk = false;
    } else if (c === 46 /* . */) {
      if (digits === 0 || ++parts > 3) quadOk = false;
      value = 0;
      digits = 0;
    } else if (c === 58 /* : */) break;
    else if (isAddressLetter(c)) numeric = false;
    else return 'bad character in address';
  }
  const addressOk =
    i > start && (numeric ? quadOk && parts === 3 && digits > 0 : isTextAddress(text.slice(start, i), out.prefixes));
  if (addressOk) {
    if (i === end) {
      out.addr = text.slice(start, end);
      out.port = -1;
      return null;
    }
    const port = readPort(text, i + 1, end);
    if (port >= 0) {
      out.addr = text.slice(start, i);
      out.port = port;
      return null;
    }
  }
  return readEndpointSlowly(text, start, end, ports, out);
}

/**
 * `readEndpoint` over the token starting at `start` and running to the next space (or `end`),
 * found in the same pass. Returns the token's end, or -1 with the reason in `out.error`.
 */
export function readEndpointToken(text: string, start: number, end: number, ports: PortMode, out: Endpoint): number {
  let numeric = true;
  let quadOk = true;
  let parts = 0;
  let digits = 0;
  let value = 0;
  let i = start;
  let c = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) quadOk = false;
    } else if (c === 46 /* . */) {
      if (digits === 0 || ++parts > 3) quadOk = false;
      value = 0;
      digits = 0;
    } else if (c === 58 /* : */ || c === 32 || c === 9) break;
    else if (!isAddressLetter(c)) break;
    else numeric = false;
  }
  if (i > start && (numeric ? quadOk && parts === 3 && digits > 0 : isTextAddress(text.slice(start, i), out.prefixes))) {
    if (i === end || c === 32 || c === 9) {
      out.addr = text.slice(start, i);
      out.port = -1;
      return i;
    }
    if (c === 58) {
      let port = 0;
      let j = i + 1;
      for (; j < end && j - i <= 6; j++) {
        const d = text.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        port = port * 10 + d;
      }
      const portDigits = j - i - 1;
      const next = j < end ? text.charCodeAt(j) : 32;
      if (portDigits >= 1 && portDigits <= 5 && port <= 65535 && (next === 32 || next === 9)) {
        out.addr = text.slice(start, i);
        out.port = port;
        return j;
      }
    }
  }
  // Anything else: find the token's end and let the full reader judge it.
  let tokenEnd = start;
  while (tokenEnd < end && text.charCodeAt(tokenEnd) !== 32 && text.charCodeAt(tokenEnd) !== 9) tokenEnd++;
  const err = readEndpointSlowly(text, start, tokenEnd, ports, out);
  if (err === null) return tokenEnd;
  out.error = err;
  return -1;
}

/** Every other spelling: sanitised text, IPv6, and the malformed (for a precise reason). */
function readEndpointSlowly(text: string, start: number, end: number, ports: PortMode, out: Endpoint): string | null {
  let colons = 0;
  let lastColon = -1;
  // Dotted-quad check while scanning: a token of only digits and dots must be a real IPv4.
  let numeric = true;
  let dots = 0;
  let octet = -1;
  let octetDigits = 0;
  let quadOk = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) {
      if (colons === 0 && numeric) quadOk = quadOk && dots === 3 && octet >= 0;
      colons++;
      lastColon = i;
    } else if (colons === 0) {
      if (c >= 48 && c <= 57) {
        octet = (octet < 0 ? 0 : octet) * 10 + (c - 48);
        if (++octetDigits > 3 || octet > 255) quadOk = false;
      } else if (c === 46 /* . */) {
        if (octet < 0 || ++dots > 3) quadOk = false;
        octet = -1;
        octetDigits = 0;
      } else if (isAddressLetter(c)) numeric = false;
      else return 'bad character in address';
    } else if (!((c >= 48 && c <= 57) || c === 46 || isAddressLetter(c))) return 'bad character in address';
  }
  if (colons === 0) {
    if (numeric && !(quadOk && dots === 3 && octet >= 0)) return 'bad IPv4 address';
    if (!numeric && !isTextAddress(text.slice(start, end), out.prefixes)) return 'not an address';
    out.addr = text.slice(start, end);
    out.port = -1;
    return null;
  }
  if (colons === 1) {
    // Only IPv4 (or sanitised text) has exactly one colon: it is always `addr:port`.
    if (numeric && !quadOk) return 'bad IPv4 address';
    if (lastColon === start) return 'empty address';
    if (!numeric && !isTextAddress(text.slice(start, lastColon), out.prefixes)) return 'not an address';
    const port = readPort(text, lastColon + 1, end);
    if (port < 0) return 'bad port';
    out.addr = text.slice(start, lastColon);
    out.port = port;
    return null;
  }
  // IPv6: rare enough to use the general parser.
  const whole = text.slice(start, end);
  const port = readPort(text, lastColon + 1, end);
  const left = port >= 0 ? text.slice(start, lastColon) : '';
  const leftOk = port >= 0 && parseIpv6(left) !== null;
  if (ports === PortMode.Yes && leftOk) {
    out.addr = left;
    out.port = port;
    return null;
  }
  if (parseIpv6(whole) !== null) {
    out.addr = whole;
    out.port = -1;
    return null;
  }
  if (leftOk) {
    // Fully expanded IPv6 with a port appended (Suricata): nine groups only make sense split.
    out.addr = left;
    out.port = port;
    return null;
  }
  return 'bad IPv6 address';
}

/** A port of 1-5 digits up to 65535 filling `text[start, end)`, or -1. */
function readPort(text: string, start: number, end: number): number {
  const digits = end - start;
  if (digits < 1 || digits > 5) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value <= 65535 ? value : -1;
}

/** Letters and the few symbols sanitised or zoned addresses use (`MY.NET`, `fe80::1%eth0`). */
function isAddressLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 37;
}
