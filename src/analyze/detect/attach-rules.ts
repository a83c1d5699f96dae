/**
 * `Finding.rules`: the rules behind each finding's evidence alerts — one lookup for the whole run
 * (sid when the log has one, else the message; class, priority and references once rule files are
 * loaded with `idsift rules load`).
 */
import type { Store } from '../../store/store.js';
import type { EvidenceEvent, Finding } from '../finding.js';
import { rulesForEvents } from '../rules/rules-for-events.js';

/** `detail.sid` is written `gid:sid:rev`. */
function sidParts(e: EvidenceEvent): { gid: number | null; sid: number | null } {
  const text = e.detail?.sid;
  if (text === undefined) return { gid: null, sid: null };
  const [gid, sid] = String(text).split(':').map(Number);
  return { gid: Number.isInteger(gid) ? gid! : null, sid: Number.isInteger(sid) ? sid! : null };
}

export async function attachRules(store: Store, findings: Finding[]): Promise<void> {
  const inputs = findings.flatMap((f) => f.evidence.map((e) => ({ event: e.event, ...sidParts(e) })));
  if (inputs.length === 0) return;
  const rules = await rulesForEvents(store, inputs);
  if (rules.length === 0) return;
  for (const f of findings) {
    const messages = new Set(f.evidence.map((e) => e.event.toLowerCase()));
    const sids = new Set(
      f.evidence
        .map((e) => sidParts(e))
        .filter((p) => p.sid !== null)
        .map((p) => `${p.gid ?? 1}:${p.sid}`),
    );
    const mine = rules.filter(
      (r) => (r.sid !== null && sids.has(`${r.gid ?? 1}:${r.sid}`)) || messages.has(r.msg.toLowerCase()),
    );
    if (mine.length > 0) f.rules = mine;
  }
}
