/**
 * Findings for people: one table sorted by score, and with `--verbose` each finding in full —
 * severity inputs with their reasons, spoofing verdict, mechanism, action, chain and evidence.
 * Everything that came from a log is escaped before it reaches the terminal.
 */
import pc from 'picocolors';
import type { Finding, ListLimit, SeverityField } from '../../analyze/finding.js';
import { printLine, printTable } from './output.js';

const FIELDS: readonly SeverityField[] = ['criticality', 'lethality', 'system', 'network'];
/** Summary characters in the table (the full text is in --verbose and --json). */
const SUMMARY_WIDTH = 100;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** The summary table: score, the four inputs (`*` = set by the analyst), kind, subject, summary. */
export function printFindingTable(findings: readonly Finding[]): void {
  printTable(
    ['#', 'score', 'C+L−S−N', 'kind', 'subject', 'summary'],
    findings.map((f, i) => [
      i + 1,
      f.severity.score,
      FIELDS.map((k) => `${f.severity[k]}${f.severity.overridden?.includes(k) ? '*' : ''}`).join(' '),
      f.kind,
      f.subject,
      clip(f.summary, SUMMARY_WIDTH),
    ]),
  );
  if (findings.some((f) => (f.severity.overridden ?? []).length > 0)) printLine('* set by the analyst (idsift score)');
}

/** One finding in full. */
export function printFindingDetail(f: Finding, index: number): void {
  printLine(`#${index} [${f.severity.score}] ${f.kind} ${f.subject}`, { style: pc.bold });
  printLine(`  ${f.summary}`);
  printLine('  severity = (criticality + lethality) − (system + network)');
  for (const k of FIELDS) {
    const mark = f.severity.overridden?.includes(k) ? ' (overridden)' : '';
    printLine(`    ${k.padEnd(11)} ${f.severity[k]}${mark}  ${f.severity.reasons[k]}`);
  }
  printLine(`  spoofing:   ${f.spoofing.reason}`);
  printLine(`  mechanism:  ${f.mechanism}`);
  printLine(`  action:     ${f.recommendation}`);
  if (f.linked.length > 0) printLine(`  linked:     ${f.linked.join(', ')}`);
  const facts = Object.entries(f.facts).filter(([, v]) => v !== null && v !== '');
  if (facts.length > 0) printLine(`  facts:      ${facts.map(([k, v]) => `${k}=${v}`).join('  ')}`);
  for (const step of f.chain ?? []) printLine(`  ${step.ts.replace('T', ' ').replace('Z', '')}  ${step.label}`);
  if (f.related.length > 0) {
    printLine(
      `  related:    ${f.related.slice(0, 20).join(', ')}${f.related.length > 20 ? ` … (${f.related.length})` : ''}`,
    );
  }
  printTable(
    ['time (UTC)', 'log', 'event', 'source', 'destination', 'detail', 'file:line'],
    f.evidence.map((ev) => [
      ev.ts.replace('T', ' ').replace('Z', ''),
      ev.source,
      ev.event,
      ev.sport === null ? ev.src : `${ev.src}:${ev.sport}`,
      ev.dport === null ? ev.dst : `${ev.dst}:${ev.dport}`,
      Object.entries(ev.detail ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      `${ev.file}:${ev.line}`,
    ]),
  );
  for (const l of f.limits ?? []) printLine(`  ${describeLimit(l)}`);
  printLine();
}

/** One line for a cut list: `evidence: showing 50 of 1,234; raise detect.evidence.limit …`. */
export function describeLimit(l: ListLimit): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${l.list}: showing ${n(l.shown)} of ${n(l.total)}; to see the rest, ${l.see}`;
}
