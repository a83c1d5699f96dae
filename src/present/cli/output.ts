/**
 * How commands print: `--json` writes exactly one JSON document to stdout; otherwise tables and
 * lines for people. Every sink here sanitises what it prints (see sanitise-output.ts), so a
 * command cannot forget to: styling is applied after sanitising, never inside the text.
 */
import Table from 'cli-table3';
import { InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import stringWidth from 'string-width';
import { sanitiseOutput } from '../sanitise-output.js';

/** One JSON document; C1 controls and bidi overrides escaped as `\uXXXX` (still the same values). */
export function printJson(value: unknown): void {
  process.stdout.write(`${sanitiseOutput.json(value)}\n`);
}

export function printTable(
  head: string[],
  rows: (string | number | null | undefined)[][],
  options: { title?: string } = {},
): void {
  if (options.title) process.stdout.write(`${pc.bold(sanitiseOutput.terminal(options.title))}\n`);
  process.stdout.write(`${renderTable(head, rows)}\n`);
}

/**
 * Rows per cli-table3 table. Its layout compares every cell with every other (for spans we never
 * use), so one table of 5,000 rows took 3 s to draw; a long table is drawn in slices with the
 * widths of the whole and joined where the borders meet, the same text as one table.
 */
const TABLE_SLICE_ROWS = 250;

/** The table as text: cells sanitised, columns as wide as their widest cell, no rule between rows. */
export function renderTable(head: readonly string[], rows: readonly (string | number | null | undefined)[][]): string {
  const heads = head.map((h) => sanitiseOutput.terminal(h));
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '' : sanitiseOutput.terminal(String(cell)))),
  );
  // One space of padding on each side, as cli-table3 draws.
  const colWidths = heads.map((h) => stringWidth(h) + 2);
  for (const row of cells)
    row.forEach((cell, i) => (colWidths[i] = Math.max(colWidths[i] ?? 0, stringWidth(cell) + 2)));
  const slices: string[] = [];
  for (let start = 0; start === 0 || start < cells.length; start += TABLE_SLICE_ROWS) {
    const table = new Table({
      head: start === 0 ? heads.map((h) => pc.cyan(h)) : [],
      colWidths,
      style: { head: [], border: [] },
      // No rule between body rows: long tables stay readable.
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const row of cells.slice(start, start + TABLE_SLICE_ROWS)) table.push(row);
    const lines = table.toString().split('\n');
    const last = start + TABLE_SLICE_ROWS >= cells.length;
    slices.push(lines.slice(start === 0 ? 0 : 1, last ? lines.length : -1).join('\n'));
  }
  return slices.join('\n');
}

/** One line of text for people, sanitised; `style` (e.g. `pc.bold`) is applied to the safe text. */
export function printLine(text = '', options: { style?: (text: string) => string } = {}): void {
  const safe = sanitiseOutput.terminal(text);
  process.stdout.write(`${options.style ? options.style(safe) : safe}\n`);
}

/** A line of CSV: every cell formula-safe and terminal-safe. */
export function printCsvRow(cells: readonly unknown[]): void {
  process.stdout.write(`${cells.map(sanitiseOutput.csvCell).join(',')}\n`);
}

/** A warning for people: stderr, so that stdout stays clean for pipes and `--json`. */
export function warn(text: string): void {
  process.stderr.write(`${pc.yellow('warning:')} ${sanitiseOutput.terminal(text)}\n`);
}

/** Option parser for positive integers; commander reports a bad value as one line, exit 1. */
export function parsePositiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidArgumentError(`${name} must be a positive whole number, not "${value}"`);
    return n;
  };
}
