/**
 * The server's change channel (`GET /api/live`, server-sent events): a `version` event on connect
 * and each time the store file changes. `useLiveRefresh` counts the changes after the first, so a
 * page passing it to its fetches reloads when an `ingest --follow` commits, without a reload.
 */
import { useEffect, useState } from 'react';

export function useLiveRefresh(): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    let seen: string | null = null;
    // The token cookie set by the first `?token=` request authenticates the stream.
    const source = new EventSource('/api/live');
    source.addEventListener('version', (e) => {
      let v: unknown;
      try {
        v = (JSON.parse((e as MessageEvent<string>).data) as { version?: unknown }).version;
      } catch {
        return; // A malformed message is ignored; the next one carries the version again.
      }
      if (typeof v !== 'string') return;
      if (seen !== null && v !== seen) setChanges((n) => n + 1);
      seen = v;
    });
    return () => source.close();
  }, []);
  return changes;
}
