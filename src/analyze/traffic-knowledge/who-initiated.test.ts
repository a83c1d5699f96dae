import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { peerStarted, peerStartedSql } from './who-initiated.js';

const cases: { name: string; host: number | null; peer: number | null; peerIsSource: boolean; expected: boolean }[] = [
  {
    name: 'IRC client whose ephemeral port is a SubSeven port',
    host: 6776,
    peer: 6667,
    peerIsSource: false,
    expected: false,
  },
  { name: 'resolver client whose port is a NetBus port', host: 12345, peer: 53, peerIsSource: false, expected: false },
  { name: 'a peer connecting to the SubSeven listener', host: 27374, peer: 3312, peerIsSource: false, expected: true },
  { name: 'a web reply to the host’s own request', host: 2042, peer: 80, peerIsSource: true, expected: false },
  { name: 'the host’s beacon to a C2 on 8080', host: 3522, peer: 8080, peerIsSource: false, expected: false },
  { name: 'an outside client of the host’s web server', host: 80, peer: 4100, peerIsSource: true, expected: true },
  { name: 'a DDoS client to the handler port', host: 20432, peer: 4700, peerIsSource: true, expected: true },
  { name: 'the host commanding an agent port', host: 3000 + 1, peer: 18753, peerIsSource: false, expected: false },
  { name: 'ports say nothing: the record’s direction', host: 40000, peer: 41000, peerIsSource: true, expected: true },
  { name: 'no ports (ICMP): the record’s direction', host: null, peer: null, peerIsSource: false, expected: false },
  { name: 'Windows ephemeral 1025 is no service', host: 1025, peer: 80, peerIsSource: true, expected: false },
];

for (const c of cases) {
  test(`who initiated: ${c.name}`, () => assert.equal(peerStarted(c.host, c.peer, c.peerIsSource), c.expected));
}

test('who initiated: the SQL form agrees with the function (property, DuckDB)', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const port = fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 65535 }),
      fc.constantFrom(53, 80, 6667, 6776, 27374, 12345, 20432, 1025, 8080),
    );
    const seed = Number(process.env.FC_SEED ?? Date.now() % 1e9);
    console.log(`fast-check seed ${seed}`);
    await fc.assert(
      fc.asyncProperty(port, port, fc.boolean(), async (h, p, src) => {
        const text = peerStartedSql('h', 'p', src);
        const rows = await store.all<{ v: boolean }>(
          `SELECT ${text} AS v FROM (SELECT ?::INTEGER AS h, ?::INTEGER AS p)`,
          [h, p],
        );
        assert.equal(Boolean(rows[0]!.v), peerStarted(h, p, src), `host ${h} peer ${p} peerIsSource ${src}`);
      }),
      { seed, numRuns: 60 },
    );
  } finally {
    await store.close();
  }
});
