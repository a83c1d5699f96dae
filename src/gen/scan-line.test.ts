import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_FLAG } from '../core/event.js';
import { classifyTcpScan, formatScanTail } from './scan-line.js';

const { CWR, ECE, URG, ACK, PSH, RST, SYN, FIN } = TCP_FLAG;

test('formatScanTail follows spp_portscan’s CheckTCPFlags and printf (docs/FORMATS.md §2.2–2.4)', () => {
  const cases: { name: string; input: number | null; expected: string }[] = [
    { name: 'UDP: empty flags, two spaces', input: null, expected: ' UDP  \n' },
    { name: 'plain SYN keeps its trailing space', input: SYN, expected: ' SYN ******S* \n' },
    { name: 'ECN SYN is a SYN with reserved bits', input: CWR | ECE | SYN, expected: ' SYN 12****S* RESERVEDBITS\n' },
    { name: 'ECE+ACK alone is UNKNOWN', input: ECE | ACK, expected: ' UNKNOWN *2*A**** RESERVEDBITS\n' },
    { name: 'no flags is NULL', input: 0, expected: ' NULL ******** \n' },
    { name: 'FIN', input: FIN, expected: ' FIN *******F \n' },
    { name: 'FIN PSH URG is XMAS', input: FIN | PSH | URG, expected: ' XMAS **U*P**F \n' },
    { name: 'SYN FIN', input: SYN | FIN, expected: ' SYNFIN ******SF \n' },
    { name: 'SYN FIN PSH URG is NMAPID', input: SYN | FIN | PSH | URG, expected: ' NMAPID **U*P*SF \n' },
    { name: 'PSH alone is VECNA', input: PSH, expected: ' VECNA ****P*** \n' },
    { name: 'SYN RST is NOACK', input: SYN | RST, expected: ' NOACK *****RS* \n' },
    { name: 'all six is FULLXMAS', input: 0x3f, expected: ' FULLXMAS **UAPRSF \n' },
    { name: 'SYN ACK PSH URG is SPAU', input: SYN | ACK | PSH | URG, expected: ' SPAU **UAP*S* \n' },
    { name: 'SYN FIN ACK PSH is INVALIDACK', input: SYN | FIN | ACK | PSH, expected: ' INVALIDACK ***AP*SF \n' },
  ];
  for (const c of cases) assert.equal(formatScanTail(c.input), c.expected, c.name);
});

test('legal ACK combinations and a bare RST are no scan', () => {
  const cases: { name: string; input: number; expected: null }[] = [
    { name: 'ACK', input: ACK, expected: null },
    { name: 'SYN ACK', input: SYN | ACK, expected: null },
    { name: 'RST ACK PSH', input: RST | ACK | PSH, expected: null },
    { name: 'RST', input: RST, expected: null },
  ];
  for (const c of cases) assert.equal(classifyTcpScan(c.input), c.expected, c.name);
  assert.throws(() => formatScanTail(SYN | ACK), /not a scan/);
});
