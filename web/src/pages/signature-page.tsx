/** `/signature/<id>`: who triggers a signature, when, against whom; the rule text when loaded. */
import type { ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { SignatureInfo } from '../api-types.js';
import { AddressLink, PortLink } from '../components/entity-links.js';
import { fmtCount, Problem } from '../components/format.js';
import { TimeChart } from '../components/time-chart.js';
import { TopList } from '../components/who-hits.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

export function SignaturePage({ loc, id }: { loc: Location; id: string }): ReactNode {
  const range = { from: loc.query.get('from'), to: loc.query.get('to') };
  const info = useApi<SignatureInfo>(apiUrl(`/api/signature/${encodeURIComponent(id)}`, range));
  const s = info.data;
  const keep = carriedQuery(loc);
  return (
    <section data-testid="signature-page">
      <h1>Signature: {s?.message ?? id}</h1>
      <Problem error={info.error} />
      {s && (
        <>
          <p>
            <b>{fmtCount(s.events)}</b> alerts.{' '}
            <Link to={`/search?signature=${encodeURIComponent(s.id)}${keep.replace('?', '&')}`}>Every alert…</Link>
          </p>
          {s.rule ? (
            <div className="panel">
              <h2>Rule</h2>
              <pre className="rule">{s.rule.text}</pre>
              <p className="hint">
                {s.rule.classtype ? `class ${s.rule.classtype}` : ''}{' '}
                {s.rule.priority != null ? `· priority ${s.rule.priority}` : ''}
              </p>
              {(s.rule.references ?? []).length > 0 && (
                <p className="hint">references: {(s.rule.references ?? []).join(', ')}</p>
              )}
            </div>
          ) : (
            <p className="hint">No rule text loaded for this signature (idsift rules load FILE).</p>
          )}
          <div className="panel">
            <h2>When</h2>
            <TimeChart points={s.timeSeries.points} onBrush={(from, to) => navigate(withQuery(loc, { from, to }))} />
          </div>
          <div className="grid">
            <TopList title="Sources" rows={s.sources} render={(e) => <AddressLink address={String(e.key)} />} />
            <TopList title="Targets" rows={s.targets} render={(e) => <AddressLink address={String(e.key)} />} />
            <TopList title="Ports" rows={s.ports} render={(e) => <PortLink port={e.key} />} />
          </div>
        </>
      )}
    </section>
  );
}
