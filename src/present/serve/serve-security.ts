/**
 * Who may talk to the server and what the browser may do with its answers: the token rule, the
 * loopback Host rule (DNS rebinding), and the headers every response carries.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ApiError } from './api-error.js';

/** Scripts only from the server's own files: no inline script, no eval, no CDN. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Chart and graph libraries set style attributes and <style> elements; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export const TOKEN_COOKIE = 'idsift_token';

/** Whether `host` (as given to --host) is a loopback address: the only ones served without a token. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/** A fresh token for a server bound beyond loopback without one. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface RequestFacts {
  host: string | undefined;
  authorization: string | undefined;
  cookie: string | undefined;
  queryToken: string | undefined;
}

/**
 * Check one request; throws the 401 or 421. Returns whether the token came in the query string
 * (the server then sets the cookie, so the page's own requests need not carry it).
 */
export function checkRequest(token: string | null, facts: RequestFacts): { setCookie: boolean } {
  if (token === null) {
    // Served to this machine only; a page on another site that resolves its name to 127.0.0.1
    // (DNS rebinding) sends its own name as Host.
    const name = hostName(facts.host ?? '');
    if (!['localhost', '127.0.0.1', '[::1]'].includes(name) && !/^127\.\d+\.\d+\.\d+$/.test(name))
      throw new ApiError(421, 'misdirected', 'this server answers only to localhost, 127.0.0.1 or [::1]');
    return { setCookie: false };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(facts.authorization ?? '')?.[1];
  if (bearer !== undefined && sameToken(bearer, token)) return { setCookie: false };
  const cookie = readCookie(facts.cookie ?? '', TOKEN_COOKIE);
  if (cookie !== undefined && sameToken(cookie, token)) return { setCookie: false };
  if (facts.queryToken !== undefined && sameToken(facts.queryToken, token)) return { setCookie: true };
  throw new ApiError(401, 'unauthorized', 'this server needs its token (Authorization: Bearer …, or ?token=…)');
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Constant-time comparison (of digests, so lengths do not leak either). */
function sameToken(given: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The host name of a Host header, without the port (`[::1]:8080` → `[::1]`). */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}
