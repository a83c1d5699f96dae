/**
 * Time for logs that carry no zone and often no year.
 *
 * Timestamps are epoch microseconds (a JS number: exact up to year 2255). Local wall-clock fields
 * are turned into UTC through a `ZoneClock`, which caches the zone offset per hour so that a
 * non-UTC `--tz` costs nothing on the hot path.
 */
import { UserError } from './errors.js';

export const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_HOUR = 3_600_000_000;

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12) of a year as Date.UTC reads it (0–99 mean 1900–1999). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Converts wall-clock fields in one time zone to epoch microseconds. */
export class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat | null;
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string = 'UTC') {
    if (zone === 'UTC' || zone === 'Z' || zone === 'GMT') {
      this.formatter = null;
      return;
    }
    try {
      this.formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new UserError(`unknown time zone "${zone}" (use an IANA name such as Europe/Berlin, or UTC)`, { cause });
    }
  }

  /**
   * Epoch microseconds for local fields; month is 1-12. Returns NaN for impossible dates
   * (Feb 30, hour 25…), which callers report as `bad_timestamp`.
   */
  toEpochMicros(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    micros: number,
  ): number {
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
    // Date.UTC would roll Feb 30 over to Mar 2: reject instead of inventing a date.
    if (day > 28 && day > daysInMonth(year, month)) return NaN;
    const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
    const wall = wallMs * 1000 + micros;
    if (this.formatter === null) return wall;
    return wall - this.offsetAt(wall);
  }

  /** Offset (local − UTC) in microseconds in force at a wall-clock instant, cached per hour. */
  private offsetAt(wallMicros: number): number {
    const hourKey = Math.floor(wallMicros / MICROS_PER_HOUR);
    let offset = this.offsets.get(hourKey);
    if (offset === undefined) {
      // First guess: the offset at the wall time read as UTC; then correct once for DST edges.
      const guess = this.offsetOfUtcMillis(hourKey * 3_600_000);
      offset = this.offsetOfUtcMillis(hourKey * 3_600_000 - guess / 1000);
      this.offsets.set(hourKey, offset);
    }
    return offset;
  }

  private offsetOfUtcMillis(utcMillis: number): number {
    const parts = this.formatter!.formatToParts(new Date(utcMillis));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return (asUtc - utcMillis) * 1000;
  }
}

/**
 * Supplies the year for logs that print none, and rolls it over when the month runs backwards
 * (a December log that continues into January).
 */
export class YearTracker {
  /** The month of the last date seen (0: none yet). */
  lastMonth = 0;
  /**
   * The month of the first year-less date, when it came before any line gave its own year (0:
   * none): the years given out then depend on the year this tracker started with. A file parsed
   * in parts checks this against the state the previous part ended in.
   */
  startMonth = 0;
  private anchored = false;
  constructor(public year: number) {}

  /** The year of a year-less date in `month`. */
  yearFor(month: number): number {
    if (!this.anchored && this.startMonth === 0) this.startMonth = month;
    if (this.lastMonth === 12 && month === 1) this.year += 1;
    this.lastMonth = month;
    return this.year;
  }

  /** A line gave its own year: year-less lines that follow take it. */
  observe(year: number, month: number): void {
    this.anchored = true;
    this.lastMonth = month;
    this.year = year;
  }
}

/** ISO 8601 UTC with milliseconds, for people and for ingest summaries. */
export function isoFromMicros(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}

const DAY_MS = 86_400_000;
/** The last day `isoFromMicrosExact` formatted (ms at its midnight) and its `YYYY-MM-DDT`. */
let lastDay = Number.NaN;
let lastDayText = '';

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * ISO 8601 UTC with all six digits of microseconds (`2004-04-20T13:42:17.874123Z`), the form of
 * stored timestamps in `--json` output: sensors write microseconds, and two events 300 µs apart
 * must not print as the same instant.
 */
export function isoFromMicrosExact(micros: number | bigint): string {
  // In number arithmetic while exact (every stored time is): a timeline prints thousands of these,
  // mostly of one day, so the date is formatted once per day and the time of day by hand.
  if (typeof micros === 'number' && Number.isSafeInteger(micros)) {
    const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
    const ms = (micros - fraction) / 1000;
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    if (day !== lastDay) {
      lastDayText = new Date(day).toISOString().slice(0, 11);
      lastDay = day;
    }
    const second = (ms - day) / 1000;
    return `${lastDayText}${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}.${String(fraction).padStart(6, '0')}Z`;
  }
  const big = BigInt(micros);
  const fraction = ((big % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const seconds = (big - fraction) / 1_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(6, '0')}Z`;
}

/**
 * A date embedded in a file name, as the classic data sets name their files:
 * `alert.040420` / `scans.040420` (YYMMDD), `oos_Apr.20.2004`, `2004-04-20`, `20040420`.
 */
export function dateFromFileName(name: string): { year: number; month: number; day: number } | null {
  const base = name.replace(/^.*[\\/]/, '');
  let m = /(?:^|[^0-9])((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:[^0-9]|$)/.exec(base);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /([A-Z][a-z]{2})[._-]?(\d{1,2})[._-]?((?:19|20)\d\d)/.exec(base);
  if (m) {
    const month = MONTHS.indexOf(m[1]!) + 1;
    if (month > 0) return checked(Number(m[3]), month, Number(m[2]));
  }
  m = /(?:^|[^0-9])(\d\d)(\d\d)(\d\d)(?:[^0-9]|$)/.exec(base);
  if (m) return checked(2000 + Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function checked(year: number, month: number, day: number): { year: number; month: number; day: number } | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}
