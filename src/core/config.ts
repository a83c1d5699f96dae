/**
 * The user's config file (`idsift.config.json` in the working directory, or `--config PATH`):
 * address groups, aliases, and per-analysis thresholds. Validated once, here; each analysis
 * validates its own `detect.<name>` section against its own schema with defaults.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_ADDRESS_CONFIG, type AddressBookConfig } from './address-book.js';
import { UserError } from './errors.js';

export const CONFIG_FILE_NAME = 'idsift.config.json';

const configSchema = z
  .object({
    groups: z.record(z.string().min(1), z.array(z.string().min(1))).optional(),
    aliases: z.array(z.tuple([z.string().min(1), z.string().min(1)])).optional(),
    detect: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    store: z.string().min(1).optional(),
  })
  .strict();

export interface IdsiftConfig {
  address: AddressBookConfig;
  /** Raw per-analysis sections; each analysis parses its own with defaults. */
  detect: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where it came from (`null` for built-in defaults). */
  path: string | null;
  /** Stable hash of the address model: stores re-classify addresses when it changes. */
  addressHash: string;
  /**
   * Whether the file said anything about addresses (`groups` or `aliases`). When it did not, a
   * store's saved address config is used instead of the defaults.
   */
  addressGiven: boolean;
  /** The file's `"store"`: a store URL or path (see create-store.ts), used unless the command line or environment names one. */
  store?: string;
}

/** Parse config text; `origin` names the file in messages. */
export function parseConfig(text: string, origin: string): IdsiftConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new UserError(`${origin}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UserError(`${origin}: ${where}: ${issue.message}`);
  }
  const address: AddressBookConfig = {
    groups: parsed.data.groups ?? DEFAULT_ADDRESS_CONFIG.groups,
    aliases: parsed.data.aliases ?? [],
  };
  return {
    address,
    detect: parsed.data.detect ?? {},
    path: origin,
    addressHash: hashAddressConfig(address),
    addressGiven: parsed.data.groups !== undefined || parsed.data.aliases !== undefined,
    ...(parsed.data.store === undefined ? {} : { store: parsed.data.store }),
  };
}

/** Load `--config PATH` (must exist) or `./idsift.config.json` (optional), else the defaults. */
export function loadConfig(explicitPath?: string, cwd: string = process.cwd()): IdsiftConfig {
  const path = explicitPath ?? `${cwd}/${CONFIG_FILE_NAME}`;
  if (!existsSync(path)) {
    if (explicitPath !== undefined) throw new UserError(`config file not found: ${explicitPath}`);
    return defaultConfig();
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new UserError(`cannot read config ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(text, path);
}

export function defaultConfig(): IdsiftConfig {
  const address = DEFAULT_ADDRESS_CONFIG;
  return { address, detect: {}, path: null, addressHash: hashAddressConfig(address), addressGiven: false };
}

/**
 * The address config a store saved at ingest (JSON text), or null when it is not one: a store
 * whose saved config cannot be read falls back to the config at hand rather than failing.
 */
export function parseStoredAddressConfig(text: string): AddressBookConfig | null {
  try {
    const parsed = configSchema.pick({ groups: true, aliases: true }).required().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Stable hash of an address config: stores re-classify their addresses when it changes. */
export function hashAddressConfig(address: AddressBookConfig): string {
  return createHash('sha256').update(JSON.stringify(address)).digest('hex').slice(0, 16);
}
