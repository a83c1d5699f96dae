/**
 * The `scores` table: the analyst's severity inputs, kept apart from the events so that re-ingest
 * and re-runs never lose them. Key: `kind:subject` for one finding, or `subject` for all its kinds.
 */
import { sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { SEVERITY_FIELDS, type SeverityOverride } from './apply-overrides.js';

interface ScoreRow {
  subject: string;
  criticality: number | null;
  lethality: number | null;
  system: number | null;
  network: number | null;
  [key: string]: string | number | boolean | null;
}

/** Every stored override, by key. */
export async function readScoreOverrides(store: Store): Promise<Map<string, SeverityOverride>> {
  const rows = await store.query<ScoreRow>(sql`SELECT subject, criticality, lethality, system, network FROM scores`);
  const out = new Map<string, SeverityOverride>();
  for (const row of rows) {
    const override: SeverityOverride = {};
    for (const field of SEVERITY_FIELDS) {
      const value = row[field];
      if (value !== null) override[field] = Number(value);
    }
    out.set(row.subject, override);
  }
  return out;
}

/**
 * Merge new values into the stored override for `key` (fields not given keep their stored value);
 * `reset` forgets the key first. Returns the stored override.
 */
export async function writeScoreOverride(
  store: Store,
  key: string,
  values: SeverityOverride,
  reset = false,
): Promise<SeverityOverride> {
  const existing = reset ? {} : ((await readScoreOverrides(store)).get(key) ?? {});
  const merged: SeverityOverride = { ...existing, ...values };
  await store.run('DELETE FROM scores WHERE subject = ?', [key]);
  if (SEVERITY_FIELDS.some((f) => merged[f] !== undefined)) {
    await store.run(
      `INSERT INTO scores (subject, criticality, lethality, system, network, updated_at)
       VALUES (?, ?, ?, ?, ?, current_timestamp::TIMESTAMP)`,
      [key, merged.criticality ?? null, merged.lethality ?? null, merged.system ?? null, merged.network ?? null],
    );
  }
  return merged;
}
