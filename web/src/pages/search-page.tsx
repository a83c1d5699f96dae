/**
 * `/search`: events filtered by address, CIDR, group, port, signature, log kind and time range.
 * The server pages the table (no page holds more than one page of rows), the filters live in the
 * URL, and CSV export downloads every matching row from the server (formula-safe there).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { apiUrl, type Params } from '../api.js';
import { EventPages } from '../components/event-pages.js';
import { useEventPage } from '../components/use-event-page.js';
import { navigate, withQuery, type Location } from '../router.js';

const SEARCH_FILTERS = [
  ['address', 'address (either side)', '24.1.2.3'],
  ['cidr', 'CIDR', '10.0.0.0/8'],
  ['group', 'group', 'internal'],
  ['port', 'port', '80'],
  ['signature', 'signature', 'message or gid:sid'],
  ['kind', 'log kind', 'alert,scans'],
  ['from', 'from (UTC)', '2004-04-20T00:00:00Z'],
  ['to', 'to (UTC)', '2004-04-21T00:00:00Z'],
] as const;

function filtersOf(loc: Location): Params {
  const out: Params = {};
  for (const [k] of SEARCH_FILTERS) out[k] = loc.query.get(k);
  return out;
}

export function SearchPage({ loc }: { loc: Location }): ReactNode {
  const filters = filtersOf(loc);
  const paging = useEventPage(loc, filters);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(SEARCH_FILTERS.map(([k]) => [k, loc.query.get(k) ?? ''])),
  );
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    navigate(withQuery(loc, { ...draft, after: undefined }));
  };
  return (
    <section data-testid="search-page">
      <h1>Search events</h1>
      <form className="filters" onSubmit={submit} data-testid="search-form">
        {SEARCH_FILTERS.map(([k, label, example]) => (
          <label key={k}>
            {label}
            <input
              name={k}
              value={draft[k] ?? ''}
              placeholder={example}
              onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
            />
          </label>
        ))}
        <button type="submit">Search</button>
        <button
          type="button"
          onClick={() => {
            setDraft(Object.fromEntries(SEARCH_FILTERS.map(([k]) => [k, ''])));
            navigate('/search');
          }}
        >
          Clear
        </button>
        <a
          className="button"
          href={apiUrl('/api/events.csv', filters)}
          download="idsift-events.csv"
          data-testid="csv-export"
        >
          Export CSV
        </a>
      </form>
      <EventPages paging={paging} testId="search-results" empty="No events match." />
    </section>
  );
}
