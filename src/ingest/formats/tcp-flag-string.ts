/**
 * Snort's 8-character TCP flag string (`CreateTCPFlagString`, docs/FORMATS.md §2.4): fixed positions
 * `12UAPRSF`, `*` when clear. Any other char, or a letter in the wrong place, makes it invalid.
 */
const FLAG_CHARS = '12UAPRSF';

/** The TCP_FLAG bit set of the 8 chars at `start`, or -1 when they are not a valid flag string. */
export function parseTcpFlagString(text: string, start: number, end: number = text.length): number {
  if (start + 8 > end) return -1;
  let bits = 0;
  for (let k = 0; k < 8; k++) {
    const c = text.charCodeAt(start + k);
    if (c === 42 /* * */) continue;
    if (c !== FLAG_CHARS.charCodeAt(k)) return -1;
    bits |= 0x80 >> k;
  }
  return bits;
}
