/**
 * One keyset page of `GET /api/events` for a set of filters, the cursor taken from the page's URL
 * (`after`), and the count of every match beside it.
 */
import { apiUrl, useApi, type Loaded, type Params } from '../api.js';
import type { EventPage } from '../api-types.js';
import { navigate, withQuery, type Location } from '../router.js';

export const PAGE_SIZE = 100;

export interface EventPaging {
  events: Loaded<EventPage>;
  count: Loaded<{ count: number }>;
  first: boolean;
  toFirst: () => void;
  toNext: (after: string) => void;
}

/** `filters` null: not yet known (nothing is fetched). */
export function useEventPage(loc: Location, filters: Params | null, refresh: number = 0): EventPaging {
  const after = loc.query.get('after');
  const events = useApi<EventPage>(filters && apiUrl('/api/events', { ...filters, limit: PAGE_SIZE, after }), refresh);
  const count = useApi<{ count: number }>(filters && apiUrl('/api/events/count', filters), refresh);
  return {
    events,
    count,
    first: !after,
    toFirst: () => navigate(withQuery(loc, { after: undefined })),
    toNext: (next) => navigate(withQuery(loc, { after: next })),
  };
}
