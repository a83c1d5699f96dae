/** A paged event table: pager above, the page's events, errors in place. */
import type { ReactNode } from 'react';
import { Pager } from './data-table.js';
import { EventTable } from './event-table.js';
import { Problem } from './format.js';
import type { EventPaging } from './use-event-page.js';

export function EventPages({
  paging,
  testId,
  empty,
}: {
  paging: EventPaging;
  testId: string;
  empty?: string;
}): ReactNode {
  const { events, count } = paging;
  return (
    <>
      <Problem error={events.error} />
      {events.data && (
        <>
          <Pager
            first={paging.first}
            next={events.data.next}
            shown={events.data.events.length}
            total={count.data?.count}
            onFirst={paging.toFirst}
            onNext={paging.toNext}
          />
          <EventTable rows={events.data.events} testId={testId} empty={empty} />
        </>
      )}
      {!events.data && events.loading && <p className="muted">Loading events…</p>}
    </>
  );
}
