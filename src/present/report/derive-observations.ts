/**
 * The executive summary's strengths and opportunities, derived from the data only (no canned
 * praise): each one states the figure it rests on and points to the section with the detail.
 */
import type { ReportData, ReportFile } from './report-data.js';

export interface Observation {
  text: string;
  /** Section id the observation is about. */
  anchor: string;
}

export interface Observations {
  strengths: Observation[];
  opportunities: Observation[];
}

/** A file whose name claims a day outside the days its content covers. */
export function hasNameDateMismatch(file: ReportFile): boolean {
  if (file.name_date === null || file.first_ts === null || file.last_ts === null) return false;
  return file.name_date < file.first_ts.slice(0, 10) || file.name_date > file.last_ts.slice(0, 10);
}

export function deriveObservations(data: ReportData): Observations {
  const strengths: Observation[] = [];
  const opportunities: Observation[] = [];
  const { totals, files } = data;
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

  const urgent = data.findings.filter((f) => f.severity.score >= 3);
  if (urgent.length > 0) {
    const top = urgent[0]!;
    opportunities.push({
      text: `${urgent.length} detect${urgent.length > 1 ? 's' : ''} score 3 or more; start with ${top.kind} on ${top.subject} (score ${top.severity.score}) and follow the recommended actions.`,
      anchor: 'detects',
    });
  }
  const contained = data.findings.filter(
    (f) => f.severity.system + f.severity.network >= f.severity.criticality + f.severity.lethality,
  );
  if (contained.length > 0) {
    strengths.push({
      text: `Countermeasures outweigh the threat in ${contained.length} of ${data.findings.length} detects (score ≤ 0).`,
      anchor: 'detects',
    });
  }

  if (data.noisySignatures.length > 0) {
    const list = data.noisySignatures.map(
      (s) => `"${s.signature}" (${fmt(s.events)}, ${pct(s.share)}, ${fmt(s.sources)} sources)`,
    );
    const share = data.noisySignatures.reduce((n, s) => n + s.share, 0);
    opportunities.push({
      text: `Tune ${data.noisySignatures.length === 1 ? 'the signature' : `${data.noisySignatures.length} signatures`} that fire${data.noisySignatures.length === 1 ? 's' : ''} on background traffic from many sources — ${pct(share)} of all alerts: ${list.join('; ')}. Noise this loud hides real incidents.`,
      anchor: 'stats-noise',
    });
  }
  if (data.alerts > 0 && data.noisySignatures.length === 0) {
    strengths.push({
      text: `No signature is noisy (none reaches ${pct(data.meta.thresholds.noisyShare)} of the ${fmt(data.alerts)} alerts from ${data.meta.thresholds.noisyMinSources}+ sources): the alert stream is not drowned by one rule.`,
      anchor: 'stats-noise',
    });
  }

  if (data.recurring.total > 0) {
    const r = data.recurring.top[0]!;
    opportunities.push({
      text: `${fmt(data.recurring.total)} incident${data.recurring.total > 1 ? 's' : ''} recur across days (same source, same alert), e.g. ${r.host} raised "${r.signature}" on ${r.days} days (${r.first} to ${r.last}): block or follow up at the source instead of re-triaging daily.`,
      anchor: 'stats-recurring',
    });
  }

  if (data.passThrough.events > 0) {
    const ports = data.passThrough.ports.map((p) => `${p.port} (${fmt(p.events)})`).join(', ');
    opportunities.push({
      text: `${fmt(data.passThrough.events)} events from the Internet reached inside hosts, so the firewall let them through; busiest ports ${ports}. Review whether these ports need to be open inbound.`,
      anchor: 'stats-passthrough',
    });
  } else if (totals.events > 0) {
    strengths.push({
      text: 'No event from an outside address reached an inside host: the perimeter held for what the sensors saw.',
      anchor: 'stats-passthrough',
    });
  }

  if (data.stumblers.kinds.length >= 2) {
    strengths.push({
      text: `${data.stumblers.kinds.length} log kinds (${data.stumblers.kinds.join(', ')}) cover the same network, so activity correlates across them: ${fmt(data.stumblers.total)} host${data.stumblers.total === 1 ? '' : 's'} appear as a source in every one.`,
      anchor: 'stats-stumble',
    });
  }

  const damaged = files.filter((f) => f.quarantined > 0 || f.recovered > 0);
  if (damaged.length > 0) {
    opportunities.push({
      text: `${fmt(totals.quarantined)} log record${totals.quarantined === 1 ? '' : 's'} quarantined and ${fmt(totals.recovered)} recovered from corrupted lines in ${damaged.length} file${damaged.length > 1 ? 's' : ''}: check the sensor's logging (spliced lines mean records were cut and joined).`,
      anchor: 'files',
    });
  } else if (files.length > 0) {
    strengths.push({
      text: `All ${fmt(totals.events)} records in ${files.length} files parsed cleanly: nothing quarantined.`,
      anchor: 'files',
    });
  }
  const misnamed = files.filter(hasNameDateMismatch);
  if (misnamed.length > 0) {
    opportunities.push({
      text: `${misnamed.length} file${misnamed.length > 1 ? 's are' : ' is'} named for a different day than its content (${misnamed.map((f) => baseName(f.file)).join(', ')}): fix log rotation naming so evidence is filed under the right date.`,
      anchor: 'files',
    });
  }
  const timeIssues = files.filter((f) => f.warnings.some((w) => /backwards|no events for/.test(w)));
  if (timeIssues.length > 0) {
    opportunities.push({
      text: `${timeIssues.length} file${timeIssues.length > 1 ? 's have' : ' has'} time gaps or timestamps running backwards: check sensor clocks and uptime.`,
      anchor: 'files',
    });
  }
  return { strengths, opportunities };
}

export function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}
