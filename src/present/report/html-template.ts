/**
 * A tagged template that escapes every interpolated value unless it is already `SafeHtml`, so the
 * safe thing is the default: a section author has to opt *in* to raw markup (`trustedHtml`), never
 * remember to opt out. Arrays are joined; `null`, `undefined` and `false` render as nothing.
 */
import { escapeHtml } from './escape-html.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Markup we built ourselves (or that a renderer escaped itself, as vega's SVG does). */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/** Build markup: `html\`<td>${logText}</td>\`` escapes `logText`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}
