/** `/detects`: every automatic detect, highest severity first, filterable by kind. */
import type { ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { DetectSummary } from '../api-types.js';
import { DataTable } from '../components/data-table.js';
import { AddressLink, detectPath } from '../components/entity-links.js';
import { Problem, SeverityBadge } from '../components/format.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

export function DetectsPage({ loc }: { loc: Location }): ReactNode {
  const range = { from: loc.query.get('from'), to: loc.query.get('to') };
  const detects = useApi<DetectSummary[]>(apiUrl('/api/detects', range));
  const kind = loc.query.get('kind') ?? '';
  const kinds = [...new Set((detects.data ?? []).map((d) => d.kind))].sort();
  const rows = (detects.data ?? []).filter((d) => !kind || d.kind === kind);
  const keep = carriedQuery(loc);
  return (
    <section data-testid="detects-page">
      <h1>Detects</h1>
      <Problem error={detects.error} />
      <div className="filters">
        <label>
          kind
          <select value={kind} onChange={(e) => navigate(withQuery(loc, { kind: e.target.value }), { replace: true })}>
            <option value="">all ({detects.data?.length ?? 0})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DataTable
        testId="detects-table"
        rows={rows}
        empty={detects.loading ? 'Loading…' : 'No detects.'}
        columns={[
          { key: 'score', title: 'sev', render: (d) => <SeverityBadge score={d.severity.score} /> },
          { key: 'kind', title: 'detect', render: (d) => <Link to={detectPath(d.id) + keep}>{d.kind}</Link> },
          { key: 'subject', title: 'subject', render: (d) => <AddressLink address={d.subject} /> },
          { key: 'summary', title: 'summary', className: 'wrap' },
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
