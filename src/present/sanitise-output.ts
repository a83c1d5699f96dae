/**
 * Log content is attacker-controlled, and so is anything derived from it (addresses, signatures,
 * file names, quarantined input, SQL results). This is the one place that decides what of it may
 * reach a text sink raw. Every sink goes through one of these:
 *
 * - `terminal`: tables and plain text. C0/C1 controls (ESC, CSI U+009B, BEL…), DEL, the line and
 *   paragraph separators and the bidi overrides/isolates become visible `\xNN`/`\uNNNN` text, so a
 *   log line can neither drive the terminal (`\x1b]0;pwned\x07` sets its title) nor reorder what
 *   the analyst reads (U+202E, "Trojan Source").
 * - `csvCell`: the same, plus OWASP's formula-injection guard, quoted per RFC 4180.
 * - `json`: valid JSON that parses back to the same values, with C1 controls, DEL, U+2028/2029 and
 *   bidi overrides written as `\uXXXX` (JSON.stringify leaves them raw).
 * - `visible`: for HTML and Markdown, whose escapers handle their own syntax: controls and bidi
 *   overrides become visible text, other characters are left for the caller.
 */

/** Characters a terminal acts on: C0, DEL, C1 (U+009B is a one-byte CSI), LS/PS, bidi controls. */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw that a terminal or a viewer would act on (it escapes C0 itself). */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** A cell a spreadsheet would evaluate (OWASP CSV injection): formula, DDE, or a hidden lead. */
const FORMULA_LEAD = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** As TERMINAL_UNSAFE but keeping tab, LF and CR, which HTML and Markdown handle as layout. */
const MARKUP_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visibleCode(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function jsonCode(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text for a terminal: every control, separator and bidi override shown as `\xNN`/`\uNNNN`. */
function terminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visibleCode);
}

/** One CSV cell: terminal-safe, formula-safe (`'` prefix) and quoted per RFC 4180. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = String(value);
  let text = terminal(raw);
  // Checked on the raw text: a leading tab or CR is a formula trick even once made visible.
  if (FORMULA_LEAD.test(raw) && !PLAIN_NUMBER.test(raw)) text = `'${text}`;
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `JSON.stringify(value, null, 2)` with every terminal-active character escaped as `\uXXXX`. */
function json(value: unknown): string {
  // Outside strings JSON is ASCII, so replacing in the whole document only touches string content.
  return (JSON.stringify(value, null, 2) ?? 'null').replace(JSON_UNSAFE, jsonCode);
}

/** Controls and bidi overrides made visible (tab, LF, CR kept); for the HTML and Markdown escapers. */
function visible(text: string): string {
  return text.replace(MARKUP_UNSAFE, visibleCode);
}

export const sanitiseOutput = { terminal, csvCell, json, visible } as const;
