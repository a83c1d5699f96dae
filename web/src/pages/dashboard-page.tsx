/**
 * `/`: events over time per log kind (brush a range to filter everything), top talkers, ports and
 * signatures per address group, the detects with their severity, and the ingest and integrity
 * status. Follows the server's change channel, so a running `ingest --follow` shows up here within
 * seconds, without a reload.
 */
import type { ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { DetectSummary, Overview, TopEntry } from '../api-types.js';
import { DataTable } from '../components/data-table.js';
import { AddressLink, detectPath, PortLink, SignatureLink } from '../components/entity-links.js';
import { fmtCount, fmtTime, KindBadge, Problem, SeverityBadge } from '../components/format.js';
import { TimeChart } from '../components/time-chart.js';
import { useChanges } from '../live.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

function TopTable({
  title,
  rows,
  render,
}: {
  title: string;
  rows: TopEntry[];
  render: (e: TopEntry) => ReactNode;
}): ReactNode {
  return (
    <div>
      <h3>{title}</h3>
      <DataTable
        rows={rows}
        empty="none"
        columns={[
          { key: 'key', title: title.replace(/^Top /, ''), render },
          { key: 'events', title: 'events', className: 'num', render: (e) => fmtCount(e.events) },
        ]}
      />
    </div>
  );
}

export function DashboardPage({ loc }: { loc: Location }): ReactNode {
  const version = useChanges();
  const range = { from: loc.query.get('from'), to: loc.query.get('to') };
  const overview = useApi<Overview>(apiUrl('/api/overview', range), version);
  const detects = useApi<DetectSummary[]>(apiUrl('/api/detects', range), version);
  const keep = carriedQuery(loc);
  const o = overview.data;
  return (
    <section data-testid="dashboard">
      <span className="live" data-testid="live-version">
        live · update {version}
      </span>
      <h1>Dashboard</h1>
      <Problem error={overview.error ?? detects.error} />
      {o && (
        <>
          <p>
            <b>{fmtCount(o.totals.events)}</b> events, {fmtTime(o.totals.first)} → {fmtTime(o.totals.last)}:{' '}
            {o.totals.bySource.map((s) => (
              <span key={s.source}>
                <KindBadge kind={s.source} /> {fmtCount(s.events)}{' '}
              </span>
            ))}
          </p>
          <div className="panel">
            <h2>Events over time (per {o.timeSeries.bucket}) — drag across the chart to filter by time</h2>
            <TimeChart points={o.timeSeries.points} onBrush={(from, to) => navigate(withQuery(loc, { from, to }))} />
          </div>
        </>
      )}
      <div className="grid two">
        <div className="panel">
          <h2>Detects</h2>
          <DataTable
            testId="detects-table"
            rows={(detects.data ?? []).slice(0, 25)}
            empty={detects.loading ? 'Loading…' : 'No detects.'}
            columns={[
              { key: 'score', title: 'sev', render: (d) => <SeverityBadge score={d.severity.score} /> },
              { key: 'kind', title: 'detect', render: (d) => <Link to={detectPath(d.id) + keep}>{d.kind}</Link> },
              { key: 'subject', title: 'subject', render: (d) => <AddressLink address={d.subject} /> },
              { key: 'summary', title: 'summary', className: 'wrap' },
            ]}
          />
          {(detects.data?.length ?? 0) > 25 && <Link to={`/detects${keep}`}>All {detects.data!.length} detects…</Link>}
        </div>
        <div className="panel">
          <h2>Ingest and integrity</h2>
          {o && (
            <>
              <p>
                {o.files.length} files · quarantined{' '}
                <b className={o.totals.quarantined > 0 ? 'status-warn' : 'status-ok'}>
                  {fmtCount(o.totals.quarantined)}
                </b>
              </p>
              <DataTable
                testId="files-table"
                rows={o.files}
                columns={[
                  { key: 'path', title: 'file', className: 'wrap' },
                  { key: 'format', title: 'format' },
                  { key: 'events', title: 'events', className: 'num', render: (f) => fmtCount(f.events) },
                  {
                    key: 'quarantined',
                    title: 'quarantined',
                    className: 'num',
                    render: (f) => fmtCount(f.quarantined),
                  },
                  {
                    key: 'warnings',
                    title: 'warnings',
                    className: 'wrap',
                    render: (f) => (f.warnings ?? []).join('; '),
                  },
                ]}
              />
            </>
          )}
        </div>
      </div>
      {o && (
        <>
          <h2>Top talkers, ports and signatures per group</h2>
          <div className="grid">
            {o.groups.map((g) => (
              <div className="panel" key={g.group}>
                <h3>{g.group}</h3>
                <TopTable
                  title="Top talkers"
                  rows={g.talkers}
                  render={(e) => <AddressLink address={String(e.key)} />}
                />
                <TopTable title="Top ports" rows={g.ports} render={(e) => <PortLink port={e.key} />} />
                <TopTable
                  title="Top signatures"
                  rows={g.signatures}
                  render={(e) => <SignatureLink id={e.id ?? e.key} label={String(e.key)} />}
                />
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
