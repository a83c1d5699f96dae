import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanUnsigned } from './scan-unsigned.js';

const cases: { name: string; input: [text: string, max: number, radix?: 10 | 16]; expected: number }[] = [
  { name: 'decimal', input: ['4660', 0xffff], expected: 4660 },
  { name: 'zero', input: ['0', 0xff], expected: 0 },
  { name: '0x switches to hex', input: ['0xB24F001', 0xffffffff], expected: 0xb24f001 },
  { name: '0X upper case prefix and lower-case digits', input: ['0Xff', 0xff], expected: 255 },
  { name: 'bare hex with radix 16', input: ['1b', 0xff, 16], expected: 0x1b },
  { name: 'a lone 0x is not a number', input: ['0x', 0xff], expected: -1 },
  { name: 'empty', input: ['', 0xff], expected: -1 },
  { name: 'letters in decimal', input: ['12a', 0xffff], expected: -1 },
  { name: 'hex digits without the prefix in decimal mode', input: ['ff', 0xffff], expected: -1 },
  { name: 'sign is not accepted', input: ['-1', 0xffff], expected: -1 },
  { name: 'over max', input: ['65536', 0xffff], expected: -1 },
  { name: 'a thousand digits stop early instead of overflowing', input: ['9'.repeat(1000), Number.MAX_SAFE_INTEGER], expected: -1 },
];

for (const { name, input, expected } of cases) {
  test(`scanUnsigned: ${name}`, () => {
    const [text, max, radix] = input;
    assert.equal(scanUnsigned(text, 0, text.length, max, radix), expected);
  });
}

test('scanUnsigned reads only its range', () => {
  assert.equal(scanUnsigned('ID:4660 IpLen:20', 3, 7, 0xffff), 4660);
});
