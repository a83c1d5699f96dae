/**
 * The rules behind a set of events, for `Finding.rules`: detects and the report call this with
 * their evidence. Safe to call on any store: with no rules loaded it still names the signatures
 * that carry a sid, just without class or references.
 */
import { inList, sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import type { Finding } from '../finding.js';
import { describeRules } from './describe-rules.js';
import { mergeRuleEntries, ruleKey, type MergedRule, type RuleEntryRow } from './merge-rule-entries.js';
import { readRuleEntries } from './read-rule-entries.js';

/** One entry of `Finding.rules`. */
export type FindingRule = NonNullable<Finding['rules']>[number];

/** What an event needs to be matched to its rule; EvidenceEvent-like objects fit. */
export interface RuleMatchInput {
  sid?: number | null;
  gid?: number | null;
  /** The event name: the alert message as the log wrote it. */
  event: string;
}

/** Values per IN (…) list: keeps statements small on every backend. */
const IN_CHUNK = 500;

/**
 * The rules that fired for these events, once each, in order of first appearance.
 *
 * An event with a sid matches its rule by gid:sid (gid defaults to 1); a sid-less event (classic
 * Snort 1.x alert) matches by message text, case-insensitively, and a message shared by several
 * rules yields each of them. `references` are URLs when reference.config is loaded, else
 * `system,id`; `priority` is the rule's own, else its classtype's. An event with a sid and no
 * loaded rule still yields an entry (its message, no class); a sid-less event that matches no
 * rule yields none, since it may not be a rule alert at all (scan lines, packet dumps).
 *
 * @example const rules = await rulesForEvents(store, finding.evidence.map((e) => ({ event: e.event, sid: e.detail?.sid as number })));
 */
export async function rulesForEvents(store: Store, events: readonly RuleMatchInput[]): Promise<FindingRule[]> {
  const order: string[] = [];
  const seen = new Map<string, RuleMatchInput>();
  for (const e of events) {
    const key = ruleKey(e.gid, e.sid, e.event);
    if (!seen.has(key)) {
      seen.set(key, e);
      order.push(key);
    }
  }
  if (order.length === 0) return [];
  const merged = (await store.hasRuleTables()) ? await fetchRules(store, [...seen.values()]) : [];
  const described = new Map((merged.length > 0 ? await describeRules(store, merged) : []).map((r) => [r.key, r]));
  const byMessage = new Map<string, string[]>();
  for (const r of described.values()) {
    if (r.msg === null) continue;
    const list = byMessage.get(r.msg.toLowerCase()) ?? [];
    list.push(r.key);
    byMessage.set(r.msg.toLowerCase(), list);
  }
  const out: FindingRule[] = [];
  const emitted = new Set<string>();
  const emit = (key: string, fallback: RuleMatchInput | null): void => {
    if (emitted.has(key)) return;
    const r = described.get(key);
    if (r) {
      emitted.add(key);
      out.push({
        sid: r.sid,
        gid: r.gid,
        msg: r.msg ?? fallback?.event ?? '',
        classtype: r.classtype,
        priority: r.priority,
        references: r.references.map((ref) => ref.url ?? `${ref.system},${ref.id}`),
      });
    } else if (fallback && fallback.sid !== null && fallback.sid !== undefined) {
      emitted.add(key);
      out.push({
        sid: fallback.sid,
        gid: fallback.gid ?? 1,
        msg: fallback.event,
        classtype: null,
        priority: null,
        references: [],
      });
    }
  };
  for (const key of order) {
    const input = seen.get(key)!;
    if (input.sid !== null && input.sid !== undefined) emit(key, input);
    else for (const k of byMessage.get(input.event.toLowerCase()) ?? []) emit(k, null);
  }
  return out;
}

/** Stored rules for these events: by sid for the ones that have one, by message for the rest. */
async function fetchRules(store: Store, inputs: readonly RuleMatchInput[]): Promise<MergedRule[]> {
  const sids = [...new Set(inputs.filter((e) => e.sid !== null && e.sid !== undefined).map((e) => e.sid!))];
  const messages = [
    ...new Set(inputs.filter((e) => e.sid === null || e.sid === undefined).map((e) => e.event.toLowerCase())),
  ];
  const messageSet = new Set(messages);
  const rows: RuleEntryRow[] = [];
  for (let i = 0; i < sids.length; i += IN_CHUNK) {
    const chunk = sids.slice(i, i + IN_CHUNK);
    rows.push(...(await readRuleEntries(store, inList(sql`sid`, chunk))));
  }
  for (let i = 0; i < messages.length; i += IN_CHUNK) {
    const chunk = messages.slice(i, i + IN_CHUNK);
    rows.push(...(await readRuleEntries(store, inList(store.dialect.lower(sql`msg`), chunk))));
  }
  // A row fetched twice (by sid and by message) must count once.
  const unique = new Map(rows.map((r) => [`${r.path}:${r.line}`, r]));
  const wanted = new Set(
    inputs.filter((e) => e.sid !== null && e.sid !== undefined).map((e) => ruleKey(e.gid, e.sid, e.event)),
  );
  return mergeRuleEntries([...unique.values()]).filter(
    (r) => r.sid === null || wanted.has(r.key) || messageSet.has((r.msg ?? '').toLowerCase()),
  );
}
