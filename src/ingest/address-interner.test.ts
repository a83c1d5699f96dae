import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressInterner, canonicalIpv4Value } from './address-interner.js';

const values = [
  { name: 'canonical quad', input: '10.1.2.3', expected: 167838211 },
  { name: 'top of range', input: '255.255.255.255', expected: 4294967295 },
  { name: 'zero', input: '0.0.0.0', expected: 0 },
  { name: 'leading zero is not canonical', input: '010.1.2.3', expected: -1 },
  { name: 'octet out of range', input: '256.1.1.1', expected: -1 },
  { name: 'sanitised', input: 'MY.NET.1.2', expected: -1 },
  { name: 'IPv6', input: '2001:db8::1', expected: -1 },
  { name: 'three octets', input: '1.2.3', expected: -1 },
  { name: 'trailing dot', input: '1.2.3.4.', expected: -1 },
];
for (const c of values)
  test(`canonicalIpv4Value: ${c.name}`, () => assert.equal(canonicalIpv4Value(c.input), c.expected));

test('AddressInterner: ids are dense, stable, and distinguish spellings', () => {
  const interner = new AddressInterner();
  const seen = new Map<string, number>();
  // Enough addresses to force several table growths, mixed with text and odd spellings.
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 200_000; i++) {
      const address =
        i % 7 === 0
          ? `MY.NET.${i % 256}.${(i >> 8) % 256}`
          : `${(i * 37) % 223}.${i % 256}.${(i >> 8) % 256}.${i % 251}`;
      const id = interner.intern(address);
      if (seen.has(address)) {
        assert.equal(id, seen.get(address));
        assert.equal(interner.lastWasNew, false);
      } else {
        assert.equal(id, seen.size, 'new ids are dense, in first-seen order');
        assert.equal(interner.lastWasNew, true);
        seen.set(address, id);
      }
    }
  }
  assert.notEqual(interner.intern('010.1.2.3'), interner.intern('10.1.2.3'));
  assert.equal(interner.size, seen.size + 2);
});

test('AddressInterner: an address above 2^31 has one id whether given unsigned or as its int32 pattern', () => {
  const interner = new AddressInterner();
  for (const text of ['205.11.46.53', '128.0.0.0', '255.255.255.255', '130.85.18.2']) {
    const unsigned = canonicalIpv4Value(text);
    const id = interner.internIpv4(unsigned | 0);
    assert.equal(interner.lastWasNew, true, text);
    assert.equal(interner.internIpv4(unsigned), id, `${text} unsigned`);
    assert.equal(interner.intern(text), id, `${text} as text`);
    assert.equal(interner.lastWasNew, false, text);
  }
});
