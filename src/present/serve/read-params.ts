/**
 * Query-string parameters, checked one by one: a malformed value is a 400 naming the parameter,
 * never a value passed on to SQL or an exception that becomes a 500.
 */
import { badParameter } from './api-error.js';

/** A parsed query string as the HTTP framework gives it: repeated keys become arrays. */
export type QueryParams = Record<string, string | string[] | undefined>;

/** Longest text parameter accepted (an address, a message, a cursor). */
export const MAX_TEXT_PARAM = 2000;

/** The one value of `name` (a repeated single-valued parameter is a 400), or undefined. */
export function textParam(query: QueryParams, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw badParameter(name, `${name} may be given once`);
  if (raw.length > MAX_TEXT_PARAM) throw badParameter(name, `${name} is longer than ${MAX_TEXT_PARAM} characters`);
  return raw;
}

/** Every value of a list parameter, repeated or comma-separated, empty items dropped. */
export function listParam(query: QueryParams, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (values.some((v) => v.length > MAX_TEXT_PARAM))
    throw badParameter(name, `${name} has a value longer than ${MAX_TEXT_PARAM} characters`);
  const kept = values.filter((v) => v !== '');
  return kept.length > 0 ? kept : undefined;
}

/** A whole number in [min, max]; `fallback` when absent. */
export function intParam(query: QueryParams, name: string, min: number, max: number, fallback: number): number;
export function intParam(query: QueryParams, name: string, min: number, max: number): number | undefined;
export function intParam(
  query: QueryParams,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number | undefined {
  const raw = textParam(query, name);
  if (raw === undefined || raw === '') return fallback;
  return parseWhole(raw, name, min, max);
}

/** `value` as a whole number in [min, max], or a 400 naming `name`. */
export function parseWhole(raw: string, name: string, min: number, max: number): number {
  const n = /^-?\d{1,16}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw badParameter(name, `${name} must be a whole number from ${min} to ${max}, not "${clip(raw)}"`);
  return n;
}

/** `true`/`false` (also `1`/`0`); `fallback` when absent. */
export function boolParam(query: QueryParams, name: string, fallback: boolean): boolean {
  const raw = textParam(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw badParameter(name, `${name} must be true or false, not "${clip(raw)}"`);
}

/** One of `choices`; `fallback` when absent. */
export function choiceParam<T extends string>(query: QueryParams, name: string, choices: readonly T[], fallback: T): T {
  const raw = textParam(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw badParameter(name, `${name} must be one of ${choices.join(', ')}, not "${clip(raw)}"`);
  return raw as T;
}

/**
 * An ISO 8601 date or date-time as microseconds since the epoch; no zone means UTC. Years outside
 * 1970–2200 are refused: no log is from then, and DuckDB's timestamps end in 294247.
 */
export function timeParam(query: QueryParams, name: string): number | undefined {
  const raw = textParam(query, name);
  if (raw === undefined || raw === '') return undefined;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      raw.trim(),
    );
  const fail = () =>
    badParameter(name, `${name} must be an ISO 8601 date or time (2004-04-20T13:00Z), not "${clip(raw)}"`);
  if (match === null) throw fail();
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = match;
  const year = Number(y);
  if (year < 1970 || year > 2200) throw fail();
  const zoneText = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zoneText}`);
  // Date.parse rolls 2004-02-31 over into March; a date that does not exist is refused instead.
  if (!Number.isFinite(ms) || (zone === 'Z' && new Date(ms).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`))
    throw fail();
  return ms * 1000 + Number(frac.padEnd(6, '0'));
}

/** A value as quoted back in an error: short and one line. */
export function clip(text: string): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
}
