import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { AddressBook } from '../../../core/address-book.js';
import { loadConfig } from '../../../core/config.js';
import { DEFAULT_PROFILE_LIMIT } from '../../../analyze/profile/address-activity.js';
import { profileAddress, type AddressProfile } from '../../../analyze/profile/profile-address.js';
import { DEFAULT_RDAP_URL } from '../../../analyze/profile/rdap-lookup.js';
import { createStore } from '../../../store/create-store.js';
import { storeLocation, storeNamed, withContext, type CliContext } from '../cli-context.js';
import { parsePositiveInt, printJson, printLine, printTable, warn } from '../output.js';
import { sanitiseOutput } from '../../sanitise-output.js';
import { storeOptions } from './store-options.js';

interface ProfileCommandOptions {
  live?: boolean;
  rdapUrl: string;
  refresh?: boolean;
  limit: number;
  json?: boolean;
  store?: string;
  db?: string;
  config?: string;
}

export function profileCommand(): Command {
  return storeOptions(new Command('profile'))
    .description('Who holds an address (registry, network block, ASN, holder, country) and what it did in the logs')
    .argument('<address>', 'an address as logs write it: 24.1.2.3, MY.NET.12.4, 2001:db8::1')
    .option('--live', 'also ask the registry over RDAP (answers are cached; see IDSIFT_CACHE_DIR)')
    .option('--rdap-url <url>', 'RDAP base URL', parseUrl, DEFAULT_RDAP_URL)
    .option('--refresh', 'with --live: ignore the cached answer')
    .option('--limit <n>', 'rows in each top list', parsePositiveInt('--limit'), DEFAULT_PROFILE_LIMIT)
    .option('--json', 'print one JSON object to stdout')
    .addHelpText(
      'after',
      `
Registry, network, ASN, holder and country come from data shipped with idsift (IANA tables and
the ip-location-db packages): no network needed. Private, reserved and sanitised (MY.NET.x.y)
addresses are reported as such; a sanitised address aliased to real space (config "aliases") is
looked up under its real spelling. --live adds the registry's RDAP record, cached under
$IDSIFT_CACHE_DIR, $XDG_CACHE_HOME/idsift or ~/.cache/idsift. A failed live lookup prints the
offline profile, one line on stderr, and exits 1.

Examples:
  idsift profile 24.1.2.3
  idsift profile MY.NET.12.4 --config idsift.config.json
  idsift profile 81.220.163.126 --live --json
  idsift profile 2a00:1450::1 --live --rdap-url https://rdap.db.ripe.net`,
    )
    .action(async (address: string, opts: ProfileCommandOptions) => {
      const options = {
        limit: opts.limit,
        live: Boolean(opts.live),
        rdap: { baseUrl: opts.rdapUrl, refresh: Boolean(opts.refresh) },
      };
      // Without any store the registry part still answers; a store the command line, environment
      // or config file names that is missing is an error.
      const named = storeNamed(opts) || loadConfig(opts.config).store !== undefined;
      const profile =
        named || existsSync(storeLocation(opts))
          ? await withContext(opts, (ctx) => profileAddress(ctx, address, options))
          : await withEmptyStore(opts, (ctx) => profileAddress(ctx, address, options));
      if (opts.json) printJson(profile);
      else printProfile(profile);
      if (profile.live?.status === 'error') {
        process.stderr.write(`idsift: ${sanitiseOutput.terminal(profile.live.error)}\n`);
        process.exitCode = 1;
      }
    });
}

/** No store yet: the registry part still answers; the activity is empty. */
async function withEmptyStore<T>(opts: ProfileCommandOptions, body: (ctx: CliContext) => Promise<T>): Promise<T> {
  warn(`no store at ${storeLocation(opts)}: showing registry data only`);
  const config = loadConfig(opts.config);
  const book = new AddressBook(config.address);
  const store = await createStore({ backend: 'duckdb', path: ':memory:' });
  try {
    await store.applyAddressBook(book, config.addressHash);
    return await body({ config, book, store });
  } finally {
    await store.close();
  }
}

function parseUrl(value: string): string {
  if (!/^https?:\/\/[^\s/]+/i.test(value))
    throw new InvalidArgumentError(`--rdap-url must be an http(s) URL, not "${value}"`);
  return value;
}

function printProfile(p: AddressProfile): void {
  const field = (name: string, value: string): void => printLine(`${name.padEnd(10)}${value}`);
  const r = p.registry;
  printLine(
    `${p.address}  group ${p.group}${p.host !== p.address ? `  host ${p.host}` : ''}${
      p.aliases.length ? `  also seen as ${p.aliases.join(', ')}` : ''
    }`,
  );
  if (r.looked_up_as) field('looked up', r.looked_up_as);
  if (r.rir || r.iana) {
    const iana = r.iana
      ? ` (IANA ${r.iana.prefix}: ${r.iana.designation}${r.iana.status ? `, ${r.iana.status}` : ''})`
      : '';
    field('registry', `${r.rir ?? 'none'}${iana}`);
  }
  if (r.network) field('network', `${r.network.start} – ${r.network.end}  (${r.network.cidrs.join(', ')})`);
  if (r.asn !== null) field('AS', `${r.asn}${r.holder ? `  ${r.holder}` : ''}`);
  if (r.country) field('country', `${r.country.code}  ${r.country.name}`);
  if (r.note) field('note', r.note);

  const a = p.activity;
  printLine();
  if (a.events === 0) printLine('no events in the store');
  else {
    field('seen', `${a.first_seen} – ${a.last_seen}`);
    field(
      'events',
      `${a.events.toLocaleString('en-US')}  (${Object.entries(a.by_source)
        .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
        .join(', ')})`,
    );
    if (a.top_signatures.length > 0) {
      printTable(
        ['signature', 'events', 'as source', 'as destination'],
        a.top_signatures.map((s) => [s.key, s.events, s.as_source, s.as_destination]),
        {
          title: 'Top signatures',
        },
      );
    }
    const peers = (title: string, rows: AddressProfile['activity']['top_peers']['as_source']): void => {
      if (rows.length === 0) return;
      // Spellings only when the logs wrote the peer some other way than its host name.
      const seenAs = (r: (typeof rows)[number]): string =>
        r.seen_as.length === 1 && r.seen_as[0]!.key === r.key
          ? ''
          : r.seen_as.map((s) => `${s.key} (${s.events})`).join(', ');
      printTable(
        ['host', 'group', 'events', 'seen as'],
        rows.map((r) => [r.key, r.group, r.events, seenAs(r)]),
        { title },
      );
    };
    peers('Peers it sent to', a.top_peers.as_source);
    peers('Peers that sent to it', a.top_peers.as_destination);
    const ports = (title: string, rows: AddressProfile['activity']['top_ports']['as_source']): void => {
      if (rows.length > 0)
        printTable(
          ['port', 'events'],
          rows.map((r) => [r.key, r.events]),
          { title },
        );
    };
    ports('Ports it targeted', a.top_ports.as_source);
    ports('Its ports targeted', a.top_ports.as_destination);
  }
  if (p.live) printLive(p.live, field);
}

function printLive(live: NonNullable<AddressProfile['live']>, field: (name: string, value: string) => void): void {
  printLine();
  if (live.status === 'skipped') {
    field('RDAP', `not asked: ${live.reason}`);
    return;
  }
  if (live.status === 'error') return; // one line on stderr, from the caller
  const n = live.network;
  field('RDAP', `${live.url}  (${live.from === 'cache' ? `cached ${live.fetched_at}` : 'fetched now'})`);
  if (n.handle || n.name) field('handle', [n.handle, n.name].filter(Boolean).join('  '));
  if (n.start_address)
    field('range', `${n.start_address} – ${n.end_address ?? '?'}${n.cidrs.length ? `  (${n.cidrs.join(', ')})` : ''}`);
  if (n.type) field('type', n.type);
  if (n.country) field('country', n.country);
  if (n.parent_handle) field('parent', n.parent_handle);
  for (const e of n.entities)
    field(e.roles.join(', ') || 'entity', [e.name, e.handle && `(${e.handle})`].filter(Boolean).join(' '));
  for (const e of n.events) field(e.action, e.date);
}
