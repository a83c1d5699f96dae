/**
 * The sniff measure most line formats use: the share of the head's non-blank lines that `isLine`
 * accepts (0 when every line is blank).
 */
import { trimmedEnd } from './text-cursor.js';

export function shareOfLines(head: readonly string[], isLine: (text: string, end: number) => boolean): number {
  let seen = 0;
  let hits = 0;
  for (const text of head) {
    const end = trimmedEnd(text);
    if (end === 0) continue;
    seen++;
    if (isLine(text, end)) hits++;
  }
  return seen === 0 ? 0 : hits / seen;
}
