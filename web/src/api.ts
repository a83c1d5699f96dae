/**
 * The JSON API of `idsift serve` (docs/API.md), fetched from the same origin. The access token, when
 * the server asks for one, is taken from the page's URL once (`?token=`) and kept for the tab.
 */
import { useEffect, useState } from 'react';

const TOKEN_KEY = 'idsift-token';

function token(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { authorization: `Bearer ${t}` } : {};
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | boolean | undefined | null>;

/** `/api/x?a=1` from a route and parameters, dropping empty ones. */
export function apiUrl(route: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${route}?${s}` : route;
}

async function readError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    const m = body.error ?? body.message;
    if (typeof m === 'string') message = m;
    else if (m && typeof m === 'object' && 'message' in m) message = String((m as { message: unknown }).message);
  } catch {
    // Not JSON: the status line says enough.
  }
  return new ApiError(message, res.status);
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json', ...authHeaders() }, signal });
  if (!res.ok) throw await readError(res);
  return (await res.json()) as T;
}

export async function sendJson<T>(method: string, url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await readError(res);
  return (await res.json()) as T;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * GET `url` whenever it (or `refresh`) changes; an older answer never overwrites a newer one. A
 * refresh keeps the old data on screen until the new arrives, so live updates do not flicker; a new
 * `url` never shows the old url's answer, not even for the one render before its fetch starts.
 */
export function useApi<T>(url: string | null, refresh: string | number = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { url: string | null }>({
    url,
    data: null,
    error: null,
    loading: url !== null,
  });
  useEffect(() => {
    if (url === null) {
      setState({ url, data: null, error: null, loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ url, data: s.url === url ? s.data : null, error: null, loading: true }));
    getJson<T>(url, ctl.signal).then(
      (data) => setState({ url, data, error: null, loading: false }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setState((s) => ({
          url,
          data: s.url === url ? s.data : null,
          error: e instanceof Error ? e.message : String(e),
          loading: false,
        }));
      },
    );
    return () => ctl.abort();
  }, [url, refresh]);
  if (state.url !== url) return { data: null, error: null, loading: url !== null };
  return { data: state.data, error: state.error, loading: state.loading };
}
