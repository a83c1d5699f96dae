/**
 * Unsigned numbers read straight out of a line, with no substring and no regex: the hand-written
 * parsers call this on the hot path. Log numbers are hostile, so every read is bounded and checked.
 */

/**
 * The unsigned integer written in `text[start, end)`, or -1 when the range is empty, holds a
 * non-digit, or exceeds `max`. With `radix` 10 a `0x`/`0X` prefix switches to hex, as Snort mixes
 * both (`TOS:0x0 ID:4660`); with `radix` 16 the digits are bare hex (EVE `"tcp_flags":"1b"`).
 *
 * @example scanUnsigned('ID:4660', 3, 7, 0xffff) // 4660
 */
export function scanUnsigned(text: string, start: number, end: number, max: number, radix: 10 | 16 = 10): number {
  let i = start;
  let base: number = radix;
  if (radix === 10 && end - i > 2 && text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120) {
    base = 16;
    i += 2;
  }
  if (i >= end) return -1;
  let value = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (base === 16 && (c | 32) >= 97 && (c | 32) <= 102) digit = (c | 32) - 87;
    else return -1;
    value = value * base + digit;
    // Checked per digit so a thousand-digit "number" stops early instead of becoming Infinity.
    if (value > max) return -1;
  }
  return value;
}
