/** `/port/<n>`: who hits a port, when and from where, with the signatures seen on it and its events. */
import type { ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { PortInfo } from '../api-types.js';
import { AddressLink, SignatureLink } from '../components/entity-links.js';
import { EventPages } from '../components/event-pages.js';
import { Problem } from '../components/format.js';
import { useEventPage } from '../components/use-event-page.js';
import { TopList, WhoHitsSummary } from '../components/who-hits.js';
import { Link, type Location } from '../router.js';

export function PortPage({ loc, port }: { loc: Location; port: string }): ReactNode {
  const from = loc.query.get('from');
  const to = loc.query.get('to');
  const info = useApi<PortInfo>(apiUrl(`/api/port/${encodeURIComponent(port)}`, { from, to }));
  const paging = useEventPage(loc, { dport: port, from, to });
  const p = info.data;
  return (
    <section data-testid="port-page">
      <h1>Port {port}</h1>
      <Problem error={info.error} />
      {p && (
        <>
          <WhoHitsSummary info={p} what={`events to port ${port}`} />
          <p>
            <Link to={apiUrl('/search', { port, from, to })}>Search every event on this port (either side)…</Link>
          </p>
          <div className="grid">
            <TopList
              title="Sources"
              testId="port-sources"
              rows={p.sources}
              render={(e) => <AddressLink address={String(e.key)} />}
            />
            <TopList title="Targets" rows={p.targets} render={(e) => <AddressLink address={String(e.key)} />} />
            <TopList title="Signatures" rows={p.signatures} render={(e) => <SignatureLink id={e.key} />} />
          </div>
          <div className="panel">
            <h2>Events to port {port}</h2>
            <EventPages paging={paging} testId="port-events" />
          </div>
        </>
      )}
    </section>
  );
}
