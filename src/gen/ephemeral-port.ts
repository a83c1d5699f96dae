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

/** The next client port after `port`, for tools that count up; wraps to 1024, skips the same ports. */
export function stepEphemeralPort(port: number): number {
  let next = port;
  do next = next >= 65535 ? 1024 : next + 1;
  while (SCENARIO_PORTS.has(next));
  return next;
}
