import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTextAddress } from './address.js';

/** Which texts are sanitised addresses (kept as written) and which are garbage (quarantined). */
const cases: { name: string; input: { text: string; prefixes?: string[] }; expected: boolean }[] = [
  { name: 'MY.NET with two octets', input: { text: 'MY.NET.84.235' }, expected: true },
  { name: 'MY.NET with one octet', input: { text: 'MY.NET.12' }, expected: true },
  { name: 'MY.NET alone', input: { text: 'MY.NET' }, expected: true },
  { name: 'MY.NET with a zero-padded octet', input: { text: 'MY.NET.01.2' }, expected: true },
  { name: 'Snort -O obfuscated quad', input: { text: 'xxx.xxx.xxx.xxx' }, expected: true },
  { name: 'obfuscated quad keeping some octets', input: { text: '10.xxx.1.xxx' }, expected: true },
  { name: 'MY.NET with three octets (a quad has four)', input: { text: 'MY.NET.1.2.3' }, expected: false },
  { name: 'MY.NET with an octet over 255', input: { text: 'MY.NET.256.1' }, expected: false },
  { name: 'printf debris inside a quad', input: { text: '1%s30.85.17.9' }, expected: false },
  { name: 'a percent sign after an octet', input: { text: '93%.134.197.160' }, expected: false },
  { name: 'a word that is no configured prefix', input: { text: 'ET.199.157' }, expected: false },
  { name: 'a prefix glued to more letters', input: { text: 'MY.NETX.1.2' }, expected: false },
  { name: 'a configured text prefix', input: { text: 'CORP.7.9', prefixes: ['CORP'] }, expected: true },
  {
    name: 'a configured prefix takes the rest of a quad',
    input: { text: 'CORP.1.2.3', prefixes: ['CORP'] },
    expected: true,
  },
  { name: 'without the configuration, the same text is garbage', input: { text: 'CORP.7.9' }, expected: false },
  { name: 'obfuscated with five parts', input: { text: 'xxx.xxx.xxx.xxx.xxx' }, expected: false },
  { name: 'letters only', input: { text: 'a.b' }, expected: false },
];

for (const { name, input, expected } of cases) {
  test(`isTextAddress: ${name}`, () => assert.equal(isTextAddress(input.text, input.prefixes), expected));
}
