/**
 * `/ip/<address>`: everything one address (and its aliases) did across every log, paged, with its
 * counts per log kind, peers, ports, registry profile, the detects it is part of, and its
 * neighbourhood as an interactive graph.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { AddressInfo, EventPage } from '../api-types.js';
import { DataTable, Pager } from '../components/data-table.js';
import { AddressLink, detectPath, PortLink } from '../components/entity-links.js';
import { EventTable } from '../components/event-table.js';
import { fmtCount, KindBadge, Problem, SeverityBadge } from '../components/format.js';
import { LinkGraph } from '../components/link-graph.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

const PAGE_SIZE = 100;

function ProfileFacts({ profile }: { profile: Record<string, unknown> }): ReactNode {
  const registry = (profile.registry ?? {}) as Record<string, unknown>;
  const facts: [string, unknown][] = [
    ['registry', registry.registry],
    ['network', registry.network ?? registry.range],
    ['ASN', registry.asn],
    ['holder', registry.holder ?? registry.org],
    ['country', registry.country],
    ['note', registry.note],
  ];
  return (
    <dl className="facts">
      {facts
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
          </Fragment>
        ))}
    </dl>
  );
}

export function AddressPage({ loc, address }: { loc: Location; address: string }): ReactNode {
  const range = { from: loc.query.get('from'), to: loc.query.get('to') };
  const page = Math.max(0, Number(loc.query.get('page') ?? 0) || 0);
  const base = `/api/ip/${encodeURIComponent(address)}`;
  const info = useApi<AddressInfo>(apiUrl(base, range));
  const events = useApi<EventPage>(apiUrl(`${base}/events`, { ...range, offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
  const keep = carriedQuery(loc);
  const a = info.data;
  const graph = useMemo(
    () => ({
      nodes: (a?.graph.nodes ?? []).map((n) => ({ ...n, focus: n.id === a?.host || n.id === address })),
      edges: a?.graph.edges ?? [],
    }),
    [a, address],
  );
  return (
    <section data-testid="address-page">
      <h1>
        Address <span className="mono">{address}</span>
      </h1>
      <Problem error={info.error} />
      {a && (
        <div className="grid">
          <div className="panel">
            <h2>Identity</h2>
            <dl className="facts">
              <dt>host</dt>
              <dd>
                <AddressLink address={a.host} />
              </dd>
              <dt>group</dt>
              <dd>{a.group}</dd>
              <dt>aliases</dt>
              <dd>
                {a.aliases.length === 0
                  ? '–'
                  : a.aliases.map((x) => (
                      <span key={x}>
                        <AddressLink address={x} />{' '}
                      </span>
                    ))}
              </dd>
            </dl>
            {a.profile && <ProfileFacts profile={a.profile} />}
          </div>
          <div className="panel">
            <h2>Events per log kind</h2>
            <DataTable
              testId="kind-counts"
              rows={a.counts}
              columns={[
                { key: 'source', title: 'log', render: (c) => <KindBadge kind={c.source} /> },
                { key: 'events', title: 'events', className: 'num', render: (c) => fmtCount(c.events) },
              ]}
            />
            <h2>Detects</h2>
            <DataTable
              rows={a.detects}
              empty="Part of no detect."
              columns={[
                { key: 'score', title: 'sev', render: (d) => <SeverityBadge score={d.severity.score} /> },
                { key: 'kind', title: 'detect', render: (d) => <Link to={detectPath(d.id) + keep}>{d.kind}</Link> },
                { key: 'summary', title: 'summary', className: 'wrap' },
              ]}
            />
          </div>
          <div className="panel">
            <h2>Peers</h2>
            <DataTable
              testId="peers-table"
              rows={a.peers}
              empty="No peers."
              columns={[
                { key: 'key', title: 'peer', render: (p) => <AddressLink address={String(p.key)} /> },
                { key: 'events', title: 'events', className: 'num', render: (p) => fmtCount(p.events) },
              ]}
            />
          </div>
          <div className="panel">
            <h2>Ports</h2>
            <DataTable
              rows={a.ports}
              empty="No ports."
              columns={[
                { key: 'key', title: 'port', render: (p) => <PortLink port={p.key} /> },
                { key: 'events', title: 'events', className: 'num', render: (p) => fmtCount(p.events) },
              ]}
            />
          </div>
        </div>
      )}
      {a && (
        <div className="panel">
          <h2>Link graph</h2>
          <LinkGraph nodes={graph.nodes} edges={graph.edges} />
        </div>
      )}
      <div className="panel">
        <h2>Timeline, every log</h2>
        <Problem error={events.error} />
        {events.data && (
          <>
            <Pager
              page={page}
              pageSize={PAGE_SIZE}
              shown={events.data.rows.length}
              total={events.data.total}
              onPage={(p) => navigate(withQuery(loc, { page: p || undefined }))}
            />
            <EventTable rows={events.data.rows} testId="timeline" />
          </>
        )}
      </div>
    </section>
  );
}
