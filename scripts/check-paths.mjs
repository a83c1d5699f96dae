#!/usr/bin/env node
// The repository must be the whole product: a fresh clone has nothing beside it. This check fails
// when a tracked file names a path outside the repository (a relative path that climbs above the
// root, or an absolute path into someone's machine), or cites a docs/*.md file or section that the
// repository does not hold. Run by `npm run check`; `node scripts/check-paths.mjs [ROOT]` checks
// the git repository at ROOT (default: the one holding the working directory).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * Absolute paths a tracked file may name, each with the reason. Keep it short: anything else that
 * looks like a path on a machine (/work/…, /home/…, /tmp/…) is an error. A script's `#!` line is
 * its interpreter, not a file it reads, and is not checked.
 */
export const ALLOWED_ABSOLUTE = [
  ['/usr/bin/chromium', 'the default Chromium for `report --pdf` (Debian package path, IDSIFT_CHROMIUM overrides)'],
  ['/dev/null', 'discarding output'],
  ['/proc/self/', 'a process reading about itself'],
  ['/etc/passwd', 'tests proving read-only SQL cannot read files outside the store'],
  ['/etc/snort/', 'where a sensor keeps its rules, in usage examples'],
  ['/var/log/snort', 'where a sensor writes its logs, in usage examples'],
  ['/tmp/logs', 'the output folder of the `idsift gen` usage example'],
];

/** This check and its test, whose examples of bad paths are the point. */
const SELF = new Set(['scripts/check-paths.mjs', 'test/check-paths.test.ts']);
/** Folders whose files are captured sensor data or rules: the paths inside them are payloads, not files we read. */
const DATA_FOLDERS = ['test/fixtures/', 'data/'];
/** Files whose leading `/` means the repository root (ignore patterns), not the machine's. */
const ROOTED_PATTERN_FILES = new Set(['.gitignore', '.prettierignore', '.npmignore']);
/** First components of absolute paths that point into a machine rather than a URL route. */
const MACHINE_ROOTS =
  'work|home|root|Users|mnt|opt|srv|var|etc|usr|tmp|dev|proc|sys|media|Volumes|snap|nix|bin|sbin|private/var';
const ABSOLUTE = new RegExp(`(?<![\\w.:/~$@%\\\\-])/(?:${MACHINE_ROOTS})(?![\\w.-])[^\\s'"\`)\\]>,;|]*`, 'g');
const FILE_URL = /file:\/\/(\/[^\s'"`)\]>,;|]*)/g;
const CLIMB = /(?<![\w.@/$-])(?:\.\/)?((?:\.\.\/)+)|(?<![\w.@$/-])(?:\.\.\/)*\.\.(?![\w./-])/g;
const DOC_REF = /(?<![\w./-])docs\/([A-Za-z0-9_-]+\.md)/g;
const SECTION = /§\s?(\d+(?:\.\d+)*)(?:\s?[–-]\s?(\d+(?:\.\d+)*))?/g;

/** Whether a file's relative paths are read from the repository root rather than from its own folder. */
function runsFromRoot(path, text) {
  return path === 'package.json' || /^#!.*\b(ba|da|z)?sh\b/.test(text);
}

function isBinary(text) {
  return text.slice(0, 8000).includes('\0');
}

/** Numbered section headings (`## 2.3 Scan types`) of a Markdown document. */
function sectionsOf(text) {
  const out = new Set();
  for (const m of text.matchAll(/^#{1,6}\s+§?(\d+(?:\.\d+)*)\.?\s/gm)) out.add(m[1]);
  return out;
}

/**
 * Every outside path or missing document that `files` name. `files` is [{ path, text }] with paths
 * relative to the repository root; `readDoc(path)` returns a tracked document's text or null.
 */
export function findOutsidePaths(files, readDoc) {
  const problems = [];
  const sectionCache = new Map();
  for (const { path, text } of files) {
    if (isBinary(text)) continue;
    const isData = DATA_FOLDERS.some((d) => path.startsWith(d)) && !path.endsWith('.md');
    if (isData || SELF.has(path)) continue;
    const depth = runsFromRoot(path, text) ? 0 : path.split('/').length - 1;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const at = `${path}:${i + 1}`;
      const isShebang = i === 0 && line.startsWith('#!');
      if (!isShebang && !ROOTED_PATTERN_FILES.has(posix.basename(path))) {
        for (const m of line.matchAll(ABSOLUTE)) {
          const token = m[0];
          if (ALLOWED_ABSOLUTE.some(([allowed]) => token === allowed || token.startsWith(allowed))) continue;
          problems.push(`${at}: absolute path outside the repository: ${token}`);
        }
        for (const m of line.matchAll(FILE_URL)) problems.push(`${at}: file URL outside the repository: ${m[0]}`);
      }
      for (const m of line.matchAll(CLIMB)) {
        const ups = m[1] !== undefined ? m[1].length / 3 : (m[0].match(/\.\./g) ?? []).length;
        if (ups > depth) problems.push(`${at}: relative path climbs above the repository root: ${m[0].trim()}`);
      }
      for (const m of line.matchAll(DOC_REF)) {
        const doc = `docs/${m[1]}`;
        const docText = readDoc(doc);
        if (docText === null) {
          problems.push(`${at}: cites ${doc}, which the repository does not hold`);
          continue;
        }
        if (!sectionCache.has(doc)) sectionCache.set(doc, sectionsOf(docText));
        const sections = sectionCache.get(doc);
        const rest = line.slice(m.index + m[0].length).split(/docs\//)[0];
        for (const s of rest.matchAll(SECTION)) {
          for (const n of [s[1], s[2]]) {
            if (n !== undefined && !sections.has(n)) problems.push(`${at}: cites ${doc} §${n}, which it does not have`);
          }
        }
      }
    });
  }
  return problems;
}

/** The tracked files of the git repository at `root`, with their text. */
export function trackedFiles(root) {
  const names = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\0')
    .filter((n) => n !== '');
  return names
    .filter((n) => existsSync(join(root, n)))
    .map((n) => ({ path: n, text: readFileSync(join(root, n), 'utf8') }));
}

if (process.argv[1]?.endsWith('check-paths.mjs')) {
  const root = process.argv[2] ?? execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const files = trackedFiles(root);
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  const problems = findOutsidePaths(files, (p) => byPath.get(p) ?? null);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`check-paths: ${problems.length} reference(s) outside the repository`);
    process.exit(1);
  }
  console.log(`check-paths: ${files.length} tracked files name nothing outside the repository`);
}
