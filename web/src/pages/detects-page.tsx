/** `/detects`: every automatic detect, highest severity first, filterable by kind. */
import type { ReactNode } from 'react';
import { useApi } from '../api.js';
import type { DetectList } from '../api-types.js';
import { DataTable } from '../components/data-table.js';
import { AddressLink, detectPath } from '../components/entity-links.js';
import { fmtCount, fmtTime, Problem, SeverityBadge, StaleDetects } from '../components/format.js';
import { useLiveRefresh } from '../live.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

export function DetectsPage({ loc }: { loc: Location }): ReactNode {
  const from = loc.query.get('from');
  const to = loc.query.get('to');
  // Live: a fresh list after a change replaces the stale one without a reload.
  const detects = useApi<DetectList>('/api/detects', useLiveRefresh());
  const kind = loc.query.get('kind') ?? '';
  const all = detects.data?.findings ?? [];
  const kinds = detects.data?.kinds ?? [];
  // The brushed time range narrows the list to detects active in it.
  const rows = all.filter(
    (d) =>
      (!kind || d.kind === kind) && !(from && d.last_ts && d.last_ts < from) && !(to && d.first_ts && d.first_ts >= to),
  );
  const keep = carriedQuery(loc);
  return (
    <section data-testid="detects-page">
      <h1>Detects</h1>
      <Problem error={detects.error} />
      <StaleDetects stale={detects.data?.stale} />
      <div className="filters">
        <label>
          kind
          <select value={kind} onChange={(e) => navigate(withQuery(loc, { kind: e.target.value }), { replace: true })}>
            <option value="">all ({all.length})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      </div>
      {detects.data?.limits?.map((l) => (
        <p key={l.list} className="hint">
          {l.list}: showing {fmtCount(l.shown)} of {fmtCount(l.total)} — {l.see}
        </p>
      ))}
      <DataTable
        testId="detects-table"
        rows={rows}
        empty={detects.loading ? 'Loading…' : 'No detects.'}
        columns={[
          { key: 'score', title: 'sev', render: (d) => <SeverityBadge score={d.severity.score} /> },
          { key: 'kind', title: 'detect', render: (d) => <Link to={detectPath(d.id) + keep}>{d.kind}</Link> },
          { key: 'subject', title: 'subject', render: (d) => <AddressLink address={d.subject} /> },
          { key: 'summary', title: 'summary', className: 'wrap' },
          { key: 'first', title: 'first', className: 'mono', render: (d) => fmtTime(d.first_ts) },
          { key: 'last', title: 'last', className: 'mono', render: (d) => fmtTime(d.last_ts) },
          { key: 'evidence', title: 'evidence', className: 'num', render: (d) => fmtCount(d.evidence_count) },
          {
            key: 'inputs',
            title: 'crit / leth / sys / net',
            className: 'mono',
            render: (d) =>
              `${d.severity.criticality} / ${d.severity.lethality} / ${d.severity.system} / ${d.severity.network}`,
          },
        ]}
      />
    </section>
  );
}
