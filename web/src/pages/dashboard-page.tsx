/**
 * `/`: events over time per log kind (brush a range to filter everything), top talkers, ports and
 * signatures per address group, the detects with their severity, and the ingest and integrity
 * status. Follows the server's change channel, so a running `ingest --follow` shows up here within
 * seconds, without a reload.
 */
import { useMemo, type ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { DetectList, Status, Timeline, TopAnswer, TopEntry } from '../api-types.js';
import { DataTable } from '../components/data-table.js';
import { AddressLink, detectPath, PortLink, SignatureLink } from '../components/entity-links.js';
import { fmtCount, fmtTime, KindBadge, Problem, SeverityBadge, StaleDetects } from '../components/format.js';
import { TimeChart } from '../components/time-chart.js';
import { timelinePoints, type TimePoint } from '../components/timeline-points.js';
import { useLiveRefresh } from '../live.js';
import { carriedQuery, Link, navigate, withQuery, type Location } from '../router.js';

const DETECTS_SHOWN = 25;

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
          { key: 'key', title: title.replace(/^Top /, ''), className: 'wrap', render },
          { key: 'events', title: 'events', className: 'num', render: (e) => fmtCount(e.events) },
        ]}
      />
    </div>
  );
}

/** Whether [a, b] overlaps the brushed range (open ends match anything). */
function overlaps(a: string | null, b: string | null, from: string | null, to: string | null): boolean {
  if (from && b && b < from) return false;
  if (to && a && a >= to) return false;
  return true;
}

function bucketName(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function DashboardPage({ loc }: { loc: Location }): ReactNode {
  const live = useLiveRefresh();
  const from = loc.query.get('from');
  const to = loc.query.get('to');
  const status = useApi<Status>('/api/status', live);
  const timeline = useApi<Timeline>(apiUrl('/api/timeline', { from, to }), live);
  const top = useApi<TopAnswer>(apiUrl('/api/top', { from, to, limit: 5 }), live);
  const detects = useApi<DetectList>('/api/detects', live);
  const keep = carriedQuery(loc);
  const points = useMemo<TimePoint[]>(() => (timeline.data ? timelinePoints(timeline.data) : []), [timeline.data]);
  const findings = (detects.data?.findings ?? []).filter((d) => overlaps(d.first_ts, d.last_ts, from, to));
  const s = status.data;
  return (
    <section data-testid="dashboard">
      <span className="live" data-testid="live-status">
        live{live > 0 ? ` · ${live} update${live === 1 ? '' : 's'}` : ''} · {s ? `${fmtCount(s.events)} events` : ''}
      </span>
      <h1>Dashboard</h1>
      <Problem error={status.error ?? timeline.error ?? top.error ?? detects.error} />
      {s && (
        <p data-testid="totals">
          <b>{fmtCount(s.events)}</b> events, {fmtTime(s.first_ts)} → {fmtTime(s.last_ts)} in {s.files.length} files ·{' '}
          {s.kinds.map((k) => (
            <span key={k}>
              <KindBadge kind={k} />{' '}
            </span>
          ))}
        </p>
      )}
      <div className="panel">
        <h2>
          Events over time{timeline.data ? ` (per ${bucketName(timeline.data.bucket_seconds)})` : ''} — drag across the
          chart to filter every panel by time
        </h2>
        {timeline.data && (
          <TimeChart points={points} onBrush={(f, t) => navigate(withQuery(loc, { from: f, to: t }))} />
        )}
      </div>
      <div className="grid two">
        <div className="panel">
          <h2>
            Detects ({fmtCount(findings.length)}
            {from || to ? ' in range' : ''})
          </h2>
          <StaleDetects stale={detects.data?.stale} />
          <DataTable
            testId="detects-table"
            rows={findings.slice(0, DETECTS_SHOWN)}
            empty={detects.loading ? 'Loading detects…' : 'No detects.'}
            columns={[
              { key: 'score', title: 'sev', render: (d) => <SeverityBadge score={d.severity.score} /> },
              { key: 'kind', title: 'detect', render: (d) => <Link to={detectPath(d.id) + keep}>{d.kind}</Link> },
              { key: 'subject', title: 'subject', render: (d) => <AddressLink address={d.subject} /> },
              { key: 'summary', title: 'summary', className: 'wrap' },
            ]}
          />
          {findings.length > DETECTS_SHOWN && <Link to={`/detects${keep}`}>All {findings.length} detects…</Link>}
        </div>
        <div className="panel">
          <h2>Ingest and integrity</h2>
          {s && (
            <>
              <p>
                {s.backend} store · {s.files.length} files · quarantined{' '}
                <b className={s.quarantined > 0 ? 'status-warn' : 'status-ok'} data-testid="quarantined">
                  {fmtCount(s.quarantined)}
                </b>
              </p>
              <DataTable
                testId="files-table"
                rows={s.files}
                columns={[
                  { key: 'file', title: 'file', className: 'wrap' },
                  { key: 'format', title: 'format' },
                  { key: 'rows', title: 'events', className: 'num', render: (f) => fmtCount(f.rows) },
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
      {top.data && (
        <>
          <h2>Top talkers, ports and signatures per group{from || to ? ' (in range)' : ''}</h2>
          <div className="grid" data-testid="top-groups">
            {top.data.groups.map((g) => (
              <div className="panel" key={g.group}>
                <h3>{g.group}</h3>
                <TopTable
                  title="Top talkers"
                  rows={g.talkers}
                  render={(e) => <AddressLink address={String(e.key)} />}
                />
                <TopTable title="Top ports" rows={g.ports} render={(e) => <PortLink port={e.key} />} />
                <TopTable title="Top signatures" rows={g.signatures} render={(e) => <SignatureLink id={e.key} />} />
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
