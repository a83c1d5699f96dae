/**
 * Detect 3, "low and slow crafted probes": one outside host sends a TCP packet with no flags to a
 * mail server's POP3 port every period (± a little jitter) across all three days. The source port
 * rises by 256 each time; IP ID, TTL and window never change — a packet-crafting tool's
 * fingerprint. Each probe shows in all three logs: `SCAN NULL` alert, a `NULL ********` scans line,
 * and an oos dump, the only place that carries the IP ID and TTL.
 */
import { isoFromMicros } from '../core/time.js';
import type { LowSlowTruth } from './ground-truth.js';
import type { Host, HostRegistry } from './host.js';
import type { Random } from './random.js';
import type { ScenarioParams } from './scenario-params.js';
import { MICROS_PER_SECOND, TYPICAL_BYTES, type Scenario } from './scenario.js';
import { encodeScanTail } from './scan-line.js';

export const NULL_SCAN_SIGNATURE = 'SCAN NULL';
export const POP3_PORT = 110;
const JITTER_SECONDS = 30;
/** With at most this many probes the +256 source port never wraps past 65535. */
const MAX_PROBES = 250;
const SPAN_SECONDS = 3 * 86_400;

export function planLowAndSlow(
  rng: Random,
  hosts: HostRegistry,
  start: number,
  params: ScenarioParams['lowSlow'],
  mailServer: Host,
): { scenario: Scenario; truth: LowSlowTruth } {
  const src = hosts.claimOutside(rng);
  const period = params.periodSeconds;
  const margin = 10 * 60;
  const count = Math.min(MAX_PROBES, Math.floor((SPAN_SECONDS - 2 * margin) / period) + 1) - rng.range(0, 3);
  const lastOffset = Math.min(6 * 3600, SPAN_SECONDS - margin - (count - 1) * period);
  const offset = rng.range(margin, lastOffset);
  const firstSport = rng.range(1024, 65535 - 256 * (count - 1));
  const times = Array.from(
    { length: count },
    (_, i) =>
      start +
      (offset + i * period + rng.range(-JITTER_SECONDS, JITTER_SECONDS - 1)) * MICROS_PER_SECOND +
      rng.int(MICROS_PER_SECOND),
  );
  const tail = encodeScanTail(0);
  let next = 0;
  return {
    scenario: {
      estimateBytes: (t0, t1) =>
        times.filter((ts) => ts >= t0 && ts < t1).length *
        (TYPICAL_BYTES.scansLine + TYPICAL_BYTES.alertLine + TYPICAL_BYTES.oosRecord),
      emitSlice(t0, t1, sink) {
        while (next < count && times[next]! < t1) {
          const ts = times[next]!;
          const sport = firstSport + 256 * next;
          next++;
          if (ts < t0) continue; // written by an earlier day
          sink.scan(Math.floor(ts / MICROS_PER_SECOND), src, sport, mailServer, -1, POP3_PORT, tail);
          sink.alert(ts, NULL_SCAN_SIGNATURE, src, sport, mailServer, POP3_PORT, false);
          sink.oos({
            ts,
            src,
            sport,
            dst: mailServer,
            dport: POP3_PORT,
            ttl: params.ttl,
            tos: 0,
            ipId: params.ipId,
            df: false,
            flags: 0,
            seq: 0,
            ack: 0,
            win: params.window,
            options: [],
          });
        }
      },
    },
    truth: {
      src: src.alertName,
      dst: mailServer.alertName,
      dport: POP3_PORT,
      periodSeconds: period,
      jitterSeconds: JITTER_SECONDS,
      ipId: params.ipId,
      ttl: params.ttl,
      window: params.window,
      count,
      firstSport,
      signature: NULL_SCAN_SIGNATURE,
      firstTs: isoFromMicros(times[0]!),
      lastTs: isoFromMicros(times[count - 1]!),
    },
  };
}
