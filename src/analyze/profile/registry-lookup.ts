/**
 * Who an address belongs to, offline: the registry (IANA tables in data/), the routed network
 * block, its ASN and holder, and its country, from the ip-location-db data packages (RouteViews
 * and RIR data; CC BY 4.0). Special-purpose space and sanitised addresses get an honest answer
 * instead of a made-up owner.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseAddress } from '../../core/address.js';
import { ianaAllocationV4, ianaAllocationV6 } from './iana-registry.js';
import { formatAddress, rangeToCidrs } from './range-to-cidrs.js';
import { specialRangeV4, specialRangeV6 } from './special-addresses.js';
import { SortedRangeFile } from './sorted-range-file.js';

export interface RegistryInfo {
  /** The address looked up (IP spelling). */
  address: string;
  /** `public`: registry data applies; `special`: reserved/private space; `sanitised`: not an IP at all. */
  kind: 'public' | 'special' | 'sanitised';
  routable: boolean;
  /** Why registry data does not apply, or what is missing. */
  note: string | null;
  iana: { prefix: string; designation: string; status: string | null } | null;
  /** AFRINIC, APNIC, ARIN, LACNIC or RIPE NCC. */
  rir: string | null;
  /** The routed block that holds the address, as a range and as CIDR blocks. */
  network: { start: string; end: string; cidrs: string[] } | null;
  asn: number | null;
  holder: string | null;
  country: { code: string; name: string } | null;
  /** The data packages answers came from, with versions (for the report's sources). */
  data_sources: string[];
}

/** Range files by family; any may be missing (package not installed): answers are then partial. */
export interface RegistryData {
  asn: { v4: SortedRangeFile | null; v6: SortedRangeFile | null };
  country: { v4: SortedRangeFile | null; v6: SortedRangeFile | null };
  sources: string[];
}

const ASN_PACKAGE = '@ip-location-db/asn';
const COUNTRY_PACKAGE = '@ip-location-db/asn-country';

let defaultData: RegistryData | null = null;

/** The installed data packages, opened once per process. */
export function defaultRegistryData(): RegistryData {
  if (defaultData) return defaultData;
  const asn = packageDir(ASN_PACKAGE);
  const country = packageDir(COUNTRY_PACKAGE);
  const open = (dir: string | null, file: string): SortedRangeFile | null =>
    dir ? SortedRangeFile.open(join(dir, file)) : null;
  defaultData = {
    asn: { v4: open(asn, 'asn-ipv4-num.csv'), v6: open(asn, 'asn-ipv6-num.csv') },
    country: { v4: open(country, 'asn-country-ipv4-num.csv'), v6: open(country, 'asn-country-ipv6-num.csv') },
    sources: [
      ...(asn ? [`${ASN_PACKAGE} ${packageVersion(asn)} (RouteViews, RIR and DB-IP data, CC BY 4.0)`] : []),
      ...(country ? [`${COUNTRY_PACKAGE} ${packageVersion(country)} (RIR data via NRO, CC BY 4.0)`] : []),
      'IANA IPv4/IPv6 address space registries (data/iana-ipv4-rir.csv, data/iana-ipv6-rir.csv)',
    ],
  };
  return defaultData;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Registry facts for one address as written in a log. */
export function lookupRegistry(address: string, data: RegistryData = defaultRegistryData()): RegistryInfo {
  const parsed = parseAddress(address);
  const base: RegistryInfo = {
    address,
    kind: 'public',
    routable: true,
    note: null,
    iana: null,
    rir: null,
    network: null,
    asn: null,
    holder: null,
    country: null,
    data_sources: data.sources,
  };
  if (parsed.kind === 'text') {
    return {
      ...base,
      kind: 'sanitised',
      routable: false,
      note: `"${address}" is not an IP address: the log's publisher replaced the real network (sanitised), so no registry knows it`,
    };
  }
  const family = parsed.kind === 'v4' ? 4 : 6;
  const value = parsed.kind === 'v4' ? BigInt(parsed.value) : BigInt(`0x${parsed.hex}`);
  const special = parsed.kind === 'v4' ? specialRangeV4(parsed.value) : specialRangeV6(parsed.hex);
  const iana = parsed.kind === 'v4' ? ianaAllocationV4(parsed.value) : ianaAllocationV6(parsed.hex);
  base.iana = iana && { prefix: iana.prefix, designation: iana.designation, status: iana.status };
  if (special) {
    return {
      ...base,
      kind: 'special',
      routable: false,
      note: `not routable on the Internet: ${special.purpose} (${special.cidr})`,
    };
  }
  base.rir = iana?.rir ?? null;
  const files = family === 4 ? data.asn.v4 : data.asn.v6;
  const asnRow = files?.find(value) ?? null;
  if (asnRow) {
    base.network = {
      start: formatAddress(asnRow.start, family),
      end: formatAddress(asnRow.end, family),
      cidrs: rangeToCidrs(asnRow.start, asnRow.end, family),
    };
    const asn = Number(asnRow.fields[0]);
    base.asn = Number.isInteger(asn) && asn > 0 ? asn : null;
    base.holder = asnRow.fields[1] || null;
  }
  const countryRow = (family === 4 ? data.country.v4 : data.country.v6)?.find(value) ?? null;
  const code = countryRow?.fields[0]?.toUpperCase();
  if (code && /^[A-Z]{2}$/.test(code)) base.country = { code, name: countryName(code) };
  if (!files) base.note = `ASN data not installed (npm package ${ASN_PACKAGE})`;
  else if (!asnRow)
    base.note = 'no routed network holds this address in the ASN data (unannounced or unallocated space)';
  return base;
}

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function packageDir(name: string): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

function packageVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}
