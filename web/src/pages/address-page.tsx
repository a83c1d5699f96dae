/**
 * `/ip/<address>`: everything one address (and its aliases) did across every log, paged, with its
 * counts per log kind, peers, ports, registry profile, the detects it is part of, and its
 * neighbourhood as an interactive graph.
 */
import { Fragment, type ReactNode } from 'react';
import { useApi } from '../api.js';
import type { AddressGraph, AddressInfo, TopEntry } from '../api-types.js';
import { DataTable } from '../components/data-table.js';
import { AddressLink, detectPath, PortLink, SignatureLink } from '../components/entity-links.js';
import { EventPages } from '../components/event-pages.js';
import { fmtCount, fmtTime, KindBadge, Problem, SeverityBadge } from '../components/format.js';
import { LinkGraph } from '../components/link-graph.js';
import { useEventPage } from '../components/use-event-page.js';
import { carriedQuery, Link, type Location } from '../router.js';

/** The registry facts `idsift profile` gives, one line each, as text. */
function registryFacts(r: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
  const iana = r.iana as { prefix?: string; designation?: string } | null | undefined;
  const network = r.network as { start?: string; end?: string; cidrs?: string[] } | null | undefined;
  const country = r.country as { code?: string; name?: string } | null | undefined;
  const add = (label: string, v: string | null): void => {
    if (v) out.push([label, v]);
  };
  add('kind', str(r.kind));
  add('RIR', str(r.rir));
  add('IANA', iana ? `${iana.prefix ?? ''} ${iana.designation ?? ''}`.trim() : null);
  add('network', network ? (network.cidrs?.join(', ') ?? `${network.start} – ${network.end}`) : null);
  add('ASN', str(r.asn));
  add('holder', str(r.holder));
  add('country', country ? `${country.name ?? ''} (${country.code ?? ''})` : null);
  add('looked up as', str(r.looked_up_as));
  add('note', str(r.note));
  return out;
}

function RegistryFacts({ registry }: { registry: Record<string, unknown> }): ReactNode {
  const shown = registryFacts(registry);
  if (shown.length === 0) return null;
  return (
    <>
      <h3>Registry (offline)</h3>
      <dl className="facts" data-testid="registry">
        {shown.map(([label, v]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

function PeerTable({ title, rows, testId }: { title: string; rows: TopEntry[]; testId?: string }): ReactNode {
  return (
    <>
      <h3>{title}</h3>
      <DataTable
        testId={testId}
        rows={rows}
        empty="none"
        columns={[
          { key: 'key', title: 'address', render: (p) => <AddressLink address={String(p.key)} /> },
          { key: 'group', title: 'group' },
          { key: 'events', title: 'events', className: 'num', render: (p) => fmtCount(p.events) },
        ]}
      />
    </>
  );
}

function PortTable({ title, rows }: { title: string; rows: TopEntry[] }): ReactNode {
  return (
    <>
      <h3>{title}</h3>
      <DataTable
        rows={rows}
        empty="none"
        columns={[
          { key: 'key', title: 'port', render: (p) => <PortLink port={p.key} /> },
          { key: 'events', title: 'events', className: 'num', render: (p) => fmtCount(p.events) },
        ]}
      />
    </>
  );
}

export function AddressPage({ loc, address }: { loc: Location; address: string }): ReactNode {
  const from = loc.query.get('from');
  const to = loc.query.get('to');
  const base = `/api/ip/${encodeURIComponent(address)}`;
  const info = useApi<AddressInfo>(base);
  const graph = useApi<AddressGraph>(`${base}/graph`);
  const paging = useEventPage(loc, { address, from, to });
  const keep = carriedQuery(loc);
  const a = info.data;
  return (
    <section data-testid="address-page">
      <h1>
        Address <span className="mono">{address}</span>
        {a && a.host !== address && (
          <span className="muted">
            {' '}
            (host <AddressLink address={a.host} />)
          </span>
        )}
      </h1>
      <Problem error={info.error} />
      {a && (
        <div className="grid">
          <div className="panel">
            <h2>Identity</h2>
            <dl className="facts">
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
              <dt>seen</dt>
              <dd>
                {fmtTime(a.first_seen)} → {fmtTime(a.last_seen)}
              </dd>
              <dt>events</dt>
              <dd>{fmtCount(a.events)}</dd>
            </dl>
            {a.registry && <RegistryFacts registry={a.registry} />}
          </div>
          <div className="panel">
            <h2>Events per log kind</h2>
            <DataTable
              testId="kind-counts"
              rows={Object.entries(a.by_source).map(([source, events]) => ({ source, events }))}
              columns={[
                { key: 'source', title: 'log', render: (c) => <KindBadge kind={c.source} /> },
                { key: 'events', title: 'events', className: 'num', render: (c) => fmtCount(c.events) },
              ]}
            />
            <h2>Detects</h2>
            {a.detects_pending && (
              <p className="hint status-warn" data-testid="detects-pending">
                The detects are still being worked out (the first run on a large store takes a while); reload to see
                them.
              </p>
            )}
            <DataTable
              testId="address-detects"
              rows={a.detects}
              empty={a.detects_pending ? 'None known yet.' : 'Part of no detect.'}
              columns={[
                { key: 'score', title: 'sev', render: (d) => <SeverityBadge score={d.score} /> },
                { key: 'kind', title: 'detect', render: (d) => <Link to={detectPath(d.id) + keep}>{d.kind}</Link> },
                { key: 'role', title: 'role' },
                { key: 'summary', title: 'summary', className: 'wrap' },
              ]}
            />
          </div>
          <div className="panel">
            <h2>Peers</h2>
            <PeerTable title="It sent to" rows={a.peers.as_source} testId="peers-table" />
            <PeerTable title="It received from" rows={a.peers.as_destination} />
          </div>
          <div className="panel">
            <h2>Ports</h2>
            <PortTable title="As source" rows={a.ports.as_source} />
            <PortTable title="As destination" rows={a.ports.as_destination} />
            <h2>Signatures</h2>
            <DataTable
              rows={a.top_signatures}
              empty="none"
              columns={[
                { key: 'key', title: 'signature', className: 'wrap', render: (e) => <SignatureLink id={e.key} /> },
                { key: 'events', title: 'events', className: 'num', render: (e) => fmtCount(e.events) },
              ]}
            />
          </div>
        </div>
      )}
      {a && (
        <div className="panel">
          <h2>Link graph</h2>
          <Problem error={graph.error} />
          {graph.data && (
            <>
              {graph.data.sampled && (
                <p className="hint">Drawn from its first {fmtCount(graph.data.events_used)} events.</p>
              )}
              <LinkGraph graph={graph.data.graph} focus={a.host} />
            </>
          )}
        </div>
      )}
      {a && (
        <div className="panel">
          <h2>Timeline, every log{from || to ? ' (in the time range)' : ''}</h2>
          <EventPages paging={paging} testId="timeline" />
        </div>
      )}
    </section>
  );
}
