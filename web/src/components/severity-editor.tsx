/**
 * The four severity inputs of a detect, editable in place and saved like `idsift score` (kept in
 * the store across re-runs). The score is recomputed by the server, not here.
 */
import { useState, type ReactNode } from 'react';
import { sendJson } from '../api.js';
import type { Finding, Severity } from '../api-types.js';
import { SeverityBadge } from './format.js';

const FIELDS = [
  ['criticality', 'criticality (target matters)'],
  ['lethality', 'lethality (damage)'],
  ['system', 'system countermeasures'],
  ['network', 'network countermeasures'],
] as const;

type Field = (typeof FIELDS)[number][0];

export function SeverityEditor({ finding, onSaved }: { finding: Finding; onSaved: (f: Finding) => void }): ReactNode {
  const s: Severity = finding.severity;
  const [values, setValues] = useState<Record<Field, number>>({
    criticality: s.criticality,
    lethality: s.lethality,
    system: s.system,
    network: s.network,
  });
  const [state, setState] = useState<{ saving: boolean; error: string | null; saved: boolean }>({
    saving: false,
    error: null,
    saved: false,
  });
  const changed = FIELDS.some(([f]) => values[f] !== s[f]);
  const valid = FIELDS.every(([f]) => Number.isInteger(values[f]) && values[f] >= 1 && values[f] <= 5);
  const save = async (reset: boolean): Promise<void> => {
    setState({ saving: true, error: null, saved: false });
    try {
      const body = reset
        ? { reset: true }
        : Object.fromEntries(FIELDS.filter(([f]) => values[f] !== s[f]).map(([f]) => [f, values[f]]));
      const updated = await sendJson<Finding>('PUT', `/api/detects/${encodeURIComponent(finding.id)}/severity`, body);
      setValues({
        criticality: updated.severity.criticality,
        lethality: updated.severity.lethality,
        system: updated.severity.system,
        network: updated.severity.network,
      });
      setState({ saving: false, error: null, saved: true });
      onSaved(updated);
    } catch (e) {
      setState({ saving: false, error: e instanceof Error ? e.message : String(e), saved: false });
    }
  };
  return (
    <form
      className="sev-inputs"
      data-testid="severity-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed && valid) void save(false);
      }}
    >
      <div>
        score <SeverityBadge score={s.score} />
        <div className="hint">(criticality + lethality) − (system + network)</div>
      </div>
      {FIELDS.map(([f, label]) => (
        <label key={f} title={s.reasons?.[f] ?? ''}>
          {label}
          {s.overridden?.includes(f) ? ' (set)' : ''}
          <input
            type="number"
            name={f}
            min={1}
            max={5}
            step={1}
            value={values[f]}
            onChange={(e) => setValues({ ...values, [f]: Number(e.target.value) })}
          />
        </label>
      ))}
      <button type="submit" disabled={!changed || !valid || state.saving}>
        Save
      </button>
      <button type="button" disabled={state.saving || !(s.overridden?.length ?? 0)} onClick={() => void save(true)}>
        Reset to derived
      </button>
      {state.saved && <span className="status-ok">saved</span>}
      {state.error && <span className="error">{state.error}</span>}
    </form>
  );
}
