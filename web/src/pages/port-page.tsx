/** `/port/<n>`: who hits a port, when and from where, with the signatures seen on it. */
import type { ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { PortInfo } from '../api-types.js';
import { AddressLink, SignatureLink } from '../components/entity-links.js';
import { fmtCount, Problem } from '../components/format.js';
import { TimeChart } from '../components/time-chart.js';
import { TopList } from '../components/who-hits.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

export function PortPage({ loc, port }: { loc: Location; port: string }): ReactNode {
  const range = { from: loc.query.get('from'), to: loc.query.get('to') };
  const info = useApi<PortInfo>(apiUrl(`/api/port/${encodeURIComponent(port)}`, range));
  const p = info.data;
  const keep = carriedQuery(loc);
  return (
    <section data-testid="port-page">
      <h1>Port {port}</h1>
      <Problem error={info.error} />
      {p && (
        <>
          <p>
            <b>{fmtCount(p.events)}</b> events to port {port}.{' '}
            <Link to={`/search?port=${encodeURIComponent(port)}${keep.replace('?', '&')}`}>Every event…</Link>
          </p>
          <div className="panel">
            <h2>When</h2>
            <TimeChart points={p.timeSeries.points} onBrush={(from, to) => navigate(withQuery(loc, { from, to }))} />
          </div>
          <div className="grid">
            <TopList
              title="Sources"
              testId="port-sources"
              rows={p.sources}
              render={(e) => <AddressLink address={String(e.key)} />}
            />
            <TopList title="Targets" rows={p.targets} render={(e) => <AddressLink address={String(e.key)} />} />
            <TopList
              title="Signatures"
              rows={p.signatures}
              render={(e) => <SignatureLink id={e.id ?? e.key} label={String(e.key)} />}
            />
          </div>
        </>
      )}
    </section>
  );
}
