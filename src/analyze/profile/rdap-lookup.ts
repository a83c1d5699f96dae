/**
 * `--live`: the registry's own record of the network holding an address, over RDAP (RFC 9082/9083,
 * `GET <base>/ip/<address>`; rdap.org redirects to the right RIR). Answers are cached on disk so a
 * second profile of the same address, or of the report, makes no request.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEFAULT_RDAP_URL = 'https://rdap.org';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_AGE_DAYS = 30;
/** Largest RDAP answer read; registry records are a few kB. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface RdapOptions {
  /** Base URL (`https://rdap.org`, or an RIR's own server). */
  baseUrl?: string;
  cacheDir: string;
  /** Cached answers older than this are fetched again. */
  maxAgeDays?: number;
  timeoutMs?: number;
  /** Ignore the cache (the fresh answer is still cached). */
  refresh?: boolean;
  fetchImpl?: typeof fetch;
  now?: () => Date;
}

export interface RdapEntity {
  handle: string | null;
  roles: string[];
  /** vCard `fn`. */
  name: string | null;
}

export interface RdapNetwork {
  handle: string | null;
  name: string | null;
  type: string | null;
  country: string | null;
  start_address: string | null;
  end_address: string | null;
  cidrs: string[];
  parent_handle: string | null;
  entities: RdapEntity[];
  /** Registration events (`registration`, `last changed`…). */
  events: { action: string; date: string }[];
  remarks: string[];
}

export type RdapAnswer =
  | { status: 'ok'; from: 'cache' | 'network'; url: string; fetched_at: string; network: RdapNetwork }
  | { status: 'error'; url: string; error: string };

interface CacheEntry {
  url: string;
  fetched_at: string;
  /** The server's JSON as received: parsing improvements apply to old entries too. */
  body: unknown;
}

/** RDAP record for one IP address (canonical text), from the cache or the network. */
export async function lookupRdap(address: string, options: RdapOptions): Promise<RdapAnswer> {
  const base = (options.baseUrl ?? DEFAULT_RDAP_URL).replace(/\/+$/, '');
  const url = `${base}/ip/${encodeURIComponent(address)}`;
  const now = options.now ?? (() => new Date());
  const file = join(options.cacheDir, 'rdap', `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
  if (!options.refresh) {
    const cached = await readCache(file);
    const maxAgeMs = (options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS) * 86_400_000;
    if (cached && cached.url === url && now().getTime() - Date.parse(cached.fetched_at) < maxAgeMs) {
      const network = parseRdapNetwork(cached.body);
      if (network) return { status: 'ok', from: 'cache', url, fetched_at: cached.fetched_at, network };
    }
  }
  const fetched = await fetchJson(url, options);
  if (!fetched.ok) return { status: 'error', url, error: fetched.error };
  const network = parseRdapNetwork(fetched.body);
  if (!network) return { status: 'error', url, error: `RDAP ${url}: the answer is not an IP network object` };
  const fetchedAt = now().toISOString();
  await writeCache(file, { url, fetched_at: fetchedAt, body: fetched.body });
  return { status: 'ok', from: 'network', url, fetched_at: fetchedAt, network };
}

async function fetchJson(
  url: string,
  options: RdapOptions,
): Promise<{ ok: true; body: unknown } | { ok: false; error: string }> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/rdap+json, application/json' },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (cause) {
    const error = cause as Error & { cause?: { code?: string; message?: string } };
    const why =
      error.name === 'TimeoutError'
        ? 'no answer in time'
        : (error.cause?.code ?? error.cause?.message ?? error.message);
    return { ok: false, error: `RDAP ${url}: request failed (${why})` };
  }
  const text = await readBody(response);
  let body: unknown = null;
  try {
    body = text === null ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const title = rdapErrorTitle(body);
    const what = response.status === 404 ? 'no record' : response.status >= 500 ? 'server error' : 'refused';
    return { ok: false, error: `RDAP ${url}: ${what} (HTTP ${response.status}${title ? `: ${title}` : ''})` };
  }
  if (body === null || typeof body !== 'object') return { ok: false, error: `RDAP ${url}: the answer is not JSON` };
  return { ok: true, body };
}

async function readBody(response: Response): Promise<string | null> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return null;
  const text = await response.text().catch(() => null);
  return text !== null && text.length <= MAX_BODY_BYTES ? text : null;
}

function rdapErrorTitle(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const title = (body as { title?: unknown }).title;
  return typeof title === 'string' ? title.slice(0, 200).replace(/\s+/g, ' ') : null;
}

/** The fields of an RDAP IP network object worth showing; `null` when it is not one. */
export function parseRdapNetwork(body: unknown): RdapNetwork | null {
  if (!body || typeof body !== 'object') return null;
  const o = body as Record<string, unknown>;
  if (o.objectClassName !== undefined && o.objectClassName !== 'ip network') return null;
  const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
  const cidrs = Array.isArray(o.cidr0_cidrs)
    ? o.cidr0_cidrs.flatMap((c) => {
        const r = c as Record<string, unknown>;
        const prefix = str(r.v4prefix) ?? str(r.v6prefix);
        return prefix && typeof r.length === 'number' ? [`${prefix}/${r.length}`] : [];
      })
    : [];
  const events = Array.isArray(o.events)
    ? o.events.flatMap((e) => {
        const r = e as Record<string, unknown>;
        const action = str(r.eventAction);
        const date = str(r.eventDate);
        return action && date ? [{ action, date }] : [];
      })
    : [];
  const remarks = Array.isArray(o.remarks)
    ? o.remarks.flatMap((r) => {
        const d = (r as { description?: unknown }).description;
        return Array.isArray(d) ? d.filter((line): line is string => typeof line === 'string') : [];
      })
    : [];
  return {
    handle: str(o.handle),
    name: str(o.name),
    type: str(o.type),
    country: str(o.country),
    start_address: str(o.startAddress),
    end_address: str(o.endAddress),
    cidrs,
    parent_handle: str(o.parentHandle),
    entities: flattenEntities(o.entities, 0),
    events,
    remarks,
  };
}

/** Entities and the entities inside them (a registrant's abuse contact), two levels deep. */
function flattenEntities(value: unknown, depth: number): RdapEntity[] {
  if (!Array.isArray(value) || depth > 1) return [];
  return value.flatMap((e) => {
    if (!e || typeof e !== 'object') return [];
    const r = e as Record<string, unknown>;
    const roles = Array.isArray(r.roles) ? r.roles.filter((x): x is string => typeof x === 'string') : [];
    const entity: RdapEntity = {
      handle: typeof r.handle === 'string' ? r.handle : null,
      roles,
      name: vcardName(r.vcardArray),
    };
    return [entity, ...flattenEntities(r.entities, depth + 1)];
  });
}

/** `["vcard", [["fn", {}, "text", "Google LLC"], …]]` → `Google LLC`. */
function vcardName(vcard: unknown): string | null {
  if (!Array.isArray(vcard) || !Array.isArray(vcard[1])) return null;
  for (const prop of vcard[1] as unknown[]) {
    if (Array.isArray(prop) && prop[0] === 'fn' && typeof prop[3] === 'string') return prop[3];
  }
  return null;
}

async function readCache(file: string): Promise<CacheEntry | null> {
  try {
    const entry = JSON.parse(await readFile(file, 'utf8')) as CacheEntry;
    return typeof entry.url === 'string' && typeof entry.fetched_at === 'string' ? entry : null;
  } catch {
    // Missing or damaged: fetch again.
    return null;
  }
}

/** Write-then-rename, so a reader never sees half an entry. A cache that cannot be written is not an error. */
async function writeCache(file: string, entry: CacheEntry): Promise<void> {
  try {
    await mkdir(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, file);
  } catch {
    // Read-only home or full disk: the answer is still returned, just not kept.
  }
}
