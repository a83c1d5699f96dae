/**
 * How the report writes numbers, times, sizes and endpoints — the same in HTML and Markdown, so
 * the two outputs can be compared line by line. Pure text; escaping is the renderer's job.
 */

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `2004-04-20T14:37:50.000Z` → `2004-04-20 14:37:50` (the report states once that times are UTC). */
export function formatTime(iso: string | null): string {
  if (iso === null) return '';
  return iso
    .replace('T', ' ')
    .replace(/\.0+Z$/, '')
    .replace(/Z$/, '');
}

/** `addr:port`, with IPv6 in brackets so the port stays readable. */
export function formatEndpoint(address: string | null, port: number | null): string {
  if (address === null) return '—';
  const host = address.includes(':') ? `[${address}]` : address;
  return port === null ? host : `${host}:${port}`;
}

/** A human duration between two ISO instants: `3 d 4 h`, `22 min`, `14 s`. */
export function formatSpan(first: string, last: string): string {
  let seconds = Math.max(0, Math.round((Date.parse(last) - Date.parse(first)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds - hours * 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min`;
}

/** Kind-specific detail as `ttl=78 ip_id=4660`, in a stable order. */
export function formatDetail(detail: Readonly<Record<string, string | number | boolean>> | undefined): string {
  if (!detail) return '';
  return Object.keys(detail)
    .sort()
    .map((k) => `${k}=${String(detail[k])}`)
    .join(' ');
}
