/**
 * Turns the counts the sink kept while writing into the ranked parts of the ground truth, by the
 * counting rules of MISSION.md: talkers are sources as written, grouped by the source's group;
 * ports are destination ports of events whose source is in the group; ties go to the smaller key.
 */
import type { ByGroup, GroundTruth, Ranked } from './ground-truth.js';
import { KIND_BIT, type HostRegistry } from './host.js';
import type { LogSink } from './log-sink.js';

export const TOP_N = 10;
const ALL_KINDS = KIND_BIT.alert | KIND_BIT.scans | KIND_BIT.oos;

type Tallied = Pick<GroundTruth, 'files' | 'rows' | 'topTalkers' | 'topPorts' | 'topSignatures' | 'stumble'>;

export function summarizeTallies(sink: LogSink, hosts: HostRegistry): Tallied {
  const talkers: ByGroup<Ranked<string>> = { internal: [], firewall: [], external: [] };
  const stumble: string[] = [];
  for (const host of hosts.all()) {
    if (host.inside) {
      // Inside hosts are written MY.NET.x.y (internal) in alert/oos and 130.85.x.y (firewall) in scans.
      if (host.alertEvents > 0) talkers.internal.push({ key: host.alertName, events: host.alertEvents });
      if (host.scansEvents > 0) talkers.firewall.push({ key: host.scansName, events: host.scansEvents });
    } else if (host.alertEvents + host.scansEvents > 0) {
      talkers.external.push({ key: host.alertName, events: host.alertEvents + host.scansEvents });
    }
    if (host.kinds === ALL_KINDS) stumble.push(host.alertName);
  }
  const files = sink.fileTruth();
  const rows = { alert: 0, scans: 0, oos: 0 };
  for (const f of files) rows[f.kind] += f.rows;
  return {
    files: files.sort((a, b) => compareText(a.name, b.name)),
    rows,
    topTalkers: {
      internal: rankTop(talkers.internal),
      firewall: rankTop(talkers.firewall),
      external: rankTop(talkers.external),
    },
    topPorts: {
      internal: rankPorts(sink.ports.internal),
      firewall: rankPorts(sink.ports.firewall),
      external: rankPorts(sink.ports.external),
    },
    topSignatures: rankTop([...sink.signatures].map(([key, events]) => ({ key, events }))),
    stumble: stumble.sort(compareText),
  };
}

/** Events descending, then key ascending (plain string order for text, numeric for ports). */
export function rankTop<K extends string | number>(items: Ranked<K>[], limit = TOP_N): Ranked<K>[] {
  return items.sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, limit);
}

function rankPorts(counts: Float64Array): Ranked<number>[] {
  const items: Ranked<number>[] = [];
  for (let port = 0; port < counts.length; port++) {
    if (counts[port]! > 0) items.push({ key: port, events: counts[port]! });
  }
  return rankTop(items);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
