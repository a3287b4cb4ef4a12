import type { ESLint, Linter } from "eslint";

import { plural } from "./command.js";

const OWN_RULE_PREFIX = "llm-cost/";

function isOwnFinding(message: Linter.LintMessage): boolean {
  return message.fatal === true || (message.ruleId?.startsWith(OWN_RULE_PREFIX) ?? false);
}

/**
 * Inline `/* eslint ... *\/` comments can turn on rules the audit does not own; counts are rebuilt
 * from the kept messages so exit status, formatters and summary agree.
 */
export function keepOwnFindings(results: ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => {
    const messages = result.messages.filter(isOwnFinding);
    if (messages.length === result.messages.length) return result;
    const count = (predicate: (message: Linter.LintMessage) => boolean): number => messages.filter(predicate).length;
    return {
      ...result,
      messages,
      errorCount: count((message) => message.severity === 2),
      fatalErrorCount: count((message) => message.fatal === true),
      warningCount: count((message) => message.severity === 1),
      fixableErrorCount: count((message) => message.severity === 2 && message.fix !== undefined),
      fixableWarningCount: count((message) => message.severity === 1 && message.fix !== undefined),
    };
  });
}

export interface Totals {
  readonly errors: number;
  readonly warnings: number;
  readonly unparsable: number;
  readonly fixable: number;
  readonly withSuggestions: number;
  readonly perRule: ReadonlyMap<string, number>;
}

export function tally(results: readonly ESLint.LintResult[]): Totals {
  let errors = 0;
  let warnings = 0;
  let unparsable = 0;
  let fixable = 0;
  let withSuggestions = 0;
  const perRule = new Map<string, number>();
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    if (result.fatalErrorCount > 0) unparsable += 1;
    for (const message of result.messages) {
      if (message.fix !== undefined) fixable += 1;
      else if ((message.suggestions?.length ?? 0) > 0) withSuggestions += 1;
      if (message.ruleId !== null) perRule.set(message.ruleId, (perRule.get(message.ruleId) ?? 0) + 1);
    }
  }
  return { errors, warnings, unparsable, fixable, withSuggestions, perRule };
}

export function summarise(totals: Totals, filesScanned: number, fixedFiles: number, activeRules: number): string {
  const findings = totals.errors + totals.warnings;
  const lines: string[] = [];
  if (findings === 0) {
    lines.push(`llm-cost: no findings in ${plural(filesScanned, "file")} scanned (${plural(activeRules, "rule")} active)`);
  } else {
    lines.push(`llm-cost: ${plural(findings, "finding")} in ${plural(filesScanned, "file")} scanned (${plural(activeRules, "rule")} active)`);
    const width = Math.max(...[...totals.perRule.keys()].map((rule) => rule.length));
    const byCount = [...totals.perRule].sort(([ruleA, countA], [ruleB, countB]) => countB - countA || ruleA.localeCompare(ruleB));
    for (const [rule, count] of byCount) lines.push(`  ${rule.padEnd(width)}  ${count}`);
    if (totals.unparsable > 0) lines.push(`  ${plural(totals.unparsable, "file")} could not be parsed`);
    const hints: string[] = [];
    if (totals.fixable > 0) hints.push(`${totals.fixable} fixable with --fix`);
    if (totals.withSuggestions > 0) hints.push(`${totals.withSuggestions} with a suggested fix in your editor`);
    if (hints.length > 0) lines.push(`  ${hints.join(", ")}`);
  }
  if (fixedFiles > 0) lines.push(`  fixed ${plural(fixedFiles, "file")}`);
  return `${lines.join("\n")}\n`;
}
