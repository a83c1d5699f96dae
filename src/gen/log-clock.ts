/**
 * Timestamps and file names exactly as the classic sensors wrote them (docs/FORMATS.md §1.1, §2.2).
 * Lines are written by the million, so the clock caches the minute (alert, oos) and the second
 * (scans) it last formatted: consecutive lines almost always share them.
 */
import { MONTHS } from '../core/time.js';

export const MICROS_PER_MINUTE = 60_000_000;
export const MICROS_PER_DAY = 86_400_000_000;

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

export class LogClock {
  private alertMinute = -1;
  private alertPrefix = '';
  private scansMinute = -1;
  private scansSeconds: Uint8Array[] = [];

  /**
   * Snort 1.8 fast-alert / packet-dump timestamp, 22 bytes including its trailing space:
   * `04/20-14:45:09.171005 `.
   */
  alert(micros: number): string {
    const minute = Math.floor(micros / MICROS_PER_MINUTE);
    if (minute !== this.alertMinute) {
      const d = new Date(minute * 60_000);
      this.alertMinute = minute;
      this.alertPrefix = `${PAD2[d.getUTCMonth() + 1]}/${PAD2[d.getUTCDate()]}-${PAD2[d.getUTCHours()]}:${PAD2[d.getUTCMinutes()]}:`;
    }
    const inMinute = micros - minute * MICROS_PER_MINUTE;
    const second = Math.floor(inMinute / 1_000_000);
    const fraction = String(inMinute - second * 1_000_000).padStart(6, '0');
    return `${this.alertPrefix}${PAD2[second]}.${fraction} `;
  }

  /** spp_portscan log timestamp plus the space after it: `Apr  2 03:04:05 ` (day is `%2d`). */
  scans(seconds: number): string {
    return Buffer.from(this.scansBytes(seconds)).toString('latin1');
  }

  /** `scans` as latin1 bytes; the 60 seconds of the current minute are encoded at once. */
  scansBytes(seconds: number): Uint8Array {
    const minute = Math.floor(seconds / 60);
    if (minute !== this.scansMinute) {
      const d = new Date(minute * 60_000);
      const day = d.getUTCDate();
      const prefix = `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${PAD2[d.getUTCHours()]}:${PAD2[d.getUTCMinutes()]}:`;
      // One block for the whole minute, viewed per second: `Mmm dd hh:mm:ss ` is 16 bytes.
      const block = Buffer.from(
        PAD2.slice(0, 60)
          .map((ss) => `${prefix}${ss} `)
          .join(''),
        'latin1',
      );
      this.scansMinute = minute;
      this.scansSeconds = Array.from({ length: 60 }, (_, i) => block.subarray(i * 16, i * 16 + 16));
    }
    return this.scansSeconds[seconds - minute * 60]!;
  }
}

/** `YYYY-MM-DD` of a UTC day start in epoch microseconds. */
export function formatIsoDate(dayMicros: number): string {
  return new Date(dayMicros / 1000).toISOString().slice(0, 10);
}

/** Epoch microseconds of 00:00 UTC on a `YYYY-MM-DD` date, or NaN when it is not a real date. */
export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatIsoDate(ms * 1000) === text ? ms * 1000 : NaN;
}

/** The classic data set's file names for one day: `alert.040420`, `scans.040420`, `oos_Apr.20.2004`. */
export function nameLogFile(kind: 'alert' | 'scans' | 'oos', dayMicros: number): string {
  const d = new Date(dayMicros / 1000);
  if (kind === 'oos') {
    return `oos_${MONTHS[d.getUTCMonth()]}.${PAD2[d.getUTCDate()]}.${d.getUTCFullYear()}`;
  }
  return `${kind}.${PAD2[d.getUTCFullYear() % 100]}${PAD2[d.getUTCMonth() + 1]}${PAD2[d.getUTCDate()]}`;
}
