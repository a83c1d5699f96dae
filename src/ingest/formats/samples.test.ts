/**
 * The format files are their own test (lnav's habit): every sample in `formats/*.json` must
 * parse to the fields it lists, with the registered parser of its format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMATS, findFormat, sniffFormat } from './registry.js';
import { createLineAssembler, type RawRecord } from '../format.js';
import { YearTracker, ZoneClock } from '../../core/time.js';

interface SampleFile {
  format: string;
  year?: number;
  options?: Record<string, string>;
  samples: {
    name: string;
    /** One record; multi-line records joined with `\n`. */
    record: string;
    /** Whether sniffing this record alone must pick this format (default false). */
    sniff?: boolean;
    expect:
      | { kind: 'parsed'; event: Record<string, unknown>; fragment?: { code: string } }
      | { kind: 'problem'; code: string }
      | { kind: 'skip' };
  }[];
}

const dir = fileURLToPath(new URL('../../../formats/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('every registered format has a sample file', () => {
  const named = new Set(files.map((f) => (JSON.parse(readFileSync(dir + f, 'utf8')) as SampleFile).format));
  for (const format of FORMATS) assert.ok(named.has(format.name), `formats/ has no samples for ${format.name}`);
});

for (const file of files) {
  const spec = JSON.parse(readFileSync(dir + file, 'utf8')) as SampleFile;
  for (const sample of spec.samples) {
    test(`${spec.format}: ${sample.name}`, () => {
      const format = findFormat(spec.format);
      assert.ok(format, `format ${spec.format} is not registered`);
      const parse = format.createParser({
        file: file,
        years: new YearTracker(spec.year ?? 2004),
        clock: new ZoneClock('UTC'),
        ...(spec.options ? { options: spec.options } : {}),
      });
      const assembler = format.createAssembler?.() ?? createLineAssembler();
      const records: RawRecord[] = [];
      sample.record.split('\n').forEach((line, i) => records.push(...assembler.push(line, i + 1)));
      records.push(...assembler.finish());
      assert.equal(records.length, 1, `sample assembles into ${records.length} records, expected 1`);
      const result = parse(records[0]!);
      assert.equal(result.kind, sample.expect.kind, JSON.stringify(result));
      if (result.kind === 'parsed' && sample.expect.kind === 'parsed') {
        for (const [key, value] of Object.entries(sample.expect.event)) {
          assert.deepEqual((result.event as unknown as Record<string, unknown>)[key], value, `field ${key}`);
        }
        assert.equal(result.fragment?.code, sample.expect.fragment?.code, 'fragment');
      }
      if (result.kind === 'problem' && sample.expect.kind === 'problem') assert.equal(result.problem.code, sample.expect.code);
      if (sample.sniff) assert.equal(sniffFormat(sample.record.split('\n'))?.name, spec.format, 'sniff');
    });
  }
}
