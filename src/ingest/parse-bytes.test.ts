/**
 * The byte path (fast lanes, lines decoded only when declined) must store exactly what the string
 * path stores — the same rows, problems and integrity figures — on clean and on hostile input,
 * whatever the read chunk boundaries (split UTF-8 characters, CRLF, NULs, over-long lines).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EVENT_COLUMNS, type EventBatch } from '../core/event-columns.js';
import type { Problem } from '../core/problem.js';
import { mutate, prng } from './mutate-lines.js';
import { FileParser, type ParseJob } from './parse-file.js';
import { LineFeeder } from './line-feeder.js';
import { readLines } from './read-lines.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/classic/', import.meta.url));

/** Everything a parse hands on, with dictionary ids resolved so two parses compare. */
async function parseBoth(format: string, input: Buffer, chunkSize: number): Promise<{ bytes: unknown; text: unknown }> {
  const job: ParseJob = { file: 'f', format, year: 2004, tz: 'UTC' };
  const run = async (useBytes: boolean): Promise<unknown> => {
    const rows: string[] = [];
    const problems: Problem[] = [];
    const strings: string[] = [];
    const addresses: string[] = [];
    const parser = new FileParser(job, {
      batch: async (batch) => {
        rows.push(...decode(batch, strings, addresses));
      },
      problems: (p) => void problems.push(...p),
      progress: () => undefined,
    });
    const pieces = Array.from({ length: Math.ceil(input.length / chunkSize) }, (_, i) =>
      input.subarray(i * chunkSize, (i + 1) * chunkSize),
    );
    let summary;
    if (useBytes) {
      // The production path: bytes in pieces through the feeder.
      const feeder = new LineFeeder(parser, { start: 0, firstLine: 1 });
      for (const piece of pieces) await feeder.write(piece);
      summary = await feeder.finish();
    } else {
      for await (const chunk of readLines(Readable.from(pieces))) await parser.push(chunk);
      summary = await parser.finish();
    }
    return { rows: rows.sort(), problems, summary };
  };
  return { bytes: await run(true), text: await run(false) };
}

function decode(batch: EventBatch, strings: string[], addresses: string[]): string[] {
  strings.push(...batch.newStrings);
  addresses.push(...batch.newAddresses);
  const out: string[] = [];
  for (let r = 0; r < batch.rows; r++) {
    const row = EVENT_COLUMNS.map((col, i) => {
      const c = batch.columns[i]!;
      if (c === null || (c.validity[r >>> 3]! & (1 << (r & 7))) === 0) return null;
      // Text as the bytes a store receives (what textAt decodes them to could hide bad UTF-8).
      if (c.kind === 'text')
        return Buffer.from(c.bytes, c.offsets[r], c.offsets[r + 1]! - c.offsets[r]!).toString('hex');
      if (col.kind === 'ts') return new Int32Array(c.data)[2 * r + 1]! * 2 ** 32 + new Uint32Array(c.data)[2 * r]!;
      if (col.kind === 'u8' || col.kind === 'bool') return new Uint8Array(c.data)[r];
      if (col.kind === 'i32') return new Int32Array(c.data)[r];
      const v = new Uint32Array(c.data)[r]!;
      return col.kind === 'dict' ? strings[v] : col.kind === 'addr' ? addresses[v] : v;
    });
    out.push(JSON.stringify(row));
  }
  return out;
}

const CASES = [
  ['snort-scans', 'scans.040420'],
  ['snort-fast', 'alert.040420'],
] as const;

for (const [format, name] of CASES) {
  const lines = readFileSync(`${FIXTURES}${name}`, 'utf8').split('\n').filter(Boolean);

  test(`byte path = string path on clean ${format} lines, CRLF and a missing last newline`, async () => {
    // Multi-byte characters too: with 7-byte reads some are cut between two reads.
    const input = Buffer.from([...lines, 'caf\u00e9 \u{1F600} \u00fc\u00df', ...lines].join('\r\n'), 'utf8');
    for (const size of [7, 4096, 1 << 20]) {
      const { bytes, text } = await parseBoth(format, input, size);
      assert.deepEqual(bytes, text, `chunk size ${size}`);
    }
  });

  for (const seed of [11, 12]) {
    test(`byte path = string path on mutated ${format} lines (seed ${seed})`, async () => {
      const random = prng(seed);
      const out = Array.from({ length: 300 }, (_, i) => mutate(lines[i % lines.length]!, random, lines));
      out.push('caf\u00e9 \u{1F600} split across chunks', 'y'.repeat(300_000), '');
      const input = Buffer.from(out.join('\n') + '\n' + 'z'.repeat(280_000), 'utf8');
      // An odd chunk size cuts lines and UTF-8 characters at varying points.
      for (const size of [1021, 65_536]) {
        const { bytes, text } = await parseBoth(format, input, size);
        assert.deepEqual(bytes, text, `chunk size ${size}`);
      }
    });
  }
}

const SAMPLES = fileURLToPath(new URL('../../test/fixtures/samples/', import.meta.url));

test('byte path = string path on EVE: NDJSON lines (the lane), pretty-printed arrays (the assembler), broken records', async () => {
  assert.ok(existsSync(SAMPLES), `real sensor samples missing at ${SAMPLES}`);
  const ndjson = readdirSync(`${SAMPLES}suricata-verify`)
    .filter((name) => name.endsWith('__eve.json'))
    .flatMap((name) => readFileSync(`${SAMPLES}suricata-verify/${name}`, 'utf8').split('\n').filter(Boolean));
  const pretty = readFileSync(`${SAMPLES}suricata-sample-data/honeypot-2018.alerts-only.json`, 'utf8').split('\n');
  const random = prng(31);
  const mutated = ndjson.map((line) => mutate(line, random, ndjson));
  // An array opened mid-file, records of both kinds around it, and one cut short by a new line.
  // A record whose bytes are not valid UTF-8: its raw text is what decoding makes of it.
  const badUtf8 = Buffer.concat([
    Buffer.from('\n{"timestamp":"2016-07-13T22:42:07Z","event_type":"flow","note":"'),
    Buffer.from([0xff, 0xc3, 0x28]),
    Buffer.from('"}\n'),
  ]);
  const input = Buffer.concat([
    Buffer.from([...ndjson, ...pretty.slice(0, 400), ...ndjson.slice(0, 5)].join('\n'), 'utf8'),
    badUtf8,
    Buffer.from(mutated.join('\n'), 'utf8'),
    Buffer.from('\n'),
    Buffer.from(['{"timestamp": "2016-07-13T22:42:07Z",', ...ndjson, ...pretty.slice(0, 120)].join('\n'), 'utf8'),
  ]);
  for (const size of [7, 1021, 65_536]) {
    const { bytes, text } = await parseBoth('suricata-eve', input, size);
    assert.deepEqual(bytes, text, `chunk size ${size}`);
  }
});
