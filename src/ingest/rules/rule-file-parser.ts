/**
 * Reads one rule knowledge file line by line, whatever its kind. For `.rules` files it joins
 * continuation lines (trailing `\`) and keeps commented-out rules as disabled ones; every other
 * kind is one entry per line. Nothing here throws on bad input: unreadable lines become problems.
 */
import type { ProblemCode } from '../../core/problem.js';
import {
  parseClassificationLine,
  parseGenMsgLine,
  parseReferenceLine,
  parseSidMsgLine,
  sidMsgVersionOf,
  type LineResult,
  type SidMsgVersion,
} from './parse-config-lines.js';
import { parseRuleText, startsWithRuleAction } from './parse-rule-text.js';
import { PROBLEM_INPUT_CHARS, type ParsedRuleFile, type RuleFileKind } from './rule-knowledge.js';

/** Lines of a rules file that configure rather than detect (old rule files mixed them in). */
const DIRECTIVE =
  /^(var|ipvar|portvar|include|config|preprocessor|output|ruletype|event_filter|suppress|threshold|rate_filter)\b/;

interface PendingRule {
  line: number;
  /** Lines as written, for display. */
  written: string[];
  /** Lines with the continuation backslash (and, for commented rules, the `#`) removed. */
  parts: string[];
  commented: boolean;
}

export class RuleFileParser {
  private readonly out: ParsedRuleFile;
  private pending: PendingRule | null = null;
  /** `sid-msg.map` layout: from a `#v2` header line, else from the first data line. */
  private sidMsgVersion: SidMsgVersion | null = null;

  constructor(readonly kind: RuleFileKind) {
    this.out = { kind, rules: [], classes: [], refSystems: [], problems: [] };
  }

  /** Feed one line; `flagged` is set when the reader already judged the line unreadable. */
  push(line: number, text: string, flagged?: ProblemCode): void {
    if (flagged !== undefined) {
      this.problem(line, flagged, flagged === 'too_long' ? 'line too long' : 'binary data in line', text);
      return;
    }
    if (this.kind === 'rules') {
      this.pushRuleLine(line, text);
      return;
    }
    const trimmed = text.trim();
    if (this.kind === 'sid-msg' && this.sidMsgVersion === null && /^#\s*v2\b/i.test(trimmed)) this.sidMsgVersion = 2;
    if (trimmed === '' || trimmed.startsWith('#')) return;
    switch (this.kind) {
      case 'classification':
        this.take(line, text, parseClassificationLine(trimmed, line), (v) => this.out.classes.push(v));
        break;
      case 'reference':
        this.take(line, text, parseReferenceLine(trimmed, line), (v) => this.out.refSystems.push(v));
        break;
      case 'sid-msg':
        this.sidMsgVersion ??= sidMsgVersionOf(trimmed);
        this.take(line, text, parseSidMsgLine(trimmed, line, this.sidMsgVersion), (v) =>
          this.out.rules.push({ ...v, text: null }),
        );
        break;
      case 'gen-msg':
        this.take(line, text, parseGenMsgLine(trimmed, line), (v) => this.out.rules.push({ ...v, text: null }));
        break;
    }
  }

  /** Everything read; a rule still waiting for its continuation line is reported as truncated. */
  finish(): ParsedRuleFile {
    const pending = this.pending;
    this.pending = null;
    if (pending && !pending.commented) {
      this.problem(
        pending.line,
        'truncated',
        'rule continues ("\\") past the end of the file',
        pending.written.join('\n'),
      );
    }
    return this.out;
  }

  private pushRuleLine(line: number, text: string): void {
    const pending = this.pending;
    if (pending) {
      const body = pending.commented ? text.replace(/^\s*#+/, '') : text;
      this.extend(pending, text, body);
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '') return;
    let commented = false;
    let body = trimmed;
    if (trimmed.startsWith('#')) {
      body = trimmed.replace(/^#+\s*/, '');
      // Prose comments are skipped; only a commented-out rule is worth keeping.
      if (!startsWithRuleAction(body)) return;
      commented = true;
    } else if (DIRECTIVE.test(trimmed)) return;
    this.extend({ line, written: [], parts: [], commented }, text, body);
  }

  private extend(rule: PendingRule, written: string, body: string): void {
    rule.written.push(written.trimEnd());
    const trimmed = body.trimEnd();
    if (trimmed.endsWith('\\') && !trimmed.endsWith('\\\\')) {
      rule.parts.push(trimmed.slice(0, -1));
      this.pending = rule;
      return;
    }
    rule.parts.push(trimmed);
    this.pending = null;
    this.completeRule(rule);
  }

  private completeRule(rule: PendingRule): void {
    const text = rule.written.join('\n');
    const result = parseRuleText(rule.parts.join(''));
    if (result.kind === 'problem') {
      // A commented-out line that does not parse is prose after all.
      if (!rule.commented) this.problem(rule.line, result.code, result.message, text);
      return;
    }
    this.out.rules.push({ ...result.rule, line: rule.line, enabled: !rule.commented, text });
  }

  private take<T>(line: number, input: string, result: LineResult<T>, keep: (value: T) => void): void {
    if (!result.ok) {
      this.problem(line, result.code, result.message, input);
      return;
    }
    keep(result.value);
    for (const warning of result.warnings ?? []) this.problem(line, 'bad_field', warning, input);
  }

  private problem(line: number, code: ProblemCode, message: string, input: string): void {
    this.out.problems.push({ line, code, message, input: input.slice(0, PROBLEM_INPUT_CHARS) });
  }
}

/** Parse a whole rule knowledge file held as text (tests, stdin). */
export function parseRuleFileText(kind: RuleFileKind, text: string): ParsedRuleFile {
  const parser = new RuleFileParser(kind);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => parser.push(i + 1, line));
  return parser.finish();
}
