/**
 * What one day's generation counted, in a form that crosses a worker boundary: plain objects,
 * typed arrays and arrays, no Host objects. The three days are merged into the ground truth.
 */
import type { TruthFile } from './ground-truth.js';
import type { HostRegistry } from './host.js';
import type { LogSink } from './log-sink.js';

export interface HostTally {
  alertName: string;
  scansName: string;
  inside: boolean;
  /** Source events as written in alert/oos and in scans files. */
  alertEvents: number;
  scansEvents: number;
  /** KIND_BIT set. */
  kinds: number;
}

export interface DayTally {
  files: TruthFile[];
  ports: { internal: Float64Array; firewall: Float64Array; external: Float64Array };
  signatures: [string, number][];
  /** Hosts that were a source of at least one record this day. */
  hosts: HostTally[];
}

export function tallyDay(sink: LogSink, hosts: HostRegistry): DayTally {
  const sources: HostTally[] = [];
  for (const h of hosts.all()) {
    if (h.kinds === 0) continue;
    sources.push({
      alertName: h.alertName,
      scansName: h.scansName,
      inside: h.inside,
      alertEvents: h.alertEvents,
      scansEvents: h.scansEvents,
      kinds: h.kinds,
    });
  }
  return { files: sink.fileTruth(), ports: sink.ports, signatures: [...sink.signatures], hosts: sources };
}
