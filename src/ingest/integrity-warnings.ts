/**
 * A file's integrity findings for `idsift files`, from what the parser measured: damage, no events
 * at all, a name date outside the content, time running backwards, a long gap. Every way in (a
 * batch ingest, stdin, `ingest --follow`) states them alike, from the same summary.
 */
import { isoFromMicros } from '../core/time.js';
import type { ParseSummary } from './parse-file.js';

/** A stretch this long without events inside a file is reported as a gap. */
const GAP_WARNING_MICROS = 3_600_000_000;

/** Said of a file that holds no event at all. */
export const NO_EVENTS = 'no events found';

/** The warnings for a file whose name carries `nameDate` (`YYYY-MM-DD`) or none. */
export function integrityWarnings(summary: ParseSummary, nameDate: string | null): string[] {
  const warnings: string[] = [];
  // Quarantined and recovered counts are fields of their own; warnings say what counts cannot.
  if (summary.damage !== undefined) warnings.push(summary.damage);
  if (summary.rows === 0) warnings.push(NO_EVENTS);
  if (nameDate && summary.firstTs !== null && summary.lastTs !== null) {
    const first = isoFromMicros(summary.firstTs).slice(0, 10);
    const last = isoFromMicros(summary.lastTs).slice(0, 10);
    if (nameDate < first || nameDate > last) {
      const days = Math.round((Date.parse(nameDate) - Date.parse(first)) / 86_400_000);
      warnings.push(
        `file name says ${nameDate} but content runs ${first === last ? first : `${first} to ${last}`} (${days > 0 ? '+' : ''}${days} day(s))`,
      );
    }
  }
  if (summary.backwardSteps > 0) {
    warnings.push(
      `timestamps run backwards ${summary.backwardSteps} time(s) (largest step ${formatDuration(summary.maxBackwardMicros)})`,
    );
  }
  if (summary.longestGapMicros >= GAP_WARNING_MICROS && summary.longestGapStart !== null) {
    warnings.push(
      `no events for ${formatDuration(summary.longestGapMicros)} from ${isoFromMicros(summary.longestGapStart)}`,
    );
  }
  return warnings;
}

function formatDuration(micros: number): string {
  const minutes = Math.round(micros / 60_000_000);
  if (minutes < 120) return `${minutes} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}
