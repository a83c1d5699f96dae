/** The workbench's frame: the navigation bar, the carried time filter, and one page per URL. */
import type { ReactNode } from 'react';
import { AddressPage } from './pages/address-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { DetectPage } from './pages/detect-page.js';
import { DetectsPage } from './pages/detects-page.js';
import { PortPage } from './pages/port-page.js';
import { SearchPage } from './pages/search-page.js';
import { SignaturePage } from './pages/signature-page.js';
import { SqlPage } from './pages/sql-page.js';
import { carriedQuery, Link, navigate, useLocation, withQuery, type Location } from './router.js';

/** The page for a path, or null when no page has that URL. */
function pageFor(loc: Location): ReactNode | null {
  const parts = loc.path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, arg] = parts;
  if (parts.length === 0) return <DashboardPage loc={loc} />;
  if (parts.length === 1 && head === 'detects') return <DetectsPage loc={loc} />;
  if (parts.length === 1 && head === 'search') return <SearchPage loc={loc} />;
  if (parts.length === 1 && head === 'sql') return <SqlPage loc={loc} />;
  if (parts.length === 2 && arg !== undefined) {
    if (head === 'ip') return <AddressPage key={arg} loc={loc} address={arg} />;
    if (head === 'detect') return <DetectPage key={arg} loc={loc} id={arg} />;
    if (head === 'port') return <PortPage key={arg} loc={loc} port={arg} />;
    if (head === 'signature') return <SignaturePage key={arg} loc={loc} id={arg} />;
  }
  return null;
}

function TimeFilter({ loc }: { loc: Location }): ReactNode {
  const from = loc.query.get('from');
  const to = loc.query.get('to');
  if (!from && !to) return null;
  return (
    <div className="time-filter" data-testid="time-filter">
      Time range: <b>{from ?? '…'}</b> → <b>{to ?? '…'}</b>{' '}
      <button
        type="button"
        onClick={() => navigate(withQuery(loc, { from: undefined, to: undefined, page: undefined }))}
      >
        Clear
      </button>
    </div>
  );
}

export function App(): ReactNode {
  const loc = useLocation();
  const page = pageFor(loc);
  const keep = carriedQuery(loc);
  const nav: [string, string][] = [
    ['/', 'Dashboard'],
    ['/detects', 'Detects'],
    ['/search', 'Search'],
    ['/sql', 'SQL'],
  ];
  return (
    <>
      <header className="top">
        <Link to={`/${keep}`} className="brand">
          idsift
        </Link>
        <nav>
          {nav.map(([path, label]) => (
            <Link key={path} to={path + keep} className={loc.path === path ? 'active' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <form
          className="jump"
          onSubmit={(e) => {
            e.preventDefault();
            const v = new FormData(e.currentTarget).get('address');
            if (typeof v === 'string' && v.trim()) navigate(`/ip/${encodeURIComponent(v.trim())}${keep}`);
          }}
        >
          <input name="address" placeholder="Go to address…" aria-label="Go to address" />
        </form>
      </header>
      <main>
        <TimeFilter loc={loc} />
        {page ?? (
          <section>
            <h1>Not found</h1>
            <p>
              No page at this address. <Link to="/">Back to the dashboard</Link>.
            </p>
          </section>
        )}
      </main>
    </>
  );
}
