/**
 * Order text by UTF-16 code units: the same on every machine and locale (`localeCompare` is not),
 * so that lists cut to their first n and ties in a ranking come out the same for the same data.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
