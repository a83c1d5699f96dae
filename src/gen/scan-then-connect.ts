/**
 * Detect 1, "scan, then connect": an outside host SYN-sweeps a few hundred consecutive inside
 * addresses on a port nothing listens on (inverse mapping: the port-unreachables tell it who is
 * alive), and soon after the sweep an alert shows a NetBIOS null session from it to one of them.
 */
import { TCP_FLAG } from '../core/event.js';
import { isoFromMicros } from '../core/time.js';
import { pickEphemeralPort } from './ephemeral-port.js';
import type { ScanThenConnectTruth } from './ground-truth.js';
import { SANITISED_PREFIX, type Host, type HostRegistry } from './host.js';
import { MICROS_PER_DAY } from './log-clock.js';
import type { Random } from './random.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND, type Scenario } from './scenario.js';
import { ScanSession } from './scan-session.js';
import { ScheduledScan, TimedAlerts } from './scheduled-traffic.js';

export const NULL_SESSION_SIGNATURE = 'NETBIOS NT NULL session';
const INSIDE_SPAN = 254 * 254;

/** `target` is the live inside host the scanner will connect to; the sweep is placed around it. */
export function planScanThenConnect(
  rng: Random,
  hosts: HostRegistry,
  start: number,
  port: number,
  target: Host,
): { scenario: Scenario; truth: ScanThenConnectTruth } {
  const scanner = hosts.claimOutside(rng);
  const count = rng.range(200, 600);
  // Consecutive addresses x.1 … x.254, (x+1).1 …, with the target somewhere in the run.
  const targetLinear = ((target.insideIndex >> 8) - 1) * 254 + (target.insideIndex & 255) - 1;
  const first = Math.min(Math.max(targetLinear - rng.int(count), 0), INSIDE_SPAN - count);
  // Inside indexes (`x << 8 | y`): the scans writer spells them without a Host each.
  const swept = Array.from(
    { length: count },
    (_, i) => ((Math.floor((first + i) / 254) + 1) << 8) | (((first + i) % 254) + 1),
  );
  // Within day 1 or 2 (days are written independently, so a sweep never crosses midnight).
  const duration = rng.range(8, 40);
  const sweepStart =
    start +
    rng.int(2) * MICROS_PER_DAY +
    rng.range(2 * 60, 23 * 60 - duration) * MICROS_PER_MINUTE +
    rng.int(MICROS_PER_MINUTE);
  const sweepEnd = sweepStart + duration * MICROS_PER_MINUTE;
  const connectTs = sweepEnd + rng.range(5 * 60, 60 * 60) * MICROS_PER_SECOND + rng.int(MICROS_PER_SECOND);
  const sport = pickEphemeralPort(rng);
  let next = 0;
  const session = new ScanSession(
    {
      src: scanner,
      size: count,
      flags: TCP_FLAG.SYN,
      evidence: true,
      distinctTargets: true,
      plan: (probe) => {
        probe.dst = null;
        probe.inside = swept[next++]!;
        probe.dport = port;
        probe.sport = sport;
      },
    },
    rng,
  );
  const sweep = new ScheduledScan(session, sweepStart, sweepEnd);
  const connect = new TimedAlerts([
    {
      ts: connectTs,
      msg: NULL_SESSION_SIGNATURE,
      src: scanner,
      sport: pickEphemeralPort(rng),
      dst: target,
      dport: 139,
    },
  ]);
  return {
    scenario: {
      emitSlice(t0, t1, sink) {
        sweep.emitSlice(t0, t1, sink, rng);
        connect.emitSlice(t0, t1, sink);
      },
      estimateBytes: (t0, t1) => sweep.estimateBytes(t0, t1) + connect.estimateBytes(t0, t1),
    },
    truth: {
      scanner: scanner.alertName,
      port,
      swept: swept.map((i) => `${SANITISED_PREFIX}.${i >> 8}.${i & 255}`).sort(),
      target: target.alertName,
      targetPort: 139,
      connectSignature: NULL_SESSION_SIGNATURE,
      sweepStart: isoFromMicros(sweepStart),
      sweepEnd: isoFromMicros(sweepEnd),
      connectTs: isoFromMicros(connectTs),
    },
  };
}
