import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { styleText } from "node:util";

import type { ESLint, Linter } from "eslint";

import { type CliIo, plural } from "./command.js";

/**
 * The human-readable report: findings per file in ESLint's stylish layout, parse failures apart, and
 * one summary with the per-rule counts and what to do next (no second "fixable" footer from ESLint's formatter).
 */

/** Messages kept from a run: this plugin's findings and the failures to parse (fatal, no rule). */
export function keepOwnFindings(results: readonly ESLint.LintResult[], namespaces: readonly string[]): ESLint.LintResult[] {
  const prefixes = namespaces.map((namespace) => `${namespace}/`);
  const isOwn = (message: Linter.LintMessage): boolean =>
    message.fatal === true || (message.ruleId !== null && prefixes.some((prefix) => message.ruleId!.startsWith(prefix)));
  return results.map((result) => {
    const messages = result.messages.filter(isOwn);
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

export function isParseFailure(message: Linter.LintMessage): boolean {
  return message.fatal === true;
}

export interface Totals {
  /** Findings (not parse failures) at error severity. */
  readonly errors: number;
  readonly warnings: number;
  /** Files that could not be parsed, so were not audited. */
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
    if (result.messages.some(isParseFailure)) unparsable += 1;
    for (const message of result.messages) {
      if (isParseFailure(message) || message.ruleId === null) continue;
      if (message.severity === 2) errors += 1;
      else warnings += 1;
      if (message.fix !== undefined) fixable += 1;
      else if ((message.suggestions?.length ?? 0) > 0) withSuggestions += 1;
      perRule.set(message.ruleId, (perRule.get(message.ruleId) ?? 0) + 1);
    }
  }
  return { errors, warnings, unparsable, fixable, withSuggestions, perRule };
}

interface Style {
  (format: Parameters<typeof styleText>[0], text: string): string;
}

function styler(colour: boolean): Style {
  return (format, text) => (colour ? styleText(format, text) : text);
}

/** A path as the user typed it: relative to where the command ran when below it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

const MAX_DIFF_LINES = 12;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The whole lines an edit touches, before and after it: a small diff a reader can check. */
export function editDiff(source: string, edit: { readonly range: readonly [number, number]; readonly text: string }): { removed: string[]; added: string[]; firstLine: number } {
  const [start, end] = edit.range;
  const before = lineStarts(source);
  const firstLine = lineOf(before, start);
  const lastLine = lineOf(before, Math.max(start, end - (end > start && source[end - 1] === "\n" ? 1 : 0)));
  const sourceLines = source.split("\n");
  const removed = sourceLines.slice(firstLine, lastLine + 1);
  const changed = `${source.slice(0, start)}${edit.text}${source.slice(end)}`;
  const after = lineStarts(changed);
  const newEnd = start + edit.text.length;
  const lastNewLine = lineOf(after, Math.max(start, newEnd - (newEnd > start && changed[newEnd - 1] === "\n" ? 1 : 0)));
  const added = changed.split("\n").slice(firstLine, lastNewLine + 1);
  return { removed, added, firstLine: firstLine + 1 };
}

function clip(lines: readonly string[]): string[] {
  return lines.length <= MAX_DIFF_LINES ? [...lines] : [...lines.slice(0, MAX_DIFF_LINES - 1), `… ${lines.length - MAX_DIFF_LINES + 1} more lines`];
}

function suggestionLines(message: Linter.LintMessage, source: string | undefined, style: Style): string[] {
  const lines: string[] = [];
  for (const [index, suggestion] of (message.suggestions ?? []).entries()) {
    const label = (message.suggestions?.length ?? 0) > 1 ? `suggestion ${index + 1}` : "suggestion";
    lines.push(`        ${style("cyan", `${label}:`)} ${suggestion.desc}`);
    if (source === undefined) continue;
    const { removed, added } = editDiff(source, suggestion.fix);
    // Lines the edit leaves as they were (an insertion after a line) are shown once, as context.
    let same = 0;
    while (same < removed.length && same < added.length && removed[same] === added[same]) same += 1;
    let sameAtEnd = 0;
    while (sameAtEnd < removed.length - same && sameAtEnd < added.length - same && removed.at(-1 - sameAtEnd) === added.at(-1 - sameAtEnd)) sameAtEnd += 1;
    for (const line of clip(removed.slice(0, same))) lines.push(`            ${style("dim", line)}`);
    for (const line of clip(removed.slice(same, removed.length - sameAtEnd))) lines.push(`          ${style("red", `- ${line}`)}`);
    for (const line of clip(added.slice(same, added.length - sameAtEnd))) lines.push(`          ${style("green", `+ ${line}`)}`);
    for (const line of clip(removed.slice(removed.length - sameAtEnd))) lines.push(`            ${style("dim", line)}`);
  }
  return lines;
}

function sourceOf(result: ESLint.LintResult): string | undefined {
  if (result.output !== undefined) return result.output;
  if (result.source !== undefined) return result.source;
  try {
    return readFileSync(result.filePath, "utf8");
  } catch {
    return undefined;
  }
}

export interface ListingOptions {
  readonly cwd: string;
  readonly colour: boolean;
  readonly showSuggestions: boolean;
}

/** Findings per file, in ESLint's stylish layout; parse failures are listed in the summary instead. */
export function formatFindings(results: readonly ESLint.LintResult[], options: ListingOptions): string {
  const style = styler(options.colour);
  const blocks: string[] = [];
  for (const result of results) {
    const findings = result.messages.filter((message) => !isParseFailure(message) && message.ruleId !== null);
    if (findings.length === 0) continue;
    const source = options.showSuggestions ? sourceOf(result) : undefined;
    const positionWidth = Math.max(...findings.map((message) => `${message.line}:${message.column}`.length));
    const messageWidth = Math.max(...findings.map((message) => message.message.length));
    const severityWidth = findings.some((message) => message.severity !== 2) ? "warning".length : "error".length;
    const lines = [style("underline", displayPath(result.filePath, options.cwd))];
    for (const message of findings) {
      const severity = message.severity === 2 ? style("red", "error".padEnd(severityWidth)) : style("yellow", "warning");
      const position = `${message.line}:${message.column}`.padEnd(positionWidth);
      lines.push(`  ${style("dim", position)}  ${severity}  ${message.message.padEnd(messageWidth)}  ${style("dim", message.ruleId ?? "")}`);
      if (options.showSuggestions) lines.push(...suggestionLines(message, source, style));
    }
    blocks.push(lines.join("\n"));
  }
  return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n\n`;
}

export interface SummaryFacts {
  readonly totals: Totals;
  readonly results: readonly ESLint.LintResult[];
  readonly rulesOn: number;
  readonly fixedFiles: number;
  readonly showSuggestions: boolean;
  /** Lines about the run (mode, files linted without types, files not linted), each a sentence. */
  readonly notes: readonly string[];
  readonly cwd: string;
}

/** The summary: counts per rule, what to do next, parse failures on their own lines, and notes. */
export function formatSummary(facts: SummaryFacts): string {
  const { totals } = facts;
  const findings = totals.errors + totals.warnings;
  const scanned = facts.results.length - totals.unparsable;
  const lines: string[] = [];
  const counts = `${plural(scanned, "file")} scanned (${plural(facts.rulesOn, "rule")} active)`;
  lines.push(findings === 0 ? `llm-cost: no findings in ${counts}` : `llm-cost: ${plural(findings, "finding")} in ${counts}`);
  if (findings > 0) {
    const width = Math.max(...[...totals.perRule.keys()].map((rule) => rule.length));
    const byCount = [...totals.perRule].sort(([ruleA, countA], [ruleB, countB]) => countB - countA || ruleA.localeCompare(ruleB));
    for (const [rule, count] of byCount) lines.push(`  ${rule.padEnd(width)}  ${count}`);
    if (totals.fixable > 0) lines.push(`  ${totals.fixable} fixable with --fix`);
    if (totals.withSuggestions > 0) {
      const how = facts.showSuggestions
        ? "apply one with your editor's quick fix (see docs/editors.md)"
        : "see them with --suggestions; apply one with your editor's quick fix";
      lines.push(`  ${totals.withSuggestions} with suggested fixes that need a human look (--fix leaves them): ${how}`);
    }
  }
  if (facts.fixedFiles > 0) lines.push(`  fixed ${plural(facts.fixedFiles, "file")}`);
  for (const note of facts.notes) lines.push(`  ${note}`);
  if (totals.unparsable > 0) {
    lines.push(`llm-cost: ${plural(totals.unparsable, "file")} could not be parsed, so ${totals.unparsable === 1 ? "it was" : "they were"} not audited:`);
    for (const result of facts.results) {
      const failure = result.messages.find(isParseFailure);
      if (failure !== undefined) lines.push(`  ${displayPath(result.filePath, facts.cwd)}:${failure.line}:${failure.column}  ${failure.message.split("\n")[0] ?? ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Writes a command's report to stdout, or to `--output-file`, relative to where the command was run (even when the audited project is elsewhere). */
export function writeCommandOutput(io: CliIo, outputFile: string | undefined, text: string): void {
  if (outputFile === undefined) io.stdout.write(text);
  else writeFileSync(path.resolve(io.cwd, outputFile), text);
}
