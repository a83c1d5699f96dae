/**
 * Real sensor output nobody on this team wrote (`test/fixtures/samples/`, copied with their licences; see its README): every
 * file must be recognised as the right format, assemble and parse with zero problems, and yield
 * exactly as many events as the file holds — counted here independently of the parsers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { YearTracker, ZoneClock } from '../../core/time.js';
import { createLineAssembler, type RawRecord } from '../format.js';
import { sniffFormat } from './registry.js';

const SAMPLES = fileURLToPath(new URL('../../../test/fixtures/samples/', import.meta.url));
const NOT_LOGS = /^(README|SOURCES|LICENSE)/;

/** What a file must be read as, judged by its name, and how many records it holds, judged by its content. */
function expectationFor(name: string, text: string): { format: string; records: number } {
  const nonEmptyLines = text.split('\n').filter((line) => line.trim().length > 0).length;
  if (name.endsWith('.json')) {
    const isArray = text.trimStart().startsWith('[');
    return { format: 'suricata-eve', records: isArray ? (JSON.parse(text) as unknown[]).length : nonEmptyLines };
  }
  if (name.endsWith('fast.log')) return { format: 'suricata-fast', records: nonEmptyLines };
  throw new Error(`no expectation for sample ${name}: add one here`);
}

test('the real sensor samples are in the repository', () => {
  assert.ok(existsSync(SAMPLES), `expected real sensor samples at ${SAMPLES} (test/fixtures/samples in the repository)`);
});

const files = existsSync(SAMPLES)
  ? readdirSync(SAMPLES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(SAMPLES + d.name).map((f) => `${d.name}/${f}`))
      .filter((path) => !NOT_LOGS.test(path.slice(path.indexOf('/') + 1)))
  : [];

for (const path of files) {
  test(`shared sample ${path}`, () => {
    const text = readFileSync(SAMPLES + path, 'utf8');
    const expected = expectationFor(path, text);
    const lines = text.split('\n');
    const head = lines.filter((line) => line.trim().length > 0).slice(0, 20);
    const format = sniffFormat(head);
    assert.equal(format?.name, expected.format, 'sniffed format');

    const parse = format!.createParser({ file: path, years: new YearTracker(2016), clock: new ZoneClock('UTC') });
    const assembler = format!.createAssembler?.() ?? createLineAssembler();
    const records: RawRecord[] = [];
    lines.forEach((line, i) => records.push(...assembler.push(line, i + 1)));
    records.push(...assembler.finish());
    let events = 0;
    const problems: string[] = [];
    for (const record of records) {
      const result = parse(record);
      if (result.kind === 'parsed') {
        events++;
        if (result.fragment) problems.push(`line ${record.line}: fragment ${result.fragment.code}`);
      } else if (result.kind === 'problem') problems.push(`line ${record.line}: ${result.problem.code} ${result.problem.message}`);
    }
    assert.deepEqual(problems, [], 'problems');
    assert.equal(events, expected.records, 'events');
  });
}
