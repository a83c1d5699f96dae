/**
 * "The rule that fired": the loaded rules when the detect carries them (`idsift rules load`),
 * otherwise what each log kind itself says fired — the alert message and sid, the portscan
 * preprocessor, or the decoder's out-of-spec check.
 */
import type { Finding } from '../../analyze/finding.js';
import { ALERT_SOURCES, type SourceKind } from '../../core/event.js';

export interface FiredRule {
  name: string;
  /** `gid:sid:rev`, classtype, priority… whatever is known. */
  details: string[];
  references: string[];
  events: number;
}

export function describeRules(finding: Finding): FiredRule[] {
  const counts = new Map<string, number>();
  for (const e of finding.evidence) counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
  if (finding.rules && finding.rules.length > 0) {
    return finding.rules.map((r) => ({
      name: r.msg,
      details: [
        r.sid === null ? null : `sid ${r.gid ?? 1}:${r.sid}`,
        r.classtype === null ? null : `class ${r.classtype}`,
        r.priority === null ? null : `priority ${r.priority}`,
      ].filter((d): d is string => d !== null),
      references: r.references,
      events: counts.get(r.msg) ?? 0,
    }));
  }
  const byKey = new Map<string, FiredRule>();
  for (const e of finding.evidence) {
    const isAlert = (ALERT_SOURCES as readonly string[]).includes(e.source as SourceKind);
    const name = isAlert
      ? e.event
      : e.source === 'scans'
        ? `portscan log: ${e.event} probe`
        : e.source === 'oos'
          ? `out-of-spec packet: ${e.event}`
          : `${e.source}: ${e.event}`;
    let rule = byKey.get(name);
    if (!rule) {
      const sid = e.detail?.sid;
      const details = [
        isAlert
          ? 'alert rule'
          : e.source === 'scans'
            ? 'spp_portscan preprocessor'
            : e.source === 'oos'
              ? 'packet decoder (breaks the RFCs)'
              : e.source,
        sid === undefined ? null : `sid ${e.detail?.gid ?? 1}:${sid}`,
        e.detail?.classification === undefined ? null : `class ${String(e.detail.classification)}`,
        e.detail?.priority === undefined ? null : `priority ${String(e.detail.priority)}`,
      ].filter((d): d is string => d !== null);
      rule = { name, details, references: [], events: 0 };
      byKey.set(name, rule);
    }
    rule.events++;
  }
  return [...byKey.values()].sort((a, b) => b.events - a.events || (a.name < b.name ? -1 : 1));
}
