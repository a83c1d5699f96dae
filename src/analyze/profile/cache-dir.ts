/**
 * Where idsift keeps what it fetched (RDAP answers): `$IDSIFT_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/idsift`, else `~/.cache/idsift`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function idsiftCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.IDSIFT_CACHE_DIR) return env.IDSIFT_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'idsift');
  return join(homedir(), '.cache', 'idsift');
}
