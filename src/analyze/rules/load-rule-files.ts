/**
 * `idsift rules load`: read rule knowledge files (files, folders, globs) into the store. A file
 * loaded again replaces what it gave before. Unreadable lines are reported with file and line and
 * never stop the load; a file that is no rule knowledge at all is skipped and named.
 */
import fg from 'fast-glob';
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { ProblemCode } from '../../core/problem.js';
import { ruleFileKindByName } from '../../ingest/rules/detect-rule-file-kind.js';
import { readRuleFile } from '../../ingest/rules/read-rule-file.js';
import { RULE_FILE_KINDS, type ParsedRuleFile, type RuleFileKind } from '../../ingest/rules/rule-knowledge.js';
import { ALERT_SOURCES } from '../../core/event.js';
import { inList, sql } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { ruleKey } from './merge-rule-entries.js';

export interface LoadedRuleFile {
  /** As given on the command line, or the path found under a folder or glob. */
  file: string;
  kind: RuleFileKind;
  /** Rules or map entries (all kinds of entry the file holds). */
  entries: number;
  /** Commented-out rules kept for message lookup. */
  disabled: number;
  problems: number;
}

export interface RuleLoadProblem {
  file: string;
  line: number;
  code: ProblemCode;
  message: string;
  input: string;
}

export interface LoadRulesSummary {
  files: LoadedRuleFile[];
  /** Per file kind: how many files and entries. */
  kinds: Record<RuleFileKind, { files: number; entries: number }>;
  problems: RuleLoadProblem[];
  skipped: { file: string; reason: string }[];
  /** Stored alerts, and how many of them now map to a loaded rule (by gid:sid, or by message when sid-less). */
  alerts: { total: number; matched: number };
  seconds: number;
}

export interface LoadRulesOptions {
  /** Called once per file read, for progress on a terminal. */
  onFile?: (file: string) => void;
}

interface PlannedRuleFile {
  path: string;
  display: string;
  /** Named on the command line or matched by a glob: content may tell the kind. */
  sniff: boolean;
}

export async function loadRuleFiles(
  store: Store,
  paths: readonly string[],
  options: LoadRulesOptions = {},
): Promise<LoadRulesSummary> {
  const started = performance.now();
  const { planned, skipped } = await expandRulePaths(paths);
  await store.prepareRuleTables();
  const summary: LoadRulesSummary = {
    files: [],
    kinds: Object.fromEntries(RULE_FILE_KINDS.map((k) => [k, { files: 0, entries: 0 }])) as LoadRulesSummary['kinds'],
    problems: [],
    skipped: skipped.map((file) => ({ file, reason: 'name is not that of a rule knowledge file' })),
    alerts: { total: 0, matched: 0 },
    seconds: 0,
  };
  for (const file of planned) {
    options.onFile?.(file.display);
    const read = await readRuleFile(file.path, { sniff: file.sniff });
    if (!read.ok) {
      summary.skipped.push({ file: file.display, reason: read.reason });
      continue;
    }
    await replaceRuleFile(store, file.path, read.parsed);
    const parsed = read.parsed;
    const entries = parsed.rules.length + parsed.classes.length + parsed.refSystems.length;
    summary.files.push({
      file: file.display,
      kind: parsed.kind,
      entries,
      disabled: parsed.rules.filter((r) => !r.enabled).length,
      problems: parsed.problems.length,
    });
    summary.kinds[parsed.kind].files++;
    summary.kinds[parsed.kind].entries += entries;
    for (const p of parsed.problems) summary.problems.push({ file: file.display, ...p });
  }
  summary.alerts = await countMatchedAlerts(store);
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return summary;
}

/** Store what this file gives, replacing what it gave before. */
async function replaceRuleFile(store: Store, path: string, parsed: ParsedRuleFile): Promise<void> {
  const entries = parsed.rules.length + parsed.classes.length + parsed.refSystems.length;
  await store.replaceRuleFile(path, {
    rule_files: [[path, parsed.kind, entries, parsed.problems.length, new Date().toISOString()]],
    rule_defs: parsed.rules.map((r) => [
      path,
      r.line,
      r.origin,
      r.gid,
      r.sid,
      r.rev,
      r.msg,
      r.classtype,
      r.priority,
      JSON.stringify(r.references.map((ref) => [ref.system, ref.id])),
      r.metadata,
      r.action,
      r.proto,
      r.enabled,
      r.text,
    ]),
    rule_classes: parsed.classes.map((c) => [path, c.line, c.name, c.description, c.priority]),
    rule_refsys: parsed.refSystems.map((r) => [path, r.line, r.system, r.url]),
  });
}

/** Values per IN (…) list: keeps statements small on every backend. */
const IN_CHUNK = 500;

/**
 * Alerts that map to a loaded rule (by gid:sid, a missing gid being 1; sid-less ones by message,
 * any case). Alerts are counted per distinct (signature, gid, sid) first, and only the rules of
 * those sids and messages are read, so the rule tables are touched once per signature.
 */
async function countMatchedAlerts(store: Store): Promise<{ total: number; matched: number }> {
  const { lower, stringKeys, stringOf } = store.dialect;
  const signatures = await store.query<{ gid: number | null; sid: number | null; msg: string; n: number }>(
    sql`SELECT g.gid AS gid, g.sid AS sid, ${lower(stringOf(sql`g.event_id`))} AS msg, g.n AS n
     FROM (SELECT e.event_id AS event_id, e.gid AS gid, e.sid AS sid, count(*) AS n FROM events_raw e
           WHERE e.event_id IS NOT NULL AND (e.sid IS NOT NULL OR e.source_id IN ${stringKeys(ALERT_SOURCES)})
           GROUP BY e.event_id, e.gid, e.sid) g`,
  );
  const sids = [...new Set(signatures.flatMap((s) => (s.sid === null ? [] : [Number(s.sid)])))];
  const messages = [...new Set(signatures.flatMap((s) => (s.sid === null ? [s.msg] : [])))];
  const known = new Set<string>();
  for (let i = 0; i < sids.length; i += IN_CHUNK) {
    const rules = await store.query<{ rule_gid: number; sid: number }>(
      sql`SELECT DISTINCT coalesce(gid, 1) AS rule_gid, sid FROM rule_defs WHERE ${inList(sql`sid`, sids.slice(i, i + IN_CHUNK))}`,
    );
    for (const r of rules) known.add(ruleKey(Number(r.rule_gid), Number(r.sid), null));
  }
  for (let i = 0; i < messages.length; i += IN_CHUNK) {
    const rules = await store.query<{ rule_msg: string }>(
      sql`SELECT DISTINCT ${lower(sql`msg`)} AS rule_msg FROM rule_defs WHERE ${inList(lower(sql`msg`), messages.slice(i, i + IN_CHUNK))}`,
    );
    for (const r of rules) known.add(ruleKey(null, null, r.rule_msg));
  }
  let total = 0;
  let matched = 0;
  for (const s of signatures) {
    total += Number(s.n);
    const key =
      s.sid === null ? ruleKey(null, null, s.msg) : ruleKey(s.gid === null ? 1 : Number(s.gid), Number(s.sid), null);
    if (known.has(key)) matched += Number(s.n);
  }
  return { total, matched };
}

/** Files named, folders (recursively; only files whose name says what they are) and globs; each once. */
async function expandRulePaths(paths: readonly string[]): Promise<{ planned: PlannedRuleFile[]; skipped: string[] }> {
  const seen = new Set<string>();
  const out: PlannedRuleFile[] = [];
  const skipped: string[] = [];
  const add = (path: string, display: string, sniff: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, display, sniff });
  };
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (info?.isDirectory()) {
      const found = (await fg('**/*', { cwd: given, absolute: true, onlyFiles: true, dot: false })).sort();
      for (const path of found) {
        if (ruleFileKindByName(path) !== null) add(path, shortPath(path), false);
        else skipped.push(shortPath(path));
      }
    } else if (info?.isFile()) {
      add(resolve(given), given, true);
    } else if (fg.isDynamicPattern(given)) {
      const found = (await fg(given, { absolute: true, onlyFiles: true })).sort();
      if (found.length === 0) throw new UserError(`no files match ${given}`);
      for (const path of found) add(path, shortPath(path), true);
    } else {
      throw new UserError(`no such file or folder: ${given}`);
    }
  }
  return { planned: out, skipped };
}

/** A found file as people would type it: relative to the working directory when under it. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}
