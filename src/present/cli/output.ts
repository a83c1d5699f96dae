/**
 * How commands print: `--json` writes exactly one JSON document to stdout; otherwise tables for
 * people, with every log-derived cell escaped for the terminal.
 */
import Table from 'cli-table3';
import { InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { escapeTerminal } from './terminal-text.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(
  head: string[],
  rows: (string | number | null | undefined)[][],
  options: { title?: string } = {},
): void {
  if (options.title) process.stdout.write(`${pc.bold(escapeTerminal(options.title))}\n`);
  const table = new Table({
    head: head.map((h) => pc.cyan(h)),
    style: { head: [], border: [] },
    // No rule between body rows: long tables stay readable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows)
    table.push(row.map((cell) => (cell === null || cell === undefined ? '' : escapeTerminal(String(cell)))));
  process.stdout.write(`${table.toString()}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A warning for people: stderr, so that stdout stays clean for pipes and `--json`. */
export function warn(text: string): void {
  process.stderr.write(`${pc.yellow('warning:')} ${escapeTerminal(text)}\n`);
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
