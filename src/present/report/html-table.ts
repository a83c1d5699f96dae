/** One table shape for every report table: headings, rows, right-aligned numeric columns. */
import { html, type SafeHtml } from './html-template.js';

type Cell = SafeHtml | string | number | null | undefined;

export interface HtmlTableOptions {
  /** Indexes of numeric columns (right-aligned, counts formatted by the caller). */
  numeric?: readonly number[];
  className?: string;
  /** Shown instead of an empty table. */
  empty?: string;
  caption?: string;
}

export function renderHtmlTable(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: HtmlTableOptions = {},
): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">${options.empty ?? 'None.'}</p>`;
  const numeric = new Set(options.numeric ?? []);
  const cls = (i: number): string | null => (numeric.has(i) ? 'num' : null);
  return html`<table${options.className ? html` class="${options.className}"` : ''}>${
    options.caption
      ? html`<caption>
          ${options.caption}
        </caption>`
      : ''
  }
<thead><tr>${head.map((h, i) => html`<th${cls(i) ? html` class="${cls(i)}"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${rows.map(
    (row) =>
      html`<tr>
        ${row.map((c, i) => html`<td${cls(i) ? html` class="${cls(i)}"` : ''}>${c ?? ''}</td>`)}
      </tr> `,
  )}</tbody></table>`;
}
