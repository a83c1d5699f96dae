/**
 * The bulk of the scans file: the inside DNS servers (UDP "scanners", the classic false positive),
 * the mail relays delivering to many outside exchangers, busy clients browsing and chatting with
 * many outside hosts, NetBIOS name-query chatter, and inbound sweeps by an endless line of outside
 * hosts — among them the Internet's everyday trojan-port sweeps (SubSeven, NetBus) that every host
 * gets. Each kind keeps a few sessions running at once; a slice's line budget is shared among them
 * by weight, and a finished session makes room for a fresh one.
 */
import { TCP_FLAG } from '../core/event.js';
import type { BackgroundPools } from './background-pools.js';
import { pickEphemeralPort, stepEphemeralPort } from './ephemeral-port.js';
import type { HostRegistry } from './host.js';
import type { LogSink } from './log-sink.js';
import type { Random } from './random.js';
import { ScanSession, type Probe, type ScanSessionSpec } from './scan-session.js';
import type { Site } from './site.js';

const { URG, PSH, RST, SYN, FIN } = TCP_FLAG;

/** Share of the scans budget per kind of scanner. */
const SHARE = { dns: 0.36, mail: 0.05, clients: 0.05, netbios: 0.07, sweeps: 0.47 };

/** Ports the busy clients connect to, by weight: web, IRC, instant messaging, P2P. */
const CLIENT_PORTS = [
  { port: 80, weight: 60 },
  { port: 443, weight: 20 },
  { port: 6667, weight: 8 },
  { port: 1863, weight: 6 },
  { port: 4662, weight: 6 },
];

/**
 * Trojan listener ports the Internet sweeps for (SubSeven, NetBus, NetBus Pro). The sweepers are
 * outside hosts touching many inside hosts: nothing here controls a listener.
 */
const TROJAN_SWEEP_PORTS = [27374, 1243, 12345, 20034];

/** Ports outside hosts sweep, by weight. None of them is a scenario port. */
const SWEEP_PORTS = [
  { port: 80, weight: 18 },
  { port: 445, weight: 12 },
  { port: 135, weight: 10 },
  { port: 21, weight: 6 },
  { port: 22, weight: 6 },
  { port: 139, weight: 6 },
  { port: 25, weight: 5 },
  { port: 1433, weight: 5 },
  { port: 23, weight: 4 },
  { port: 443, weight: 4 },
  { port: 110, weight: 3 },
  { port: 111, weight: 3 },
  { port: 3389, weight: 3 },
  { port: 4899, weight: 3 },
  { port: 53, weight: 2 },
  { port: 3306, weight: 2 },
  { port: 5000, weight: 2 },
  { port: 6129, weight: 2 },
  { port: 10000, weight: 1 },
  { port: 8080, weight: 0.5 },
  { port: 3128, weight: 0.5 },
  { port: 1080, weight: 0.5 },
];

/** Snort 1.8 rules that fire on every SYN to these ports. */
const PROXY_ALERTS = new Map([
  [8080, 'SCAN Proxy (8080) attempt'],
  [3128, 'SCAN Squid Proxy attempt'],
  [1080, 'SCAN SOCKS Proxy attempt'],
]);

const UDP_SWEEP_PORTS = [137, 161, 1026, 1027];

/** Stealth sweeps: the flag set and the scan rule that fires on each probe, if any. */
const STEALTH = [
  { flags: FIN, alert: 'SCAN FIN' },
  { flags: FIN | PSH | URG, alert: 'SCAN nmap XMAS' },
  { flags: SYN | FIN, alert: 'SCAN SYN FIN' },
  { flags: SYN | FIN | PSH | URG, alert: 'SCAN nmap fingerprint attempt' },
  { flags: SYN | RST, alert: undefined },
  { flags: PSH, alert: undefined },
];

class SessionSlots {
  private readonly sessions: ScanSession[];
  private readonly carry: number[];

  constructor(
    count: number,
    private readonly create: (slot: number) => ScanSession,
  ) {
    this.sessions = Array.from({ length: count }, (_, i) => create(i));
    this.carry = new Array<number>(count).fill(0);
  }

  /** End every session under way at `ts`. */
  abandon(t0: number, t1: number, sink: LogSink, rng: Random): void {
    for (const s of this.sessions) s.abandon(t0 + rng.int(t1 - t0), sink);
  }

  emit(lines: number, t0: number, t1: number, sink: LogSink, rng: Random): void {
    let total = 0;
    for (const s of this.sessions) total += s.weight;
    for (let i = 0; i < this.sessions.length; i++) {
      const share = (lines * this.sessions[i]!.weight) / total + this.carry[i]!;
      let n = Math.floor(share);
      this.carry[i] = share - n;
      while (n > 0) {
        n -= this.sessions[i]!.emit(n, t0, t1, sink, rng);
        if (this.sessions[i]!.done) this.sessions[i] = this.create(i);
      }
    }
  }
}

/**
 * Sweeps run at their own speed, in bursts: a slice's budget buys new sweeps, and a sweep that has
 * started goes on at its pace until done, whatever the budget says. At a small size this gives a
 * few quick sweeps with quiet hours between them — not one endless trickle of probes.
 */
class SweepCrowd {
  private readonly running: { session: ScanSession; speed: number }[] = [];
  private credit = 0;

  constructor(
    private readonly create: () => ScanSession,
    /** Probes per slice of a new sweep. */
    private readonly pickSpeed: () => number,
  ) {}

  abandon(t0: number, t1: number, sink: LogSink, rng: Random): void {
    for (const r of this.running) r.session.abandon(t0 + rng.int(t1 - t0), sink);
    this.running.length = 0;
  }

  /** `debt`: how far beyond the budget sweeps under way may run (none near the end of the file). */
  emit(lines: number, t0: number, t1: number, sink: LogSink, rng: Random, debt: number): void {
    this.credit += lines;
    for (let i = 0; i < this.running.length;) {
      const r = this.running[i]!;
      const n = Math.min(r.speed, Math.floor(this.credit + debt));
      if (n > 0) this.credit -= r.session.emit(n, t0, t1, sink, rng);
      if (r.session.done) this.running.splice(i, 1);
      else i++;
    }
    while (this.credit >= 1) {
      const session = this.create();
      const speed = this.pickSpeed();
      this.credit -= session.emit(Math.min(speed, Math.floor(this.credit + debt)), t0, t1, sink, rng);
      if (!session.done) this.running.push({ session, speed });
    }
  }
}

export class BackgroundScans {
  private readonly dns: SessionSlots;
  private readonly mail: SessionSlots;
  private readonly clients: SessionSlots;
  private readonly netbios: SessionSlots;
  private readonly sweeps: SweepCrowd;

  constructor(
    private readonly rng: Random,
    site: Site,
    pools: BackgroundPools,
    hosts: HostRegistry,
    mb: number,
  ) {
    const size = (median: number, sigma: number, lo: number, hi: number): number =>
      Math.round(Math.min(hi, Math.max(lo, rng.logNormal(median, sigma))));
    const dnsWeights = [3, 1.5, 1];
    this.dns = new SessionSlots(site.dnsServers.length, (slot) =>
      this.session({
        src: site.dnsServers[slot]!,
        size: size(3000 * Math.sqrt(mb / 10), 0.6, 300, 500_000),
        flags: null,
        weight: dnsWeights[slot] ?? 1,
        plan: (probe) => {
          probe.dst = pools.resolvers[rng.skewed(pools.resolvers.length, 2)]!;
          probe.dport = rng.chance(0.85) ? 53 : pickEphemeralPort(rng);
          probe.sport = 53;
        },
      }),
    );
    // Mail relays deliver to popular exchangers again and again, from a counting client port.
    this.mail = new SessionSlots(site.mailServers.length, (slot) => {
      let sport = pickEphemeralPort(rng);
      return this.session({
        src: site.mailServers[slot]!,
        size: size(800 * Math.sqrt(mb / 10), 0.6, 100, 200_000),
        flags: SYN,
        plan: (probe) => {
          probe.dst = pools.mailExchangers[rng.skewed(pools.mailExchangers.length, 2)]!;
          probe.dport = 25;
          probe.sport = sport;
          sport = stepEphemeralPort(sport);
        },
      });
    });
    let clientPortTotal = 0;
    for (const p of CLIENT_PORTS) clientPortTotal += p.weight;
    // Each busy client is busy every day, like the resolvers: heavy users, not one-off bursts.
    this.clients = new SessionSlots(site.busyClients.length, (slot) => {
      const src = site.busyClients[slot]!;
      let sport = pickEphemeralPort(rng);
      return this.session({
        src,
        size: size(400 * Math.sqrt(mb / 10), 0.7, 50, 100_000),
        flags: SYN,
        plan: (probe) => {
          let x = rng.float() * clientPortTotal;
          probe.dport = 80;
          for (const p of CLIENT_PORTS)
            if ((x -= p.weight) < 0) {
              probe.dport = p.port;
              break;
            }
          probe.dst =
            probe.dport === 6667 ? rng.pick(pools.ircServers) : pools.webSites[rng.skewed(pools.webSites.length, 2)]!;
          probe.sport = sport;
          sport = stepEphemeralPort(sport);
        },
      });
    });
    this.netbios = new SessionSlots(3, () =>
      this.session({
        src: rng.pick(site.netbiosChatter),
        size: size(150 * (mb / 10) ** 0.3, 0.7, 30, 30_000),
        flags: null,
        plan: (probe) => {
          probe.dst = rng.pick(site.workstations);
          probe.dport = 137;
          probe.sport = 137;
        },
      }),
    );
    const sweepMedian = Math.max(80, 150 * (mb / 10) ** 0.3);
    // At small sizes one long sweep would eat a day's budget and leave the days unequal.
    const sweepMax = Math.max(40, Math.min(64_000, Math.round((mb * 2 ** 20) / 62 / 3 / 25)));
    let sweepPortTotal = 0;
    for (const p of SWEEP_PORTS) sweepPortTotal += p.weight;
    const pickSweepPort = (): number => {
      let x = rng.float() * sweepPortTotal;
      for (const p of SWEEP_PORTS) if ((x -= p.weight) < 0) return p.port;
      return 80;
    };
    const pickSpeed = (): number => Math.round(Math.min(6000, Math.max(3, rng.logNormal(150, 1.2))));
    this.sweeps = new SweepCrowd(() => {
      const src = hosts.claimOutside(rng);
      const roll = rng.float();
      if (roll < 0.07) {
        const stealth = rng.pick(STEALTH);
        return this.session({
          src,
          size: size(40, 0.8, 8, 400),
          flags: stealth.flags,
          probeAlert: stealth.alert,
          // Some sweepers' odd packets also make the oos file: they are in every log.
          oosShare: rng.chance(0.4) ? 0.05 : undefined,
          distinctTargets: true,
          plan: sweepPlan(rng, pickSweepPort()),
        });
      }
      if (roll < 0.21 && roll >= 0.15) {
        const port = rng.pick(TROJAN_SWEEP_PORTS);
        return this.session({
          src,
          size: size(sweepMedian, 1, 12, sweepMax),
          flags: SYN,
          distinctTargets: true,
          plan: sweepPlan(rng, port),
        });
      }
      if (roll < 0.15) {
        return this.session({
          src,
          size: size(sweepMedian, 1, 12, sweepMax),
          flags: null,
          distinctTargets: true,
          plan: sweepPlan(rng, rng.pick(UDP_SWEEP_PORTS)),
        });
      }
      const port = pickSweepPort();
      return this.session({
        src,
        size: size(sweepMedian, 1, 12, sweepMax),
        flags: SYN,
        probeAlert: PROXY_ALERTS.get(port),
        distinctTargets: true,
        plan: sweepPlan(rng, port),
      });
    }, pickSpeed);
  }

  /**
   * Write about `lines` scans lines over [t0, t1). Sweeps under way go on at their own pace even
   * past the budget, unless `closing` (the end of the day's file is near and nothing can make up).
   */
  emit(lines: number, t0: number, t1: number, sink: LogSink, closing = false): void {
    this.dns.emit(lines * SHARE.dns, t0, t1, sink, this.rng);
    this.mail.emit(lines * SHARE.mail, t0, t1, sink, this.rng);
    this.clients.emit(lines * SHARE.clients, t0, t1, sink, this.rng);
    this.netbios.emit(lines * SHARE.netbios, t0, t1, sink, this.rng);
    this.sweeps.emit(lines * SHARE.sweeps, t0, t1, sink, this.rng, closing ? 0 : Infinity);
  }

  /** The day's files end: close every scan under way with its End line within [t0, t1). */
  abandon(t0: number, t1: number, sink: LogSink): void {
    this.dns.abandon(t0, t1, sink, this.rng);
    this.mail.abandon(t0, t1, sink, this.rng);
    this.clients.abandon(t0, t1, sink, this.rng);
    this.netbios.abandon(t0, t1, sink, this.rng);
    this.sweeps.abandon(t0, t1, sink, this.rng);
  }

  private session(spec: ScanSessionSpec): ScanSession {
    return new ScanSession(spec, this.rng);
  }
}

/** A sweep of one port over inside hosts: a consecutive run (most tools) or random addresses. */
function sweepPlan(rng: Random, port: number): (probe: Probe) => void {
  const span = 254 * 254;
  let linear = rng.int(span);
  const sequential = rng.chance(0.7);
  const fixedSport = rng.chance(0.5);
  let sport = pickEphemeralPort(rng);
  return (probe) => {
    if (sequential) {
      probe.inside = ((Math.floor(linear / 254) + 1) << 8) | ((linear % 254) + 1);
      linear = (linear + 1) % span;
    } else probe.inside = (rng.range(1, 254) << 8) | rng.range(1, 254);
    probe.dst = null;
    probe.dport = port;
    probe.sport = sport;
    if (!fixedSport) sport = stepEphemeralPort(sport);
  };
}
