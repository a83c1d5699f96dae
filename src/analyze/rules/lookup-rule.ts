/**
 * `idsift rule <sid | gid:sid | message>`: the rule behind an alert, with its class, priority,
 * reference links, where it was defined, and how many stored alerts it explains.
 */
import { UserError } from '../../core/errors.js';
import { ALERT_SOURCES } from '../../core/event.js';
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { describeRules, type DescribedRule, type ReferenceLink } from './describe-rules.js';
import { mergeRuleEntries, type MergedRule, type RuleEntryRow } from './merge-rule-entries.js';
import { readRuleEntries } from './read-rule-entries.js';

/** `idsift rule --json`. */
export interface RuleLookup {
  query: string;
  matched_by: 'sid' | 'message';
  gid: number | null;
  sid: number | null;
  rev: number | null;
  msg: string | null;
  /** From the `.rules` file (false: commented out); `null` when only a message map knows the rule. */
  enabled: boolean | null;
  action: string | null;
  proto: string | null;
  class: DescribedRule['class'];
  /** The rule's own priority, else its class's. */
  priority: number | null;
  priority_from: DescribedRule['priority_from'];
  references: ReferenceLink[];
  metadata: string | null;
  /** Stored alerts this rule explains: by gid:sid, plus sid-less alerts with its message. */
  alerts: number;
  /** Every file and line that describes this rule, most authoritative first. */
  sources: DescribedRule['sources'];
  /** Other rules with the same message (message lookups only; classic alerts cannot tell them apart). */
  same_message: { gid: number | null; sid: number | null; msg: string | null }[];
  /** The rule as written, continuation lines kept; `null` when only a message map knows it. */
  text: string | null;
}

/** How many candidate messages an ambiguous query names in its error. */
const AMBIGUOUS_SHOWN = 5;

export async function lookupRule(store: Store, query: string): Promise<RuleLookup> {
  const q = query.trim();
  if (q === '') throw new UserError('give a sid, gid:sid or a rule message');
  if (!(await store.hasRuleTables())) throw new UserError('no rules loaded (run "idsift rules load PATH…" first)');
  const numeric = /^(?:(\d{1,10}):)?(\d{1,10})(?::\d{1,10})?$/.exec(q);
  let chosen: MergedRule;
  let sameMessage: MergedRule[] = [];
  let matchedBy: RuleLookup['matched_by'];
  if (numeric) {
    matchedBy = 'sid';
    chosen = await findBySid(store, numeric[1] === undefined ? null : Number(numeric[1]), Number(numeric[2]));
  } else {
    matchedBy = 'message';
    const merged = await findByMessage(store, q);
    chosen = merged[0]!;
    sameMessage = merged.slice(1);
  }
  const [rule] = await describeRules(store, [chosen]);
  const r = rule!;
  return {
    query: q,
    matched_by: matchedBy,
    gid: r.gid,
    sid: r.sid,
    rev: r.rev,
    msg: r.msg,
    enabled: r.enabled,
    action: r.action,
    proto: r.proto,
    class: r.class,
    priority: r.priority,
    priority_from: r.priority_from,
    references: r.references,
    metadata: r.metadata,
    alerts: await countRuleAlerts(store, chosen),
    sources: r.sources,
    same_message: sameMessage.map((m) => ({ gid: m.gid, sid: m.sid, msg: m.msg })),
    text: r.text,
  };
}

async function findBySid(store: Store, gid: number | null, sid: number): Promise<MergedRule> {
  const merged = mergeRuleEntries(await readRuleEntries(store, sql`sid = ${sid}`));
  const wanted = gid ?? (merged.some((r) => r.gid === 1) ? 1 : null);
  if (wanted !== null) {
    const hit = merged.find((r) => r.gid === wanted);
    if (!hit) throw new UserError(`no loaded rule ${wanted}:${sid}`);
    return hit;
  }
  if (merged.length === 1) return merged[0]!;
  if (merged.length === 0) throw new UserError(`no loaded rule with sid ${sid}`);
  throw new UserError(
    `sid ${sid} exists for several generators (${merged.map((r) => r.key).join(', ')}): give gid:sid`,
  );
}

/** Exact message (any case) first; else a unique message containing the text. */
async function findByMessage(store: Store, text: string): Promise<MergedRule[]> {
  const { lower } = store.dialect;
  const select = (message: string): Promise<RuleEntryRow[]> =>
    readRuleEntries(store, sql`${lower(sql`msg`)} = ${lower(sql`${message}`)}`);
  let rows = await select(text);
  if (rows.length === 0) {
    const needle = text.toLowerCase();
    const messages = await store.query<{ msg: string }>(sql`SELECT DISTINCT msg FROM rule_defs WHERE msg IS NOT NULL`);
    const hits = [...new Set(messages.map((m) => m.msg).filter((m) => m.toLowerCase().includes(needle)))].sort();
    if (hits.length === 0) throw new UserError(`no loaded rule has a message like "${text}"`);
    const distinct = [...new Set(hits.map((h) => h.toLowerCase()))];
    if (distinct.length > 1) {
      const shown = hits
        .slice(0, AMBIGUOUS_SHOWN)
        .map((h) => `"${h}"`)
        .join(', ');
      const more = hits.length > AMBIGUOUS_SHOWN ? ` and ${hits.length - AMBIGUOUS_SHOWN} more` : '';
      throw new UserError(
        `"${text}" matches ${hits.length} rule messages: ${shown}${more}; give more of the message or a sid`,
      );
    }
    rows = await select(hits[0]!);
  }
  return mergeRuleEntries(rows);
}

/**
 * Alerts by gid:sid (a missing gid is 1), plus sid-less alerts whose message is the rule's (any
 * case). The sid-less alerts are counted per message first and their messages compared after, so
 * the per-event work is on keys only.
 */
export async function countRuleAlerts(store: Store, rule: Pick<MergedRule, 'gid' | 'sid' | 'msg'>): Promise<number> {
  const { lower, stringKeys, stringOf } = store.dialect;
  let n = 0;
  if (rule.sid !== null) {
    const [row] = await store.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM events_raw e WHERE e.sid = ${rule.sid} AND coalesce(e.gid, 1) = ${rule.gid ?? 1}`,
    );
    n += Number(row?.n ?? 0);
  }
  if (rule.msg !== null) {
    const [row] = await store.query<{ n: number | null }>(
      sql`SELECT sum(a.n) AS n
       FROM (SELECT e.event_id AS event_id, count(*) AS n FROM events_raw e
             WHERE e.sid IS NULL AND e.source_id IN ${stringKeys(ALERT_SOURCES)} GROUP BY e.event_id) a
       WHERE ${lower(stringOf(sql`a.event_id`))} = ${lower(sql`${rule.msg}`)}`,
    );
    n += Number(row?.n ?? 0);
  }
  return n;
}
