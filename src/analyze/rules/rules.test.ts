import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventRecord } from '../../core/event.js';
import { DuckDBStore } from '../../store/duckdb/duckdb-store.js';
import { loadEvents } from '../../store/load-events.js';
import { loadRuleFiles } from './load-rule-files.js';
import { lookupRule } from './lookup-rule.js';
import { rulesForEvents } from './rules-for-events.js';

const FIXTURES = new URL('../../../test/fixtures/rules/', import.meta.url).pathname;
const T0 = Date.UTC(2004, 3, 20, 14, 0, 0) * 1000;

/** Classic sid-less alerts, Snort 2 alerts with gid:sid, a portscan line, and non-alert events. */
const EVENTS: EventRecord[] = [
  {
    ts: T0,
    source: 'alert',
    event: 'DDOS shaft client to handler',
    src: 'MY.NET.84.235',
    sport: 4662,
    dst: '81.220.163.126',
    dport: 20432,
    proto: 'TCP',
  },
  {
    ts: T0 + 1,
    source: 'alert',
    event: 'DDOS shaft client to handler',
    src: 'MY.NET.84.235',
    sport: 4663,
    dst: '81.220.163.126',
    dport: 20432,
  },
  {
    ts: T0 + 2,
    source: 'alert',
    event: 'SCAN nmap XMAS',
    gid: 1,
    sid: 1228,
    rev: 7,
    src: '10.0.0.9',
    sport: 53998,
    dst: '10.0.0.5',
    dport: 1,
  },
  {
    ts: T0 + 3,
    source: 'alert',
    event: 'SCAN nmap XMAS',
    gid: 1,
    sid: 1228,
    rev: 7,
    src: '10.0.0.9',
    sport: 53999,
    dst: '10.0.0.5',
    dport: 2,
  },
  {
    ts: T0 + 4,
    source: 'alert',
    event: 'SMB Name Wildcard',
    src: 'MY.NET.1.2',
    sport: 137,
    dst: 'MY.NET.84.235',
    dport: 137,
  },
  { ts: T0 + 5, source: 'alert', event: 'spp_portscan: PORTSCAN DETECTED', src: '24.1.2.3' },
  { ts: T0 + 6, source: 'alert', event: 'Something no rule knows', src: '24.1.2.3' },
  {
    ts: T0 + 7,
    source: 'alert',
    event: 'NETBIOS DCERPC overflow',
    gid: 3,
    sid: 13308,
    rev: 5,
    src: '24.1.2.3',
    dst: 'MY.NET.1.2',
  },
  { ts: T0 + 8, source: 'scans', event: 'SYN', src: '24.1.2.3', sport: 1, dst: 'MY.NET.1.2', dport: 57 },
];

describe('rule knowledge in the store', () => {
  let store: DuckDBStore;
  let dir: string;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    await loadEvents(store, EVENTS, { name: 'alert.040420' });
    dir = mkdtempSync(join(tmpdir(), 'idsift-rules-'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a folder: every kind, problems with file:line, unknown files skipped, alerts matched', async () => {
    const summary = await loadRuleFiles(store, [FIXTURES]);
    assert.deepEqual(summary.kinds, {
      rules: { files: 3, entries: 34 + 4 + 1 },
      classification: { files: 1, entries: 32 },
      reference: { files: 1, entries: 7 },
      'sid-msg': { files: 2, entries: 8 + 4 },
      'gen-msg': { files: 1, entries: 7 },
    });
    assert.deepEqual(
      summary.skipped.map((s) => s.file.split('/').pop()),
      ['notes.txt'],
    );
    const byFile = (name: string): number => summary.problems.filter((p) => p.file.endsWith(`/${name}`)).length;
    assert.deepEqual(
      [
        'community.rules',
        'truncated.rules',
        'classification.config',
        'reference.config',
        'sid-msg.map',
        'sid-msg-v2.map',
        'gen-msg.map',
      ].map(byFile),
      [6, 1, 3, 1, 4, 2, 2],
    );
    assert.ok(summary.problems.every((p) => p.line > 0 && p.input.length > 0));
    // shaft ×2 by message, XMAS ×2 by sid, SMB by message (sid-less rule), portscan by gen-msg message, 3:13308 by sid
    assert.deepEqual(summary.alerts, { total: 8, matched: 7 });
  });

  it('loading again replaces, never duplicates', async () => {
    const before = await store.all<{ n: number }>('SELECT count(*) AS n FROM rule_defs');
    await loadRuleFiles(store, [FIXTURES]);
    await loadRuleFiles(store, [join(FIXTURES, 'community.rules')]);
    const afterRows = await store.all<{ n: number }>('SELECT count(*) AS n FROM rule_defs');
    assert.equal(afterRows[0]!.n, before[0]!.n);
    const files = await store.all<{ n: number }>('SELECT count(*) AS n FROM rule_files');
    assert.equal(files[0]!.n, 8);
  });

  it('a changed file replaces its old rules', async () => {
    const file = join(dir, 'local.rules');
    writeFileSync(
      file,
      'alert tcp any any -> any 1 (msg:"LOCAL one"; sid:9500001; rev:1;)\nalert tcp any any -> any 2 (msg:"LOCAL two"; sid:9500002; rev:1;)\n',
    );
    await loadRuleFiles(store, [file]);
    writeFileSync(file, 'alert tcp any any -> any 2 (msg:"LOCAL two, revised"; sid:9500002; rev:2;)\n');
    const summary = await loadRuleFiles(store, [file]);
    assert.equal(summary.files[0]!.entries, 1);
    await assert.rejects(lookupRule(store, '9500001'), /no loaded rule/);
    assert.equal((await lookupRule(store, '9500002')).msg, 'LOCAL two, revised');
  });

  it('a named file of unknown name is recognised by content; a stray file is skipped', async () => {
    const copy = join(dir, 'classes.txt');
    copyFileSync(join(FIXTURES, 'classification.config'), copy);
    const summary = await loadRuleFiles(store, [copy, join(FIXTURES, 'notes.txt')]);
    assert.deepEqual(
      summary.files.map((f) => f.kind),
      ['classification'],
    );
    assert.equal(summary.skipped.length, 1);
    await assert.rejects(loadRuleFiles(store, [join(dir, 'missing.rules')]), /no such file/);
  });

  const lookups: {
    name: string;
    query: string;
    expected: Partial<Record<string, unknown>>;
  }[] = [
    {
      name: 'sid: class description, class priority, reference links, alerts by sid',
      query: '1228',
      expected: {
        gid: 1,
        sid: 1228,
        rev: 7,
        msg: 'SCAN nmap XMAS',
        class: { name: 'attempted-recon', description: 'Attempted Information Leak', priority: 2 },
        priority: 2,
        priority_from: 'classtype',
        references: [{ system: 'arachnids', id: '30', url: 'http://www.whitehats.com/info/IDS30' }],
        alerts: 2,
        enabled: true,
      },
    },
    {
      name: 'gid:sid with three references (cve, bugtraq)',
      query: '1:530',
      expected: {
        msg: 'NETBIOS NT NULL session',
        references: [
          { system: 'arachnids', id: '204', url: 'http://www.whitehats.com/info/IDS204' },
          { system: 'bugtraq', id: '1163', url: 'http://www.securityfocus.com/bid/1163' },
          { system: 'cve', id: '2000-0347', url: 'http://cve.mitre.org/cgi-bin/cvename.cgi?name=2000-0347' },
        ],
        alerts: 0,
      },
    },
    {
      name: 'rule priority overrides the class priority',
      query: '615',
      expected: {
        priority: 3,
        priority_from: 'rule',
        class: { name: 'attempted-recon', description: 'Attempted Information Leak', priority: 2 },
      },
    },
    {
      name: 'non-default gid',
      query: '3:13308',
      expected: { gid: 3, alerts: 1, metadata: 'policy balanced-ips drop, service netbios-ssn' },
    },
    {
      name: 'by message: sid-less alerts counted',
      query: 'DDOS shaft client to handler',
      expected: { sid: 230, alerts: 2, matched_by: 'message' },
    },
    {
      name: 'by message, any case, substring',
      query: 'shaft synflood',
      expected: { sid: 241, msg: 'DDOS shaft synflood' },
    },
    {
      name: 'sid-less Snort 1.8 rule',
      query: 'SMB Name Wildcard',
      expected: { sid: null, gid: null, alerts: 1, class: null, priority: null },
    },
    {
      name: 'commented-out rule is found, marked disabled',
      query: '553',
      expected: { enabled: false, msg: 'POLICY FTP anonymous login attempt' },
    },
    {
      name: 'known only from sid-msg.map',
      query: '1394',
      expected: {
        msg: 'SHELLCODE x86 NOOP',
        text: null,
        enabled: null,
        references: [{ system: 'arachnids', id: '181', url: 'http://www.whitehats.com/info/IDS181' }],
      },
    },
    {
      name: 'gen-msg entry matches the classic portscan alert by message',
      query: '100:1',
      expected: { msg: 'spp_portscan: Portscan Detected', alerts: 1 },
    },
    {
      name: 'url reference',
      query: '103',
      expected: {
        references: [
          { system: 'arachnids', id: '485', url: 'http://www.whitehats.com/info/IDS485' },
          { system: 'url', id: 'www.hackfix.org/subseven/', url: 'http://www.hackfix.org/subseven/' },
        ],
      },
    },
    { name: 'escaped msg', query: '1000001', expected: { msg: 'LOCAL "quoted" probe; with semicolon', priority: 1 } },
  ];
  for (const c of lookups) {
    it(`idsift rule ${c.query}: ${c.name}`, async () => {
      const rule = await lookupRule(store, c.query);
      for (const [key, value] of Object.entries(c.expected))
        assert.deepEqual(rule[key as keyof typeof rule], value, key);
    });
  }

  it('message shared by two rules: the other is named', async () => {
    const rule = await lookupRule(store, 'DDOS mstream client to handler');
    assert.deepEqual([rule.sid, ...rule.same_message.map((r) => r.sid)].sort(), [247, 249]);
  });

  it('the rule text is kept as written', async () => {
    const rule = await lookupRule(store, '530');
    assert.match(rule.text!, /^alert tcp \$EXTERNAL_NET any -> \$HOME_NET 139 \\\n {4}\(msg:"NETBIOS NT NULL session"/);
  });

  const failures: [string, RegExp][] = [
    ['nmap', /matches 3 rule messages/],
    ['no such message anywhere', /no loaded rule has a message like/],
    ['4242424', /no loaded rule 1:4242424|no loaded rule with sid/],
    ['7:1228', /no loaded rule 7:1228/],
    ['  ', /give a sid/],
  ];
  for (const [query, error] of failures)
    it(`idsift rule "${query}" fails in one line`, () => assert.rejects(lookupRule(store, query), error));

  it('rulesForEvents: by sid, by message, unknown sid kept, non-alerts dropped, each rule once', async () => {
    const rules = await rulesForEvents(
      store,
      EVENTS.map((e) => ({ event: e.event, sid: e.sid ?? null, gid: e.gid ?? null })),
    );
    assert.deepEqual(
      rules.map((r) => [r.gid, r.sid, r.msg, r.classtype, r.priority]),
      [
        [1, 230, 'DDOS shaft client to handler', 'attempted-dos', 2],
        [1, 1228, 'SCAN nmap XMAS', 'attempted-recon', 2],
        [null, null, 'SMB Name Wildcard', null, null],
        [100, 1, 'spp_portscan: Portscan Detected', null, null],
        [
          3,
          13308,
          'NETBIOS DCERPC NCACN-IP-TCP lsass DsRolerUpgradeDownlevelServer overflow attempt',
          'attempted-admin',
          1,
        ],
      ],
    );
    assert.deepEqual(rules[1]!.references, ['http://www.whitehats.com/info/IDS30']);
    const unknown = await rulesForEvents(store, [{ event: 'SOMETHING new', sid: 8999999, gid: 1 }]);
    assert.deepEqual(unknown, [
      { sid: 8999999, gid: 1, msg: 'SOMETHING new', classtype: null, priority: null, references: [] },
    ]);
  });

  it('rulesForEvents on a store without rules names sid-bearing alerts only', async () => {
    const empty = await DuckDBStore.open(':memory:');
    try {
      const rules = await rulesForEvents(empty, [
        { event: 'SCAN nmap XMAS', sid: 1228, gid: 1 },
        { event: 'DDOS shaft client to handler' },
      ]);
      assert.deepEqual(rules, [
        { sid: 1228, gid: 1, msg: 'SCAN nmap XMAS', classtype: null, priority: null, references: [] },
      ]);
      await assert.rejects(lookupRule(empty, '1228'), /no rules loaded/);
    } finally {
      await empty.close();
    }
  });
});
