/**
 * Traffic fixed in time rather than paced by the size budget: the injected scenarios. A scenario
 * lists its alert lines up front and runs its scans through a ScanSession stretched over a window;
 * each slice then writes what falls inside it.
 */
import type { Host } from './host.js';
import type { LogSink } from './log-sink.js';
import type { Random } from './random.js';
import type { ScanSession } from './scan-session.js';
import { TYPICAL_BYTES } from './scenario.js';

export interface TimedAlert {
  ts: number;
  msg: string;
  src: Host;
  sport: number | null;
  dst: Host;
  dport: number | null;
}

/** Alert lines at fixed times, written unspliced (they are evidence). */
export class TimedAlerts {
  private readonly alerts: TimedAlert[];
  private next = 0;

  constructor(alerts: TimedAlert[]) {
    this.alerts = [...alerts].sort((a, b) => a.ts - b.ts);
  }

  estimateBytes(t0: number, t1: number): number {
    return this.alerts.filter((a) => a.ts >= t0 && a.ts < t1).length * TYPICAL_BYTES.alertLine;
  }

  /** Alerts in [t0, t1); a day generated on its own skips what earlier days wrote. */
  emitSlice(t0: number, t1: number, sink: LogSink): void {
    while (this.next < this.alerts.length && this.alerts[this.next]!.ts < t1) {
      const a = this.alerts[this.next++]!;
      if (a.ts >= t0) sink.alert(a.ts, a.msg, a.src, a.sport, a.dst, a.dport, false);
    }
  }
}

/** A scan session spread evenly over [start, end), which must lie within one day. */
export class ScheduledScan {
  private sent = 0;
  private readonly size: number;

  constructor(
    private readonly session: ScanSession,
    readonly start: number,
    readonly end: number,
  ) {
    this.size = session.remaining;
  }

  /** The probes plus spp_portscan's lines about them, if the window falls in [t0, t1). */
  estimateBytes(t0: number, t1: number): number {
    if (this.start < t0 || this.start >= t1) return 0;
    return this.size * TYPICAL_BYTES.scansLine + (this.size / 100 + 2) * TYPICAL_BYTES.portscanLine;
  }

  emitSlice(t0: number, t1: number, sink: LogSink, rng: Random): void {
    if (t1 <= this.start || t0 >= this.end || this.session.done) return;
    const total = this.sent + this.session.remaining;
    const due = t1 >= this.end ? total : Math.round((total * (t1 - this.start)) / (this.end - this.start));
    if (due > this.sent) {
      this.sent += this.session.emit(due - this.sent, Math.max(t0, this.start), Math.min(t1, this.end), sink, rng);
    }
  }
}
