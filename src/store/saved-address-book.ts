/**
 * The address book a store saved with its data (the `meta` rows `address_hash` and
 * `address_config`), read the same way by every backend: one query for both.
 */
import type { Store } from './store.js';

export interface SavedAddressBook {
  /** The hash of the groups and aliases the stored addresses are classified under; null before any. */
  hash: string | null;
  /** The config those came from, as JSON text; null before any. */
  config: string | null;
}

export async function readSavedAddressBook(store: Pick<Store, 'all'>): Promise<SavedAddressBook> {
  const rows = await store.all<{ key: string; value: string }>(
    `SELECT key, value FROM meta WHERE key IN ('address_hash', 'address_config')`,
  );
  const value = (key: string): string | null => rows.find((r) => r.key === key)?.value ?? null;
  return { hash: value('address_hash'), config: value('address_config') };
}
