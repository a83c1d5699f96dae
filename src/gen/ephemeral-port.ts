/**
 * Client-side ports for background traffic. They skip every port a scenario gives meaning to, so
 * that no background line carries, say, 27374 by chance and passes for trojan traffic.
 */
import type { Random } from './random.js';
import { SCENARIO_PORTS } from './scenario-params.js';

export function pickEphemeralPort(rng: Random): number {
  for (;;) {
    const port = 1024 + rng.int(64512);
    if (!SCENARIO_PORTS.has(port)) return port;
  }
}
