/**
 * `llm-cost report --base <ref>`: the call sites at a commit against the working tree. The commit's tree is
 * unpacked from `git archive` into a temporary directory (the user's checkout, index and branches are never
 * touched), reported the same way, and the two reports are compared site by site.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { formatUsd } from "../llm/cost.js";
import type { Report, ReportSite } from "./cost-report.js";

/** Regular files of a tar archive (ustar, with pax `path` records as `git archive` writes them for long names). */
export function extractTar(tar: Buffer, destination: string): number {
  let offset = 0;
  let longPath: string | undefined;
  let written = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/su, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longPath ?? (prefix === "" ? field(0, 100) : `${prefix}/${field(0, 100)}`);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      longPath = /(?:^|\n)\d+ path=([^\n]*)\n/u.exec(body.toString("utf8"))?.[1];
      continue;
    }
    longPath = undefined;
    if (type !== "0" && type !== "") continue;
    const target = path.resolve(destination, name);
    // A path that climbs out of the directory is not written.
    if (!target.startsWith(`${path.resolve(destination)}${path.sep}`)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, body);
    written += 1;
  }
  return written;
}

export type ChangeKind = "added" | "removed" | "changed";

export interface SiteChange {
  readonly kind: ChangeKind;
  readonly file: string;
  /** Line in the working tree (or at the base for a removed site). */
  readonly line: number;
  readonly endpoint: string;
  readonly model: string | null;
  /** What changed: model swapped, cap raised or removed, prompt grown, cache marker dropped. */
  readonly reasons: readonly string[];
  readonly baseMonthlyUsd: number | null;
  readonly headMonthlyUsd: number | null;
  /** `null` when either side's cost is unknown. */
  readonly deltaMonthlyUsd: number | null;
}

export interface GateResult {
  readonly version: 1;
  readonly base: string;
  readonly changes: readonly SiteChange[];
  /** Sum of the known deltas. */
  readonly totalDeltaMonthlyUsd: number;
  readonly budgetUsd: number | null;
  readonly maxIncrease: number | null;
  /** Why the gate fails; empty when it passes. */
  readonly failures: readonly string[];
  readonly prices: Report["prices"];
}

/**
 * Sites are matched by file and endpoint, in source order: lines move between commits, the n-th call to an endpoint
 * in a file stays put. A renamed file's sites are matched under its new name (`renames`: old → new).
 */
function keyed(sites: readonly ReportSite[], renames: ReadonlyMap<string, string> = new Map()): Map<string, ReportSite> {
  const fileOf = (site: ReportSite): string => renames.get(site.file) ?? site.file;
  const ordered = [...sites].sort((left, right) => fileOf(left).localeCompare(fileOf(right)) || left.line - right.line || left.column - right.column);
  const counts = new Map<string, number>();
  const map = new Map<string, ReportSite>();
  for (const site of ordered) {
    const base = `${fileOf(site)}\0${site.endpoint}`;
    const index = counts.get(base) ?? 0;
    counts.set(base, index + 1);
    map.set(`${base}\0${index}`, site);
  }
  return map;
}

function reasonsFor(before: ReportSite, after: ReportSite): string[] {
  const reasons: string[] = [];
  if (before.model !== after.model) reasons.push(`model ${before.model ?? "dynamic"} → ${after.model ?? "dynamic"}`);
  if (before.outputTokensMax !== after.outputTokensMax) {
    const hadFinding = (site: ReportSite): boolean => site.findings.some((finding) => finding.ruleId.endsWith("/require-max-tokens"));
    const removed = !hadFinding(before) && hadFinding(after);
    reasons.push(`${removed ? "cap removed" : "output cap"} ${before.outputTokensMax ?? "?"} → ${after.outputTokensMax ?? "?"}`);
  }
  if (before.inputTokens !== after.inputTokens) reasons.push(`prompt ${before.inputTokens ?? "?"} → ${after.inputTokens ?? "?"} tokens`);
  if (before.cachedInputTokens !== after.cachedInputTokens) {
    reasons.push(after.cachedInputTokens < before.cachedInputTokens ? `cached prefix dropped (${before.cachedInputTokens} → ${after.cachedInputTokens} tokens)` : `cached prefix ${before.cachedInputTokens} → ${after.cachedInputTokens} tokens`);
  }
  return reasons;
}

function delta(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : Math.round((after - before) * 1e8) / 1e8;
}

export interface GateOptions {
  readonly base: string;
  /** Files renamed since the base, as the reports spell files (old → new): the same sites, not removed and added. */
  readonly renames?: ReadonlyMap<string, string>;
  readonly budgetUsd: number | undefined;
  readonly maxIncrease: number | undefined;
}

/** The changes from the base report to the working tree's, and the verdict. */
export function compareReports(baseReport: Report, headReport: Report, options: GateOptions): GateResult {
  const before = keyed(baseReport.sites, options.renames);
  const after = keyed(headReport.sites);
  const changes: SiteChange[] = [];
  for (const [key, site] of after) {
    const old = before.get(key);
    if (old === undefined) {
      changes.push({ kind: "added", file: site.file, line: site.line, endpoint: site.endpoint, model: site.model, reasons: [], baseMonthlyUsd: 0, headMonthlyUsd: site.monthlyCostUsd, deltaMonthlyUsd: site.monthlyCostUsd });
      continue;
    }
    const reasons = reasonsFor(old, site);
    if (reasons.length === 0 && old.monthlyCostUsd === site.monthlyCostUsd) continue;
    if (old.file !== site.file) reasons.unshift(`file renamed from ${old.file}`);
    changes.push({ kind: "changed", file: site.file, line: site.line, endpoint: site.endpoint, model: site.model, reasons, baseMonthlyUsd: old.monthlyCostUsd, headMonthlyUsd: site.monthlyCostUsd, deltaMonthlyUsd: delta(old.monthlyCostUsd, site.monthlyCostUsd) });
  }
  for (const [key, site] of before) {
    if (after.has(key)) continue;
    changes.push({ kind: "removed", file: site.file, line: site.line, endpoint: site.endpoint, model: site.model, reasons: [], baseMonthlyUsd: site.monthlyCostUsd, headMonthlyUsd: 0, deltaMonthlyUsd: site.monthlyCostUsd === null ? null : -site.monthlyCostUsd });
  }
  changes.sort((left, right) => (right.deltaMonthlyUsd ?? 0) - (left.deltaMonthlyUsd ?? 0) || left.file.localeCompare(right.file) || left.line - right.line);
  const total = Math.round(changes.reduce((sum, change) => sum + (change.deltaMonthlyUsd ?? 0), 0) * 1e8) / 1e8;

  const failures: string[] = [];
  if (options.budgetUsd !== undefined && total > options.budgetUsd) {
    failures.push(`the monthly cost grows by ${formatUsd(total)}, over the budget of ${formatUsd(options.budgetUsd)}`);
  }
  if (options.maxIncrease !== undefined) {
    for (const change of changes) {
      const { baseMonthlyUsd: old, headMonthlyUsd: now } = change;
      if (change.kind !== "changed" || old === null || now === null || old <= 0 || now / old <= options.maxIncrease) continue;
      failures.push(`${change.file}:${change.line} costs ${(now / old).toFixed(1)}× what it did (limit ${options.maxIncrease}×)`);
    }
  }
  return {
    version: 1,
    base: options.base,
    changes,
    totalDeltaMonthlyUsd: total,
    budgetUsd: options.budgetUsd ?? null,
    maxIncrease: options.maxIncrease ?? null,
    failures,
    prices: headReport.prices,
  };
}

function signed(amount: number | null): string {
  if (amount === null) return "?";
  return amount > 0 ? `+${formatUsd(amount)}` : formatUsd(amount);
}

function describe(change: SiteChange): string {
  const what = change.kind === "changed" ? change.reasons.join("; ") || "cost changed" : change.kind;
  return `${change.endpoint} ${change.model ?? "dynamic"}: ${what}`;
}

function verdict(result: GateResult): string {
  if (result.failures.length > 0) return `fails: ${result.failures.join("; ")}`;
  const limits = [result.budgetUsd === null ? "" : `budget ${formatUsd(result.budgetUsd)}`, result.maxIncrease === null ? "" : `at most ${result.maxIncrease}× per site`].filter(Boolean);
  return limits.length === 0 ? "no budget set" : `passes (${limits.join(", ")})`;
}

export function formatGateText(result: GateResult): string {
  const lines = [`LLM cost against ${result.base}: ${signed(result.totalDeltaMonthlyUsd)} a month — ${verdict(result)}`];
  if (result.changes.length === 0) lines.push("No call site added, removed or changed.");
  for (const change of result.changes) lines.push(`  ${signed(change.deltaMonthlyUsd).padStart(10)}  ${change.file}:${change.line}  ${describe(change)}`);
  lines.push(`Prices checked ${result.prices.date}.`);
  return `${lines.join("\n")}\n`;
}

export function formatGateMarkdown(result: GateResult): string {
  const icon = result.failures.length > 0 ? "❌" : "✅";
  const lines = [`### ${icon} LLM cost: ${signed(result.totalDeltaMonthlyUsd)} a month against \`${result.base}\``, "", verdict(result).replace(/^./u, (letter) => letter.toUpperCase()) + ".", ""];
  if (result.changes.length === 0) lines.push("No call site added, removed or changed.");
  else {
    lines.push("| monthly delta | site | change |", "|---:|---|---|");
    for (const change of result.changes) lines.push(`| ${signed(change.deltaMonthlyUsd)} | \`${change.file}:${change.line}\` | ${describe(change).replace(/\|/gu, String.raw`\|`)} |`);
  }
  lines.push("", `_Prices checked ${result.prices.date}; estimates from static prompt text and output caps._`);
  return `${lines.join("\n")}\n`;
}
