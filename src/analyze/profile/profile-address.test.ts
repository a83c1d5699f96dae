import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AddressBook } from '../../core/address-book.js';
import type { EventRecord } from '../../core/event.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import { profileAddress } from './profile-address.js';
import { lookupRdap, parseRdapNetwork } from './rdap-lookup.js';
import { idsiftCacheDir } from './cache-dir.js';

const T0 = Date.UTC(2004, 3, 20, 14, 0, 0) * 1000;
const MIN = 60_000_000;

const BOOK = new AddressBook({
  groups: { internal: ['MY.NET'], firewall: ['130.85.0.0/16'] },
  aliases: [['MY.NET', '130.85']],
});

/** An outside host scans, then a compromised inside host seen under both spellings. */
const EVENTS: EventRecord[] = [
  {
    ts: T0,
    source: 'alert',
    event: 'DDOS shaft client to handler',
    src: '81.220.163.126',
    sport: 4662,
    dst: 'MY.NET.84.235',
    dport: 20432,
  },
  {
    ts: T0 + MIN,
    source: 'alert',
    event: 'DDOS mstream handler to client',
    src: 'MY.NET.84.235',
    sport: 12754,
    dst: '24.1.2.3',
    dport: 1025,
  },
  {
    ts: T0 + 2 * MIN,
    source: 'alert',
    event: 'DDOS mstream handler to client',
    src: 'MY.NET.84.235',
    sport: 12754,
    dst: '24.1.2.4',
    dport: 1025,
  },
  { ts: T0 + 3 * MIN, source: 'scans', event: 'SYN', src: '130.85.84.235', sport: 4000, dst: '24.1.2.3', dport: 80 },
  { ts: T0 + 4 * MIN, source: 'scans', event: 'SYN', src: '130.85.84.235', sport: 4001, dst: '24.1.2.3', dport: 443 },
  { ts: T0 + 5 * MIN, source: 'scans', event: 'SYN', src: '130.85.84.235', sport: 4002, dst: '24.1.2.5', dport: 80 },
  { ts: T0 + 6 * MIN, source: 'oos', event: 'TCP', src: '24.1.2.3', sport: 2000, dst: '130.85.84.235', dport: 110 },
  {
    ts: T0 + 7 * MIN,
    source: 'alert',
    event: 'SCAN NULL',
    gid: 1,
    sid: 623,
    src: '24.1.2.3',
    sport: 2256,
    dst: 'MY.NET.84.235',
    dport: 110,
  },
];

describe('profileAddress', () => {
  let store: DuckDBStore;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    await store.applyAddressBook(BOOK, 'test');
    await loadEvents(store, EVENTS.slice(0, 3), { name: 'alert.040420' });
    await loadEvents(store, EVENTS.slice(3, 6), { name: 'scans.040420' });
    await loadEvents(store, EVENTS.slice(6, 7), { name: 'oos_Apr.20.2004' });
    await loadEvents(store, EVENTS.slice(7), { name: 'alert.040420b' });
  });
  after(() => store.close());

  it('an inside host: every spelling, per-log counts, signatures, peers and ports by direction', async () => {
    const profile = await profileAddress({ store, book: BOOK }, 'MY.NET.84.235');
    assert.equal(profile.host, 'MY.NET.84.235');
    assert.equal(profile.group, 'internal');
    assert.deepEqual(profile.aliases, ['130.85.84.235']);
    const a = profile.activity;
    assert.equal(a.events, 8);
    assert.deepEqual(a.by_source, { alert: 4, oos: 1, scans: 3 });
    assert.equal(a.first_seen, '2004-04-20T14:00:00.000Z');
    assert.equal(a.last_seen, '2004-04-20T14:07:00.000Z');
    assert.deepEqual(a.top_signatures, [
      { key: 'DDOS mstream handler to client', events: 2, as_source: 2, as_destination: 0 },
      { key: 'DDOS shaft client to handler', events: 1, as_source: 0, as_destination: 1 },
      { key: 'SCAN NULL', events: 1, as_source: 0, as_destination: 1 },
    ]);
    assert.deepEqual(a.top_peers.as_source, [
      { key: '24.1.2.3', group: 'external', events: 3, seen_as: [{ key: '24.1.2.3', events: 3 }] },
      { key: '24.1.2.4', group: 'external', events: 1, seen_as: [{ key: '24.1.2.4', events: 1 }] },
      { key: '24.1.2.5', group: 'external', events: 1, seen_as: [{ key: '24.1.2.5', events: 1 }] },
    ]);
    assert.deepEqual(a.top_peers.as_destination, [
      { key: '24.1.2.3', group: 'external', events: 2, seen_as: [{ key: '24.1.2.3', events: 2 }] },
      { key: '81.220.163.126', group: 'external', events: 1, seen_as: [{ key: '81.220.163.126', events: 1 }] },
    ]);
    assert.deepEqual(a.top_ports.as_source, [
      { key: 80, events: 2 },
      { key: 1025, events: 2 },
      { key: 443, events: 1 },
    ]);
    assert.deepEqual(a.top_ports.as_destination, [
      { key: 110, events: 2 },
      { key: 20432, events: 1 },
    ]);
    // Sanitised: looked up as its aliased real address.
    assert.equal(profile.registry.looked_up_as, '130.85.84.235');
    assert.equal(profile.registry.rir, 'ARIN');
    assert.match(profile.registry.note!, /sanitised; looked up its alias 130\.85\.84\.235/);
    assert.equal(profile.live, null);
  });

  it('the un-sanitised spelling finds the same host; --limit cuts every list', async () => {
    const profile = await profileAddress({ store, book: BOOK }, '130.85.84.235', { limit: 1 });
    assert.equal(profile.host, 'MY.NET.84.235');
    assert.equal(profile.group, 'firewall');
    assert.deepEqual(profile.aliases, ['MY.NET.84.235']);
    assert.equal(profile.activity.events, 8);
    assert.equal(profile.activity.top_peers.as_source.length, 1);
    assert.equal(profile.activity.top_signatures.length, 1);
  });

  it('a peer seen under two spellings is one peer host', async () => {
    const profile = await profileAddress({ store, book: BOOK }, '24.1.2.3');
    assert.deepEqual(profile.activity.top_peers.as_source, [
      {
        key: 'MY.NET.84.235',
        group: 'internal',
        events: 2,
        seen_as: [
          { key: '130.85.84.235', events: 1 },
          { key: 'MY.NET.84.235', events: 1 },
        ],
      },
    ]);
    assert.deepEqual(
      profile.activity.top_peers.as_destination[0]!.seen_as,
      [
        { key: 'MY.NET.84.235', events: 1 },
        { key: '130.85.84.235', events: 2 },
      ].sort((x, y) => y.events - x.events),
    );
  });

  it('an address the store has never seen', async () => {
    const profile = await profileAddress({ store, book: BOOK }, '10.9.9.9');
    assert.equal(profile.activity.events, 0);
    assert.equal(profile.activity.first_seen, null);
    assert.equal(profile.registry.kind, 'special');
  });

  it('a sanitised address without an alias says so', async () => {
    const profile = await profileAddress({ store, book: new AddressBook() }, 'MY.NET.84.235');
    assert.equal(profile.registry.kind, 'sanitised');
    assert.equal(profile.registry.looked_up_as, null);
  });
});

/** A tiny RDAP server: canned answers per path, counting requests. */
function startRdapServer(): Promise<{ server: Server; base: string; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (status: number, body: string, type = 'application/rdap+json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/ip/81.220.163.126') send(200, JSON.stringify(RDAP_NETWORK));
    else if (path === '/ip/24.1.2.3') send(500, JSON.stringify({ errorCode: 500, title: 'Internal failure' }));
    else if (path === '/ip/24.1.2.4') send(200, '<html>not json</html>', 'text/html');
    else if (path === '/ip/24.1.2.5') {
      // Slower than the client's timeout; dropped when the client gives up.
      const timer = setTimeout(() => send(200, JSON.stringify(RDAP_NETWORK)), 2000);
      res.on('close', () => clearTimeout(timer));
    } else if (path === '/redirect/ip/81.220.163.126') {
      res.writeHead(302, { location: '/ip/81.220.163.126' });
      res.end();
    } else send(404, JSON.stringify({ errorCode: 404, title: 'Not Found' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }),
    ),
  );
}

const RDAP_NETWORK = {
  objectClassName: 'ip network',
  handle: '81.220.0.0 - 81.220.255.255',
  startAddress: '81.220.0.0',
  endAddress: '81.220.255.255',
  ipVersion: 'v4',
  name: 'FR-SFR-20030916',
  type: 'ALLOCATED PA',
  country: 'FR',
  parentHandle: '81.0.0.0 - 81.255.255.255',
  cidr0_cidrs: [{ v4prefix: '81.220.0.0', length: 16 }],
  entities: [
    {
      handle: 'SFR-RIPE',
      roles: ['registrant'],
      vcardArray: [
        'vcard',
        [
          ['version', {}, 'text', '4.0'],
          ['fn', {}, 'text', 'Societe Francaise du Radiotelephone'],
          ['kind', {}, 'text', 'org'],
        ],
      ],
      entities: [{ handle: 'ABUSE-SFR', roles: ['abuse'], vcardArray: ['vcard', [['fn', {}, 'text', 'SFR Abuse']]] }],
    },
  ],
  events: [
    { eventAction: 'registration', eventDate: '2003-09-16T08:00:00Z' },
    { eventAction: 'last changed', eventDate: '2019-01-01T00:00:00Z' },
  ],
  remarks: [{ description: ['SFR network'] }],
};

describe('RDAP (--live) against a local server', () => {
  let rdap: { server: Server; base: string; hits: Map<string, number> };
  let cacheDir: string;
  before(async () => {
    rdap = await startRdapServer();
    cacheDir = mkdtempSync(join(tmpdir(), 'idsift-rdap-'));
  });
  after(() => {
    rdap.server.closeAllConnections();
    rdap.server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('parses the network; the second lookup is served from the cache', async () => {
    const first = await lookupRdap('81.220.163.126', { baseUrl: rdap.base, cacheDir });
    assert.equal(first.status, 'ok');
    if (first.status !== 'ok') return;
    assert.equal(first.from, 'network');
    assert.deepEqual(first.network, {
      handle: '81.220.0.0 - 81.220.255.255',
      name: 'FR-SFR-20030916',
      type: 'ALLOCATED PA',
      country: 'FR',
      start_address: '81.220.0.0',
      end_address: '81.220.255.255',
      cidrs: ['81.220.0.0/16'],
      parent_handle: '81.0.0.0 - 81.255.255.255',
      entities: [
        { handle: 'SFR-RIPE', roles: ['registrant'], name: 'Societe Francaise du Radiotelephone' },
        { handle: 'ABUSE-SFR', roles: ['abuse'], name: 'SFR Abuse' },
      ],
      events: [
        { action: 'registration', date: '2003-09-16T08:00:00Z' },
        { action: 'last changed', date: '2019-01-01T00:00:00Z' },
      ],
      remarks: ['SFR network'],
    });
    const second = await lookupRdap('81.220.163.126', { baseUrl: `${rdap.base}/`, cacheDir });
    assert.equal(second.status === 'ok' && second.from, 'cache');
    assert.equal(rdap.hits.get('/ip/81.220.163.126'), 1, 'the cache hit made no request');
    const refreshed = await lookupRdap('81.220.163.126', { baseUrl: rdap.base, cacheDir, refresh: true });
    assert.equal(refreshed.status === 'ok' && refreshed.from, 'network');
    const later = new Date(Date.now() + 31 * 86_400_000);
    const expired = await lookupRdap('81.220.163.126', { baseUrl: rdap.base, cacheDir, now: () => later });
    assert.equal(expired.status === 'ok' && expired.from, 'network');
    assert.equal(rdap.hits.get('/ip/81.220.163.126'), 3);
  });

  it('follows redirects (rdap.org sends clients on to the RIR)', async () => {
    const answer = await lookupRdap('81.220.163.126', { baseUrl: `${rdap.base}/redirect`, cacheDir });
    assert.equal(answer.status === 'ok' && answer.network.name, 'FR-SFR-20030916');
  });

  const failures: [string, RegExp][] = [
    ['24.1.2.3', /server error \(HTTP 500: Internal failure\)/],
    ['24.1.2.4', /not JSON/],
    ['9.9.9.9', /no record \(HTTP 404: Not Found\)/],
    ['24.1.2.5', /no answer in time/],
  ];
  for (const [address, error] of failures) {
    it(`${address}: one clear error line, nothing cached`, async () => {
      const answer = await lookupRdap(address, { baseUrl: rdap.base, cacheDir, timeoutMs: 300 });
      assert.equal(answer.status, 'error');
      if (answer.status !== 'error') return;
      assert.match(answer.error, error);
      assert.doesNotMatch(answer.error, /\n/);
      const again = await lookupRdap(address, { baseUrl: rdap.base, cacheDir, timeoutMs: 300 });
      assert.equal(again.status, 'error', 'errors are not cached');
    });
  }

  it('a server that is not there', async () => {
    const gone = createServer();
    const port = await new Promise<number>((resolve) =>
      gone.listen(0, '127.0.0.1', () => resolve((gone.address() as AddressInfo).port)),
    );
    await new Promise((resolve) => gone.close(resolve));
    const answer = await lookupRdap('81.220.163.126', { baseUrl: `http://127.0.0.1:${port}`, cacheDir, refresh: true });
    assert.equal(answer.status, 'error');
    assert.match(answer.status === 'error' ? answer.error : '', /request failed \(ECONNREFUSED\)/);
  });

  it('profileAddress with live: RDAP for public addresses, skipped for private and sanitised ones', async () => {
    const store = await DuckDBStore.open(':memory:');
    try {
      const ctx = { store, book: BOOK };
      const rdapOptions = { baseUrl: rdap.base, cacheDir };
      const pub = await profileAddress(ctx, '81.220.163.126', { live: true, rdap: rdapOptions });
      assert.equal(pub.live?.status, 'ok');
      const failed = await profileAddress(ctx, '24.1.2.3', { live: true, rdap: rdapOptions });
      assert.equal(failed.live?.status, 'error');
      assert.equal(failed.registry.asn !== undefined, true, 'the offline part is still there');
      const priv = await profileAddress(ctx, '192.168.1.1', { live: true, rdap: rdapOptions });
      assert.equal(priv.live?.status, 'skipped');
      const sanitisedNoAlias = await profileAddress({ store, book: new AddressBook() }, 'MY.NET.1.1', {
        live: true,
        rdap: rdapOptions,
      });
      assert.equal(sanitisedNoAlias.live?.status, 'skipped');
    } finally {
      await store.close();
    }
  });

  it('parseRdapNetwork refuses what is not an IP network', () => {
    assert.equal(parseRdapNetwork({ objectClassName: 'autnum', handle: 'AS1' }), null);
    assert.equal(parseRdapNetwork('text'), null);
    assert.deepEqual(parseRdapNetwork({ handle: 'X' })?.entities, []);
  });
});

describe('cache dir', () => {
  const cases: [NodeJS.ProcessEnv, string][] = [
    [{ IDSIFT_CACHE_DIR: '/c/idsift', XDG_CACHE_HOME: '/x' }, '/c/idsift'],
    [{ XDG_CACHE_HOME: '/x' }, '/x/idsift'],
  ];
  for (const [env, expected] of cases) it(JSON.stringify(env), () => assert.equal(idsiftCacheDir(env), expected));
  it('defaults to ~/.cache/idsift', () => assert.match(idsiftCacheDir({}), /\.cache\/idsift$/));
});
