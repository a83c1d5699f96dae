import { test } from 'node:test';
import assert from 'node:assert/strict';
import { illegalTcpFlagValues, judgeTcpFlags } from './tcp-flag-legality.js';

/** Parse a Snort flag string (`12UAPRSF`, `*` clear) into bits, so the table reads like the logs. */
function bits(flags: string): number {
  let out = 0;
  for (let i = 0; i < 8; i++) if (flags[i] !== '*') out |= 0x80 >> i;
  return out;
}

const cases: { flags: string; legal: boolean; name: string }[] = [
  { flags: '******S*', legal: true, name: 'SYN' },
  { flags: '12****S*', legal: true, name: 'ECN-setup SYN' },
  { flags: '*2****S*', legal: false, name: 'SYN with a lone reserved (ECN) bit' },
  { flags: '***A**S*', legal: true, name: 'SYN+ACK' },
  { flags: '*2*A**S*', legal: true, name: 'SYN+ACK with ECN bits' },
  { flags: '***A****', legal: true, name: 'ACK' },
  { flags: '12*A****', legal: true, name: 'ACK with ECN bits' },
  { flags: '***AP***', legal: true, name: 'PSH+ACK' },
  { flags: '*****R**', legal: true, name: 'RST' },
  { flags: '********', legal: false, name: 'NULL' },
  { flags: '12******', legal: false, name: 'NULL with reserved bits' },
  { flags: '**U*P**F', legal: false, name: 'XMAS' },
  { flags: '******SF', legal: false, name: 'SYN+FIN' },
  { flags: '*****RS*', legal: false, name: 'SYN+RST' },
  { flags: '*******F', legal: false, name: 'FIN without ACK' },
  { flags: '**UAPRSF', legal: false, name: 'all flags (full XMAS)' },
  { flags: '***A**SF', legal: false, name: 'invalid ACK combination SYN+FIN+ACK' },
  { flags: '****P***', legal: false, name: 'PSH without ACK' },
];

for (const c of cases) {
  test(`judgeTcpFlags ${c.flags} → ${c.legal ? 'legal' : 'illegal'} ${c.name}`, () => {
    const v = judgeTcpFlags(bits(c.flags));
    assert.deepEqual(v, { legal: c.legal, name: c.name, flags: c.flags });
  });
}

test('illegalTcpFlagValues: lists exactly the illegal bytes', () => {
  const values = new Set(illegalTcpFlagValues());
  assert.ok(values.has(0));
  assert.ok(!values.has(bits('12****S*')));
  assert.ok(!values.has(bits('******S*')));
  for (let b = 0; b < 256; b++) assert.equal(values.has(b), !judgeTcpFlags(b).legal);
});
