/**
 * Strings a hostile log can carry, tried against every text sink (terminal tables and lines, CSV,
 * JSON, HTML, Markdown, chart SVG). docs/SECURITY.md counts them; add new tricks here.
 */
export const HOSTILE_STRINGS: readonly { name: string; text: string }[] = [
  { name: 'OSC title set (ESC ] … BEL)', text: '\u001b]0;pwned\u0007' },
  { name: 'CSI clear screen', text: 'a\u001b[2Jb' },
  { name: 'one-byte C1 CSI (U+009B)', text: '\u009b31mred' },
  { name: 'C1 OSC (U+009D) with ST (U+009C)', text: '\u009d0;pwned\u009c' },
  { name: 'right-to-left override (Trojan Source)', text: 'evil\u202egnp.exe' },
  { name: 'bidi isolates', text: '\u2066a\u2067b\u2068c\u2069' },
  { name: 'embeddings and pop', text: '\u202ax\u202by\u202c' },
  { name: 'line/paragraph separators', text: 'a\u2028b\u2029c' },
  { name: 'DEL and NUL', text: 'x\u007fy\u0000z' },
  { name: 'backspace overwrite', text: 'safe\b\b\b\bevil' },
  { name: 'carriage return overwrite', text: 'rm -rf /\rls' },
  { name: 'spreadsheet formula', text: '=HYPERLINK("http://evil","x")' },
  { name: 'DDE formula', text: "@SUM(1+1)*cmd|' /C calc'!A0" },
  { name: 'plus formula', text: '+1+cmd|calc' },
  { name: 'minus formula', text: '-2+3' },
  { name: 'tab-led formula', text: '\t=1+1' },
  { name: 'script tag', text: '<script>alert(1)</script>' },
  { name: 'attribute breakout', text: '" onerror="alert(1)' },
  { name: 'markdown link', text: '[click](javascript:alert(1))' },
];

/** What no sink may pass raw: C0 (bar tab/LF/CR where a format uses them as layout), DEL, C1, LS/PS, bidi. */
export const TERMINAL_ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
export const MARKUP_ACTIVE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
