/**
 * Log data is hostile: for the modern formats, every sample record cut at every position, and
 * mutated at random (seeded, so failures repeat), must give a well-formed result — never a throw,
 * never an event without a finite time and a name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { YearTracker, ZoneClock } from '../../core/time.js';
import { createLineAssembler, type ParseResult, type RawRecord } from '../format.js';
import { findFormat } from './registry.js';
import { prng as random } from '../mutate-lines.js';

const FORMAT_NAMES = ['suricata-eve', 'suricata-fast', 'snort-full', 'snort-csv', 'snort-sfportscan', 'snort3-json', 'snort3-csv'];
const SAMPLES = fileURLToPath(new URL('../../../formats/', import.meta.url));
const MUTATIONS_PER_RECORD = 300;
const NASTY = ['\u0000', '\n', ' ', ':', '"', '\\', '{', '}', '[', ']', ',', '-', '9', '99999999999999999999', '\uFFFD', '->', '[**]'];


function checkResult(result: ParseResult, input: string): void {
  assert.ok(result.kind === 'parsed' || result.kind === 'problem' || result.kind === 'skip', input);
  if (result.kind === 'parsed') {
    assert.ok(Number.isFinite(result.event.ts), `non-finite ts for ${JSON.stringify(input)}`);
    assert.equal(typeof result.event.event, 'string');
  }
  if (result.kind === 'problem') assert.equal(typeof result.problem.message, 'string');
}

for (const name of FORMAT_NAMES) {
  test(`${name} survives truncated and mutated records`, () => {
    const format = findFormat(name)!;
    const spec = JSON.parse(readFileSync(`${SAMPLES}${name}.json`, 'utf8')) as { samples: { record: string }[]; options?: Record<string, string> };
    const next = random(name.length * 7919);
    const run = (text: string): void => {
      const parse = format.createParser({
        file: 'fuzz',
        years: new YearTracker(2004),
        clock: new ZoneClock('UTC'),
        ...(spec.options ? { options: spec.options } : {}),
      });
      const assembler = format.createAssembler?.() ?? createLineAssembler();
      const records: RawRecord[] = [];
      text.split('\n').forEach((line, i) => records.push(...assembler.push(line, i + 1)));
      records.push(...assembler.finish());
      for (const record of records) checkResult(parse(record), text);
    };
    for (const { record } of spec.samples) {
      for (let cut = 0; cut <= record.length; cut++) run(record.slice(0, cut));
      for (let k = 0; k < MUTATIONS_PER_RECORD; k++) {
        const at = Math.floor(next() * (record.length + 1));
        const piece = NASTY[Math.floor(next() * NASTY.length)]!;
        const drop = Math.floor(next() * 4);
        run(record.slice(0, at) + piece + record.slice(at + drop));
      }
    }
  });
}
