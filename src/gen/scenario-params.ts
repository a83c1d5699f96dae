/**
 * The constants of the three injected detects. Seed 1 reproduces the classic data set (sweep port
 * 57, shaft 20432, SubSeven 27374, mstream 12754/15104, IP ID 4660, TTL 78, every 22 minutes);
 * every other seed draws different ones from real trojans and DDoS kits, never the classic value,
 * so that a detector which only knows the classic constants fails on them.
 */
import { Random } from './random.js';

export interface PortRole {
  port: number;
  signature: string;
}

export interface ScenarioParams {
  /** The port the scan-then-connect scanner sweeps; nothing listens on it. */
  sweepPort: number;
  /** Outside DDoS clients → the compromised host on this port. */
  control: PortRole;
  /** Trojan-server traffic from the compromised host's port. */
  trojan: PortRole;
  /** The compromised host's DDoS-handler ports towards outside hosts. */
  handler: { ports: number[]; signature: string };
  lowSlow: { ipId: number; ttl: number; periodSeconds: number; window: number };
}

/** Index 0 of every list is the classic value. */
const SWEEP_PORTS = [57, 41, 47, 51, 61, 63, 85, 89, 97, 227, 321, 417, 617, 711, 923, 1009, 1222, 2009, 3141, 4442];

const CONTROL: PortRole[] = [
  { port: 20432, signature: 'DDOS shaft client to handler' },
  { port: 27665, signature: 'DDOS Trin00 Attacker to Master default startup password' },
  { port: 16660, signature: 'DDOS Stacheldraht client to handler' },
  { port: 6723, signature: 'DDOS mstream client to handler' },
  { port: 9325, signature: 'DDOS mstream client to agent' },
];

const TROJAN: PortRole[] = [
  { port: 27374, signature: 'BACKDOOR SubSeven 22' },
  { port: 12345, signature: 'BACKDOOR NetBus active' },
  { port: 31337, signature: 'BACKDOOR BackOrifice access' },
  { port: 21554, signature: 'BACKDOOR GirlFriend server' },
  { port: 2140, signature: 'BACKDOOR DeepThroat server' },
  { port: 30100, signature: 'BACKDOOR NetSphere access' },
  { port: 1243, signature: 'BACKDOOR SubSeven server' },
];

const HANDLER: { ports: number[]; signature: string }[] = [
  { ports: [12754, 15104], signature: 'DDOS mstream handler to client' },
  { ports: [27444, 31335], signature: 'DDOS Trin00 Master to Daemon' },
  { ports: [16660, 65000], signature: 'DDOS Stacheldraht handler to agent' },
  { ports: [20433, 18753], signature: 'DDOS shaft handler to agent' },
];

const WINDOWS = [0x400, 0x800, 0x1000, 0x200, 0xffff, 0x3000];

/** Pure: the same seed always gives the same constants. */
export function pickScenarioParams(seed: number): ScenarioParams {
  if (seed === 1) {
    return {
      sweepPort: SWEEP_PORTS[0]!,
      control: CONTROL[0]!,
      trojan: TROJAN[0]!,
      handler: HANDLER[0]!,
      lowSlow: { ipId: 4660, ttl: 78, periodSeconds: 22 * 60, window: 0x400 },
    };
  }
  const rng = new Random(seed, 7);
  const notClassic = <T>(items: readonly T[]): T => items[1 + rng.int(items.length - 1)]!;
  const control = notClassic(CONTROL);
  let handler = notClassic(HANDLER);
  // The host's control, trojan and handler ports must be three different roles.
  while (handler.ports.includes(control.port)) handler = notClassic(HANDLER);
  const trojan = notClassic(TROJAN);
  const other = (lo: number, hi: number, classic: number): number => {
    for (;;) {
      const v = rng.range(lo, hi);
      if (v !== classic) return v;
    }
  };
  return {
    sweepPort: notClassic(SWEEP_PORTS),
    control,
    trojan,
    handler,
    lowSlow: {
      ipId: other(1, 65535, 4660),
      ttl: other(30, 250, 78),
      periodSeconds: other(15 * 60, 60 * 60, 22 * 60),
      window: rng.pick(WINDOWS),
    },
  };
}

/** Ports that belong to the scenarios' roles: background traffic never uses them. */
export const SCENARIO_PORTS: ReadonlySet<number> = new Set([
  ...SWEEP_PORTS,
  ...CONTROL.map((c) => c.port),
  ...TROJAN.map((t) => t.port),
  ...HANDLER.flatMap((h) => h.ports),
]);
