import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textPrefixesOf, type AddressBookConfig } from './address-book.js';

const cases: { name: string; input: AddressBookConfig; expected: string[] }[] = [
  { name: 'no config: MY.NET only', input: { groups: {}, aliases: [] }, expected: ['MY.NET'] },
  {
    name: 'text entries of groups and aliases, not CIDRs or IPv6',
    input: { groups: { lab: ['10.0.0.0/8', 'LAB.NET', 'fc00::/7', 'MY.NET'] }, aliases: [['CORP.', '130.85']] },
    expected: ['MY.NET', 'LAB.NET', 'CORP'],
  },
];

for (const { name, input, expected } of cases) {
  test(`textPrefixesOf: ${name}`, () => assert.deepEqual(textPrefixesOf(input), expected));
}
