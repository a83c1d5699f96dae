/**
 * `idsift profile ADDR`, and the report's profile of its most suspicious addresses: who holds the
 * address (registry, network block, ASN, holder, country: offline), what it did across every log,
 * and with `live` the registry's own RDAP record.
 */
import type { AddressBook } from '../../core/address-book.js';
import { parseAddress } from '../../core/address.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_PROFILE_LIMIT, summariseActivity, type AddressActivity } from './address-activity.js';
import { idsiftCacheDir } from './cache-dir.js';
import { lookupRdap, type RdapAnswer, type RdapOptions } from './rdap-lookup.js';
import { defaultRegistryData, lookupRegistry, type RegistryData, type RegistryInfo } from './registry-lookup.js';

/** What a profile needs; the CLI's context fits. */
export interface ProfileContext {
  store: Store;
  book: AddressBook;
}

export interface ProfileOptions {
  /** Rows in each top list (default 5, as the practical's tables). */
  limit?: number;
  /** Also ask the registry over RDAP. */
  live?: boolean;
  rdap?: Partial<RdapOptions>;
  /** Range data to use instead of the installed packages (tests). */
  registryData?: RegistryData;
}

export type LiveProfile = RdapAnswer | { status: 'skipped'; reason: string };

export interface AddressProfile {
  address: string;
  /** The one name of the host across aliased spaces. */
  host: string;
  group: string;
  /** Other spellings of the host seen in the store. */
  aliases: string[];
  /** Registry facts; for a sanitised address, those of an aliased IP spelling when there is one. */
  registry: RegistryInfo & { looked_up_as: string | null };
  activity: Omit<AddressActivity, 'spellings'>;
  /** Only with `live`. */
  live: LiveProfile | null;
}

/** Profile one address as written in a log (`24.1.2.3`, `MY.NET.12.4`, `2001:db8::1`). */
export async function profileAddress(
  ctx: ProfileContext,
  address: string,
  options: ProfileOptions = {},
): Promise<AddressProfile> {
  const host = ctx.book.hostOf(address);
  const { spellings, ...activity } = await summariseActivity(ctx.store, host, options.limit ?? DEFAULT_PROFILE_LIMIT);
  const registry = registryFor(ctx.book, address, options.registryData ?? defaultRegistryData());
  let live: LiveProfile | null = null;
  if (options.live) {
    live = registry.routable
      ? await lookupRdap(parseAddress(registry.address).canonical, { cacheDir: idsiftCacheDir(), ...options.rdap })
      : { status: 'skipped', reason: registry.note ?? 'not a routable address' };
  }
  return {
    address,
    host,
    group: ctx.book.groupOf(address),
    aliases: spellings.filter((s) => s !== address),
    registry,
    activity,
    live,
  };
}

/**
 * Registry facts for the address; a sanitised spelling (`MY.NET.12.4`) is looked up as its
 * aliased IP spelling (`130.85.12.4`) when the config says they are the same machine.
 */
function registryFor(book: AddressBook, address: string, data: RegistryData): AddressProfile['registry'] {
  const own = lookupRegistry(address, data);
  if (own.kind !== 'sanitised') return { ...own, looked_up_as: null };
  const ip = book.spellingsOf(address).find((s) => parseAddress(s).kind !== 'text');
  if (ip === undefined) return { ...own, looked_up_as: null };
  const aliased = lookupRegistry(ip, data);
  return {
    ...aliased,
    note: [`${address} is sanitised; looked up its alias ${ip}`, aliased.note].filter(Boolean).join('; '),
    looked_up_as: ip,
  };
}
