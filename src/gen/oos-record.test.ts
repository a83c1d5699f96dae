import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_FLAG } from '../core/event.js';
import { OOS_SEPARATOR, formatOosRecord, formatPayloadDump, tcpOption, type OosPacket } from './oos-record.js';

const base: OosPacket = {
  timestamp: '04/20-00:21:36.980980 ',
  src: '68.121.194.43',
  sport: 27401,
  dst: 'MY.NET.12.4',
  dport: 110,
  ttl: 78,
  tos: 0,
  ipId: 4660,
  df: false,
  flags: 0,
  seq: 0,
  ack: 0,
  win: 0x400,
  options: [],
};

test('formatOosRecord writes Snort 1.8 packet dumps (docs/FORMATS.md §3)', () => {
  const cases: { name: string; input: OosPacket; expected: string }[] = [
    {
      name: 'crafted NULL packet, no options',
      input: base,
      expected:
        '04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110\n' +
        'TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:40\n' +
        '******** Seq: 0x0  Ack: 0x0  Win: 0x400  TcpLen: 20\n' +
        `${OOS_SEPARATOR}\n\n`,
    },
    {
      name: 'ECN SYN with Linux options: TcpLen and DgmLen count them',
      input: {
        ...base,
        df: true,
        tos: 0x10,
        flags: TCP_FLAG.CWR | TCP_FLAG.ECE | TCP_FLAG.SYN,
        seq: 0xb24f001,
        win: 0x16d0,
        options: [
          tcpOption.mss(1460),
          tcpOption.sackOk(),
          tcpOption.timestamp(1234, 0),
          tcpOption.nop(),
          tcpOption.windowScale(0),
        ],
      },
      expected:
        '04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110\n' +
        'TCP TTL:78 TOS:0x10 ID:4660 IpLen:20 DgmLen:60 DF\n' +
        '12****S* Seq: 0xB24F001  Ack: 0x0  Win: 0x16D0  TcpLen: 40\n' +
        'TCP Options (5) => MSS: 1460 SackOK TS: 1234 0 NOP WS: 0 \n' +
        `${OOS_SEPARATOR}\n\n`,
    },
    {
      name: 'URG prints UrgPtr; payload is dumped and followed by a blank line',
      input: {
        ...base,
        flags: TCP_FLAG.URG | TCP_FLAG.PSH | TCP_FLAG.FIN,
        payload: Uint8Array.from([0x47, 0x45, 0x54, 0x0a]),
      },
      expected:
        '04/20-00:21:36.980980 68.121.194.43:27401 -> MY.NET.12.4:110\n' +
        'TCP TTL:78 TOS:0x0 ID:4660 IpLen:20 DgmLen:44\n' +
        '**U*P**F Seq: 0x0  Ack: 0x0  Win: 0x400  TcpLen: 20  UrgPtr: 0x0\n' +
        `47 45 54 0A ${' '.repeat(36)} GET.\n\n` +
        `${OOS_SEPARATOR}\n\n`,
    },
  ];
  for (const c of cases) assert.equal(formatOosRecord(c.input), c.expected, c.name);
  assert.equal(OOS_SEPARATOR.length, 74);
});

test('formatPayloadDump puts the ASCII column two spaces after a full line of hex', () => {
  const bytes = Uint8Array.from('GET / HTTP/1.0\r\nHost', (c) => c.charCodeAt(0));
  assert.equal(
    formatPayloadDump(bytes),
    '47 45 54 20 2F 20 48 54 54 50 2F 31 2E 30 0D 0A  GET / HTTP/1.0..\n' + `48 6F 73 74 ${' '.repeat(36)} Host\n`,
  );
});
