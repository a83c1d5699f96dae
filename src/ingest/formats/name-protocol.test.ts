import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIcmp, nameProtocol } from './name-protocol.js';

const cases: { name: string; input: string; expected: string }[] = [
  { name: 'Lua fast-log {6}', input: '6', expected: 'TCP' },
  { name: 'EVE zero-padded 017', input: '017', expected: 'UDP' },
  { name: 'ICMP', input: '1', expected: 'ICMP' },
  { name: 'ICMPv6', input: '58', expected: 'IPV6-ICMP' },
  { name: 'unknown number kept', input: '254', expected: '254' },
  { name: 'names kept as written', input: 'IPv6-ICMP', expected: 'IPv6-ICMP' },
  { name: "Suricata's PROTO:nnn kept", input: 'PROTO:254', expected: 'PROTO:254' },
  { name: 'long digit strings kept', input: '0006', expected: '0006' },
  { name: 'empty kept', input: '', expected: '' },
];

for (const { name, input, expected } of cases) {
  test(`nameProtocol: ${name}`, () => assert.equal(nameProtocol(input), expected));
}

test('isIcmp knows both ICMP spellings and nothing else', () => {
  assert.deepEqual(
    ['ICMP', 'IPV6-ICMP', 'IPv6-ICMP', 'TCP', 'UDP', undefined].map(isIcmp),
    [true, true, true, false, false, false],
  );
});
