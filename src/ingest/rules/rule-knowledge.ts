/**
 * What rule files tell about alerts: the rules themselves (Snort/Suricata `.rules`), the class
 * table (`classification.config`), the reference systems (`reference.config`) and the flat
 * message maps (`sid-msg.map`, `gen-msg.map`). docs/FORMATS.md §5 has the layouts.
 */
import type { ProblemCode } from '../../core/problem.js';

export const RULE_FILE_KINDS = ['rules', 'classification', 'reference', 'sid-msg', 'gen-msg'] as const;
export type RuleFileKind = (typeof RULE_FILE_KINDS)[number];

/** Where a rule entry came from; also its rank when several sources know the same gid:sid. */
export const RULE_ORIGINS = ['rules', 'sid-msg-v2', 'sid-msg', 'gen-msg'] as const;
export type RuleOrigin = (typeof RULE_ORIGINS)[number];

export interface RuleReference {
  system: string;
  id: string;
}

/** One rule, or one message-map line, as the file states it. */
export interface RuleDef {
  /** 1-based line of the entry's first line. */
  line: number;
  origin: RuleOrigin;
  /** `null` only with `sid` null (Snort 1.x rules had no sid; they map to alerts by message). */
  gid: number | null;
  sid: number | null;
  rev: number | null;
  msg: string | null;
  classtype: string | null;
  /** The rule's own priority (overrides the classtype's). */
  priority: number | null;
  references: RuleReference[];
  metadata: string | null;
  action: string | null;
  proto: string | null;
  /** False for a commented-out rule: kept so its message still explains old alerts. */
  enabled: boolean;
  /** The rule as written (continuation lines kept); `null` for map entries. */
  text: string | null;
}

/** `config classification: <shortname>,<description>,<priority>`. */
export interface ClassDef {
  line: number;
  name: string;
  description: string;
  priority: number;
}

/** `config reference: <system> <url-prefix>`. */
export interface RefSystemDef {
  line: number;
  system: string;
  url: string;
}

/** A line that could not be read; reported with its file and line, never fatal. */
export interface RuleFileProblem {
  line: number;
  code: ProblemCode;
  message: string;
  input: string;
}

export interface ParsedRuleFile {
  kind: RuleFileKind;
  rules: RuleDef[];
  classes: ClassDef[];
  refSystems: RefSystemDef[];
  problems: RuleFileProblem[];
}

/** Longest rule text kept in a problem report. */
export const PROBLEM_INPUT_CHARS = 500;
