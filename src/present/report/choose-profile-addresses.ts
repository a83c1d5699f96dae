/**
 * The external addresses worth profiling: the subjects and peers of the highest-scoring detects
 * first (the report's story), then the busiest external talkers, each with the reason it was chosen.
 */
import type { Finding } from '../../analyze/finding.js';
import type { TopEntry } from '../../analyze/top-n/top-n.js';
import type { AddressBook } from '../../core/address-book.js';
import { EXTERNAL_GROUP } from '../../core/address-book.js';

/** Outside peers of one detect that may be profiled before moving on to the next detect. */
const PEERS_PER_DETECT = 2;

export interface ProfileChoice {
  address: string;
  reasons: string[];
}

export function chooseProfileAddresses(
  findings: readonly Finding[],
  externalTalkers: readonly TopEntry[],
  book: AddressBook,
  limit: number,
): ProfileChoice[] {
  const chosen = new Map<string, ProfileChoice>();
  const add = (address: string, reason: string): void => {
    if (book.groupOf(address) !== EXTERNAL_GROUP) return;
    const host = book.hostOf(address);
    const entry = chosen.get(host);
    if (entry) {
      if (entry.reasons.length < 3 && !entry.reasons.includes(reason)) entry.reasons.push(reason);
    } else if (chosen.size < limit) chosen.set(host, { address, reasons: [reason] });
  };
  // In detect order: the subject, then a few of its peers (a compromised inside host's outside
  // controllers matter more than the subject of a low-scoring sweep further down).
  findings.forEach((f, i) => {
    const why = `(${f.kind}, score ${f.severity.score})`;
    add(f.subject, `subject of detect ${i + 1} ${why}`);
    for (const peer of f.related.filter((a) => book.groupOf(a) === EXTERNAL_GROUP).slice(0, PEERS_PER_DETECT)) {
      add(peer, `involved in detect ${i + 1} ${why}`);
    }
  });
  externalTalkers.forEach((t, i) =>
    add(String(t.key), `external talker #${i + 1} (${t.events.toLocaleString('en-US')} events)`),
  );
  return [...chosen.values()];
}
