/**
 * Wall-clock fields as logs print them, and their conversion to epoch microseconds for one file.
 * Parsers fill one reusable `WallTime` per line and convert only once the whole line is known to
 * be good, because asking the year tracker has a side effect (its December→January rollover).
 */
import type { ParseContext } from '../format.js';

export interface WallTime {
  /** Full year when the text carries one, else -1 (the file's year tracker decides). */
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

export function newWallTime(): WallTime {
  return { year: -1, month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
}

/** Field ranges every printer respects; the exact day-of-month check is the clock's. */
export function isPlausibleWallTime(t: WallTime): boolean {
  return (
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= 31 &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 60 &&
    t.micros >= 0 &&
    t.micros < 1_000_000
  );
}

/**
 * A converter for one file: the year comes from the line when it has one (and then becomes the
 * file's year, so year-less lines that follow agree), else from `ctx.years`. The zone conversion
 * is cached per wall-clock hour: logs run in time order, so nearly every line hits the cache.
 * Returns NaN for impossible dates (Feb 30), which callers report as `bad_timestamp`.
 */
export function createEpochResolver(ctx: ParseContext): (t: WallTime) => number {
  let cachedKey = -1;
  let cachedBase = 0;
  return (t) => {
    let year: number;
    if (t.year < 0) year = ctx.years.yearFor(t.month);
    else {
      ctx.years.observe(t.year, t.month);
      year = t.year;
    }
    const key = ((year * 16 + t.month) * 32 + t.day) * 24 + t.hour;
    if (key !== cachedKey) {
      cachedBase = ctx.clock.toEpochMicros(year, t.month, t.day, t.hour, 0, 0, 0);
      cachedKey = key;
    }
    return cachedBase + (t.minute * 60 + t.second) * 1_000_000 + t.micros;
  };
}
