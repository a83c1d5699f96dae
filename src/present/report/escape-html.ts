/**
 * Log text is attacker-controlled. Everything from a log (or from anything derived from one) goes
 * through here before it reaches HTML or SVG, in text *and* in attribute values, so a message such
 * as `<script>` or `" onerror="` can only ever show as characters.
 */
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escape for HTML/SVG text and for quoted attribute values; control characters become visible. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"'`]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => {
    const entity = ENTITY[c];
    if (entity !== undefined) return entity;
    // XML 1.0 forbids most C0 controls even as references: show them as text instead.
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
