/**
 * Could the source address be forged? An attack that needs the replies (a scan reading SYN-ACKs or
 * unreachables, a session) must use a real return address; one that needs none could come from
 * anywhere. TTLs tell the rest: one sender's packets arrive with nearly the same TTL, forged
 * packets from several places do not.
 */

export interface SpoofingBasis {
  /** Does the attacker need the victims' replies to get anything from the attack? */
  needsReplies: boolean;
  /** Why, in words. */
  why: string;
}

export interface TtlStats {
  packets: number;
  min: number;
  max: number;
  /** The most common TTL. */
  mode: number;
}

/** The assessment shown with every finding. @example assessSpoofing({needsReplies: true, why: 'a SYN scan reads the SYN-ACKs'}, undefined, 8) */
export function assessSpoofing(
  basis: SpoofingBasis,
  ttl: TtlStats | undefined,
  maxTtlSpread: number,
): { likely: boolean; reason: string } {
  const parts = [basis.why];
  let spread: number | null = null;
  if (ttl !== undefined && ttl.packets >= 2) {
    spread = ttl.max - ttl.min;
    parts.push(
      spread <= maxTtlSpread
        ? `TTL steady (${ttl.min === ttl.max ? ttl.min : `${ttl.min}–${ttl.max}, mostly ${ttl.mode}`} over ${ttl.packets} packets): one sender`
        : `TTL varies from ${ttl.min} to ${ttl.max} over ${ttl.packets} packets: paths of different lengths, as from several senders`,
    );
  }
  const ttlSaysSeveral = spread !== null && spread > maxTtlSpread;
  const likely = !basis.needsReplies && ttlSaysSeveral;
  const verdict = basis.needsReplies
    ? 'not likely spoofed'
    : ttlSaysSeveral
      ? 'likely spoofed'
      : spread === null
        ? 'could be spoofed'
        : 'probably not spoofed';
  return { likely, reason: `${verdict}: ${parts.join('; ')}` };
}
