import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAlertLine, portscanMessage } from './alert-line.js';

const TS = '04/20-14:45:09.171005 ';

test('formatAlertLine writes the Snort 1.8 fast layouts (docs/FORMATS.md §1.2)', () => {
  const cases: { name: string; input: Parameters<typeof formatAlertLine>; expected: string }[] = [
    {
      name: 'TCP with ports',
      input: [TS, 'DDOS shaft client to handler', '81.220.163.126', 4662, 'MY.NET.84.235', 20432],
      expected:
        '04/20-14:45:09.171005  [**] DDOS shaft client to handler [**] 81.220.163.126:4662 -> MY.NET.84.235:20432\n',
    },
    {
      name: 'ICMP without ports',
      input: [TS, 'ICMP Echo Request', '1.2.3.4', null, 'MY.NET.1.2', null],
      expected: '04/20-14:45:09.171005  [**] ICMP Echo Request [**] 1.2.3.4 -> MY.NET.1.2\n',
    },
    {
      name: 'packet-less preprocessor line ends in "[**] "',
      input: [
        TS,
        'spp_portscan: End of portscan from 1.2.3.4: TOTAL time(3s) hosts(9) TCP(9) UDP(0)',
        null,
        null,
        '',
        null,
      ],
      expected:
        '04/20-14:45:09.171005  [**] spp_portscan: End of portscan from 1.2.3.4: TOTAL time(3s) hosts(9) TCP(9) UDP(0) [**] \n',
    },
  ];
  for (const c of cases) assert.equal(formatAlertLine(...c.input), c.expected, c.name);
});

test('portscanMessage matches the spp_portscan sprintf formats (docs/FORMATS.md §2.1)', () => {
  const cases: { name: string; input: string; expected: string }[] = [
    {
      name: 'detected, threshold',
      input: portscanMessage.detected('1.2.3.4', false, 4, 2),
      expected: 'spp_portscan: PORTSCAN DETECTED from 1.2.3.4 (THRESHOLD 4 connections exceeded in 2 seconds)',
    },
    {
      name: 'detected, stealth (1.8 era)',
      input: portscanMessage.detected('MY.NET.1.3', true, 4, 0),
      expected: 'spp_portscan: PORTSCAN DETECTED from MY.NET.1.3 (STEALTH)',
    },
    {
      name: 'status',
      input: portscanMessage.status('MY.NET.1.3', 7, 5, 0, 7, false),
      expected: 'spp_portscan: portscan status from MY.NET.1.3: 7 connections across 5 hosts: TCP(0), UDP(7)',
    },
    {
      name: 'end, stealth',
      input: portscanMessage.end('1.2.3.4', 12, 88, 88, 0, true),
      expected: 'spp_portscan: End of portscan from 1.2.3.4: TOTAL time(12s) hosts(88) TCP(88) UDP(0) STEALTH',
    },
  ];
  for (const c of cases) assert.equal(c.input, c.expected, c.name);
});
