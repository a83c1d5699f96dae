/**
 * The scan detects: `horizontal-scan` (one finding per sweeping source, every swept port listed,
 * inverse mapping named as such, a sweep with no burst named a slow sweep with its rate) and
 * `vertical-scan` (one finding per source, every target host).
 */
import { formatTcpFlags } from '../../core/event.js';
import { isoFromMicros } from '../../core/time.js';
import { defineDetect, type DetectRun, type DraftFinding } from '../detect/detect-module.js';
import { directionOf } from '../detect/direction-of.js';
import type { EvidenceQuery } from '../detect/fetch-evidence.js';
import { formatDuration } from '../detect/format-duration.js';
import { summarisePorts } from '../detect/summarise-ports.js';
import { compareText } from '../detect/compare-text.js';
import { describeScans, findScans, NO_PORT, TARGET_SAMPLE, type ScanDetail } from './find-scans.js';
import { scanSettingsSchema, type ScanSettings } from './scan-settings.js';

export const scansDetect = defineDetect({
  name: 'scans',
  kinds: ['horizontal-scan', 'vertical-scan'],
  description: 'horizontal sweeps in bursts (slow sweeps and inverse mapping named) and vertical port scans',
  settings: scanSettingsSchema,
  async run(run: DetectRun, settings: ScanSettings): Promise<DraftFinding[]> {
    const scans = await findScans(run, settings);
    // Every scan is found; the report keeps the biggest, plus any scan by a subject of another detect.
    const linked = new Set(run.drafts.map((d) => d.subject));
    const hostsOf = (g: ScanDetail[]): number => Math.max(...g.map((s) => s.hosts));
    const portsOf = (g: ScanDetail[]): number => Math.max(...g.map((s) => s.ports));
    // The counts are exact (bursts and slow sweeps by window-counts.ts, vertical scans by a distinct
    // count), so the cut is made first and only what is reported is described.
    const horizontal = keepLargest(
      groupBy(scans.horizontal, (s) => s.srcHost),
      settings.maxFindings,
      linked,
      hostsOf,
    );
    const vertical = keepLargest(
      groupBy(scans.vertical, (s) => s.srcHost),
      settings.maxFindings,
      linked,
      portsOf,
    );
    await describeScans(run, [...horizontal.flat(), ...vertical.flat()]);
    sayKept(run, 'horizontal-scan', horizontal.length, scans.horizontal, settings.maxFindings);
    sayKept(run, 'vertical-scan', vertical.length, scans.vertical, settings.maxFindings);
    const sweeps = horizontal;
    return [...sweeps.map((g) => draftHorizontal(run, g)), ...vertical.map((group) => draftVertical(run, group))];
  },
});

/** A scan kind cut to `maxFindings` sources: say how many there were and how to see them all. */
function sayKept(run: DetectRun, kind: string, kept: number, scans: readonly ScanDetail[], limit: number): void {
  const total = new Set(scans.map((s) => s.srcHost)).size;
  if (kept >= total) return;
  run.limits.push({
    list: kind,
    truncated: true,
    shown: kept,
    total,
    see: `set detect.scans.maxFindings in the config (now ${limit}; 0 keeps all)`,
  });
}

/** The `limit` largest groups (0: all), plus every group whose source another detect reported. */
function keepLargest(
  groups: ScanDetail[][],
  limit: number,
  linked: ReadonlySet<string>,
  size: (g: ScanDetail[]) => number,
): ScanDetail[][] {
  if (limit === 0 || groups.length <= limit) return groups;
  const ranked = [...groups].sort((a, b) => size(b) - size(a) || compareText(a[0]!.srcHost, b[0]!.srcHost));
  const kept = new Set(ranked.slice(0, limit));
  return ranked.filter((g) => kept.has(g) || linked.has(g[0]!.srcHost));
}

function draftHorizontal(run: DetectRun, sweeps: ScanDetail[]): DraftFinding {
  const order = sweeps
    .map((_s, i) => i)
    .sort((a, b) => sweeps[b]!.hosts - sweeps[a]!.hosts || sweeps[a]!.port - sweeps[b]!.port);
  const main = sweeps[order[0]!]!;
  const src = main.srcHost;
  const targets = [...new Set(order.flatMap((i) => sweeps[i]!.targets))].slice(0, TARGET_SAMPLE).sort();
  sweeps = order.map((i) => sweeps[i]!);
  const groups = [...new Set(sweeps.flatMap((s) => s.targetGroups))].sort();
  const inverse = sweeps.filter((s) => s.nothingListens);
  const portText = (s: ScanDetail): string => (s.port === NO_PORT ? 'no port (ICMP/other)' : `port ${s.port}`);
  const how = describeProbe(main);
  const slow = main.pace === 'slow';
  const rate = hostsPerHour(main);
  const summary =
    (slow
      ? `${src} slow sweep: ${main.hosts} hosts on ${portText(main)} (${how}) over ${formatDuration(main.last - main.first)}, ${rate} hosts/hour, no burst`
      : `${src} swept ${main.hosts} hosts on ${portText(main)} (${how}) in ${formatDuration(main.last - main.first)}` +
        (main.bursts.length > 1 ? ` (${main.bursts.length} bursts)` : '')) +
    (main.nothingListens ? ' — inverse mapping: nothing listens on that port' : '') +
    (sweeps.length > 1 ? `; ${sweeps.length - 1} more port${sweeps.length > 2 ? 's' : ''} swept` : '');
  const evidence: EvidenceQuery[] = [
    ...sweeps.slice(0, 5).map((s): EvidenceQuery => ({
      host: src,
      side: 'src',
      class: 'probe',
      ...(s.port === NO_PORT ? {} : { dport: s.port }),
    })),
    { host: src, side: 'src', class: 'portscan' },
  ];
  const signal = main.nothingListens ? 'inverseMapping' : 'recon';
  return {
    kind: 'horizontal-scan',
    subject: src,
    summary,
    related: targets,
    facts: {
      technique: slow ? 'slow sweep' : main.nothingListens ? 'inverse mapping' : 'horizontal sweep',
      pace: main.pace,
      bursts: main.bursts.length,
      hosts_per_hour: rate,
      port: main.port === NO_PORT ? null : main.port,
      ports: sweeps
        .map(
          (s) =>
            `${s.port === NO_PORT ? 'none' : s.port} (${s.hosts} hosts${s.nothingListens ? ', nothing listens' : ''})`,
        )
        .join(', '),
      hosts: main.hosts,
      ...probeFacts(main, sweeps),
      answered: main.answered,
      inverse_mapping_ports: inverse.map((s) => s.port).join(',') || null,
      listening: main.listening,
    },
    mechanism: slow
      ? `A slow sweep: ${how} probes to ${portText(main)} across ${main.hosts} hosts at ${rate} hosts/hour, never in a burst — paced to stay under rate-based detectors${main.nothingListens ? '; nothing here listens on the port (inverse mapping)' : ''}.`
      : main.nothingListens
        ? `Inverse mapping: ${how} probes to port ${main.port}, which no host here serves. Nothing useful can answer, so the sweeper learns which addresses hold live hosts from the ICMP "unreachable" messages routers send for the empty ones (and the RSTs of live hosts).`
        : `A horizontal sweep: ${how} probes to ${portText(main)} across ${main.hosts} hosts; every host that answers reveals a listening service to attack next.`,
    recommendation: main.nothingListens
      ? `Block ${src} at the border. Stop outbound ICMP unreachable messages so that inverse mapping learns nothing, and watch ${src} for follow-up connections to the swept range.`
      : `Block or rate-limit ${src} at the border; check which of the ${main.hosts} swept hosts offer ${portText(main)} and close it where it is not needed; watch for follow-up connections from ${src}.`,
    basis: {
      signal,
      signalText: main.nothingListens
        ? `inverse mapping (${how} sweep of an unused port)`
        : `reconnaissance (${how} sweep)`,
      targetHosts: main.hosts,
      targetGroups: groups,
      targetPorts: sweeps.map((s) => s.port).filter((p) => p !== NO_PORT),
      established: false,
      nothingListening: main.nothingListens,
      direction: directionOf(run.book.groupOf(src), groups),
      blocked: false,
    },
    replies: {
      needsReplies: true,
      why: main.nothingListens
        ? 'inverse mapping learns only from the unreachables sent back to the source'
        : 'a sweep learns only from the answers sent back to the source (unless it hides among decoys)',
    },
    evidence,
  };
}

function draftVertical(run: DetectRun, scans: ScanDetail[]): DraftFinding {
  scans.sort((a, b) => b.ports - a.ports || compareText(a.dstHost ?? '', b.dstHost ?? ''));
  const main = scans[0]!;
  const src = main.srcHost;
  const targets = scans.map((s) => s.dstHost!).sort();
  const groups = [...new Set(scans.flatMap((s) => s.targetGroups))].sort();
  const how = describeProbe(main);
  const slow = main.pace === 'slow';
  const summary =
    `${src} ${slow ? 'slowly probed' : 'probed'} ${main.ports} ports on ${main.dstHost} (${how}, ports ${summarisePorts(main.portList, 4)}) ${slow ? 'over' : 'in'} ${formatDuration(
      main.last - main.first,
    )}${slow ? ', never in a burst' : ''}` +
    (scans.length > 1 ? `; ${scans.length - 1} more host${scans.length > 2 ? 's' : ''} scanned the same way` : '');
  return {
    kind: 'vertical-scan',
    subject: src,
    summary,
    related: targets,
    facts: {
      target: main.dstHost,
      targets: targets.length,
      ports: main.ports,
      port_list: summarisePorts(main.portList),
      technique: slow ? 'slow port scan' : 'port scan',
      pace: main.pace,
      ...probeFacts(main, scans),
    },
    mechanism: `A vertical port scan: ${how} probes to ${main.ports} ports of ${main.dstHost}; the answers list the services the host runs.`,
    recommendation: `Block ${src} at the border; review the services ${targets.length === 1 ? main.dstHost : `the ${targets.length} scanned hosts`} expose and firewall the ones outsiders do not need.`,
    basis: {
      signal: 'recon',
      signalText: `reconnaissance (${how} port scan)`,
      targetHosts: targets.length,
      targetGroups: groups,
      targetPorts: [],
      established: false,
      direction: directionOf(run.book.groupOf(src), groups),
      blocked: false,
    },
    replies: {
      needsReplies: true,
      why: 'a port scan learns only from the answers sent back to the source (unless it hides among decoys)',
    },
    evidence: [
      ...targets.slice(0, 5).map((t): EvidenceQuery => ({ host: src, side: 'src', peer: t, class: 'probe' })),
      { host: src, side: 'src', class: 'portscan' },
    ],
  };
}

/** The probe and timing facts of a scan finding, over all its sweeps or scanned hosts (`main` leads). */
function probeFacts(main: ScanDetail, all: readonly ScanDetail[]) {
  const first = Math.min(...all.map((s) => s.first));
  const last = Math.max(...all.map((s) => s.last));
  const probes = all.reduce((n, s) => n + s.probes, 0);
  return {
    probes,
    scan_type: main.scanType,
    scan_types: [...new Set(all.flatMap((s) => s.scanTypes))].join(','),
    flags: main.flags === null ? null : formatTcpFlags(main.flags),
    proto: main.proto,
    first: isoFromMicros(first),
    last: isoFromMicros(last),
    duration_s: Math.round((last - first) / 1e6),
    rate_per_min: ratePerMinute(probes, last - first),
    days: Math.max(...all.map((s) => s.days)),
    source_ports: main.sourcePorts,
  };
}

/** "SYN ******S*", "UDP", "NULL ********": the scan type with its flag set. */
function describeProbe(s: ScanDetail): string {
  const type = s.scanType ?? s.proto ?? 'probe';
  return s.flags === null ? type : `${type} ${formatTcpFlags(s.flags)}`;
}

/** Distinct targets per hour over the sweep's span (at least a minute). */
function hostsPerHour(s: ScanDetail): number {
  const hours = Math.max((s.last - s.first) / 3600e6, 1 / 60);
  return Math.round((s.hosts / hours) * 100) / 100;
}

function ratePerMinute(count: number, spanMicros: number): number {
  const minutes = Math.max(spanMicros / 60e6, 1 / 60);
  return Math.round((count / minutes) * 100) / 100;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return [...map.values()];
}
