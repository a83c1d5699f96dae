/** Who hits a port or a signature, and when: totals, counts per log kind, and top lists side by side. */
import type { ReactNode } from 'react';
import type { TopEntry, WhoHits } from '../api-types.js';
import { DataTable } from './data-table.js';
import { fmtCount, fmtTime, KindBadge } from './format.js';

export function TopList({
  title,
  rows,
  render,
  testId,
}: {
  title: string;
  rows: TopEntry[];
  render: (e: TopEntry) => ReactNode;
  testId?: string;
}): ReactNode {
  const grouped = rows.some((r) => r.group);
  return (
    <div className="panel">
      <h2>{title}</h2>
      <DataTable
        testId={testId}
        rows={rows}
        empty="none"
        columns={[
          { key: 'key', title: title.toLowerCase(), className: 'wrap', render },
          ...(grouped ? [{ key: 'group', title: 'group' }] : []),
          { key: 'events', title: 'events', className: 'num', render: (e: TopEntry) => fmtCount(e.events) },
        ]}
      />
    </div>
  );
}

export function WhoHitsSummary({ info, what }: { info: WhoHits; what: string }): ReactNode {
  return (
    <p data-testid="who-hits">
      <b>{fmtCount(info.events)}</b> {what}, {fmtTime(info.first_seen)} → {fmtTime(info.last_seen)} ·{' '}
      {Object.entries(info.by_source).map(([k, n]) => (
        <span key={k}>
          <KindBadge kind={k} /> {fmtCount(n)}{' '}
        </span>
      ))}
    </p>
  );
}
