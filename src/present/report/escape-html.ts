/**
 * Log text is attacker-controlled. Everything from a log (or from anything derived from one) goes
 * through here before it reaches HTML or SVG, in text *and* in attribute values, so a message such
 * as `<script>` or `" onerror="` can only ever show as characters, and bidi overrides (U+202E…)
 * cannot reorder what the reader sees: they show as `\u202e` (see sanitise-output.ts).
 */
import { sanitiseOutput } from '../sanitise-output.js';

const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escape for HTML/SVG text and for quoted attribute values; controls and bidi overrides become visible. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  // XML 1.0 forbids most C0 controls even as references: they show as `\xNN` text instead.
  return sanitiseOutput.visible(String(value)).replace(/[&<>"'`]/g, (c) => ENTITY[c]!);
}
