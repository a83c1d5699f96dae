/** Groups (CIDRs, single addresses, text prefixes) and aliases, as the config writes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressBook, DEFAULT_ADDRESS_CONFIG, type AddressBookConfig } from './address-book.js';
import { UserError } from './errors.js';

const CLASSIC: AddressBookConfig = {
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
};

const groupCases: { name: string; groups: Record<string, string[]>; address: string; expected: string }[] = [
  { name: '/0 holds every IPv4', groups: { all: ['0.0.0.0/0'] }, address: '255.255.255.255', expected: 'all' },
  { name: '/0 holds no IPv6', groups: { all: ['0.0.0.0/0'] }, address: '2001:db8::1', expected: 'external' },
  { name: '/32 holds its address', groups: { one: ['10.1.2.3/32'] }, address: '10.1.2.3', expected: 'one' },
  { name: '/32 holds no neighbour', groups: { one: ['10.1.2.3/32'] }, address: '10.1.2.4', expected: 'external' },
  { name: 'a non-aligned CIDR is its block', groups: { g: ['10.1.2.3/8'] }, address: '10.255.0.1', expected: 'g' },
  {
    name: 'a non-aligned CIDR, just outside',
    groups: { g: ['10.1.2.3/8'] },
    address: '11.0.0.0',
    expected: 'external',
  },
  { name: '/12 upper edge', groups: { g: ['172.16.0.0/12'] }, address: '172.31.255.255', expected: 'g' },
  { name: '/12 one past', groups: { g: ['172.16.0.0/12'] }, address: '172.32.0.0', expected: 'external' },
  { name: 'a single IPv4', groups: { g: ['1.2.3.4'] }, address: '1.2.3.4', expected: 'g' },
  {
    name: 'an IPv4-mapped spelling of a member',
    groups: { g: ['1.2.3.0/24'] },
    address: '::ffff:1.2.3.9',
    expected: 'g',
  },
  { name: 'IPv6 /128', groups: { g: ['2001:db8::1/128'] }, address: '2001:DB8:0:0:0:0:0:1', expected: 'g' },
  { name: 'IPv6 /128, neighbour', groups: { g: ['2001:db8::1/128'] }, address: '2001:db8::2', expected: 'external' },
  { name: 'IPv6 /0', groups: { g: ['::/0'] }, address: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', expected: 'g' },
  { name: 'IPv6 /0 holds no IPv4', groups: { g: ['::/0'] }, address: '1.2.3.4', expected: 'external' },
  { name: 'IPv6 non-aligned /7', groups: { g: ['fd12::/7'] }, address: 'fc00::1', expected: 'g' },
  { name: 'IPv6 /64 with a zone id', groups: { g: ['fe80::/64'] }, address: 'fe80::1%eth0', expected: 'g' },
  {
    name: 'a single IPv6, expanded in the config',
    groups: { g: ['2001:0db8:0000::0001'] },
    address: '2001:db8::1',
    expected: 'g',
  },
  { name: 'a text prefix', groups: { g: ['MY.NET'] }, address: 'MY.NET.1.2', expected: 'g' },
  {
    name: 'a text prefix is whole parts only',
    groups: { g: ['MY.NET'] },
    address: 'MY.NETWORK.1.2',
    expected: 'external',
  },
  { name: 'a text prefix with its dot', groups: { g: ['MY.NET.'] }, address: 'MY.NET.1.2', expected: 'g' },
  { name: 'a text prefix, deeper', groups: { g: ['MY.NET.12'] }, address: 'MY.NET.12.4', expected: 'g' },
  {
    name: 'a text prefix, deeper, another subnet',
    groups: { g: ['MY.NET.12'] },
    address: 'MY.NET.120.4',
    expected: 'external',
  },
  { name: 'a text prefix of IPv4 octets', groups: { g: ['130.85'] }, address: '130.85.7.7', expected: 'g' },
  {
    name: 'a text prefix of IPv4 octets, mapped spelling',
    groups: { g: ['130.85'] },
    address: '::ffff:130.85.7.7',
    expected: 'g',
  },
  {
    name: 'an IPv6 text prefix, uncompressed spelling',
    groups: { g: ['2001:db8'] },
    address: '2001:0DB8:0:0:0:0:0:1',
    expected: 'g',
  },
  {
    name: 'the first group in config order wins',
    groups: { a: ['10.0.0.0/8'], b: ['10.1.0.0/16'] },
    address: '10.1.1.1',
    expected: 'a',
  },
];

for (const c of groupCases) {
  test(`groupOf: ${c.name}`, () => {
    assert.equal(new AddressBook({ groups: c.groups, aliases: [] }).groupOf(c.address), c.expected);
  });
}

const defaultCases: { address: string; expected: string }[] = [
  { address: '10.0.0.1', expected: 'internal' },
  { address: '192.168.255.255', expected: 'internal' },
  { address: 'fd00::1', expected: 'internal' },
  { address: 'MY.NET.3.4', expected: 'internal' },
  { address: '127.0.0.1', expected: 'loopback' },
  { address: '127.255.255.254', expected: 'loopback' },
  { address: '::1', expected: 'loopback' },
  { address: '0:0:0:0:0:0:0:1', expected: 'loopback' },
  { address: '::ffff:127.0.0.1', expected: 'loopback' },
  { address: '128.0.0.1', expected: 'external' },
  { address: '::2', expected: 'external' },
];

for (const c of defaultCases) {
  test(`default groups: ${c.address} is ${c.expected}`, () => {
    assert.equal(new AddressBook(DEFAULT_ADDRESS_CONFIG).groupOf(c.address), c.expected);
  });
}

const badEntries: { name: string; entry: string; message: RegExp }[] = [
  { name: 'IPv4 prefix over 32', entry: '10.0.0.0/33', message: /bad prefix length in "10.0.0.0\/33"/ },
  { name: 'IPv6 prefix over 128', entry: '::/129', message: /bad prefix length/ },
  { name: 'a negative prefix', entry: '10.0.0.0/-1', message: /bad prefix length/ },
  { name: 'an empty prefix length', entry: '10.0.0.0/', message: /bad prefix length/ },
  { name: 'a hex prefix length', entry: '10.0.0.0/0x8', message: /bad prefix length/ },
  { name: 'a fractional prefix length', entry: '10.0.0.0/8.5', message: /bad prefix length/ },
  { name: 'a CIDR on a text prefix', entry: 'MY.NET.1.0/24', message: /neither a CIDR nor an address prefix/ },
  { name: 'an empty entry', entry: '', message: /empty entry/ },
];

for (const c of badEntries) {
  test(`group entry refused: ${c.name}`, () => {
    assert.throws(
      () => new AddressBook({ groups: { g: [c.entry] }, aliases: [] }),
      (e: unknown) => e instanceof UserError && c.message.test(e.message),
    );
  });
}

test('group name "external" is reserved', () => {
  assert.throws(() => new AddressBook({ groups: { external: ['1.2.3.4'] }, aliases: [] }), /reserved/);
});

const aliasCases: { name: string; aliases: [string, string][]; address: string; host: string; spellings: string[] }[] =
  [
    {
      name: 'the other side becomes the canonical one',
      aliases: [['MY.NET', '130.85']],
      address: '130.85.12.4',
      host: 'MY.NET.12.4',
      spellings: ['130.85.12.4', 'MY.NET.12.4'],
    },
    {
      name: 'the canonical side stays, and is also seen as the other',
      aliases: [['MY.NET', '130.85']],
      address: 'MY.NET.12.4',
      host: 'MY.NET.12.4',
      spellings: ['MY.NET.12.4', '130.85.12.4'],
    },
    {
      name: 'an octet-aligned CIDR as the other side',
      aliases: [['MY.NET', '130.85.0.0/16']],
      address: '130.85.1.1',
      host: 'MY.NET.1.1',
      spellings: ['130.85.1.1', 'MY.NET.1.1'],
    },
    {
      name: 'a /24 CIDR',
      aliases: [['LAB', '10.1.2.0/24']],
      address: '10.1.2.9',
      host: 'LAB.9',
      spellings: ['10.1.2.9', 'LAB.9'],
    },
    {
      name: 'a trailing dot on a side is the same prefix',
      aliases: [['MY.NET.', '130.85.']],
      address: '130.85.12.4',
      host: 'MY.NET.12.4',
      spellings: ['130.85.12.4', 'MY.NET.12.4'],
    },
    {
      name: 'an IPv4-mapped spelling is aliased as its IPv4',
      aliases: [['MY.NET', '130.85']],
      address: '::ffff:130.85.12.4',
      host: 'MY.NET.12.4',
      spellings: ['::ffff:130.85.12.4', 'MY.NET.12.4', '130.85.12.4'],
    },
    {
      name: 'a prefix matches whole octets only',
      aliases: [['MY.NET', '130.8']],
      address: '130.85.12.4',
      host: '130.85.12.4',
      spellings: ['130.85.12.4'],
    },
    {
      name: 'an address outside every alias is its canonical self',
      aliases: [['MY.NET', '130.85']],
      address: '2001:DB8::1',
      host: '2001:db8::1',
      spellings: ['2001:DB8::1', '2001:db8::1'],
    },
  ];

for (const c of aliasCases) {
  test(`aliases: ${c.name}`, () => {
    const book = new AddressBook({ groups: {}, aliases: c.aliases });
    assert.equal(book.hostOf(c.address), c.host);
    assert.deepEqual(book.spellingsOf(c.address), c.spellings);
  });
}

const badAliases: { name: string; alias: [string, string] }[] = [
  { name: 'a non-octet CIDR', alias: ['MY.NET', '130.85.0.0/12'] },
  { name: 'an IPv6 CIDR', alias: ['MY.NET', '2001:db8::/32'] },
  { name: 'an empty side', alias: ['', '130.85'] },
];

for (const c of badAliases) {
  test(`alias refused: ${c.name}`, () => {
    assert.throws(() => new AddressBook({ groups: {}, aliases: [c.alias] }), UserError);
  });
}

test('classic config: the firewall side and the sanitised side are one host in two groups', () => {
  const book = new AddressBook(CLASSIC);
  assert.equal(book.groupOf('130.85.84.235'), 'firewall');
  assert.equal(book.groupOf('MY.NET.84.235'), 'internal');
  assert.equal(book.hostOf('130.85.84.235'), 'MY.NET.84.235');
  assert.equal(book.groupOf(book.hostOf('130.85.84.235')), 'internal');
  assert.deepEqual(book.groupNames(), ['internal', 'firewall', 'external']);
});
