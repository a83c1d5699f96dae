/**
 * Merges the days' counts into the ranked parts of the ground truth, by the counting rules of
 * docs/PRODUCT.md: talkers are sources as written, grouped by the source's group; ports are destination
 * ports of events whose source is in the group; ties go to the smaller key.
 */
import type { DayTally, HostTally } from './day-tally.js';
import type { ByGroup, GroundTruth, Ranked } from './ground-truth.js';
import { KIND_BIT } from './host.js';

export const TOP_N = 10;
const ALL_KINDS = KIND_BIT.alert | KIND_BIT.scans | KIND_BIT.oos;
const GROUPS = ['internal', 'firewall', 'external'] as const;

type Tallied = Pick<GroundTruth, 'files' | 'rows' | 'topTalkers' | 'topPorts' | 'topSignatures' | 'stumble'>;

export function summarizeTallies(days: readonly DayTally[]): Tallied {
  const hosts = new Map<string, HostTally>();
  for (const day of days) {
    for (const h of day.hosts) {
      const seen = hosts.get(h.alertName);
      if (seen === undefined) hosts.set(h.alertName, { ...h });
      else {
        seen.alertEvents += h.alertEvents;
        seen.scansEvents += h.scansEvents;
        seen.kinds |= h.kinds;
      }
    }
  }
  const talkers: ByGroup<Ranked<string>> = { internal: [], firewall: [], external: [] };
  const stumble: string[] = [];
  for (const h of hosts.values()) {
    if (h.inside) {
      // Inside hosts are written MY.NET.x.y (internal) in alert/oos and 130.85.x.y (firewall) in scans.
      if (h.alertEvents > 0) talkers.internal.push({ key: h.alertName, events: h.alertEvents });
      if (h.scansEvents > 0) talkers.firewall.push({ key: h.scansName, events: h.scansEvents });
    } else talkers.external.push({ key: h.alertName, events: h.alertEvents + h.scansEvents });
    if (h.kinds === ALL_KINDS) stumble.push(h.alertName);
  }

  const ports: ByGroup<Ranked<number>> = { internal: [], firewall: [], external: [] };
  for (const group of GROUPS) {
    for (let port = 0; port < 65536; port++) {
      let events = 0;
      for (const day of days) events += day.ports[group][port]!;
      if (events > 0) ports[group].push({ key: port, events });
    }
  }
  const signatures = new Map<string, number>();
  for (const day of days) for (const [key, n] of day.signatures) signatures.set(key, (signatures.get(key) ?? 0) + n);

  const files = days.flatMap((d) => d.files).sort((a, b) => compareText(a.name, b.name));
  const rows = { alert: 0, scans: 0, oos: 0 };
  for (const f of files) rows[f.kind] += f.rows;
  return {
    files,
    rows,
    topTalkers: {
      internal: rankTop(talkers.internal),
      firewall: rankTop(talkers.firewall),
      external: rankTop(talkers.external),
    },
    topPorts: {
      internal: rankTop(ports.internal),
      firewall: rankTop(ports.firewall),
      external: rankTop(ports.external),
    },
    topSignatures: rankTop([...signatures].map(([key, events]) => ({ key, events }))),
    stumble: stumble.sort(compareText),
  };
}

/** Events descending, then key ascending (plain string order for text, numeric for ports). */
export function rankTop<K extends string | number>(items: Ranked<K>[], limit = TOP_N): Ranked<K>[] {
  return items.sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, limit);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
