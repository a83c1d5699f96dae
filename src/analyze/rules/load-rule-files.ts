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
import type { SqlValue, Store } from '../../store/store.js';
import { ensureRuleTables, insertRows, RULE_TABLES } from './rule-tables.js';

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
  await ensureRuleTables(store);
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

/** Drop what this file gave before, then store what it gives now. */
async function replaceRuleFile(store: Store, path: string, parsed: ParsedRuleFile): Promise<void> {
  for (const table of RULE_TABLES) await store.run(`DELETE FROM ${table} WHERE path = ?`, [path]);
  await insertRows(
    store,
    'rule_defs',
    parsed.rules.map((r) => [
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
  );
  await insertRows(
    store,
    'rule_classes',
    parsed.classes.map((c) => [path, c.line, c.name, c.description, c.priority]),
  );
  await insertRows(
    store,
    'rule_refsys',
    parsed.refSystems.map((r) => [path, r.line, r.system, r.url]),
  );
  const entries = parsed.rules.length + parsed.classes.length + parsed.refSystems.length;
  await insertRows(store, 'rule_files', [
    [path, parsed.kind, entries, parsed.problems.length, new Date().toISOString()],
  ]);
}

/**
 * Alerts that map to a loaded rule. Counted per distinct (signature, gid, sid) first, so the join
 * touches the rule table once per signature rather than once per alert.
 */
async function countMatchedAlerts(store: Store): Promise<{ total: number; matched: number }> {
  const sources: SqlValue[] = [...ALERT_SOURCES];
  const list = ALERT_SOURCES.map(() => '?').join(', ');
  const [row] = await store.all<{ total: number | null; matched: number | null }>(
    `WITH sigs AS (
       SELECT e.event_id, e.gid, e.sid, count(*) AS n FROM events_raw e
       WHERE e.sid IS NOT NULL OR e.source_id IN (SELECT id FROM strings WHERE s IN (${list}))
       GROUP BY e.event_id, e.gid, e.sid),
     named AS (SELECT g.gid, g.sid, g.n, lower(s.s) AS msg FROM sigs g JOIN strings s ON s.id = g.event_id),
     by_sid AS (SELECT DISTINCT coalesce(gid, 1) AS gid, sid FROM rule_defs WHERE sid IS NOT NULL),
     by_msg AS (SELECT DISTINCT lower(msg) AS msg FROM rule_defs WHERE msg IS NOT NULL)
     SELECT sum(n) AS total,
            sum(CASE WHEN (sid IS NOT NULL AND EXISTS (SELECT 1 FROM by_sid r WHERE r.gid = coalesce(named.gid, 1) AND r.sid = named.sid))
                       OR (sid IS NULL AND EXISTS (SELECT 1 FROM by_msg m WHERE m.msg = named.msg))
                     THEN n ELSE 0 END) AS matched
     FROM named`,
    sources,
  );
  return { total: Number(row?.total ?? 0), matched: Number(row?.matched ?? 0) };
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
