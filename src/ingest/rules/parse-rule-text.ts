/**
 * One Snort 2/3 or Suricata rule, `action proto src sport -> dst dport (options)`, to a RuleDef.
 * Only what explains alerts is kept (msg, gid/sid/rev, classtype, priority, references, metadata);
 * detection options are not interpreted.
 */
import type { ProblemCode } from '../../core/problem.js';
import type { RuleDef, RuleReference } from './rule-knowledge.js';
import { splitRuleOptions, unquoteRuleValue } from './split-rule-options.js';

/** Snort 1.x–3 and Suricata rule actions. */
export const RULE_ACTIONS: ReadonlySet<string> = new Set([
  'alert',
  'log',
  'pass',
  'drop',
  'reject',
  'sdrop',
  'activate',
  'dynamic',
  'block',
  'react',
  'rewrite',
  'rejectsrc',
  'rejectdst',
  'rejectboth',
]);

const DIRECTIONS = new Set(['->', '<>', '<-']);
const MAX_NUMBER = 4_294_967_295;

export type ParseRuleResult =
  | { kind: 'rule'; rule: Omit<RuleDef, 'line' | 'enabled' | 'text'> }
  | { kind: 'problem'; code: ProblemCode; message: string };

/** True when the text starts like a rule (`alert tcp …`): tells commented-out rules from prose. */
export function startsWithRuleAction(text: string): boolean {
  const match = /^([a-z]+)[ \t]+\S/.exec(text);
  return match !== null && RULE_ACTIONS.has(match[1]!);
}

/** Parse one rule, already joined across continuation lines and without a leading `#`. */
export function parseRuleText(text: string): ParseRuleResult {
  const body = text.trim();
  const open = body.indexOf('(');
  if (open < 0) return { kind: 'problem', code: 'no_match', message: 'rule has no option list "(…)"' };
  if (!body.endsWith(')')) return { kind: 'problem', code: 'truncated', message: 'rule does not end with ")"' };
  const header = splitHeader(body.slice(0, open));
  const action = header[0] ?? '';
  if (!RULE_ACTIONS.has(action))
    return { kind: 'problem', code: 'no_match', message: `unknown rule action "${action}"` };
  // Snort 3 service rules have only `action service`; everything else has the full 7-part header.
  if (header.length !== 2 && header.length !== 7) {
    return { kind: 'problem', code: 'bad_field', message: `rule header has ${header.length} parts, expected 7` };
  }
  if (header.length === 7 && !DIRECTIONS.has(header[4]!)) {
    return { kind: 'problem', code: 'bad_field', message: `rule direction "${header[4]}" is not ->, <> or <-` };
  }
  const split = splitRuleOptions(body.slice(open + 1, -1));
  if (!split.ok) return { kind: 'problem', code: 'truncated', message: split.message };

  const rule: Omit<RuleDef, 'line' | 'enabled' | 'text'> = {
    origin: 'rules',
    gid: 1,
    sid: null,
    rev: null,
    msg: null,
    classtype: null,
    priority: null,
    references: [],
    metadata: null,
    action,
    proto: header[1]!.toLowerCase(),
  };
  const metadata: string[] = [];
  for (const { keyword, value } of split.options) {
    switch (keyword) {
      case 'msg':
        if (value !== null) rule.msg = unquoteRuleValue(value);
        break;
      case 'sid':
      case 'gid':
      case 'rev':
      case 'priority': {
        const n = readNumber(value);
        if (n === null)
          return { kind: 'problem', code: 'bad_field', message: `${keyword} "${value ?? ''}" is not a whole number` };
        rule[keyword] = n;
        break;
      }
      case 'classtype':
        if (value) rule.classtype = value;
        break;
      case 'reference': {
        const ref = parseReference(value === null ? '' : unquoteRuleValue(value));
        if (ref === null)
          return { kind: 'problem', code: 'bad_field', message: `reference "${value ?? ''}" is not "system,id"` };
        rule.references.push(ref);
        break;
      }
      case 'metadata':
        if (value) metadata.push(unquoteRuleValue(value));
        break;
    }
  }
  if (rule.sid === null) rule.gid = null;
  if (metadata.length > 0) rule.metadata = metadata.join(', ');
  return { kind: 'rule', rule };
}

/** `system,id` (`cve,2000-0347`, `url,www.example.com/a,b`): the id may itself hold commas. */
export function parseReference(text: string): RuleReference | null {
  const comma = text.indexOf(',');
  if (comma <= 0) return null;
  const system = text.slice(0, comma).trim().toLowerCase();
  const id = text.slice(comma + 1).trim();
  if (system.length === 0 || id.length === 0 || /\s/.test(system)) return null;
  return { system, id };
}

function readNumber(value: string | null): number | null {
  if (value === null || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_NUMBER ? n : null;
}

/** Header words; a bracketed list (`[80, 443]`) is one word even with spaces inside. */
function splitHeader(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (current) words.push(current);
      current = '';
    } else current += c;
  }
  if (current) words.push(current);
  return words;
}
