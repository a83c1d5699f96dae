/**
 * A small history-API router: each page has its own URL, Back and Forward work, and links open in
 * a new tab with the usual modifier keys. The query string carries filters (time range, page), so
 * a filtered view can be bookmarked and Back undoes a filter.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

/** Go to an in-app URL; `replace` keeps Back from stepping through every keystroke of a filter. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!options.replace) window.scrollTo(0, 0);
  for (const l of listeners) l();
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = (): void => setLoc(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** The current URL with some query parameters set (undefined or '' removes one). */
export function withQuery(loc: Location, changes: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams(loc.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${loc.path}?${s}` : loc.path;
}

/** The time-range filter (from the dashboard's brush) carried from page to page. */
export function carriedQuery(loc: Location): string {
  const q = new URLSearchParams();
  for (const k of ['from', 'to']) {
    const v = loc.query.get(k);
    if (v) q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode };

/** An anchor that navigates in the app; a modified or middle click keeps the browser's meaning. */
export function Link({ to, children, ...rest }: LinkProps): ReactNode {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
