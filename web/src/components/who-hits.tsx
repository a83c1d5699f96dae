/** Who hits a port or a signature, and when: sources, targets and a third list side by side. */
import type { ReactNode } from 'react';
import type { TopEntry } from '../api-types.js';
import { DataTable } from './data-table.js';
import { fmtCount } from './format.js';

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
  return (
    <div className="panel">
      <h2>{title}</h2>
      <DataTable
        testId={testId}
        rows={rows}
        empty="none"
        columns={[
          { key: 'key', title: title.toLowerCase(), render },
          { key: 'events', title: 'events', className: 'num', render: (e) => fmtCount(e.events) },
        ]}
      />
    </div>
  );
}
