/**
 * Everyday Snort 1.8 alerts of a 2004 campus network, by weight. Sources come from role-specific
 * outside pools that never sweep, and no message belongs to a scenario (no DDOS, BACKDOOR,
 * NETBIOS NT NULL session or SCAN NULL). Trojan ports appear only where chance puts them in real
 * traffic — an IRC client's ephemeral port — so a detect that reads a port as a role is caught out.
 */
import type { BackgroundPools } from './background-pools.js';
import { pickEphemeralPort } from './ephemeral-port.js';
import type { Host } from './host.js';
import type { Random } from './random.js';
import type { Site } from './site.js';

/** Trojan listener ports that are also ordinary ephemeral ports a client may be given. */
const COINCIDENT_CLIENT_PORTS = [6776, 6711, 1243, 12345, 12346, 27374];

export interface AlertSpec {
  msg: string;
  src: Host;
  /** null with `dport` null: an ICMP alert, written without ports. */
  sport: number | null;
  dst: Host;
  dport: number | null;
}

interface Entry {
  weight: number;
  make(): AlertSpec;
}

export class BackgroundAlerts {
  private readonly entries: Entry[];
  private readonly cumulative: number[];

  constructor(
    private readonly rng: Random,
    site: Site,
    pools: BackgroundPools,
  ) {
    const inside = (): Host => site.workstations[rng.skewed(site.workstations.length, 2)]!;
    // Roles split the alerter pool so that, say, the pinger is never the web attacker.
    const alerter = (role: 0 | 1 | 2): Host => {
      const n = Math.floor(pools.alerters.length / 3);
      return pools.alerters[role + 3 * rng.skewed(n, 3)]!;
    };
    const any = (hosts: readonly Host[]): Host => hosts[rng.skewed(hosts.length, 2)]!;
    const busy = new Set(site.busyClients);
    const chatters = site.workstations.filter((h) => !busy.has(h));
    // IRC users among ordinary workstations (the busy clients' own IRC shows in the scans log).
    const chatter = (): Host => chatters[rng.skewed(chatters.length, 2)]!;
    const eph = (): number => pickEphemeralPort(rng);
    const tcp = (msg: string, src: Host, sport: number, dst: Host, dport: number): AlertSpec => ({
      msg,
      src,
      sport,
      dst,
      dport,
    });
    const icmp = (msg: string, src: Host, dst: Host): AlertSpec => ({ msg, src, sport: null, dst, dport: null });
    this.entries = [
      {
        weight: 22,
        make: () =>
          rng.chance(0.6)
            ? tcp('SMB Name Wildcard', alerter(2), 137, inside(), 137)
            : tcp('SMB Name Wildcard', inside(), 137, inside(), 137),
      },
      { weight: 10, make: () => icmp('ICMP Echo Request', alerter(0), inside()) },
      { weight: 3, make: () => icmp('ICMP Echo Reply', inside(), alerter(0)) },
      {
        weight: 4,
        make: () =>
          icmp(
            'ICMP Destination Unreachable (Communication Administratively Prohibited)',
            any(pools.routers),
            inside(),
          ),
      },
      { weight: 1, make: () => icmp('ICMP Fragment Reassembly Time Exceeded', inside(), alerter(0)) },
      { weight: 5, make: () => tcp('WEB-IIS cmd.exe access', alerter(1), eph(), rng.pick(site.webServers), 80) },
      { weight: 1, make: () => tcp('EXPLOIT x86 NOOP', alerter(1), eph(), rng.pick(site.webServers), 80) },
      { weight: 2, make: () => tcp('INFO FTP anonymous FTP', alerter(1), eph(), rng.pick(site.webServers), 21) },
      {
        weight: 8,
        make: () =>
          rng.chance(0.6)
            ? tcp('INFO MSN IM Chat data', inside(), eph(), any(pools.msnServers), 1863)
            : tcp('INFO MSN IM Chat data', any(pools.msnServers), 1863, inside(), eph()),
      },
      {
        weight: 6,
        make: () =>
          rng.chance(0.5)
            ? tcp('High port 65535 tcp - possible Red Worm - traffic', inside(), 65535, alerter(2), eph())
            : tcp('High port 65535 tcp - possible Red Worm - traffic', alerter(2), eph(), inside(), 65535),
      },
      {
        weight: 5,
        make: () =>
          tcp(
            'Watchlist 000220 IL-ISDNNET-990517',
            any(pools.watchlistIsdnNet),
            eph(),
            inside(),
            rng.pick([1214, 25, 80, 6346, 4662]),
          ),
      },
      {
        weight: 2,
        make: () => tcp('Watchlist 000222 NET-NCFC', any(pools.watchlistNcfc), eph(), rng.pick(site.mailServers), 25),
      },
      {
        weight: 3,
        make: () =>
          tcp('TCP SRC and DST outside network', alerter(2), eph(), any(pools.farHosts), rng.pick([80, 25, 6667, 443])),
      },
      { weight: 2, make: () => tcp('SNMP public access', alerter(0), eph(), inside(), 161) },
      { weight: 3, make: () => tcp('INFO Inbound GNUTella Connect request', alerter(0), eph(), inside(), 6346) },
      { weight: 2, make: () => tcp('External RPC call', alerter(0), eph(), inside(), 111) },
      {
        // An operating system hands out any free client port, trojan ports included: now and
        // then an IRC client's port is SubSeven's or NetBus's by pure coincidence.
        weight: 3,
        make: () =>
          tcp(
            rng.pick(['CHAT IRC nick change', 'CHAT IRC channel join', 'CHAT IRC message']),
            chatter(),
            rng.chance(0.04) ? rng.pick(COINCIDENT_CLIENT_PORTS) : eph(),
            rng.pick(pools.ircServers),
            6667,
          ),
      },
    ];
    let total = 0;
    this.cumulative = this.entries.map((e) => (total += e.weight));
  }

  /** One alert's content, not yet written: also the raw material of spliced-away heads. */
  draw(): AlertSpec {
    const x = this.rng.float() * this.cumulative[this.cumulative.length - 1]!;
    let i = 0;
    while (this.cumulative[i]! <= x) i++;
    return this.entries[i]!.make();
  }
}
