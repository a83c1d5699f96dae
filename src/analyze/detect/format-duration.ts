/** A span of epoch microseconds in words an analyst reads at a glance: `45s`, `2h 14m`, `3d 2h`. */
export function formatDuration(micros: number): string {
  const seconds = Math.round(micros / 1e6);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
