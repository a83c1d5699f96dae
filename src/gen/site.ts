/**
 * The inside network of a generated data set: its servers and workstations. Drawn from the seed
 * alone (not from the size), so the same seed names the same machines at any `mb`.
 */
import type { Host, HostRegistry } from './host.js';
import type { Random } from './random.js';

export interface Site {
  /** Busy resolvers: the classic UDP "scanners" of the scans log. */
  dnsServers: Host[];
  mailServers: Host[];
  webServers: Host[];
  /** Workstations and other live machines, servers excluded. */
  workstations: Host[];
  /** Workstations whose NetBIOS name queries sweep the network. */
  netbiosChatter: Host[];
  /**
   * Workstations that talk to many outside hosts on common ports (browsing, IRC, P2P): to a
   * portscan preprocessor they look like scanners, and a detect must not call them attackers.
   */
  busyClients: Host[];
}

export function buildSite(rng: Random, hosts: HostRegistry): Site {
  const used = new Set<Host>();
  const claim = (x: number, y: number): Host | null => {
    const host = hosts.inside(x, y);
    if (used.has(host)) return null;
    used.add(host);
    return host;
  };
  const servers = (count: number, subnets: readonly number[]): Host[] => {
    const out: Host[] = [];
    while (out.length < count) {
      const host = claim(rng.pick(subnets), rng.range(1, 30));
      if (host) out.push(host);
    }
    return out;
  };
  // Server subnets sit low in the address plan, as in most campus networks.
  const serverSubnets = Array.from({ length: 6 }, () => rng.range(1, 24));
  const dnsServers = servers(rng.range(2, 3), serverSubnets);
  const mailServers = servers(2, serverSubnets);
  const webServers = servers(rng.range(3, 6), serverSubnets);

  const subnets = new Set<number>();
  while (subnets.size < 40) subnets.add(rng.range(1, 254));
  const subnetList = [...subnets].sort((a, b) => a - b);
  const workstations: Host[] = [];
  while (workstations.length < 2500) {
    const host = claim(rng.pick(subnetList), rng.range(2, 254));
    if (host) workstations.push(host);
  }
  const netbiosChatter = Array.from({ length: 8 }, (_, i) => workstations[i * 7]!);
  // Picked by position, not drawn: the site (and every scenario drawn after it) stays what it was.
  const busyClients = Array.from({ length: 6 }, (_, i) => workstations[60 + i * 13]!);
  return { dnsServers, mailServers, webServers, workstations, netbiosChatter, busyClients };
}
