/**
 * Seeded corruption of log lines, the way real files are damaged (cut, glued, flipped bytes, NULs,
 * over-long lines), for the tests that prove hostile input never crashes or loses a line.
 */
/** Small deterministic PRNG so a failure can be replayed from its seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutate(line: string, random: () => number, others: string[]): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const at = Math.floor(random() * (line.length + 1));
  switch (Math.floor(random() * 9)) {
    case 0:
      return line.slice(0, at); // cut
    case 1:
      return line.slice(0, at) + pick(others); // glued onto the next record
    case 2:
      return line.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + line.slice(at + 1); // byte flipped
    case 3:
      return line.slice(0, at) + '\u0000\u0001\u00ff' + line.slice(at); // binary
    case 4:
      return line.replace(/\d/g, () => String(Math.floor(random() * 10))); // digits scrambled
    case 5:
      return line.slice(0, at) + 'x'.repeat(70_000) + line.slice(at); // over-long
    case 6:
      return line.replace(/:/g, () => (random() < 0.5 ? '' : ':'));
    case 7:
      return pick(['', '   ', '[**]', '->', '=+=+', '\t']);
    default:
      return line;
  }
}
