/**
 * One scanner as spp_portscan saw it: probes go to the scans file, and the alert file gets the
 * preprocessor's packet-less lines — PORTSCAN DETECTED on the first probe, a status line every so
 * many connections, End of portscan after the last. Background sweeps, the busy DNS servers and
 * the injected scanners all run through this, so they look alike except for what they do.
 */
import { TCP_FLAG } from '../core/event.js';
import { portscanMessage } from './alert-line.js';
import type { Host } from './host.js';
import type { LogSink } from './log-sink.js';
import { buildPacket } from './packet-factory.js';
import type { Random } from './random.js';
import { encodeScanTail } from './scan-line.js';

/** `preprocessor portscan: … <ports> …`: the THRESHOLD the DETECTED lines report. */
export const PORTSCAN_THRESHOLD = 4;

/**
 * Where the next probe goes; a plan fills it in place to keep the hot loop allocation-free. Sweeps
 * of the inside network give `inside` (the `x << 8 | y` index) and no Host: a sweep touches tens of
 * thousands of addresses that never do anything else, and need no object each.
 */
export interface Probe {
  /** The destination host, or null when `inside` names it. */
  dst: Host | null;
  inside: number;
  dport: number;
  sport: number;
}

export interface ScanSessionSpec {
  src: Host;
  /** Number of probes. */
  size: number;
  /** TCP flag bits of every probe, or null for UDP. */
  flags: number | null;
  /** Fill in the next probe. */
  plan(probe: Probe, rng: Random): void;
  /** A Snort rule that fires on every probe (`SCAN Proxy (8080) attempt`, `SCAN FIN`…). */
  probeAlert?: string;
  /** Share of probes also dumped to the oos file (odd flag sets are out of spec). */
  oosShare?: number;
  /** Relative speed when several sessions share a slice's budget. */
  weight?: number;
  /** Injected evidence must stay intact: no spliced heads on its alert lines. */
  evidence?: boolean;
  /** Every probe goes to a new host (sweeps): spares counting distinct hosts, and probes may name them by `inside`. */
  distinctTargets?: boolean;
}

let nextMark = 1;

export class ScanSession {
  remaining: number;
  readonly weight: number;
  private readonly tail: Uint8Array;
  private readonly stealth: boolean;
  private readonly probe: Probe;
  private readonly sessionMark = nextMark++;
  private periodMark = nextMark++;
  private sent = 0;
  private hosts = 0;
  private periodSent = 0;
  private periodHosts = 0;
  private statusEvery: number;
  private firstTs = -1;
  private lastTs = -1;

  constructor(
    readonly spec: ScanSessionSpec,
    rng: Random,
  ) {
    this.remaining = spec.size;
    this.weight = spec.weight ?? 1;
    this.tail = encodeScanTail(spec.flags);
    this.stealth = spec.flags !== null && (spec.flags & 0x3f) !== TCP_FLAG.SYN;
    this.probe = { dst: null, inside: 0, dport: 0, sport: 0 };
    this.statusEvery = rng.range(60, 150);
  }

  get done(): boolean {
    return this.remaining === 0;
  }

  /**
   * Send `n` probes (at most what is left) spread over [t0, t1) microseconds; ends the session
   * with its End line when the last probe is out. Returns the number sent.
   */
  emit(n: number, t0: number, t1: number, sink: LogSink, rng: Random): number {
    const count = Math.min(n, this.remaining);
    const { src, flags, plan, probeAlert, oosShare } = this.spec;
    const evidence = this.spec.evidence === true;
    const distinct = this.spec.distinctTargets === true;
    const tail = this.tail;
    const step = (t1 - t0) / count;
    const probe = this.probe;
    let ts = t0;
    for (let k = 0; k < count; k++) {
      ts = t0 + Math.floor((k + rng.float()) * step);
      plan(probe, rng);
      let dst = probe.dst;
      sink.scan(Math.floor(ts / 1_000_000), src, probe.sport, dst, probe.inside, probe.dport, tail);
      if (this.firstTs < 0) {
        this.firstTs = ts;
        const text = portscanMessage.detected(src.alertName, this.stealth, PORTSCAN_THRESHOLD, rng.int(3));
        sink.portscan(Math.min(ts + rng.int(400_000), t1 - 1), 'detected', text, src);
      }
      if (distinct) {
        this.hosts++;
        this.periodHosts++;
      } else {
        // Sessions that revisit hosts always name them by Host.
        if (dst!.sessionMark !== this.sessionMark) {
          dst!.sessionMark = this.sessionMark;
          this.hosts++;
        }
        if (dst!.periodMark !== this.periodMark) {
          dst!.periodMark = this.periodMark;
          this.periodHosts++;
        }
      }
      if (probeAlert !== undefined) {
        dst ??= sink.insideHost(probe.inside);
        sink.alert(ts, probeAlert, src, probe.sport, dst, probe.dport, !evidence);
      }
      if (oosShare !== undefined && flags !== null && rng.chance(oosShare)) {
        dst ??= sink.insideHost(probe.inside);
        sink.oos(buildPacket(rng, ts, src, probe.sport, dst, probe.dport, flags));
      }
      if (++this.periodSent === this.statusEvery && this.remaining - k > 1) this.reportStatus(ts, t1, sink, rng);
    }
    this.lastTs = ts;
    this.sent += count;
    this.remaining -= count;
    if (this.remaining === 0) this.reportEnd(Math.min(this.lastTs + rng.int(2_000_000), t1 - 1), sink);
    return count;
  }

  /** Stop early (the day's file ends): a scan under way still gets its End line, at `ts` or after its last probe. */
  abandon(ts: number, sink: LogSink): void {
    if (this.firstTs < 0 || this.remaining === 0) return;
    this.remaining = 0;
    this.reportEnd(Math.max(ts, this.lastTs), sink);
  }

  private reportEnd(ts: number, sink: LogSink): void {
    const { src, flags } = this.spec;
    const tcp = flags === null ? 0 : this.sent;
    const seconds = Math.floor((this.lastTs - this.firstTs) / 1_000_000);
    sink.portscan(
      ts,
      'end',
      portscanMessage.end(src.alertName, seconds, this.hosts, tcp, this.sent - tcp, this.stealth),
      src,
    );
  }

  private reportStatus(ts: number, t1: number, sink: LogSink, rng: Random): void {
    const tcp = this.spec.flags === null ? 0 : this.periodSent;
    const text = portscanMessage.status(
      this.spec.src.alertName,
      this.periodSent,
      this.periodHosts,
      tcp,
      this.periodSent - tcp,
      this.stealth,
    );
    sink.portscan(Math.min(ts + rng.int(300_000), t1 - 1), 'status', text, this.spec.src);
    this.periodSent = 0;
    this.periodHosts = 0;
    this.periodMark = nextMark++;
    this.statusEvery = rng.range(60, 150);
  }
}
