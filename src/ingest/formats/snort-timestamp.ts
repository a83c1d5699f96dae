/**
 * Snort's numeric timestamps (docs/FORMATS.md §1.1), read by position with no regex:
 * `MM/DD-HH:MM:SS.uuuuuu` (1.x/2.x/3), `MM/DD/YY-…` (`-y`), `YY/MM/DD-…` (one Snort 3 release),
 * `MM/DD/YYYY-…` (Suricata) and Snort 3's `YYYY-MM-DD HH:MM:SS.uuuuuu`. The fraction is
 * optional (re-typed logs drop it) and may have 1–6 digits.
 */
import { isPlausibleWallTime, type WallTime } from './wall-time.js';

/** The text at `start` is not a timestamp at all. */
export const TS_NONE = -1;
/** The text has a timestamp's shape but an impossible or malformed value. */
export const TS_BAD = -2;

/**
 * Read a timestamp at `start` into `out`. Returns the index just after it, or TS_NONE / TS_BAD.
 * `out.year` is -1 when the text carries no year.
 */
export function readSnortTimestamp(text: string, start: number, end: number, out: WallTime): number {
  if (start + 5 > end) return TS_NONE;
  const a = twoDigits(text, start);
  let i: number;
  if (a >= 0 && text.charCodeAt(start + 2) === 47 /* / */) {
    const b = twoDigits(text, start + 3);
    if (b < 0) return TS_NONE;
    const sep = text.charCodeAt(start + 5);
    if (sep === 45 /* - */) {
      out.year = -1;
      out.month = a;
      out.day = b;
      i = start + 6;
    } else if (sep === 47) {
      const c = twoDigits(text, start + 6);
      if (c < 0) return TS_BAD;
      if (text.charCodeAt(start + 8) === 45) {
        setTwoDigitYearDate(out, a, b, c);
        i = start + 9;
      } else {
        const d = twoDigits(text, start + 8);
        if (d < 0 || text.charCodeAt(start + 10) !== 45) return TS_BAD;
        out.month = a;
        out.day = b;
        out.year = c * 100 + d;
        i = start + 11;
      }
    } else return TS_BAD;
  } else if (a >= 0 && text.charCodeAt(start + 4) === 45 && start + 10 <= end) {
    // Snort 3 `yyyymmdd` form: 2004-04-20 14:45:09.171005
    const hi = twoDigits(text, start + 2);
    const m = twoDigits(text, start + 5);
    const d = twoDigits(text, start + 8);
    if (hi < 0 || m < 0 || d < 0 || text.charCodeAt(start + 7) !== 45) return TS_NONE;
    if (text.charCodeAt(start + 10) !== 32) return TS_NONE;
    out.year = a * 100 + hi;
    out.month = m;
    out.day = d;
    i = start + 11;
  } else return TS_NONE;

  if (i + 8 > end) return TS_BAD;
  const h = twoDigits(text, i);
  const mi = twoDigits(text, i + 3);
  const s = twoDigits(text, i + 6);
  if (h < 0 || mi < 0 || s < 0 || text.charCodeAt(i + 2) !== 58 || text.charCodeAt(i + 5) !== 58) return TS_BAD;
  out.hour = h;
  out.minute = mi;
  out.second = s;
  i += 8;
  out.micros = 0;
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    i++;
    let digits = 0;
    let value = 0;
    while (i < end && digits < 7) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 6) return TS_BAD;
    out.micros = fractionMicros(value, digits);
  }
  // The timestamp must end at a field boundary: a space or the end of the line.
  if (i < end && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) return TS_BAD;
  return isPlausibleWallTime(out) ? i : TS_BAD;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Microseconds of a fraction of a second written with `digits` (1–6) digits whose value is `value`. */
export function fractionMicros(value: number, digits: number): number {
  return value * POW10[6 - digits]!;
}

/**
 * The date of `a/b/c-` with a two-digit year (Snort's `-y`): `MM/DD/YY`, unless only `YY/MM/DD`
 * makes sense (a is no month), as one Snort 3 release wrote it.
 */
export function setTwoDigitYearDate(out: WallTime, a: number, b: number, c: number): void {
  if (a >= 1 && a <= 12) {
    out.month = a;
    out.day = b;
    out.year = fullYear(c);
  } else {
    out.year = fullYear(a);
    out.month = b;
    out.day = c;
  }
}

function twoDigits(text: string, at: number): number {
  const x = text.charCodeAt(at) - 48;
  const y = text.charCodeAt(at + 1) - 48;
  // NaN (past the end) fails both comparisons.
  if (!(x >= 0 && x <= 9 && y >= 0 && y <= 9)) return -1;
  return x * 10 + y;
}

/** Snort's `-y` prints `tm_year - 100`; re-typed logs may carry 19xx years as 70–99. */
function fullYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}
