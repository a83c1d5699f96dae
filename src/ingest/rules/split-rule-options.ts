/**
 * The option list of a rule, `msg:"…"; content:"a\;b"; sid:1;`, split into keyword/value pairs.
 * A backslash escapes the next character (`\;`, `\"`, `\\`), and a `;` inside double quotes does
 * not end an option: Snort insists on `\;` there, but hand-edited rule files often forget it.
 */

export interface RuleOption {
  keyword: string;
  /** Raw value text, trimmed, quotes and escapes kept; `null` for bare keywords (`nocase;`). */
  value: string | null;
}

export type SplitOptionsResult = { ok: true; options: RuleOption[] } | { ok: false; message: string };

/** Split the text between a rule's parentheses into options. */
export function splitRuleOptions(body: string): SplitOptionsResult {
  const options: RuleOption[] = [];
  let i = 0;
  const n = body.length;
  while (i < n) {
    while (i < n && isSpace(body.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && body[j] !== ':' && body[j] !== ';') j++;
    const keyword = body.slice(i, j).trim().toLowerCase();
    if (keyword.length === 0 || /\s/.test(keyword)) {
      return { ok: false, message: `option expected at "${body.slice(i, i + 30)}"` };
    }
    if (j >= n || body[j] === ';') {
      options.push({ keyword, value: null });
      i = j + 1;
      continue;
    }
    // A value: up to the next `;` that is neither escaped nor inside quotes.
    let k = j + 1;
    let quoted = false;
    for (; k < n; k++) {
      const c = body[k];
      if (c === '\\') k++;
      else if (c === '"') quoted = !quoted;
      else if (c === ';' && !quoted) break;
    }
    if (quoted) return { ok: false, message: `unterminated quote in option "${keyword}"` };
    options.push({ keyword, value: body.slice(j + 1, Math.min(k, n)).trim() });
    i = k + 1;
  }
  return { ok: true, options };
}

/** A quoted option value as text: outer quotes dropped, `\x` escapes resolved (`msg`, `metadata`). */
export function unquoteRuleValue(value: string): string {
  let text = value;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"') && !isEscapedAt(text, text.length - 1)) {
    text = text.slice(1, -1);
  }
  return text.replace(/\\(.)/g, '$1');
}

function isEscapedAt(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
