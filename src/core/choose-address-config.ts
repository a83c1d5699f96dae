/**
 * Which address config (groups, aliases) a command uses: the one the store saved at ingest, unless
 * the user's config file names one that differs. A store describes itself, so the same store
 * queried from another folder keeps its groups and aliases; a differing config is applied only
 * because the user gave it, and always with a notice that names the difference.
 */
import type { AddressBookConfig } from './address-book.js';
import { hashAddressConfig, type IdsiftConfig } from './config.js';

export interface AddressConfigChoice {
  address: AddressBookConfig;
  hash: string;
  /** One line for stderr when the choice departs from what the store saved; null otherwise. */
  notice: string | null;
}

/**
 * `purpose` is `ingest` (a differing config re-classifies the store and is saved) or `query` (it is
 * used for this run only; the store is not changed).
 */
export function chooseAddressConfig(
  stored: AddressBookConfig | null,
  config: Pick<IdsiftConfig, 'address' | 'addressHash' | 'addressGiven' | 'path'>,
  purpose: 'ingest' | 'query',
): AddressConfigChoice {
  const given = { address: config.address, hash: config.addressHash, notice: null };
  // A store from before configs were saved (or a new one): the config at hand, as always.
  if (stored === null) return given;
  const storedHash = hashAddressConfig(stored);
  if (!config.addressGiven || storedHash === config.addressHash)
    return { address: stored, hash: storedHash, notice: null };
  const difference = describeAddressDifference(stored, config.address);
  const notice =
    purpose === 'ingest'
      ? `re-classified the store's addresses under ${config.path} (${difference}); later commands use it`
      : `using the address config of ${config.path} for this run, not the store's saved one (${difference})`;
  return { ...given, notice };
}

/** What changed from `from` to `to`, in a few words: `group dmz added; group internal changed; 1 alias removed`. */
export function describeAddressDifference(from: AddressBookConfig, to: AddressBookConfig): string {
  const parts: string[] = [];
  const names = (list: string[]): string => list.join(', ');
  const added = Object.keys(to.groups).filter((g) => !Object.hasOwn(from.groups, g));
  const removed = Object.keys(from.groups).filter((g) => !Object.hasOwn(to.groups, g));
  const changed = Object.keys(to.groups).filter(
    (g) => Object.hasOwn(from.groups, g) && JSON.stringify(from.groups[g]) !== JSON.stringify(to.groups[g]),
  );
  if (added.length > 0) parts.push(`${plural(added.length, 'group')} ${names(added)} added`);
  if (removed.length > 0) parts.push(`${plural(removed.length, 'group')} ${names(removed)} removed`);
  if (changed.length > 0) parts.push(`${plural(changed.length, 'group')} ${names(changed)} changed`);
  const key = (a: readonly [string, string]): string => `${a[0]}=${a[1]}`;
  const fromAliases = new Set(from.aliases.map(key));
  const toAliases = new Set(to.aliases.map(key));
  const aliasesAdded = [...toAliases].filter((a) => !fromAliases.has(a));
  const aliasesRemoved = [...fromAliases].filter((a) => !toAliases.has(a));
  if (aliasesAdded.length > 0) parts.push(`${plural(aliasesAdded.length, 'alias')} ${names(aliasesAdded)} added`);
  if (aliasesRemoved.length > 0)
    parts.push(`${plural(aliasesRemoved.length, 'alias')} ${names(aliasesRemoved)} removed`);
  // Same groups and aliases in another order: order decides which group an address falls in first.
  if (parts.length === 0) parts.push('same groups and aliases in another order');
  return parts.join('; ');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : word === 'alias' ? 'aliases' : `${word}s`;
}
