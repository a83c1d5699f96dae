import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ianaAllocationV4, ianaAllocationV6 } from './iana-registry.js';
import { rangeToCidrs } from './range-to-cidrs.js';
import { defaultRegistryData, lookupRegistry, type RegistryData } from './registry-lookup.js';
import { SortedRangeFile, splitCsvLine } from './sorted-range-file.js';
import { specialRangeV4, specialRangeV6 } from './special-addresses.js';
import { parseIpv4, parseIpv6 } from '../../core/address.js';

const FIXTURES = new URL('../../../test/fixtures/profile/', import.meta.url).pathname;

function fixtureData(): RegistryData {
  return {
    asn: {
      v4: SortedRangeFile.open(join(FIXTURES, 'asn-ipv4-num.csv')),
      v6: SortedRangeFile.open(join(FIXTURES, 'asn-ipv6-num.csv')),
    },
    country: { v4: SortedRangeFile.open(join(FIXTURES, 'asn-country-ipv4-num.csv')), v6: null },
    sources: ['fixture'],
  };
}

describe('IANA tables', () => {
  const v4: [string, string | null, string][] = [
    ['130.85.12.4', 'ARIN', 'LEGACY'],
    ['81.220.163.126', 'RIPE NCC', 'ALLOCATED'],
    ['24.1.2.3', 'ARIN', 'ALLOCATED'],
    ['61.1.1.1', 'APNIC', 'ALLOCATED'],
    ['200.1.1.1', 'LACNIC', 'ALLOCATED'],
    ['41.1.1.1', 'AFRINIC', 'ALLOCATED'],
    ['25.1.1.1', 'RIPE NCC', 'LEGACY'],
    ['10.1.1.1', null, 'RESERVED'],
    ['239.1.1.1', null, 'RESERVED'],
  ];
  for (const [address, rir, status] of v4) {
    it(`IPv4 ${address} → ${rir ?? 'IANA'}`, () => {
      const row = ianaAllocationV4(parseIpv4(address));
      assert.equal(row.rir, rir);
      assert.equal(row.status, status);
    });
  }
  it('every /8 has one row with a known registry', () => {
    const rirs = new Set<string | null>();
    for (let octet = 0; octet < 256; octet++) {
      const row = ianaAllocationV4(octet * 2 ** 24);
      assert.equal(row.prefix, `${octet}/8`);
      rirs.add(row.rir);
    }
    assert.deepEqual([...rirs].sort(), ['AFRINIC', 'APNIC', 'ARIN', 'LACNIC', 'RIPE NCC', null].sort());
  });
  const v6: [string, string | null][] = [
    ['2a00:1450::1', 'RIPE NCC'],
    ['2600::1', 'ARIN'],
    ['2400:cb00::1', 'APNIC'],
    ['2800:3f0::1', 'LACNIC'],
    ['2c0f:f248::1', 'AFRINIC'],
    ['2001:4860::8888', 'ARIN'],
    ['2001:db8::1', null],
  ];
  for (const [address, rir] of v6)
    it(`IPv6 ${address} → ${rir ?? 'IANA'}`, () =>
      assert.equal(ianaAllocationV6(parseIpv6(address)!)?.rir ?? null, rir));
});

describe('special-purpose space', () => {
  const cases: [string, RegExp | null][] = [
    ['10.0.0.1', /private/],
    ['172.31.255.255', /private/],
    ['172.32.0.0', null],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrier-grade/],
    ['127.0.0.1', /loopback/],
    ['169.254.1.1', /link-local/],
    ['192.0.2.7', /documentation/],
    ['224.0.0.5', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['8.8.8.8', null],
  ];
  for (const [address, purpose] of cases) {
    it(address, () => {
      const special = specialRangeV4(parseIpv4(address));
      if (purpose === null) assert.equal(special, null);
      else assert.match(special?.purpose ?? '', purpose);
    });
  }
  it('IPv6', () => {
    assert.match(specialRangeV6(parseIpv6('fe80::1')!)!.purpose, /link-local/);
    assert.match(specialRangeV6(parseIpv6('fd00::1')!)!.purpose, /unique local/);
    assert.match(specialRangeV6(parseIpv6('2001:db8::1')!)!.purpose, /documentation/);
    assert.equal(specialRangeV6(parseIpv6('2a00:1450::1')!), null);
  });
});

describe('SortedRangeFile', () => {
  it('finds ranges at their edges, misses gaps and both ends, reads quoted fields', () => {
    const file = SortedRangeFile.open(join(FIXTURES, 'asn-ipv4-num.csv'))!;
    const cases: [bigint, string | null][] = [
      [16777215n, null],
      [16777216n, '13335'],
      [16777471n, '13335'],
      [16777472n, null],
      [16778240n, '38803'],
      [134250000n, '3356'],
      [2186608640n, '11131'],
      [3758096383n, '64512'],
      [3758096384n, null],
    ];
    for (const [value, asn] of cases) assert.equal(file.find(value)?.fields[0] ?? null, asn, String(value));
    assert.deepEqual(file.find(16777300n)?.fields, ['13335', 'Cloudflare, Inc.']);
    assert.deepEqual(file.find(134217728n)?.fields, ['3356', 'LEVEL3 "quoted" name']);
    file.close();
  });

  it('agrees with a linear scan on a generated file with long and short lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idsift-ranges-'));
    try {
      let seed = 7;
      const rand = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const rows: [number, number, string][] = [];
      let at = 1000;
      for (let i = 0; i < 3000; i++) {
        at += rand(50);
        const end = at + rand(40);
        rows.push([at, end, 'x'.repeat(rand(700))]);
        at = end + 1;
      }
      const path = join(dir, 'ranges.csv');
      writeFileSync(path, rows.map(([s, e, name]) => `${s},${e},${name.length},"${name}"`).join('\n') + '\n');
      const file = SortedRangeFile.open(path)!;
      for (let probe = 0; probe < 2000; probe++) {
        const value = rand(at + 100);
        const expected = rows.find(([s, e]) => value >= s && value <= e);
        assert.equal(file.find(BigInt(value))?.start ?? null, expected ? BigInt(expected[0]) : null, `value ${value}`);
      }
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a last line without a newline, and skips an unreadable line where the search lands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idsift-ranges-'));
    try {
      const path = join(dir, 'ranges.csv');
      writeFileSync(path, '1,5,a\nnot,a,range\n10,20,b');
      const file = SortedRangeFile.open(path)!;
      assert.deepEqual(file.find(15n)?.fields, ['b']);
      assert.deepEqual(file.find(3n)?.fields, ['a']);
      assert.equal(file.find(21n), null);
      file.close();
      assert.equal(SortedRangeFile.open(join(dir, 'missing.csv')), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('splits CSV lines', () => {
    assert.deepEqual(splitCsvLine('1,2,"a, ""b""",c'), ['1', '2', 'a, "b"', 'c']);
    assert.deepEqual(splitCsvLine('1,2,'), ['1', '2', '']);
  });
});

describe('rangeToCidrs', () => {
  const cases: [string, string, 4 | 6, string[]][] = [
    ['130.85.0.0', '130.85.255.255', 4, ['130.85.0.0/16']],
    ['24.0.0.0', '24.23.255.255', 4, ['24.0.0.0/12', '24.16.0.0/13']],
    ['1.0.0.1', '1.0.0.1', 4, ['1.0.0.1/32']],
    ['0.0.0.0', '255.255.255.255', 4, ['0.0.0.0/0']],
  ];
  for (const [lo, hi, family, expected] of cases) {
    it(`${lo}–${hi}`, () =>
      assert.deepEqual(rangeToCidrs(BigInt(parseIpv4(lo)), BigInt(parseIpv4(hi)), family), expected));
  }
  it('IPv6', () => {
    const lo = BigInt(`0x${parseIpv6('2001:4860::')}`);
    assert.deepEqual(rangeToCidrs(lo, lo + (1n << 96n) - 1n, 6), ['2001:4860::/32']);
  });
});

describe('lookupRegistry', () => {
  const data = fixtureData();
  it('public IPv4: registry, network, ASN, holder, country', () => {
    const info = lookupRegistry('130.85.12.4', data);
    assert.equal(info.kind, 'public');
    assert.equal(info.rir, 'ARIN');
    assert.deepEqual(info.network, { start: '130.85.0.0', end: '130.85.255.255', cidrs: ['130.85.0.0/16'] });
    assert.equal(info.asn, 11131);
    assert.equal(info.holder, 'University of Maryland Baltimore County (UMBC)');
    assert.deepEqual(info.country, { code: 'US', name: 'United States' });
    assert.equal(info.note, null);
  });
  it('IPv4-mapped IPv6 is the IPv4 host', () => assert.equal(lookupRegistry('::ffff:1.0.0.7', data).asn, 13335));
  it('IPv6', () => {
    const info = lookupRegistry('2001:4860:4860::8888', data);
    assert.deepEqual(
      [info.rir, info.asn, info.holder, info.network?.cidrs],
      ['ARIN', 15169, 'Google LLC', ['2001:4860::/32']],
    );
    assert.equal(info.country, null);
  });
  it('address in no routed network', () => {
    const info = lookupRegistry('9.9.9.9', data);
    assert.equal(info.asn, null);
    assert.match(info.note!, /no routed network/);
  });
  it('private and sanitised addresses get an honest answer', () => {
    const priv = lookupRegistry('192.168.1.10', data);
    assert.deepEqual([priv.kind, priv.routable, priv.asn], ['special', false, null]);
    assert.match(priv.note!, /RFC 1918/);
    const sanitised = lookupRegistry('MY.NET.12.4', data);
    assert.deepEqual([sanitised.kind, sanitised.routable, sanitised.rir], ['sanitised', false, null]);
    assert.match(sanitised.note!, /sanitised/);
  });
  it('without the data packages the registry part still answers', () => {
    const info = lookupRegistry('130.85.12.4', {
      asn: { v4: null, v6: null },
      country: { v4: null, v6: null },
      sources: [],
    });
    assert.equal(info.rir, 'ARIN');
    assert.match(info.note!, /not installed/);
  });
  it('the installed ip-location-db packages answer, fast', () => {
    const real = defaultRegistryData();
    assert.ok(real.asn.v4 && real.asn.v6 && real.country.v4, 'data packages installed');
    const started = performance.now();
    const google = lookupRegistry('8.8.8.8', real);
    const umbc = lookupRegistry('130.85.1.1', real);
    const v6 = lookupRegistry('2001:4860:4860::8888', real);
    const ms = performance.now() - started;
    assert.deepEqual([google.asn, google.country?.code], [15169, 'US']);
    assert.equal(umbc.asn, 11131);
    assert.equal(v6.asn, 15169);
    assert.ok(ms < 500, `three lookups took ${ms} ms`);
    assert.ok(real.sources.some((s) => s.startsWith('@ip-location-db/asn ')));
  });
});
