/**
 * Adds what the config files say about merged rules: the class description and priority
 * (`classification.config`) and reference links (`reference.config` URL prefix + id).
 */
import { inList, sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import type { MergedRule } from './merge-rule-entries.js';

export interface ReferenceLink {
  system: string;
  id: string;
  /** `null` when no loaded reference.config knows the system. */
  url: string | null;
}

export interface DescribedRule extends Omit<MergedRule, 'references' | 'priority'> {
  class: { name: string; description: string | null; priority: number | null } | null;
  /** The rule's own priority, else its class's. */
  priority: number | null;
  priority_from: 'rule' | 'classtype' | null;
  references: ReferenceLink[];
}

export async function describeRules(store: Store, rules: readonly MergedRule[]): Promise<DescribedRule[]> {
  const classNames = [...new Set(rules.map((r) => r.classtype).filter((c): c is string => c !== null))];
  const classes = new Map<string, { description: string; priority: number }>();
  if (classNames.length > 0) {
    // Later loads win when two classification files define the same class.
    const rows = await store.query<{ name: string; description: string; priority: number }>(
      sql`SELECT c.name, c.description, c.priority FROM rule_classes c JOIN rule_files f ON f.path = c.path
       WHERE ${inList(sql`c.name`, classNames)} ORDER BY f.loaded_at, c.path, c.line`,
    );
    for (const r of rows) classes.set(r.name, { description: r.description, priority: Number(r.priority) });
  }
  const prefixes = await loadReferencePrefixes(store);
  return rules.map((rule) => {
    const known = rule.classtype === null ? undefined : classes.get(rule.classtype);
    const classPriority = known?.priority ?? null;
    const priority = rule.priority ?? classPriority;
    return {
      ...rule,
      class:
        rule.classtype === null
          ? null
          : { name: rule.classtype, description: known?.description ?? null, priority: classPriority },
      priority,
      priority_from: rule.priority !== null ? 'rule' : priority !== null ? 'classtype' : null,
      references: rule.references.map((ref) => ({
        ...ref,
        url: referenceUrl(prefixes.get(ref.system.toLowerCase()), ref.id),
      })),
    };
  });
}

/** System (lower case) → URL prefix, from every loaded reference.config. */
export async function loadReferencePrefixes(store: Store): Promise<Map<string, string>> {
  const rows = await store.query<{ system: string; url: string }>(
    sql`SELECT r.system, r.url FROM rule_refsys r JOIN rule_files f ON f.path = r.path ORDER BY f.loaded_at, r.path, r.line`,
  );
  return new Map(rows.map((r) => [r.system.toLowerCase(), r.url]));
}

/** Prefix + id, as Snort's `[Xref => …]`; an id that is already a full URL stays as it is. */
export function referenceUrl(prefix: string | undefined, id: string): string | null {
  if (/^https?:\/\//i.test(id)) return id;
  return prefix === undefined ? null : prefix + id;
}
