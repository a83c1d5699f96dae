import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ruleFileKindByContent, ruleFileKindByName } from './detect-rule-file-kind.js';
import { parseRuleText } from './parse-rule-text.js';
import { parseRuleFileText } from './rule-file-parser.js';
import type { RuleFileKind } from './rule-knowledge.js';
import { splitRuleOptions, unquoteRuleValue } from './split-rule-options.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/rules/${name}`, import.meta.url), 'utf8');

describe('parseRuleText', () => {
  const cases: {
    name: string;
    input: string;
    expected:
      | Partial<{
          msg: string | null;
          gid: number | null;
          sid: number | null;
          rev: number | null;
          classtype: string | null;
          priority: number | null;
          proto: string;
          metadata: string | null;
          references: { system: string; id: string }[];
        }>
      | { problem: string };
  }[] = [
    {
      name: 'classic rule with two references',
      input:
        'alert tcp $EXTERNAL_NET 27374 -> $HOME_NET any (msg:"BACKDOOR subseven 22"; content:"|0D 0A|[RPL]002|0D 0A|"; reference:arachnids,485; reference:url,www.hackfix.org/subseven/; classtype:misc-activity; sid:103; rev:7;)',
      expected: {
        msg: 'BACKDOOR subseven 22',
        gid: 1,
        sid: 103,
        rev: 7,
        classtype: 'misc-activity',
        priority: null,
        references: [
          { system: 'arachnids', id: '485' },
          { system: 'url', id: 'www.hackfix.org/subseven/' },
        ],
      },
    },
    {
      name: 'escaped quotes and semicolons in msg and content',
      input:
        'alert tcp any any -> any 80 (msg:"LOCAL \\"quoted\\" probe\\; semi"; content:"GET /a\\;b=\\"c\\""; sid:1000001; priority:1;)',
      expected: { msg: 'LOCAL "quoted" probe; semi', sid: 1000001, priority: 1 },
    },
    {
      name: 'gid and repeated metadata',
      input:
        'alert tcp any any -> any 445 (msg:"X"; gid:3; sid:13308; rev:5; metadata:policy balanced-ips drop; metadata:service netbios-ssn;)',
      expected: { gid: 3, sid: 13308, rev: 5, metadata: 'policy balanced-ips drop, service netbios-ssn' },
    },
    {
      name: 'Snort 1.x rule without sid has no gid either',
      input: 'alert udp any any -> $HOME_NET 137 (msg:"SMB Name Wildcard"; content:"CKAAAA|0000|";)',
      expected: { msg: 'SMB Name Wildcard', gid: null, sid: null },
    },
    {
      name: 'Suricata bracketed address list and app-layer protocol',
      input:
        'alert http [$HOME_NET, !10.9.9.0/24] any -> $EXTERNAL_NET any (msg:"ET POLICY curl"; sid:2013028; rev:8;)',
      expected: { proto: 'http', sid: 2013028 },
    },
    {
      name: 'Snort 3 service rule',
      input: 'alert http (msg:"SERVER-WEBAPP phpinfo"; sid:2000100;)',
      expected: { proto: 'http', sid: 2000100 },
    },
    {
      name: 'missing closing parenthesis',
      input: 'alert tcp any any -> any any (msg:"x"; sid:1;',
      expected: { problem: 'truncated' },
    },
    {
      name: 'sid not a number',
      input: 'alert tcp any any -> any any (msg:"x"; sid:12a;)',
      expected: { problem: 'bad_field' },
    },
    {
      name: 'header without direction',
      input: 'alert tcp any any any any (msg:"x"; sid:3;)',
      expected: { problem: 'bad_field' },
    },
    {
      name: 'unterminated quote',
      input: 'alert tcp any any -> any any (msg:"x; sid:4;)',
      expected: { problem: 'truncated' },
    },
    {
      name: 'reference without id',
      input: 'alert tcp any any -> any any (msg:"x"; reference:nocomma; sid:5;)',
      expected: { problem: 'bad_field' },
    },
    {
      name: 'unknown action',
      input: 'notify tcp any any -> any any (msg:"x"; sid:6;)',
      expected: { problem: 'no_match' },
    },
    { name: 'no option list', input: 'alert tcp any any -> any any', expected: { problem: 'no_match' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = parseRuleText(c.input);
      if ('problem' in c.expected) {
        assert.equal(result.kind, 'problem');
        if (result.kind === 'problem') assert.equal(result.code, c.expected.problem);
        return;
      }
      assert.equal(result.kind, 'rule', result.kind === 'problem' ? result.message : '');
      if (result.kind !== 'rule') return;
      for (const [key, value] of Object.entries(c.expected))
        assert.deepEqual(result.rule[key as keyof typeof result.rule], value, key);
    });
  }
});

describe('splitRuleOptions', () => {
  it('keeps bare keywords and escaped separators', () => {
    const split = splitRuleOptions(' msg:"a\\;b"; nocase; content:"x;y"; depth:1');
    assert.ok(split.ok);
    if (!split.ok) return;
    assert.deepEqual(split.options, [
      { keyword: 'msg', value: '"a\\;b"' },
      { keyword: 'nocase', value: null },
      { keyword: 'content', value: '"x;y"' },
      { keyword: 'depth', value: '1' },
    ]);
    assert.equal(unquoteRuleValue('"a\\;b \\"c\\" \\\\"'), 'a;b "c" \\');
  });
});

describe('rule files', () => {
  it('community.rules: rules, continuation lines, disabled rules and reported broken lines', () => {
    const parsed = parseRuleFileText('rules', fixture('community.rules'));
    const enabled = parsed.rules.filter((r) => r.enabled);
    const disabled = parsed.rules.filter((r) => !r.enabled);
    assert.equal(enabled.length, 32);
    assert.deepEqual(
      disabled.map((r) => [r.sid, r.msg]),
      [
        [553, 'POLICY FTP anonymous login attempt'],
        [719, 'TELNET root login'],
      ],
    );
    const nullSession = parsed.rules.find((r) => r.sid === 530)!;
    assert.equal(nullSession.msg, 'NETBIOS NT NULL session');
    assert.deepEqual(
      nullSession.references.map((r) => r.system),
      ['arachnids', 'bugtraq', 'cve'],
    );
    assert.equal(nullSession.text!.split('\n').length, 5, 'rule text keeps its lines as written');
    const mstream = parsed.rules.find((r) => r.sid === 243)!;
    assert.equal(mstream.classtype, 'attempted-dos');
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [
        [67, 'truncated'],
        [68, 'bad_field'],
        [69, 'bad_field'],
        [70, 'truncated'],
        [71, 'bad_field'],
        [72, 'no_match'],
      ],
    );
    assert.match(parsed.problems[0]!.input, /BROKEN no closing parenthesis/);
  });

  it('a rule still continued at the end of the file is reported, the rest kept', () => {
    const parsed = parseRuleFileText('rules', fixture('truncated.rules'));
    assert.deepEqual(
      parsed.rules.map((r) => r.sid),
      [9100001],
    );
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [[2, 'truncated']],
    );
  });

  it('classification.config, with the space before a priority', () => {
    const parsed = parseRuleFileText('classification', fixture('classification.config'));
    assert.equal(parsed.classes.length, 32);
    assert.deepEqual(
      parsed.classes.find((c) => c.name === 'bad-unknown'),
      { line: 6, name: 'bad-unknown', description: 'Potentially Bad Traffic', priority: 2 },
    );
    assert.deepEqual(
      parsed.problems.map((p) => p.code),
      ['bad_field', 'bad_field', 'no_match'],
    );
  });

  it('reference.config', () => {
    const parsed = parseRuleFileText('reference', fixture('reference.config'));
    assert.deepEqual(parsed.refSystems.find((r) => r.system === 'arachnids')?.url, 'http://www.whitehats.com/info/IDS');
    assert.equal(parsed.refSystems.length, 7);
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [[10, 'bad_field']],
    );
  });

  it('sid-msg.map v1: gid 1, references, bad lines reported', () => {
    const parsed = parseRuleFileText('sid-msg', fixture('sid-msg.map'));
    assert.equal(parsed.rules.length, 8);
    const subseven = parsed.rules.find((r) => r.sid === 103)!;
    assert.deepEqual(
      [subseven.gid, subseven.msg, subseven.origin, subseven.references.length],
      [1, 'BACKDOOR subseven 22', 'sid-msg', 2],
    );
    // line 13 keeps its entry but reports the unreadable reference
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [
        [10, 'bad_field'],
        [11, 'no_match'],
        [12, 'bad_field'],
        [13, 'bad_field'],
      ],
    );
    assert.equal(parsed.rules.find((r) => r.sid === 1502)?.msg, 'MSG with a bad reference');
  });

  it('sid-msg.map v2: gid, rev, classtype, priority (0 and NOCLASS mean none)', () => {
    const parsed = parseRuleFileText('sid-msg', fixture('sid-msg-v2.map'));
    assert.deepEqual(
      parsed.rules.map((r) => [r.gid, r.sid, r.rev, r.classtype, r.priority, r.origin]),
      [
        [1, 1390, 13, 'shellcode-detect', null, 'sid-msg-v2'],
        [1, 1228, 8, 'attempted-recon', null, 'sid-msg-v2'],
        [1, 40000, 2, null, null, 'sid-msg-v2'],
        [3, 19187, 4, 'attempted-user', 1, 'sid-msg-v2'],
      ],
    );
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [
        [8, 'bad_field'],
        [9, 'no_match'],
      ],
    );
  });

  it('gen-msg.map', () => {
    const parsed = parseRuleFileText('gen-msg', fixture('gen-msg.map'));
    assert.equal(parsed.rules.length, 7);
    assert.deepEqual(parsed.rules[1], {
      line: 3,
      origin: 'gen-msg',
      gid: 100,
      sid: 1,
      rev: null,
      msg: 'spp_portscan: Portscan Detected',
      classtype: null,
      priority: null,
      references: [],
      metadata: null,
      action: null,
      proto: null,
      enabled: true,
      text: null,
    });
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.code]),
      [
        [10, 'bad_field'],
        [11, 'no_match'],
      ],
    );
  });
});

describe('rule file kind', () => {
  const byName: [string, RuleFileKind | null][] = [
    ['/etc/snort/rules/community.rules', 'rules'],
    ['emerging-scan.rules.gz', 'rules'],
    ['classification.config', 'classification'],
    ['reference.config', 'reference'],
    ['sid-msg.map', 'sid-msg'],
    ['community-sid-msg.map', 'sid-msg'],
    ['gen-msg.map', 'gen-msg'],
    ['unicode.map', null],
    ['snort.conf', null],
  ];
  for (const [name, kind] of byName) it(`by name: ${name}`, () => assert.equal(ruleFileKindByName(name), kind));

  const byContent: [string, string[], RuleFileKind | null][] = [
    ['rules', ['# header', 'alert tcp any any -> any any (msg:"x"; sid:1;)'], 'rules'],
    ['only disabled rules', ['#alert tcp any any -> any any (msg:"x"; sid:1;)'], 'rules'],
    ['classification', ['config classification: a,b,1'], 'classification'],
    ['reference', ['config reference: cve http://x/'], 'reference'],
    ['gen-msg', ['100 || 1 || spp_portscan: x'], 'gen-msg'],
    ['sid-msg v1', ['103 || BACKDOOR subseven 22 || arachnids,485'], 'sid-msg'],
    ['sid-msg v2', ['1 || 103 || 7 || misc-activity || 0 || BACKDOOR subseven 22'], 'sid-msg'],
    ['prose', ['just some notes', 'nothing to see'], null],
  ];
  for (const [name, lines, kind] of byContent)
    it(`by content: ${name}`, () => assert.equal(ruleFileKindByContent(lines), kind));
});
