/**
 * The outside population of the background: who sends the everyday alerts, who gets ECN-probed,
 * which resolvers the inside DNS servers ask. Sizes grow with the data set, sub-linearly, so a big
 * data set has more distinct talkers without every one of them becoming rare.
 */
import type { Host, HostRegistry } from './host.js';
import type { Random } from './random.js';

export interface BackgroundPools {
  /** Sources of ordinary signature alerts (never sweepers). */
  alerters: Host[];
  /** Hosts whose ECN-enabled stacks connect to inside servers. */
  ecnClients: Host[];
  /** Outside resolvers the inside DNS servers talk to (destinations only). */
  resolvers: Host[];
  msnServers: Host[];
  /** The networks of two classic watch-list rules. */
  watchlistIsdnNet: Host[];
  watchlistNcfc: Host[];
  /** Routers answering with ICMP unreachables. */
  routers: Host[];
  /** Outside destinations of traffic that never touches the site (`TCP SRC and DST outside network`). */
  farHosts: Host[];
  /** Outside mail exchangers the inside mail relays deliver to. */
  mailExchangers: Host[];
  /** Outside web sites the busy clients browse. */
  webSites: Host[];
  /** IRC servers inside clients chat on. */
  ircServers: Host[];
}

const net = (a: number, b: number, bits: number): { base: number; bits: number } => ({
  base: ((a << 24) | (b << 16)) >>> 0,
  bits,
});

export function buildBackgroundPools(rng: Random, hosts: HostRegistry, mb: number): BackgroundPools {
  const scale = mb ** 0.6;
  const claim = (count: number, within?: { base: number; bits: number }): Host[] =>
    Array.from({ length: Math.round(count) }, () => hosts.claimOutside(rng, within));
  return {
    alerters: claim(Math.min(40_000, 200 + 150 * scale)),
    ecnClients: claim(Math.min(20_000, 60 + 40 * scale)),
    resolvers: claim(1500),
    msnServers: [...claim(20, net(207, 46, 16)), ...claim(20, net(64, 4, 16))],
    watchlistIsdnNet: claim(60, net(212, 179, 17)),
    watchlistNcfc: claim(30, net(159, 226, 16)),
    routers: claim(30),
    farHosts: claim(500),
    mailExchangers: claim(Math.min(30_000, 300 + 120 * scale)),
    webSites: claim(Math.min(30_000, 300 + 120 * scale)),
    ircServers: claim(12),
  };
}
