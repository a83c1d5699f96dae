/**
 * Traffic fixed in time rather than paced by the size budget: the injected scenarios. A scenario
 * lists its alert lines up front and runs its scans through a ScanSession stretched over a window;
 * each slice then writes what falls inside it.
 */
import type { Host } from './host.js';
import type { LogSink } from './log-sink.js';
import type { Random } from './random.js';
import type { ScanSession } from './scan-session.js';

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

  emitSlice(t1: number, sink: LogSink): void {
    while (this.next < this.alerts.length && this.alerts[this.next]!.ts < t1) {
      const a = this.alerts[this.next++]!;
      sink.alert(a.ts, a.msg, a.src, a.sport, a.dst, a.dport, false);
    }
  }
}

/** A scan session spread evenly over [start, end). */
export class ScheduledScan {
  private sent = 0;

  constructor(
    private readonly session: ScanSession,
    readonly start: number,
    readonly end: number,
  ) {}

  emitSlice(t0: number, t1: number, sink: LogSink, rng: Random): void {
    if (t1 <= this.start || t0 >= this.end || this.session.done) return;
    const total = this.sent + this.session.remaining;
    const due = t1 >= this.end ? total : Math.round((total * (t1 - this.start)) / (this.end - this.start));
    if (due > this.sent) {
      this.sent += this.session.emit(due - this.sent, Math.max(t0, this.start), Math.min(t1, this.end), sink, rng);
    }
  }
}
