/**
 * The server's change channel (server-sent events): each message means the store changed (an
 * ingest added rows). Pages that show live figures refetch when the counter moves.
 */
import { useEffect, useState } from 'react';
import { apiUrl } from './api.js';

export function useChanges(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const token = sessionStorage.getItem('idsift-token');
    const source = new EventSource(apiUrl('/api/changes', { token }));
    source.onmessage = () => setVersion((v) => v + 1);
    return () => source.close();
  }, []);
  return version;
}
