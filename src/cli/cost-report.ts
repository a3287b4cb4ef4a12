/**
 * `llm-cost report`'s numbers and formats: the sites the inventory rule listed, the findings at each, what a call
 * and a month cost, and the table, JSON and markdown views. Pure functions of ESLint's results.
 */
import path from "node:path";

import type { ESLint, Linter } from "eslint";

import { formatCount, formatUsd, priceTableDate, priceTableSource, usd } from "../llm/cost.js";
import { outputTokensMax, siteRequestCost, type SiteFacts, type SiteRange } from "../llm/site-facts.js";
import { INVENTORY_RULE, readInventoryMessage } from "./inventory.js";

export const DEFAULT_VOLUME = 1000;
/** The cap `require-max-tokens`' suggestion inserts by default: what a call can bill once fixed. */
const SUGGESTED_CAP = 1024;

export interface ReportFinding {
  readonly ruleId: string;
  readonly message: string;
  /** What the fix saves on each call, when the rule's saving can be priced. */
  readonly savingPerCallUsd: number | null;
}

/** One site, as the JSON contract spells it. */
export interface ReportSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly provider: string;
  readonly endpoint: string;
  readonly model: string | null;
  readonly inputTokens: number | null;
  readonly cachedInputTokens: number;
  readonly outputTokensMax: number | null;
  readonly costPerCallUsd: number | null;
  readonly monthlyCostUsd: number | null;
  readonly findings: readonly ReportFinding[];
}

export interface Report {
  readonly version: 1;
  readonly prices: { readonly date: string; readonly source: string };
  readonly volumePerSite: number;
  readonly sites: readonly ReportSite[];
  readonly totals: { readonly sites: number; readonly monthlyCostUsd: number };
}

/** Dollars kept to a millionth of a cent: no floating-point noise in the JSON. */
function round(amount: number): number {
  return Math.round(amount * 1e8) / 1e8;
}

function contains(range: SiteRange, message: Linter.LintMessage): boolean {
  const startsAfter = message.line > range.line || (message.line === range.line && message.column >= range.column);
  const endsBefore = message.line < range.endLine || (message.line === range.endLine && message.column <= range.endColumn);
  return startsAfter && endsBefore;
}

/** Does the finding's range hold the whole of `range` (`items.map((item) => llm(item))` holds the call)? */
function holds(message: Linter.LintMessage, range: SiteRange): boolean {
  if (message.endLine === undefined || message.endColumn === undefined) return false;
  const startsBefore = message.line < range.line || (message.line === range.line && message.column <= range.column);
  const endsAfter = message.endLine > range.endLine || (message.endLine === range.endLine && message.endColumn >= range.endColumn);
  return startsBefore && endsAfter;
}

/**
 * The findings about a site: those inside its call or options; an eager collection or race that holds the call;
 * an unbounded loop around it (reported at the loop's keyword) or a recursion of the function it runs in.
 */
function isAbout(facts: SiteFacts, finding: Linter.LintMessage): boolean {
  if (facts.ranges.some((range) => contains(range, finding))) return true;
  const rule = shortRule(finding.ruleId ?? "");
  const [call] = facts.ranges;
  if (rule === "no-eager-early-exit") return call !== undefined && holds(finding, call);
  if (rule !== "no-unbounded-llm-loop") return false;
  if (finding.messageId?.startsWith("loop") === true) {
    return facts.loopStarts.some((start) => start.line === finding.line && start.column === finding.column);
  }
  return finding.messageId?.startsWith("recursion") === true && facts.functionRange !== null && contains(facts.functionRange, finding);
}

/** What fixing a finding saves per call, for the rules whose saving follows from the site's facts. */
function savingPerCall(ruleId: string, facts: SiteFacts): number | null {
  const { price } = facts;
  if (price === null) return null;
  const rule = ruleId.slice(ruleId.indexOf("/") + 1);
  // Each abandoned request, each extra turn: the whole request is what the fix stops billing.
  if (rule === "no-eager-early-exit" || rule === "no-unbounded-llm-loop") return siteRequestCost(facts)?.usd ?? null;
  if (rule === "require-max-tokens") {
    const maximum = price.maxOutputTokens;
    return maximum === null || facts.capState !== "missing" ? null : usd(Math.max(0, maximum - SUGGESTED_CAP), price.output);
  }
  if (price.cacheRead === null) return null;
  // Steady state: every call but the first reads the prefix at the cache-hit price instead of the input price.
  const hit = price.input - price.cacheRead;
  if (rule === "require-prompt-caching") return facts.cacheableInputTokens > 0 ? usd(facts.cacheableInputTokens, hit) : null;
  if (rule === "no-dynamic-prompt-prefix" && facts.inputTokens !== null) {
    const lost = facts.inputTokens - facts.cachedInputTokens;
    return lost > 0 ? usd(lost, hit) : null;
  }
  return null;
}

/**
 * The report from ESLint's results: each inventory message is a site; the plugin's findings inside a site's ranges
 * are its findings. `volume` is the calls a month a site makes unless its file's settings say otherwise.
 */
export function buildReport(results: readonly ESLint.LintResult[], cwd: string, volume: number): Report {
  const sites: ReportSite[] = [];
  for (const result of results) {
    const inventory = result.messages.filter((message) => message.ruleId === INVENTORY_RULE);
    const findings = result.messages.filter((message) => message.ruleId !== null && message.ruleId !== INVENTORY_RULE && !message.ruleId.startsWith("llm-cost-cli/"));
    const file = path.relative(cwd, result.filePath).split(path.sep).join("/");
    for (const message of inventory) {
      const facts = readInventoryMessage(message.message);
      const output = outputTokensMax(facts);
      const perCall = siteRequestCost(facts)?.usd ?? null;
      const calls = facts.callsPerMonth ?? volume;
      sites.push({
        file,
        line: message.line,
        column: message.column,
        provider: facts.provider,
        endpoint: facts.endpoint,
        model: facts.model,
        inputTokens: facts.inputTokens,
        cachedInputTokens: facts.cachedInputTokens,
        outputTokensMax: output,
        costPerCallUsd: perCall === null ? null : round(perCall),
        monthlyCostUsd: perCall === null ? null : round(perCall * calls),
        findings: findings
          .filter((finding) => isAbout(facts, finding))
          .map((finding) => {
            const saving = savingPerCall(finding.ruleId!, facts);
            return { ruleId: finding.ruleId!, message: finding.message, savingPerCallUsd: saving === null ? null : round(saving) };
          }),
      });
    }
  }
  sites.sort(
    (left, right) =>
      (right.monthlyCostUsd ?? -1) - (left.monthlyCostUsd ?? -1) || left.file.localeCompare(right.file) || left.line - right.line,
  );
  const monthly = sites.reduce((sum, site) => sum + (site.monthlyCostUsd ?? 0), 0);
  return {
    version: 1,
    prices: { date: priceTableDate(), source: priceTableSource },
    volumePerSite: volume,
    sites,
    totals: { sites: sites.length, monthlyCostUsd: round(monthly) },
  };
}

function money(amount: number | null): string {
  return amount === null ? "?" : formatUsd(amount);
}

function tokens(site: ReportSite): string {
  if (site.inputTokens === null) return "?";
  return site.cachedInputTokens > 0 ? `${formatCount(site.inputTokens)} (${formatCount(site.cachedInputTokens)} cached)` : formatCount(site.inputTokens);
}

function shortRule(ruleId: string): string {
  return ruleId.slice(ruleId.indexOf("/") + 1);
}

function findingsCell(site: ReportSite): string {
  return site.findings
    .map((finding) => `${shortRule(finding.ruleId)}${finding.savingPerCallUsd === null ? "" : ` (saves ${formatUsd(finding.savingPerCallUsd)}/call)`}`)
    .join(", ");
}

interface Column {
  readonly title: string;
  readonly cell: (site: ReportSite) => string;
  readonly right?: boolean;
}

const columns: readonly Column[] = [
  { title: "monthly", cell: (site) => money(site.monthlyCostUsd), right: true },
  { title: "per call", cell: (site) => money(site.costPerCallUsd), right: true },
  { title: "site", cell: (site) => `${site.file}:${site.line}:${site.column}` },
  { title: "endpoint", cell: (site) => site.endpoint },
  { title: "model", cell: (site) => site.model ?? "dynamic" },
  { title: "input tokens", cell: tokens, right: true },
  { title: "output max", cell: (site) => (site.outputTokensMax === null ? "?" : formatCount(site.outputTokensMax)), right: true },
  { title: "findings", cell: findingsCell },
];

function footer(report: Report): string[] {
  const unpriced = report.sites.filter((site) => site.monthlyCostUsd === null).length;
  return [
    `${formatCount(report.totals.sites)} call site${report.totals.sites === 1 ? "" : "s"}, ${formatUsd(report.totals.monthlyCostUsd)} a month at ${formatCount(report.volumePerSite)} call${report.volumePerSite === 1 ? "" : "s"} per site` +
      (unpriced > 0 ? ` (${unpriced} not priced: dynamic model, unknown model or cap)` : ""),
    `Prices checked ${report.prices.date} (${report.prices.source}); static prompt text only, output at its cap or the model's maximum.`,
  ];
}

/** A plain-text table for a terminal. */
export function formatTable(report: Report): string {
  if (report.sites.length === 0) return `No LLM call sites found.\n${footer(report)[1]}\n`;
  const rows = report.sites.map((site) => columns.map((column) => column.cell(site)));
  const widths = columns.map((column, index) => Math.max(column.title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (columns[index]!.right === true ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map((column) => column.title)), ...rows.map(line), "", ...footer(report)].join("\n") + "\n";
}

function markdownCell(text: string): string {
  return text.replace(/\|/gu, String.raw`\|`);
}

/** GitHub-flavoured markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`. */
export function formatMarkdown(report: Report): string {
  const lines = ["### LLM cost report", ""];
  if (report.sites.length === 0) lines.push("No LLM call sites found.");
  else {
    lines.push(`| ${columns.map((column) => column.title).join(" | ")} |`);
    lines.push(`|${columns.map((column) => (column.right === true ? "---:" : "---")).join("|")}|`);
    for (const site of report.sites) {
      lines.push(`| ${columns.map((column, index) => markdownCell(index === 2 ? `\`${column.cell(site)}\`` : column.cell(site))).join(" | ")} |`);
    }
  }
  lines.push("", ...footer(report).map((text) => `_${text}_`));
  return `${lines.join("\n")}\n`;
}
