/**
 * Markdown for tickets must not let a log line become markup: no HTML (`<script>`), no links
 * (`[x](javascript:…)`, autolinks), no table breaks (`|`), no code spans. Every character that
 * GFM gives a meaning is backslash-escaped; `<` and `>` become entities because some renderers
 * pass raw HTML through even after a backslash.
 */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|~:]/g;

/** Escape text for a GFM paragraph or table cell; newlines become spaces so a cell stays one row. */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}
