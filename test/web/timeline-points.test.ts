import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Timeline } from '../../web/src/api-types.js';
import { timelinePoints } from '../../web/src/components/timeline-points.js';

const H = '2004-04-20T1';
function tl(buckets: Timeline['buckets'], kinds = ['alert', 'scans'], bucket_seconds = 3600): Timeline {
  return { from: `${H}0:00:00.000Z`, to: `${H}9:00:00.000Z`, bucket_seconds, kinds, buckets };
}
const flat = (ps: { t: string; source: string; events: number }[]): string[] =>
  ps.map((p) => `${p.t.slice(11, 13)} ${p.source} ${p.events}`);

const cases: { name: string; input: Timeline; want: string[] }[] = [
  { name: 'no buckets, no points', input: tl([]), want: [] },
  {
    name: 'a kind missing from a bucket counts 0',
    input: tl([{ t: `${H}0:00:00.000Z`, counts: { alert: 2 } }]),
    want: ['10 alert 2', '10 scans 0'],
  },
  {
    name: 'omitted buckets between two come back as zeros',
    input: tl([
      { t: `${H}0:00:00.000Z`, counts: { alert: 1, scans: 5 } },
      { t: `${H}3:00:00.000Z`, counts: { scans: 7 } },
    ]),
    want: [
      '10 alert 1',
      '10 scans 5',
      '11 alert 0',
      '11 scans 0',
      '12 alert 0',
      '12 scans 0',
      '13 alert 0',
      '13 scans 7',
    ],
  },
  {
    name: 'kinds come from the buckets when the answer lists none',
    input: tl([{ t: `${H}0:00:00.000Z`, counts: { oos: 3 } }], []),
    want: ['10 oos 3'],
  },
  {
    name: 'too many buckets to fill: the known ones only',
    input: tl(
      [
        { t: `${H}0:00:00.000Z`, counts: { alert: 1 } },
        { t: '2004-05-20T10:00:00.000Z', counts: { alert: 1 } },
      ],
      ['alert'],
      1,
    ),
    want: ['10 alert 1', '10 alert 1'],
  },
];

for (const c of cases) {
  test(`timelinePoints: ${c.name}`, () => {
    assert.deepEqual(flat(timelinePoints(c.input)), c.want);
  });
}
