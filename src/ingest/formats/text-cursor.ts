/**
 * A reusable read position over one line, for the hand-written Snort parsers. One instance lives
 * per parser and is reset per line, so scanning allocates nothing beyond the strings it returns.
 * Every reader is bounded by `end`: hostile lines can make a read fail, never run past the line.
 */
export class TextCursor {
  text = '';
  i = 0;
  end = 0;

  /** Point the cursor at `text[start, end)`. */
  reset(text: string, start: number, end: number): this {
    this.text = text;
    this.i = start;
    this.end = end;
    return this;
  }

  atEnd(): boolean {
    return this.i >= this.end;
  }

  /** The char code under the cursor, or -1 at the end. */
  peek(offset = 0): number {
    const at = this.i + offset;
    return at < this.end ? this.text.charCodeAt(at) : -1;
  }

  /** Skip spaces and tabs; returns how many were skipped. */
  skipSpaces(): number {
    const from = this.i;
    while (this.i < this.end) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 32 && c !== 9) break;
      this.i++;
    }
    return this.i - from;
  }

  /** Consume `literal` if the text continues with it. */
  accept(literal: string): boolean {
    const n = literal.length;
    if (this.i + n > this.end) return false;
    // A char loop beats the startsWith builtin for these short literals, and most calls fail on
    // the first char.
    const text = this.text;
    const at = this.i;
    for (let k = 0; k < n; k++) if (text.charCodeAt(at + k) !== literal.charCodeAt(k)) return false;
    this.i = at + n;
    return true;
  }

  /** Consume one char if it is `code`. */
  acceptChar(code: number): boolean {
    if (this.i < this.end && this.text.charCodeAt(this.i) === code) {
      this.i++;
      return true;
    }
    return false;
  }

  /** A decimal number of 1..maxDigits digits, or -1 (cursor unmoved) when there is none or it is too long. */
  uint(maxDigits = 10): number {
    let value = 0;
    let at = this.i;
    while (at < this.end) {
      const c = this.text.charCodeAt(at);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      at++;
    }
    const digits = at - this.i;
    if (digits === 0 || digits > maxDigits) return -1;
    this.i = at;
    return value;
  }

  /** Hex digits (either case) of 1..maxDigits, or -1 (cursor unmoved). */
  hex(maxDigits = 8): number {
    let value = 0;
    let at = this.i;
    while (at < this.end) {
      const d = hexDigit(this.text.charCodeAt(at));
      if (d < 0) break;
      value = value * 16 + d;
      at++;
    }
    const digits = at - this.i;
    if (digits === 0 || digits > maxDigits) return -1;
    this.i = at;
    return value;
  }

  /** Position of `needle` at or after the cursor and wholly before `end`, or -1. */
  find(needle: string): number {
    const at = this.text.indexOf(needle, this.i);
    return at >= 0 && at + needle.length <= this.end ? at : -1;
  }

  /** Position of the next space (or tab) at or after the cursor, or `end`. */
  nextSpace(): number {
    let at = this.i;
    while (at < this.end) {
      const c = this.text.charCodeAt(at);
      if (c === 32 || c === 9) break;
      at++;
    }
    return at;
  }
}

/** Value of one hex digit char code, or -1. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Index just past the last non-blank char of `text` (trailing spaces, tabs and CR dropped). */
export function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    end--;
  }
  return end;
}
