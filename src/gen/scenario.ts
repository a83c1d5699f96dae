/**
 * An injected detect: writes its evidence slice by slice and says what it injected.
 */
import type { LogSink } from './log-sink.js';

export interface Scenario {
  /** Write whatever falls in [t0, t1) microseconds. */
  emitSlice(t0: number, t1: number, sink: LogSink): void;
  /** About how many bytes it writes in [t0, t1): the day's budget leaves room for them. */
  estimateBytes(t0: number, t1: number): number;
}

/** Typical sizes, for estimates only. */
export const TYPICAL_BYTES = { scansLine: 62, alertLine: 100, portscanLine: 125, oosRecord: 235 };

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
