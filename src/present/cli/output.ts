/**
 * How commands print: `--json` writes exactly one JSON document to stdout; otherwise tables and
 * lines for people. Every sink here sanitises what it prints (see sanitise-output.ts), so a
 * command cannot forget to: styling is applied after sanitising, never inside the text.
 */
import Table from 'cli-table3';
import { InvalidArgumentError } from 'commander';
import pc from 'picocolors';
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
  const table = new Table({
    head: head.map((h) => pc.cyan(sanitiseOutput.terminal(h))),
    style: { head: [], border: [] },
    // No rule between body rows: long tables stay readable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows)
    table.push(row.map((cell) => (cell === null || cell === undefined ? '' : sanitiseOutput.terminal(String(cell)))));
  process.stdout.write(`${table.toString()}\n`);
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
