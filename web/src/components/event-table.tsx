/** Events as a dense table: log kind coloured, every address, port and signature a link. */
import type { ReactNode } from 'react';
import type { EventRow } from '../api-types.js';
import { DataTable, type Column } from './data-table.js';
import { AddressLink, PortLink, SignatureLink } from './entity-links.js';
import { fmtTime, KindBadge } from './format.js';

/** Scan probes and out-of-spec packets carry flags, not a rule's message: no signature page. */
function hasSignature(kind: string): boolean {
  return kind !== 'scans' && kind !== 'oos';
}

/** `extra` columns follow the event's own (a detect's evidence adds file:line and detail). */
export function EventTable({
  rows,
  empty,
  testId,
  extra = [],
}: {
  rows: EventRow[];
  empty?: string;
  testId?: string;
  extra?: Column<EventRow>[];
}): ReactNode {
  return (
    <DataTable
      testId={testId ?? 'event-table'}
      rows={rows}
      empty={empty ?? 'No events.'}
      columns={[
        { key: 'ts', title: 'time (UTC)', className: 'mono', render: (r) => fmtTime(r.ts) },
        { key: 'source', title: 'log', render: (r) => <KindBadge kind={r.source} /> },
        {
          key: 'event',
          title: 'event',
          className: 'wrap',
          render: (r) => (hasSignature(r.source) ? <SignatureLink id={r.event} /> : r.event),
        },
        { key: 'proto', title: 'proto' },
        { key: 'src', title: 'source', render: (r) => <AddressLink address={r.src} /> },
        { key: 'sport', title: 'sport', className: 'num', render: (r) => <PortLink port={r.sport} /> },
        { key: 'dst', title: 'destination', render: (r) => <AddressLink address={r.dst} /> },
        { key: 'dport', title: 'dport', className: 'num', render: (r) => <PortLink port={r.dport} /> },
        ...extra,
      ]}
    />
  );
}
