import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogClock, nameLogFile, parseIsoDate } from './log-clock.js';

const micros = (iso: string, extra = 0): number => Date.parse(iso) * 1000 + extra;

test('LogClock writes the alert and scans timestamps byte for byte', () => {
  const clock = new LogClock();
  const cases: { name: string; input: string; expected: string }[] = [
    {
      name: 'alert: 22 bytes with trailing space',
      input: clock.alert(micros('2004-04-20T14:45:09Z', 171005)),
      expected: '04/20-14:45:09.171005 ',
    },
    {
      name: 'alert: microseconds zero-padded',
      input: clock.alert(micros('2004-04-20T14:45:10Z', 42)),
      expected: '04/20-14:45:10.000042 ',
    },
    {
      name: 'alert: next minute',
      input: clock.alert(micros('2004-12-31T23:59:59Z', 999999)),
      expected: '12/31-23:59:59.999999 ',
    },
    {
      name: 'scans: day is space-padded',
      input: clock.scans(Date.parse('2004-04-02T03:04:05Z') / 1000),
      expected: 'Apr  2 03:04:05 ',
    },
    {
      name: 'scans: two-digit day',
      input: clock.scans(Date.parse('2004-04-20T14:37:50Z') / 1000),
      expected: 'Apr 20 14:37:50 ',
    },
  ];
  for (const c of cases) assert.equal(c.input, c.expected, c.name);
  assert.equal(clock.alert(micros('2004-04-20T14:45:09Z')).length, 22);
});

test('nameLogFile names files like the classic data set', () => {
  const day = micros('2004-04-20T00:00:00Z');
  const cases: { name: string; input: string; expected: string }[] = [
    { name: 'alert', input: nameLogFile('alert', day), expected: 'alert.040420' },
    { name: 'scans', input: nameLogFile('scans', day), expected: 'scans.040420' },
    { name: 'oos', input: nameLogFile('oos', day), expected: 'oos_Apr.20.2004' },
    { name: 'oos, early day', input: nameLogFile('oos', micros('2005-01-02T00:00:00Z')), expected: 'oos_Jan.02.2005' },
  ];
  for (const c of cases) assert.equal(c.input, c.expected, c.name);
});

test('parseIsoDate accepts real dates only', () => {
  const cases: { name: string; input: string; expected: number }[] = [
    { name: 'classic start', input: '2004-04-20', expected: micros('2004-04-20T00:00:00Z') },
    { name: 'Feb 30', input: '2004-02-30', expected: NaN },
    { name: 'not a date', input: '20040420', expected: NaN },
  ];
  for (const c of cases) assert.deepEqual(parseIsoDate(c.input), c.expected, c.name);
});
