/**
 * `/detect/<id>`: one detect written up as in the report (what happened, how it works, could the
 * source be forged, what to do), its evidence as a table and as a graph, and its severity inputs
 * editable in place.
 */
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api.js';
import type { Finding } from '../api-types.js';
import { DataTable } from '../components/data-table.js';
import { EventTable } from '../components/event-table.js';
import { AddressLink, detectPath, PortLink, SignatureLink } from '../components/entity-links.js';
import { fmtCount, fmtTime, Problem } from '../components/format.js';
import { LinkGraph } from '../components/link-graph.js';
import { SeverityEditor } from '../components/severity-editor.js';
import { carriedQuery, Link, type Location } from '../router.js';

const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[A-Z][A-Z0-9]*(\.[A-Z][A-Z0-9]*)*(\.\d{1,3}){2}|[0-9a-f:]*::[0-9a-f:.]*)$/i;

/**
 * A fact as the detect wrote it, with its addresses and ports as links (facts join lists with
 * commas). Only a value made wholly of addresses, or a port fact made wholly of port numbers, is
 * split: anything else (a message may hold commas) stays text.
 */
function FactValue({ name, value }: { name: string; value: string | number | boolean | null }): ReactNode {
  if (value === null || value === '') return '–';
  const text = String(value);
  const parts = text.split(',');
  const join = (links: ReactNode[]): ReactNode =>
    links.map((l, i) => (
      <Fragment key={i}>
        {i > 0 ? ', ' : ''}
        {l}
      </Fragment>
    ));
  if (parts.every((p) => ADDRESS.test(p) && !/^\d+$/.test(p)))
    return join(parts.map((p) => <AddressLink address={p} />));
  if (/port/i.test(name) && parts.every((p) => /^\d{1,5}$/.test(p) && Number(p) <= 65535))
    return join(parts.map((p) => <PortLink port={p} />));
  return text;
}

export function DetectPage({ loc, id }: { loc: Location; id: string }): ReactNode {
  const keep = carriedQuery(loc);
  const loaded = useApi<Finding>(`/api/detects/${encodeURIComponent(id)}`);
  const [finding, setFinding] = useState<Finding | null>(null);
  useEffect(() => setFinding(loaded.data), [loaded.data]);
  const f = finding;
  return (
    <section data-testid="detect-page">
      <Problem error={loaded.error} />
      {f && (
        <>
          <h1>
            {f.kind}: <AddressLink address={f.subject} />
          </h1>
          <p>{f.summary}</p>
          <div className="panel">
            <h2>Severity</h2>
            <SeverityEditor key={f.id} finding={f} onSaved={setFinding} />
            <dl className="facts">
              {Object.entries(f.severity.reasons ?? {}).map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </Fragment>
              ))}
            </dl>
          </div>
          <div className="grid two">
            <div className="panel">
              <h2>Write-up</h2>
              <h3>How it works</h3>
              <p>{f.mechanism}</p>
              <h3>Could the source be forged?</h3>
              <p>
                {f.spoofing.likely ? 'Likely. ' : 'Unlikely. '}
                {f.spoofing.reason}
              </p>
              <h3>Recommendation</h3>
              <p>{f.recommendation}</p>
              <h3>Facts</h3>
              <dl className="facts">
                {Object.entries(f.facts).map(([k, v]) => (
                  <Fragment key={k}>
                    <dt>{k}</dt>
                    <dd>
                      <FactValue name={k} value={v} />
                    </dd>
                  </Fragment>
                ))}
              </dl>
              {f.related.length > 0 && (
                <>
                  <h3>Related addresses</h3>
                  <p>
                    {f.related.map((r) => (
                      <span key={r}>
                        <AddressLink address={r} />{' '}
                      </span>
                    ))}
                  </p>
                </>
              )}
              {f.linked.length > 0 && (
                <>
                  <h3>Linked detects</h3>
                  <p>
                    {f.linked.map((l) => (
                      <span key={l}>
                        <Link to={detectPath(l) + keep}>{l}</Link>{' '}
                      </span>
                    ))}
                  </p>
                </>
              )}
              {f.rules && f.rules.length > 0 && (
                <>
                  <h3>Rules that fired</h3>
                  <DataTable
                    rows={f.rules}
                    columns={[
                      {
                        key: 'sid',
                        title: 'sid',
                        render: (r) =>
                          r.sid === null ? '–' : <SignatureLink id={`${r.gid ?? 1}:${r.sid}`} label={String(r.sid)} />,
                      },
                      { key: 'msg', title: 'message', className: 'wrap', render: (r) => <SignatureLink id={r.msg} /> },
                      { key: 'classtype', title: 'class' },
                      { key: 'priority', title: 'priority', className: 'num' },
                    ]}
                  />
                </>
              )}
              {f.chain && f.chain.length > 0 && (
                <>
                  <h3>The story, in time order</h3>
                  <DataTable
                    rows={f.chain}
                    columns={[
                      { key: 'ts', title: 'from', className: 'mono', render: (c) => fmtTime(c.ts) },
                      { key: 'last', title: 'to', className: 'mono', render: (c) => fmtTime(c.last) },
                      { key: 'label', title: 'what', className: 'wrap' },
                      {
                        key: 'peers',
                        title: 'peers',
                        className: 'wrap',
                        render: (c) =>
                          c.peers.slice(0, 12).map((p) => (
                            <span key={p}>
                              <AddressLink address={p} />{' '}
                            </span>
                          )),
                      },
                      {
                        key: 'ports',
                        title: 'ports',
                        render: (c) =>
                          c.ports.slice(0, 12).map((p) => (
                            <span key={p}>
                              <PortLink port={p} />{' '}
                            </span>
                          )),
                      },
                      { key: 'events', title: 'events', className: 'num', render: (c) => fmtCount(c.events) },
                    ]}
                  />
                </>
              )}
            </div>
            <div className="panel">
              <h2>Evidence graph</h2>
              {f.graph ? (
                <LinkGraph graph={f.graph} focus={f.subject} height={340} />
              ) : (
                <p className="muted">No graph.</p>
              )}
            </div>
          </div>
          <div className="panel">
            <h2>Evidence ({fmtCount(f.evidence.length)} events)</h2>
            {f.limits?.map((l) => (
              <p key={l.list} className="hint">
                {l.list}: showing {fmtCount(l.shown)} of {fmtCount(l.total)} — {l.see}
              </p>
            ))}
            <EventTable
              testId="evidence-table"
              rows={f.evidence}
              extra={[
                { key: 'file', title: 'file:line', className: 'wrap', render: (r) => `${r.file}:${r.line}` },
                {
                  key: 'detail',
                  title: 'detail',
                  className: 'wrap',
                  render: (r) =>
                    r.detail
                      ? Object.entries(r.detail)
                          .map(([k, v]) => `${k}=${String(v)}`)
                          .join(' ')
                      : '',
                },
              ]}
            />
          </div>
        </>
      )}
    </section>
  );
}
