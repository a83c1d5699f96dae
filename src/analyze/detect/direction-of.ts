/** Which way traffic crossed our border, from the source's group and the targets' groups. */
export function directionOf(
  sourceGroup: string,
  targetGroups: readonly string[],
): 'inbound' | 'outbound' | 'internal' | 'external' {
  const sourceOutside = sourceGroup === 'external';
  const anyInside = targetGroups.some((g) => g !== 'external');
  const anyOutside = targetGroups.includes('external');
  if (sourceOutside) return anyInside ? 'inbound' : 'external';
  return anyOutside ? 'outbound' : 'internal';
}
