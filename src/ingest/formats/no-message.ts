/**
 * Suricata writes a rule without `msg`, and an alert without a classification, as C's literal
 * `(null)`. That is no text at all: the event is named by its rule id instead, as EVE records
 * without a signature are, so that unrelated rules never share the name "(null)".
 */
export const NULL_TEXT = '(null)';

/** The event name of an alert that has no message: `alert [gid:sid:rev]`, or `alert` without a rule id. */
export function nameAlertWithoutMessage(gid: number | undefined, sid: number | undefined, rev: number | undefined): string {
  return sid !== undefined ? `alert [${gid ?? 1}:${sid}:${rev ?? 0}]` : 'alert';
}
