import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LINE_CHARS, isGzip, openLogStream, readLines } from './read-lines.js';

async function collect(chunks: (string | Buffer)[]): Promise<{ line: number; text: string; flag?: string }[]> {
  const out: { line: number; text: string; flag?: string }[] = [];
  for await (const chunk of readLines(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))))) {
    chunk.lines.forEach((text, i) => {
      const flag = chunk.flagged?.get(i);
      out.push({ line: chunk.firstLine + i, text, ...(flag ? { flag } : {}) });
    });
  }
  return out;
}

const cases: { name: string; input: (string | Buffer)[]; expected: { line: number; text: string; flag?: string }[] }[] =
  [
    {
      name: 'plain lines',
      input: ['a\nb\n'],
      expected: [
        { line: 1, text: 'a' },
        { line: 2, text: 'b' },
      ],
    },
    {
      name: 'no final newline',
      input: ['a\nb'],
      expected: [
        { line: 1, text: 'a' },
        { line: 2, text: 'b' },
      ],
    },
    {
      name: 'line split across chunks',
      input: ['ab', 'c\nd\n'],
      expected: [
        { line: 1, text: 'abc' },
        { line: 2, text: 'd' },
      ],
    },
    {
      name: 'CRLF folded',
      input: ['a\r\nb\r\n'],
      expected: [
        { line: 1, text: 'a' },
        { line: 2, text: 'b' },
      ],
    },
    {
      name: 'a UTF-8 character split across chunks',
      input: [Buffer.from([0x61, 0xc3]), Buffer.from([0xa9, 0x0a])],
      expected: [{ line: 1, text: 'aé' }],
    },
    {
      name: 'blank lines kept',
      input: ['a\n\nb\n'],
      expected: [
        { line: 1, text: 'a' },
        { line: 2, text: '' },
        { line: 3, text: 'b' },
      ],
    },
    {
      name: 'NUL flagged as binary',
      input: [Buffer.from([0x61, 0x0a, 0x00, 0x01, 0x0a, 0x62, 0x0a])],
      expected: [
        { line: 1, text: 'a' },
        { line: 2, text: '\u0000\u0001', flag: 'binary' },
        { line: 3, text: 'b' },
      ],
    },
  ];

for (const c of cases) {
  test(`readLines: ${c.name}`, async () => {
    assert.deepEqual(await collect(c.input), c.expected);
  });
}

test('readLines: an over-long line is capped, flagged, and line numbers stay right', async () => {
  const long = 'x'.repeat(MAX_LINE_CHARS * 3);
  const got = await collect(['a\n', long.slice(0, MAX_LINE_CHARS * 2), long.slice(MAX_LINE_CHARS * 2) + '\nb\n']);
  assert.equal(got.length, 3);
  assert.deepEqual(got[0], { line: 1, text: 'a' });
  assert.equal(got[1]!.flag, 'too_long');
  assert.equal(got[1]!.text.length, MAX_LINE_CHARS);
  assert.deepEqual(got[2], { line: 3, text: 'b' });
});

test('openLogStream: gzip is unpacked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idsift-'));
  const path = join(dir, 'x.gz');
  writeFileSync(path, gzipSync('one\ntwo\n'));
  assert.ok(isGzip(gzipSync('x')));
  const lines: string[] = [];
  for await (const chunk of readLines(openLogStream(path, true).stream)) lines.push(...chunk.lines);
  assert.deepEqual(lines, ['one', 'two']);
});
