/**
 * `service-activity`: traffic the scan detects set aside as a service a source runs or uses — a
 * resolver asking servers on 53 day after day, a mail relay on 25, a server its clients talk to, a
 * host answering from its service port. Informational, in a list of its own, ranked below every
 * other finding: it says why the busiest "sweepers" are not scans, so an analyst can check.
 */
import { isoFromMicros } from '../../core/time.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { parseDetectSettings } from '../detect/detect-settings.js';
import { directionOf } from '../detect/direction-of.js';
import type { EvidenceQuery } from '../detect/fetch-evidence.js';
import { findScans, NO_PORT, type ServiceRole } from '../scans/find-scans.js';
import { scanSettingsSchema } from '../scans/scan-settings.js';
import { serviceActivitySettingsSchema, type ServiceActivitySettings } from './service-activity-settings.js';
import { compareText } from '../detect/compare-text.js';

/** Evidence is drawn from this long after the role's first event (µs). */
const EVIDENCE_SPAN = 3600e6;

const SIGNAL_TEXT: Record<ServiceRole['signal'], string> = {
  steady: 'steady use of a service across the days',
  serves: 'a server of the port talking to its peers',
  chatter: 'same-port service chatter',
  conversation: 'a conversation: the targets answered',
  answering: 'a server answering from its service port',
};

export const serviceActivityDetect = defineDetect({
  name: 'serviceActivity',
  kinds: ['service-activity'],
  description: 'informational: sources whose busy traffic to a port is a service they run or use, not a scan',
  settings: serviceActivitySettingsSchema,
  async run(run: DetectRun, settings: ServiceActivitySettings): Promise<DraftFinding[]> {
    const scans = await findScans(run, parseDetectSettings(run.config, 'scans', scanSettingsSchema));
    const bySource = new Map<string, ServiceRole[]>();
    for (const role of scans.service) {
      const src = role.candidate.srcHost;
      bySource.set(src, [...(bySource.get(src) ?? []), role]);
    }
    const size = (roles: ServiceRole[]): number => Math.max(...roles.map(peers));
    const ranked = [...bySource.values()].sort(
      (a, b) => size(b) - size(a) || compareText(a[0]!.candidate.srcHost, b[0]!.candidate.srcHost),
    );
    const kept = settings.maxFindings === 0 ? ranked : ranked.slice(0, settings.maxFindings);
    return kept.map((roles) => draft(run, roles));
  },
});

/** Peers of a role: targets of a sweep-shaped role, ports of an answering one. */
function peers(role: ServiceRole): number {
  const c = role.candidate;
  return c.shape === 'horizontal' ? c.traffic.hosts : c.ports;
}

function draft(run: DetectRun, roles: ServiceRole[]): DraftFinding {
  roles.sort((a, b) => peers(b) - peers(a) || a.candidate.port - b.candidate.port);
  const main = roles[0]!;
  const c = main.candidate;
  const src = c.srcHost;
  const portOf = (r: ServiceRole): string => {
    const p = r.candidate.shape === 'horizontal' ? r.candidate.port : r.candidate.topSport;
    return p === null || p === NO_PORT ? 'no port' : `port ${p}`;
  };
  const first = Math.min(...roles.map((r) => r.candidate.traffic.first));
  const last = Math.max(...roles.map((r) => r.candidate.traffic.last));
  const what =
    c.shape === 'horizontal'
      ? `${c.traffic.probes} events to ${c.traffic.hosts} hosts on ${portOf(main)} over ${c.traffic.days} day${c.traffic.days === 1 ? '' : 's'}`
      : `${c.probes} events from ${portOf(main)} to ${c.dstHost} on ${c.ports} ports`;
  const groups = [...new Set(roles.flatMap((r) => r.candidate.targetGroups))].sort();
  const ports = [...new Set(roles.map((r) => r.candidate.port).filter((p) => p !== NO_PORT))].sort((a, b) => a - b);
  // A sample, not a census: the first hour of each role's traffic (a resolver sends millions of
  // events, and counting them all for an informational line costs more than every scan's evidence).
  const evidence: EvidenceQuery[] = roles.slice(0, 3).map((r) => ({
    host: src,
    side: 'src',
    class: 'probe',
    from: r.candidate.traffic.first,
    to: r.candidate.traffic.first + EVIDENCE_SPAN,
    ...(r.candidate.shape === 'horizontal' && r.candidate.port !== NO_PORT ? { dport: r.candidate.port } : {}),
  }));
  return {
    kind: 'service-activity',
    subject: src,
    summary:
      `${src}: ${SIGNAL_TEXT[main.signal]} — ${what}` +
      (roles.length > 1 ? `; ${roles.length - 1} more port${roles.length > 2 ? 's' : ''}` : ''),
    related: [],
    facts: {
      signal: main.signal,
      reason: main.reason,
      port: c.shape === 'horizontal' && c.port !== NO_PORT ? c.port : c.topSport,
      roles: roles.map((r) => `${portOf(r)}: ${r.signal}`).join(', '),
      hosts: c.traffic.hosts,
      events: c.traffic.probes,
      days: c.traffic.days,
      active_share: Math.round(c.traffic.activeShare * 100) / 100,
      first: isoFromMicros(first),
      last: isoFromMicros(last),
    },
    mechanism: `${main.reason}. This is how the source uses or offers a service, not reconnaissance; it is listed so that the set-aside traffic can be checked.`,
    recommendation: `Nothing to do if ${src} is meant to ${main.signal === 'steady' ? 'use' : 'offer'} this service; if not, find out what runs on it.`,
    basis: {
      signal: 'service',
      signalText: SIGNAL_TEXT[main.signal],
      targetHosts: c.traffic.hosts,
      targetGroups: groups,
      targetPorts: ports,
      established: false,
      direction: directionOf(run.book.groupOf(src), groups),
      blocked: false,
    },
    replies: { needsReplies: true, why: 'a service needs its answers: the source address is real' },
    evidence,
  };
}
