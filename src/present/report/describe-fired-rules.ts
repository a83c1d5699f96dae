/**
 * "The rule that fired": the rules matched to the evidence's alerts (`Finding.rules`, from
 * `rulesForEvents`: sid, class, priority, references when rule files are loaded), and for
 * evidence no rule covers, what the log kind itself says fired — the alert message and sid, the
 * portscan preprocessor, or the decoder's out-of-spec check.
 */
import type { EvidenceEvent, Finding } from '../../analyze/finding.js';
import { ALERT_SOURCES, type SourceKind } from '../../core/event.js';
import { linkCountsOf, type LinkCount } from './build-link-graph.js';

export interface FiredRule {
  name: string;
  /** sid, classtype, priority… whatever is known. */
  details: string[];
  references: string[];
  events: number;
}

/**
 * The rules that fired and how many events each: of every event behind the finding when its
 * link counts are given (the report's), else of the evidence it carries.
 */
export function describeFiredRules(finding: Finding, counts?: readonly LinkCount[]): FiredRule[] {
  const events = counts ?? linkCountsOf(finding.evidence);
  const out: FiredRule[] = [];
  const covered = new Set<string>();
  for (const r of finding.rules ?? []) {
    const matches = (e: LinkCount): boolean =>
      e.event.toLowerCase() === r.msg.toLowerCase() || (r.sid !== null && e.sid === r.sid);
    const matched = events.filter(matches);
    for (const e of matched) covered.add(e.event);
    out.push({
      name: r.msg,
      details: [
        r.sid === null ? null : `sid ${r.gid ?? 1}:${r.sid}`,
        r.classtype === null ? null : `class ${r.classtype}`,
        r.priority === null ? null : `priority ${r.priority}`,
      ].filter((d): d is string => d !== null),
      references: r.references,
      events: matched.reduce((n, e) => n + e.count, 0),
    });
  }
  // Details (class, priority) come from an evidence event of the same name when there is one.
  const sample = new Map<string, EvidenceEvent>();
  for (const e of finding.evidence) if (!sample.has(ruleName(e))) sample.set(ruleName(e), e);
  const byName = new Map<string, FiredRule>();
  for (const e of events) {
    if (covered.has(e.event)) continue;
    const name = ruleName(e);
    let rule = byName.get(name);
    if (!rule) {
      const like = sample.get(name);
      const detail: Record<string, string> = e.sid === null ? {} : { sid: `${e.gid ?? 1}:${e.sid}` };
      rule = { name, details: ruleDetails(like ?? { source: e.source, detail }), references: [], events: 0 };
      byName.set(name, rule);
    }
    rule.events += e.count;
  }
  const derived = [...byName.values()].sort((a, b) => b.events - a.events || (a.name < b.name ? -1 : 1));
  return [...out.sort((a, b) => b.events - a.events), ...derived];
}

function isAlert(e: Pick<EvidenceEvent, 'source'>): boolean {
  return (ALERT_SOURCES as readonly string[]).includes(e.source as SourceKind) || e.source === 'eve';
}

function ruleName(e: Pick<EvidenceEvent, 'source' | 'event'>): string {
  if (isAlert(e)) return e.event;
  if (e.source === 'scans') return `portscan log: ${e.event} probe`;
  if (e.source === 'oos') return `out-of-spec packet: ${e.event}`;
  return `${e.source}: ${e.event}`;
}

function ruleDetails(e: Pick<EvidenceEvent, 'source' | 'detail'>): string[] {
  const what = isAlert(e)
    ? 'alert rule'
    : e.source === 'scans'
      ? 'spp_portscan preprocessor'
      : e.source === 'oos'
        ? 'packet decoder (breaks the RFCs)'
        : e.source;
  const d = e.detail ?? {};
  return [
    what,
    d.sid === undefined ? null : `sid ${String(d.sid)}`,
    d.classification === undefined ? null : `class ${String(d.classification)}`,
    d.priority === undefined ? null : `priority ${String(d.priority)}`,
  ].filter((x): x is string => x !== null);
}

/** The sid of an evidence event (`detail.sid` is `gid:sid:rev`), or null. */
export function sidOf(e: EvidenceEvent): number | null {
  const sid = e.detail?.sid;
  if (sid === undefined) return null;
  const parts = String(sid).split(':');
  const n = Number(parts.length >= 2 ? parts[1] : parts[0]);
  return Number.isInteger(n) ? n : null;
}

/** gid of an evidence event, or null. */
export function gidOf(e: EvidenceEvent): number | null {
  const sid = e.detail?.sid;
  if (sid === undefined) return null;
  const parts = String(sid).split(':');
  return parts.length >= 2 && Number.isInteger(Number(parts[0])) ? Number(parts[0]) : null;
}
