/**
 * Severity = (criticality + lethality) − (system + network countermeasures), each 1–5, derived
 * from what the evidence shows, each with its reason. Pure: the weights come in as settings.
 */
import type { Severity } from '../finding.js';
import { servicesOf, type SeveritySettings } from './severity-settings.js';

/** What the attacker is doing, as far as the evidence shows. */
export type Signal =
  'recon' | 'inverseMapping' | 'probe' | 'crafted' | 'exploit' | 'trojan' | 'ddos' | 'compromise' | 'service';

/** The facts a detect hands to scoring. */
export interface SeverityBasis {
  signal: Signal;
  /** The signal in words, for the reason: "NetBIOS NT NULL session", "SYN sweep of port 57". */
  signalText: string;
  /** How many distinct hosts were targeted. */
  targetHosts: number;
  /** Address groups of the targeted hosts (aliases applied). */
  targetGroups: readonly string[];
  /** Destination ports targeted, most important first. */
  targetPorts: readonly number[];
  /** Set when the attacker is one of our own hosts (victim turned attacker). */
  insideAttacker?: string;
  /** A session with the targeted service was seen (not only probes). */
  established: boolean;
  /** No targeted host ever offered the probed port. */
  nothingListening?: boolean;
  /** inbound: outside → our hosts; outbound: ours → outside; internal/external: within one side. */
  direction: 'inbound' | 'outbound' | 'internal' | 'external';
  /** The sensor reports the traffic dropped (IPS actions). */
  blocked: boolean;
}

const clamp = (n: number): number => Math.min(5, Math.max(1, n));

/** Score one finding's basis. @example scoreSeverity(basis, severitySettingsSchema.parse({})) */
export function scoreSeverity(basis: SeverityBasis, settings: SeveritySettings): Severity {
  const criticality = scoreCriticality(basis, settings);
  const lethality = scoreLethality(basis, settings);
  const system = scoreSystem(basis, settings);
  const network = scoreNetwork(basis, settings);
  return {
    criticality: criticality.value,
    lethality: lethality.value,
    system: system.value,
    network: network.value,
    score: criticality.value + lethality.value - (system.value + network.value),
    reasons: {
      criticality: criticality.reason,
      lethality: lethality.reason,
      system: system.reason,
      network: network.reason,
    },
  };
}

interface Scored {
  value: number;
  reason: string;
}

function scoreCriticality(b: SeverityBasis, s: SeveritySettings): Scored {
  if (b.insideAttacker !== undefined) {
    return {
      value: s.criticality.compromisedHost,
      reason: `${b.insideAttacker} is one of our hosts and is acting for an attacker`,
    };
  }
  const inside = b.targetGroups.filter((g) => g !== 'external');
  if (inside.length === 0) {
    return { value: s.criticality.outside, reason: 'only outside hosts were targeted' };
  }
  const hosts = b.targetHosts === 1 ? 'one inside host' : `${b.targetHosts} inside hosts`;
  const services = servicesOf(s);
  let best: Scored = { value: s.criticality.inside, reason: `${hosts} (${inside.join(', ')}) targeted` };
  for (const port of b.targetPorts) {
    const service = services[String(port)];
    if (service && service.criticality > best.value) {
      best = {
        value: service.criticality,
        reason: `${hosts} (${inside.join(', ')}) targeted on port ${port}, ${service.name}`,
      };
    }
  }
  return best;
}

function scoreLethality(b: SeverityBasis, s: SeveritySettings): Scored {
  const base = s.lethality[b.signal];
  if (b.established && s.lethality.establishedBonus > 0) {
    return { value: clamp(base + s.lethality.establishedBonus), reason: `${b.signalText}; a session was established` };
  }
  return { value: base, reason: b.signalText };
}

function scoreSystem(b: SeverityBasis, s: SeveritySettings): Scored {
  if (b.insideAttacker !== undefined || b.signal === 'compromise') {
    return { value: s.system.compromised, reason: "the host's own defences failed: it was taken over" };
  }
  if (b.established) return { value: s.system.sessionAccepted, reason: 'the targeted service accepted the session' };
  if (b.nothingListening) {
    return { value: s.system.nothingListening, reason: 'no targeted host offers the probed port' };
  }
  return { value: s.system.unknown, reason: "no information on the targets' patch level or host defences" };
}

function scoreNetwork(b: SeverityBasis, s: SeveritySettings): Scored {
  if (b.blocked) return { value: s.network.blocked, reason: 'the sensor reports the traffic dropped' };
  if (b.direction === 'outbound') {
    return { value: s.network.outboundLeft, reason: 'attack traffic left our network: egress is not filtered' };
  }
  if (b.direction === 'inbound') {
    return b.established
      ? { value: s.network.inboundSession, reason: 'outside traffic reached an inside service through the border' }
      : {
          value: s.network.inboundReached,
          reason: 'probes from outside reached inside hosts: the border let them through',
        };
  }
  return { value: s.network.unknown, reason: 'the traffic did not cross our border; no network control is known' };
}
