import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sniffFile } from './sniff-file.js';

const ALERT = (i: number): string =>
  `04/20-14:45:${String(i % 60).padStart(2, '0')}.171005  [**] DDOS shaft client to handler [**] 81.220.163.126:4662 -> MY.NET.84.235:20432`;
const alerts = (n: number): string[] => Array.from({ length: n }, (_, i) => ALERT(i));
const garbage = (n: number, width = 40): string[] =>
  Array.from({ length: n }, (_, i) => `#${i} ${'garbage '.repeat(Math.ceil(width / 8))}`.slice(0, width));

/** Files by their lines (and whether gzipped), and the format the sniffer must name. */
const cases: { name: string; input: { lines: string[]; gzip?: boolean }; expected: string | null }[] = [
  { name: 'clean alert lines', input: { lines: alerts(100) }, expected: 'snort-fast' },
  {
    name: 'the first 50 lines are garbage',
    input: { lines: [...garbage(50), ...alerts(100)] },
    expected: 'snort-fast',
  },
  {
    name: 'a garbage head past the head window (the middle and tail are sampled)',
    input: { lines: [...garbage(8000, 60), ...alerts(4000)] },
    expected: 'snort-fast',
  },
  {
    name: 'a gzip whose first 50 lines are garbage',
    input: { lines: [...garbage(50), ...alerts(100)], gzip: true },
    expected: 'snort-fast',
  },
  { name: 'garbage throughout is not guessed', input: { lines: garbage(20000, 60) }, expected: null },
  { name: 'a short text file is not a log', input: { lines: ['# README', '', 'Some notes.'] }, expected: null },
];

for (const { name, input, expected } of cases) {
  test(`sniffFile: ${name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idsift-sniff-'));
    const path = join(dir, input.gzip ? 'log.gz' : 'log');
    const text = Buffer.from(`${input.lines.join('\n')}\n`);
    const bytes = input.gzip ? gzipSync(text) : text;
    writeFileSync(path, bytes);
    assert.equal(await sniffFile({ path, size: bytes.length, gzip: input.gzip === true }), expected);
  });
}
