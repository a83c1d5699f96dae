/**
 * The line-per-entry rule knowledge files: `classification.config`, `reference.config`,
 * `sid-msg.map` (v1 and v2) and `gen-msg.map`. Each parser takes one line (not blank, not a
 * comment) and says what it holds, or why it cannot be read.
 */
import type { ProblemCode } from '../../core/problem.js';
import { parseReference } from './parse-rule-text.js';
import type { ClassDef, RefSystemDef, RuleDef, RuleReference } from './rule-knowledge.js';

type Failure = { ok: false; code: ProblemCode; message: string };
export type LineResult<T> = { ok: true; value: T; warnings?: string[] } | Failure;

const fail = (code: ProblemCode, message: string): Failure => ({ ok: false, code, message });
const WHOLE = /^\d{1,10}$/;

/** `config classification: attempted-recon,Attempted Information Leak,2` (spaces allowed around fields). */
export function parseClassificationLine(text: string, line: number): LineResult<ClassDef> {
  const m = /^config\s+classification\s*:\s*(.*)$/i.exec(text.trim());
  if (!m) return fail('no_match', 'not a "config classification:" line');
  const parts = m[1]!.split(',');
  if (parts.length < 3) return fail('bad_field', 'expected "shortname,description,priority"');
  const name = parts[0]!.trim();
  const priority = parts[parts.length - 1]!.trim();
  const description = parts.slice(1, -1).join(',').trim();
  if (!/^[\w.-]+$/.test(name)) return fail('bad_field', `class name "${name}" is not one word`);
  if (!WHOLE.test(priority)) return fail('bad_field', `priority "${priority}" is not a whole number`);
  return { ok: true, value: { line, name, description, priority: Number(priority) } };
}

/** `config reference: cve http://cve.mitre.org/cgi-bin/cvename.cgi?name=`. */
export function parseReferenceLine(text: string, line: number): LineResult<RefSystemDef> {
  const m = /^config\s+reference\s*:\s*(.*)$/i.exec(text.trim());
  if (!m) return fail('no_match', 'not a "config reference:" line');
  const words = m[1]!.trim().split(/\s+/);
  if (words.length !== 2 || words[0] === '') return fail('bad_field', 'expected "system url-prefix"');
  return { ok: true, value: { line, system: words[0]!.toLowerCase(), url: words[1]! } };
}

type MapEntry = Omit<RuleDef, 'text'>;

/** `sid-msg.map` layout: v1 `sid || msg || ref…`, v2 `gid || sid || rev || classtype || priority || msg || ref…`. */
export type SidMsgVersion = 1 | 2;

/** The layout a data line of a `sid-msg.map` has, for files without a `#v2` header. */
export function sidMsgVersionOf(text: string): SidMsgVersion {
  const fields = text.split('||').map((f) => f.trim());
  return fields.length >= 6 && WHOLE.test(fields[0]!) && WHOLE.test(fields[1]!) && WHOLE.test(fields[2]!) ? 2 : 1;
}

/** One `sid-msg.map` line of the file's layout. v2 writes `NOCLASS` and priority 0 for "none". */
export function parseSidMsgLine(text: string, line: number, version: SidMsgVersion): LineResult<MapEntry> {
  const fields = text.split('||').map((f) => f.trim());
  if (version === 2) {
    if (fields.length < 6) return fail('no_match', 'expected "gid || sid || rev || classtype || priority || msg || …"');
    const [gid, sid, rev, classtype, priority, msg] = fields as [string, string, string, string, string, string];
    if (!WHOLE.test(gid) || !WHOLE.test(sid) || !WHOLE.test(rev))
      return fail('bad_field', 'gid, sid and rev must be whole numbers');
    if (priority !== '' && !WHOLE.test(priority))
      return fail('bad_field', `priority "${priority}" is not a whole number`);
    if (msg === '') return fail('bad_field', 'empty message');
    const refs = readRefs(fields.slice(6));
    return {
      ok: true,
      value: mapEntry(line, 'sid-msg-v2', Number(gid), Number(sid), {
        rev: Number(rev),
        classtype: classtype === '' || classtype.toUpperCase() === 'NOCLASS' ? null : classtype,
        priority: priority === '' || priority === '0' ? null : Number(priority),
        msg,
        references: refs.refs,
      }),
      warnings: refs.bad,
    };
  }
  if (fields.length < 2) return fail('no_match', 'expected "sid || msg || …"');
  const [sid, msg] = fields as [string, string];
  if (!WHOLE.test(sid)) return fail('bad_field', `sid "${sid}" is not a whole number`);
  if (msg === '') return fail('bad_field', 'empty message');
  const refs = readRefs(fields.slice(2));
  return {
    ok: true,
    value: mapEntry(line, 'sid-msg', 1, Number(sid), { msg, references: refs.refs }),
    warnings: refs.bad,
  };
}

/** `gen-msg.map`: `gid || sid || msg`, e.g. `100 || 1 || spp_portscan: Portscan Detected`. */
export function parseGenMsgLine(text: string, line: number): LineResult<MapEntry> {
  const fields = text.split('||').map((f) => f.trim());
  if (fields.length !== 3) return fail('no_match', 'expected "gid || sid || msg"');
  const [gid, sid, msg] = fields as [string, string, string];
  if (!WHOLE.test(gid) || !WHOLE.test(sid)) return fail('bad_field', 'gid and sid must be whole numbers');
  if (msg === '') return fail('bad_field', 'empty message');
  return { ok: true, value: mapEntry(line, 'gen-msg', Number(gid), Number(sid), { msg }) };
}

function mapEntry(
  line: number,
  origin: MapEntry['origin'],
  gid: number,
  sid: number,
  fields: Partial<Pick<MapEntry, 'rev' | 'classtype' | 'priority' | 'msg' | 'references'>>,
): MapEntry {
  return {
    line,
    origin,
    gid,
    sid,
    rev: fields.rev ?? null,
    msg: fields.msg ?? null,
    classtype: fields.classtype ?? null,
    priority: fields.priority ?? null,
    references: fields.references ?? [],
    metadata: null,
    action: null,
    proto: null,
    enabled: true,
  };
}

/** References of a map line; unreadable ones are dropped and named, the line is still kept. */
function readRefs(fields: string[]): { refs: RuleReference[]; bad: string[] } {
  const refs: RuleReference[] = [];
  const bad: string[] = [];
  for (const field of fields) {
    if (field === '') continue;
    const ref = parseReference(field);
    if (ref) refs.push(ref);
    else bad.push(`reference "${field}" is not "system,id"`);
  }
  return { refs, bad };
}
