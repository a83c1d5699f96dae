/**
 * Which rule knowledge file this is: by its conventional name first (`*.rules`,
 * `classification.config`, `reference.config`, `sid-msg.map`, `gen-msg.map`), else by what its
 * first meaningful lines look like.
 */
import { basename } from 'node:path';
import { startsWithRuleAction } from './parse-rule-text.js';
import type { RuleFileKind } from './rule-knowledge.js';

/** How many non-blank lines the content sniff looks at. */
export const SNIFF_LINES = 50;

/** The kind a file's name says it is, or `null` when the name says nothing. */
export function ruleFileKindByName(path: string): RuleFileKind | null {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.rules')) return 'rules';
  if (name === 'classification.config') return 'classification';
  if (name === 'reference.config') return 'reference';
  if (name.endsWith('.map') && name.includes('gen-msg')) return 'gen-msg';
  if (name.endsWith('.map') && name.includes('sid-msg')) return 'sid-msg';
  return null;
}

/** The kind by content: the first lines that decide it win; `null` when none does. */
export function ruleFileKindByContent(lines: readonly string[]): RuleFileKind | null {
  let seen = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (++seen > SNIFF_LINES) break;
    if (/^config\s+classification\s*:/i.test(line)) return 'classification';
    if (/^config\s+reference\s*:/i.test(line)) return 'reference';
    const uncommented = line.replace(/^#+\s*/, '');
    if (startsWithRuleAction(uncommented) && uncommented.includes('(')) return 'rules';
    if (line.startsWith('#')) continue;
    const fields = line.split('||').map((f) => f.trim());
    if (fields.length === 3 && /^\d+$/.test(fields[0]!) && /^\d+$/.test(fields[1]!)) return 'gen-msg';
    if (fields.length >= 2 && /^\d+$/.test(fields[0]!)) return 'sid-msg';
  }
  return null;
}
