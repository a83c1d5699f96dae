/** Small renderers shared by the pages: numbers, timestamps, severity, log kind badges. */
import type { ReactNode } from 'react';
import { colourOfKind } from './log-kind-colours.js';

export function fmtCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-US');
}

/** `2004-04-20 00:01:07` from an ISO timestamp (UTC, as the logs are read). */
export function fmtTime(ts: string | null | undefined): string {
  if (!ts) return '–';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$|Z$/, '');
}

export function KindBadge({ kind }: { kind: string }): ReactNode {
  return (
    <span className="kind" data-kind={kind} style={{ background: colourOfKind(kind) }}>
      {kind}
    </span>
  );
}

export function SeverityBadge({ score }: { score: number }): ReactNode {
  const cls = score >= 5 ? 'high' : score >= 2 ? 'mid' : 'low';
  return <span className={`sev ${cls}`}>{score}</span>;
}

/** Said over a detects list worked out before the store's last change; the live channel brings the fresh one. */
export function StaleDetects({ stale }: { stale: boolean | undefined }): ReactNode {
  return stale ? (
    <p className="hint status-warn" data-testid="detects-stale">
      The store has changed: these are the detects from before; the fresh list follows when its run ends.
    </p>
  ) : null;
}

export function Problem({ error }: { error: string | null }): ReactNode {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
