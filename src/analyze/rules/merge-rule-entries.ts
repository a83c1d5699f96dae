/**
 * Several files may describe the same rule: the `.rules` file (enabled or commented out, maybe in
 * two revisions), `sid-msg.map` v1/v2, `gen-msg.map`. This folds them into one view of the rule,
 * each field taken from the most authoritative entry that has it.
 */
import { RULE_ORIGINS, type RuleOrigin } from '../../ingest/rules/rule-knowledge.js';
import { compareText } from '../detect/compare-text.js';

/** One stored `rule_defs` row (a type alias, so that it is a store `Row`). */
export type RuleEntryRow = {
  path: string;
  line: number;
  origin: string;
  gid: number | null;
  sid: number | null;
  rev: number | null;
  msg: string | null;
  classtype: string | null;
  priority: number | null;
  refs: string | null;
  metadata: string | null;
  action: string | null;
  proto: string | null;
  enabled: boolean | null;
  text: string | null;
};

export interface MergedRule {
  /** `gid:sid`, or `msg:<message>` for sid-less rules. */
  key: string;
  gid: number | null;
  sid: number | null;
  rev: number | null;
  msg: string | null;
  classtype: string | null;
  /** The rule's own priority; the classtype's is applied later. */
  priority: number | null;
  references: { system: string; id: string }[];
  metadata: string | null;
  action: string | null;
  proto: string | null;
  /** From the `.rules` file; `null` when only a message map knows the rule. */
  enabled: boolean | null;
  text: string | null;
  sources: { file: string; line: number; origin: string; enabled: boolean }[];
}

export const RULE_ENTRY_COLUMNS =
  'path, line, origin, gid, sid, rev, msg, classtype, priority, refs, metadata, action, proto, enabled, text';

/** The key a rule is known by: `gid:sid` (gid defaults to 1), or its message when it has no sid. */
export function ruleKey(
  gid: number | null | undefined,
  sid: number | null | undefined,
  msg: string | null | undefined,
): string {
  if (sid !== null && sid !== undefined) return `${gid ?? 1}:${sid}`;
  return `msg:${(msg ?? '').toLowerCase()}`;
}

/** Fold rows into one rule per key, keys in order of their best entry. */
export function mergeRuleEntries(rows: readonly RuleEntryRow[]): MergedRule[] {
  const groups = new Map<string, RuleEntryRow[]>();
  for (const row of [...rows].sort(compareEntries)) {
    const key = ruleKey(row.gid, row.sid, row.msg);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()].map(([key, group]) => mergeGroup(key, group));
}

function mergeGroup(key: string, group: RuleEntryRow[]): MergedRule {
  const first = <T>(pick: (r: RuleEntryRow) => T | null): T | null => {
    for (const r of group) {
      const v = pick(r);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
  const rule = group.find((r) => r.origin === 'rules') ?? null;
  const refs = first((r) => {
    const list = parseRefs(r.refs);
    return list.length > 0 ? list : null;
  });
  const best = group[0]!;
  return {
    key,
    gid: best.sid === null ? null : (best.gid ?? 1),
    sid: best.sid,
    rev: first((r) => r.rev),
    msg: first((r) => r.msg),
    classtype: first((r) => r.classtype),
    priority: first((r) => r.priority),
    references: refs ?? [],
    metadata: rule?.metadata ?? null,
    action: rule?.action ?? null,
    proto: rule?.proto ?? null,
    enabled: rule ? Boolean(rule.enabled) : null,
    text: rule?.text ?? null,
    sources: group.map((r) => ({ file: r.path, line: Number(r.line), origin: r.origin, enabled: r.enabled !== false })),
  };
}

/** Rules files before maps; enabled before commented-out; newest revision first. */
function compareEntries(a: RuleEntryRow, b: RuleEntryRow): number {
  return (
    originRank(a.origin) - originRank(b.origin) ||
    Number(b.enabled !== false) - Number(a.enabled !== false) ||
    (b.rev ?? -1) - (a.rev ?? -1) ||
    compareText(a.path, b.path) ||
    a.line - b.line
  );
}

function originRank(origin: string): number {
  const i = RULE_ORIGINS.indexOf(origin as RuleOrigin);
  return i < 0 ? RULE_ORIGINS.length : i;
}

function parseRefs(text: string | null): { system: string; id: string }[] {
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .filter((r): r is [string, string] => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string')
      .map(([system, id]) => ({ system, id }));
  } catch {
    // A hand-edited store; the rule is still worth showing without its references.
    return [];
  }
}
