/** Address parsing and canonical form: every spelling of one IP must become one text, and nothing else must. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalAddress, formatIpv4, formatIpv6, parseAddress, parseIpv4, parseIpv6 } from './address.js';

const ipv4Cases: { name: string; input: string; expected: number }[] = [
  { name: 'zero', input: '0.0.0.0', expected: 0 },
  { name: 'all ones', input: '255.255.255.255', expected: 0xffffffff },
  { name: 'ordinary', input: '130.85.1.2', expected: 0x82550102 },
  { name: 'leading zeros read as decimal', input: '010.001.002.003', expected: 0x0a010203 },
  { name: 'an octet over 255', input: '256.1.1.1', expected: -1 },
  { name: 'four digits', input: '0001.2.3.4', expected: -1 },
  { name: 'three parts', input: '1.2.3', expected: -1 },
  { name: 'five parts', input: '1.2.3.4.5', expected: -1 },
  { name: 'an empty part', input: '1..2.3', expected: -1 },
  { name: 'a trailing dot', input: '1.2.3.4.', expected: -1 },
  { name: 'a leading dot', input: '.1.2.3', expected: -1 },
  { name: 'with a port', input: '1.2.3.4:80', expected: -1 },
  { name: 'sanitised', input: 'MY.NET.1.2', expected: -1 },
  { name: 'empty', input: '', expected: -1 },
  { name: 'a space', input: '1.2.3.4 ', expected: -1 },
];

for (const c of ipv4Cases) {
  test(`parseIpv4: ${c.name}`, () => assert.equal(parseIpv4(c.input), c.expected));
}

const ipv6Cases: { name: string; input: string; expected: string | null }[] = [
  { name: 'unspecified', input: '::', expected: '0'.repeat(32) },
  { name: 'loopback', input: '::1', expected: `${'0'.repeat(31)}1` },
  {
    name: 'fully expanded',
    input: '2001:0db8:0000:0000:0000:0000:0000:0001',
    expected: '20010db8000000000000000000000001',
  },
  { name: 'compressed in the middle', input: '2001:db8::1', expected: '20010db8000000000000000000000001' },
  { name: 'compressed at the end', input: '2001:db8::', expected: '20010db8000000000000000000000000' },
  { name: 'upper case', input: '2001:DB8::A', expected: '20010db800000000000000000000000a' },
  { name: 'mixed case, leading zeros', input: 'FE80:0:0:0:0:0:0:00Ab', expected: 'fe8000000000000000000000000000ab' },
  { name: 'a :: standing for one group', input: '1:2:3:4:5:6:7::', expected: '00010002000300040005000600070000' },
  { name: 'embedded IPv4 (mapped)', input: '::ffff:1.2.3.4', expected: '00000000000000000000ffff01020304' },
  {
    name: 'embedded IPv4 after six groups',
    input: '64:ff9b:0:0:0:0:10.0.0.1',
    expected: '0064ff9b0000000000000000' + '0a000001',
  },
  { name: 'a zone id is dropped', input: 'fe80::1%eth0', expected: 'fe800000000000000000000000000001' },
  { name: 'a zone id with a dot', input: 'fe80::1%eth0.100', expected: 'fe800000000000000000000000000001' },
  { name: 'two ::', input: '1::2::3', expected: null },
  { name: 'nine groups', input: '1:2:3:4:5:6:7:8:9', expected: null },
  { name: 'eight groups and ::', input: '1:2:3:4:5:6:7:8::', expected: null },
  { name: 'seven groups, no ::', input: '1:2:3:4:5:6:7', expected: null },
  { name: 'a five-digit group', input: '12345::1', expected: null },
  { name: 'not hex', input: 'g::1', expected: null },
  { name: 'a leading single colon', input: ':1:2:3:4:5:6:7', expected: null },
  { name: 'a bad embedded IPv4', input: '::ffff:1.2.3', expected: null },
  { name: 'an embedded IPv4 making nine groups', input: '1:2:3:4:5:6:7:1.2.3.4', expected: null },
  { name: 'an IPv4 with a port', input: '1.2.3.4:80', expected: null },
  { name: 'no colon', input: '1.2.3.4', expected: null },
];

for (const c of ipv6Cases) {
  test(`parseIpv6: ${c.name}`, () => assert.equal(parseIpv6(c.input), c.expected));
}

const canonicalCases: { name: string; input: string; kind: 'v4' | 'v6' | 'text'; canonical: string }[] = [
  { name: 'IPv4 as is', input: '130.85.1.2', kind: 'v4', canonical: '130.85.1.2' },
  { name: 'IPv4 leading zeros dropped', input: '130.085.001.002', kind: 'v4', canonical: '130.85.1.2' },
  { name: 'IPv4-mapped IPv6 is the IPv4 host', input: '::ffff:130.85.1.2', kind: 'v4', canonical: '130.85.1.2' },
  { name: 'IPv4-mapped in hex', input: '::FFFF:8255:0102', kind: 'v4', canonical: '130.85.1.2' },
  {
    name: 'expanded IPv6 compressed',
    input: '2001:0db8:0000:0000:0000:0000:0000:0001',
    kind: 'v6',
    canonical: '2001:db8::1',
  },
  { name: 'upper case lowered', input: '2001:DB8::1', kind: 'v6', canonical: '2001:db8::1' },
  { name: 'the longest zero run is the one compressed', input: '1:0:0:2:0:0:0:3', kind: 'v6', canonical: '1:0:0:2::3' },
  { name: 'the first of equal zero runs', input: '1:0:0:2:0:0:3:4', kind: 'v6', canonical: '1::2:0:0:3:4' },
  { name: 'a single zero group is not compressed', input: '1:0:2:3:4:5:6:7', kind: 'v6', canonical: '1:0:2:3:4:5:6:7' },
  { name: 'all zero', input: '0:0:0:0:0:0:0:0', kind: 'v6', canonical: '::' },
  { name: 'zero run at the end', input: '1:0:0:0:0:0:0:0', kind: 'v6', canonical: '1::' },
  { name: 'zone id dropped', input: 'FE80::1%eth0', kind: 'v6', canonical: 'fe80::1' },
  { name: 'embedded IPv4 in a non-mapped prefix', input: '64:ff9b::10.0.0.1', kind: 'v6', canonical: '64:ff9b::a00:1' },
  { name: 'sanitised text kept as written', input: 'MY.NET.1.2', kind: 'text', canonical: 'MY.NET.1.2' },
  { name: 'garbage is text', input: 'not-an-ip', kind: 'text', canonical: 'not-an-ip' },
];

for (const c of canonicalCases) {
  test(`parseAddress: ${c.name}`, () => {
    const parsed = parseAddress(c.input);
    assert.equal(parsed.kind, c.kind);
    assert.equal(parsed.canonical, c.canonical);
  });
}

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

test('property: IPv4 text round-trips through its number', () => {
  console.log(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(fc.ipV4(), (ip) => formatIpv4(parseIpv4(ip)) === ip),
    { seed, numRuns: 500 },
  );
});

test('property: every spelling of an IPv6 address has one canonical form, which is a fixed point', () => {
  console.log(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(fc.ipV6(), fc.boolean(), (ip, upper) => {
      const spelled = upper ? ip.toUpperCase() : ip;
      const hex = parseIpv6(spelled);
      if (hex === null) return false;
      const expanded = hex.match(/.{4}/g)!.join(':');
      const canonical = canonicalAddress(spelled);
      return (
        canonicalAddress(expanded) === canonical &&
        canonicalAddress(canonical) === canonical &&
        (parseAddress(canonical).kind === 'v4' || formatIpv6(hex) === canonical)
      );
    }),
    { seed, numRuns: 500 },
  );
});
