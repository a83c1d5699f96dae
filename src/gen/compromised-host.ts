/**
 * Detect 2, "compromised inside host": outside DDoS clients talk to the host's handler port; hours
 * later the host portscans a few hundred outside addresses, and over the next two days it shows
 * trojan-server traffic from its trojan port and DDoS-handler traffic to several outside hosts.
 */
import { TCP_FLAG } from '../core/event.js';
import { isoFromMicros } from '../core/time.js';
import { pickEphemeralPort } from './ephemeral-port.js';
import type { CompromisedTruth } from './ground-truth.js';
import { isPublicUnicast, type Host, type HostRegistry } from './host.js';
import { MICROS_PER_DAY } from './log-clock.js';
import type { Random } from './random.js';
import type { ScenarioParams } from './scenario-params.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, type Scenario } from './scenario.js';
import { ScanSession } from './scan-session.js';
import { ScheduledScan, TimedAlerts, type TimedAlert } from './scheduled-traffic.js';

const SCAN_PORTS = [21, 23, 80, 111, 139, 445, 1433, 3389];

export function planCompromisedHost(
  rng: Random,
  hosts: HostRegistry,
  start: number,
  params: ScenarioParams,
  host: Host,
): { scenario: Scenario; truth: CompromisedTruth } {
  const minute = (): number => rng.int(MICROS_PER_MINUTE);
  const alerts: TimedAlert[] = [];

  // Day 1: the DDoS clients check in with the handler now listening on the host.
  const controllers = Array.from({ length: rng.range(1, 2) }, () => hosts.claimOutside(rng));
  let t = start + rng.range(6 * 60, 16 * 60) * MICROS_PER_MINUTE + minute();
  const controlTs = t;
  for (let i = rng.range(2, 5); i > 0; i--) {
    alerts.push({
      ts: t,
      msg: params.control.signature,
      src: rng.pick(controllers),
      sport: pickEphemeralPort(rng),
      dst: host,
      dport: params.control.port,
    });
    t += rng.range(1, 25) * MICROS_PER_MINUTE + minute();
  }

  // Hours later the host itself sweeps a run of consecutive outside addresses.
  let scanStart = t + rng.range(3 * 60, 10 * 60) * MICROS_PER_MINUTE;
  const duration = rng.range(10, 40) * MICROS_PER_MINUTE;
  // Days are written independently: a scan that would cross midnight starts just after it.
  const midnight = start + Math.ceil((scanStart - start) / MICROS_PER_DAY) * MICROS_PER_DAY;
  if (scanStart + duration > midnight) scanStart = midnight + rng.range(5, 30) * MICROS_PER_MINUTE;
  const scanEnd = scanStart + duration;
  const targets = claimOutsideRun(rng, hosts, rng.range(200, 600));
  const scanPort = rng.pick(SCAN_PORTS);
  let sport = pickEphemeralPort(rng);
  let next = 0;
  const session = new ScanSession(
    {
      src: host,
      size: targets.length,
      flags: TCP_FLAG.SYN,
      evidence: true,
      distinctTargets: true,
      plan: (probe) => {
        probe.dst = targets[next++]!;
        probe.dport = scanPort;
        probe.sport = sport;
        sport = sport >= 65535 ? 1024 : sport + 1;
      },
    },
    rng,
  );
  const scan = new ScheduledScan(session, scanStart, scanEnd);

  // Day 2: trojan-server traffic from the host's trojan port.
  const day2 = start + MICROS_PER_DAY;
  const trojanFrom = Math.max(scanEnd + MICROS_PER_HOUR, day2 + 6 * MICROS_PER_HOUR);
  const trojanClients = Array.from({ length: rng.range(1, 2) }, () => hosts.claimOutside(rng));
  for (let i = rng.range(3, 8); i > 0; i--) {
    const ts = trojanFrom + rng.int(day2 + 22 * MICROS_PER_HOUR - trojanFrom);
    alerts.push({
      ts,
      msg: params.trojan.signature,
      src: host,
      sport: params.trojan.port,
      dst: rng.pick(trojanClients),
      dport: pickEphemeralPort(rng),
    });
  }

  // Days 2–3: the host answers as a DDoS handler to several outside hosts.
  const peers = Array.from({ length: rng.range(3, 6) }, () => hosts.claimOutside(rng));
  const handlerFrom = trojanFrom + 2 * MICROS_PER_HOUR;
  const handlerTo = start + 2 * MICROS_PER_DAY + 22 * MICROS_PER_HOUR;
  for (const peer of peers) {
    for (let i = rng.range(2, 4); i > 0; i--) {
      const ts = handlerFrom + rng.int(handlerTo - handlerFrom);
      alerts.push({
        ts,
        msg: params.handler.signature,
        src: host,
        sport: rng.pick(params.handler.ports),
        dst: peer,
        dport: pickEphemeralPort(rng),
      });
    }
  }
  const timed = new TimedAlerts(alerts);

  return {
    scenario: {
      emitSlice(t0, t1, sink) {
        scan.emitSlice(t0, t1, sink, rng);
        timed.emitSlice(t0, t1, sink);
      },
      estimateBytes: (t0, t1) => scan.estimateBytes(t0, t1) + timed.estimateBytes(t0, t1),
    },
    truth: {
      host: host.alertName,
      controlPort: params.control.port,
      controlSignature: params.control.signature,
      controllers: controllers.map((h) => h.alertName),
      trojanPort: params.trojan.port,
      trojanSignature: params.trojan.signature,
      handlerPorts: [...params.handler.ports],
      handlerSignature: params.handler.signature,
      peers: peers.map((h) => h.alertName),
      scanPort,
      scanned: targets.length,
      controlTs: isoFromMicros(controlTs),
      scanTs: isoFromMicros(scanStart),
    },
  };
}

/** `count` consecutive free public addresses from a random /24 on. */
function claimOutsideRun(rng: Random, hosts: HostRegistry, count: number): Host[] {
  const out: Host[] = [];
  let address = (rng.next() & 0xffffff00) >>> 0;
  while (out.length < count) {
    address = (address + 1) >>> 0;
    if (isPublicUnicast(address) && !hosts.isTaken(address)) out.push(hosts.claimAddress(address));
  }
  return out;
}
