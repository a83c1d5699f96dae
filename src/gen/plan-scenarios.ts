/**
 * Picks the actors of the three injected detects from the seed and schedules them. Runs before
 * any background address is drawn, so background roles can never reuse a scenario's actors.
 */
import type { GroundTruth } from './ground-truth.js';
import type { HostRegistry } from './host.js';
import { planCompromisedHost } from './compromised-host.js';
import { planLowAndSlow } from './low-and-slow.js';
import { Random } from './random.js';
import { pickScenarioParams } from './scenario-params.js';
import type { Scenario } from './scenario.js';
import { planScanThenConnect } from './scan-then-connect.js';
import type { Site } from './site.js';

export interface ScenarioPlan {
  scenarios: Scenario[];
  truth: GroundTruth['scenarios'];
}

export function planScenarios(seed: number, site: Site, hosts: HostRegistry, start: number): ScenarioPlan {
  const rng = new Random(seed, 2);
  const params = pickScenarioParams(seed);
  // Hosts with a busy background role would blur the scenario's own traffic.
  const chatter = new Set([...site.netbiosChatter, ...site.busyClients]);
  const candidates = site.workstations.filter((h) => !chatter.has(h));
  const compromisedHost = rng.pick(candidates);
  let target = rng.pick(candidates);
  while (target === compromisedHost) target = rng.pick(candidates);

  // Each scenario draws from its own stream: adding a draw to one never shifts another.
  const scan = planScanThenConnect(new Random(seed, 3), hosts, start, params.sweepPort, target);
  const compromised = planCompromisedHost(new Random(seed, 4), hosts, start, params, compromisedHost);
  const lowSlow = planLowAndSlow(new Random(seed, 5), hosts, start, params.lowSlow, rng.pick(site.mailServers));
  return {
    scenarios: [scan.scenario, compromised.scenario, lowSlow.scenario],
    truth: { scanThenConnect: scan.truth, compromised: compromised.truth, lowSlow: lowSlow.truth },
  };
}
