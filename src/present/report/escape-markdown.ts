/**
 * Markdown for tickets must not let a log line become markup: no HTML (`<script>`), no links or
 * images (`[x](javascript:…)`), no table breaks (`|`), no code spans or emphasis, no line that
 * turns into a heading or list. Characters that GFM gives a meaning anywhere are backslash-escaped;
 * `<`, `>` and `&` become entities because some renderers pass raw HTML through even after a
 * backslash; a URL scheme's colon (`http://`, `javascript:`) is escaped so no renderer autolinks it.
 * Dots, dashes and the like only matter at the start of a line: the renderer never starts a line
 * with a value, so they stay unescaped and addresses read as written. Controls and bidi overrides
 * (U+202E…) show as `\xNN`/`\u202e` text (see sanitise-output.ts).
 */
import { sanitiseOutput } from '../sanitise-output.js';

const ANYWHERE = /[\\`*_[\]|~!#]/g;
/** `http://…` (autolinked by GFM) and script-ish schemes some ticket renderers link anyway. */
const SCHEME_COLON = /\b([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)|\b(javascript|vbscript|data|file):/gi;

/** Escape text for a GFM paragraph or table cell; newlines become spaces so a cell stays one row. */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  return sanitiseOutput
    .visible(String(value).replace(/[\r\n\t]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(ANYWHERE, (c) => `\\${c}`)
    .replace(SCHEME_COLON, (m) => `${m.slice(0, -1)}\\:`);
}
