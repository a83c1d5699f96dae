/** Sorted port numbers as compact ranges: `[21,22,23,80]` → `21-23,80`; long lists are cut with a count. */
export function summarisePorts(ports: readonly number[], maxParts = 12): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  if (parts.length <= maxParts) return parts.join(',');
  return `${parts.slice(0, maxParts).join(',')},… (${sorted.length} ports)`;
}
