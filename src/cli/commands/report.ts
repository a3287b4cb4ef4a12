import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { EXIT_CLEAN, EXIT_FINDINGS, UsageError, type Command } from "../command.js";
import { compareReports, extractTar, formatGateMarkdown, formatGateText } from "../cost-gate.js";
import { buildReport, DEFAULT_VOLUME, formatMarkdown, formatTable, type Report } from "../cost-report.js";
import { projectRoot, selectFiles } from "../files.js";
import { gitArchive, gitRenames, isInside, repositoryRoot } from "../gitignore.js";
import { parseOptions } from "../options.js";
import { writeCommandOutput } from "../output.js";
import { planProject, type ConfigChoice } from "../project.js";
import { lintWith, tsconfigSearchRoot } from "./lint.js";

const FORMATS = ["table", "json", "markdown"] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: llm-cost report [options] [paths...]

Lists every LLM call site the plugin recognises, with what it costs: file:line, provider and
endpoint, model (or "dynamic"), the static prompt tokens it sends (and how many a prompt cache
serves), its output cap (or the model's maximum when it sets none), the cost of one call (input
plus output at the cap) and of a month of calls, and the findings at the site with what each fix
saves a call. Sorted by monthly cost, with totals. Costs come from the price table bundled with the
plugin (its date is printed) or settings["llm-cost"].prices; a site whose model or cap the code does
not state has no cost.

Options:
  -f, --format <name>        table (default), json or markdown (for a pull-request comment or
                             $GITHUB_STEP_SUMMARY)
      --volume <n>           calls per site per month (default ${DEFAULT_VOLUME.toLocaleString("en-US")}); settings["llm-cost"].callsPerMonth
                             in the ESLint config sets it per path (a config object with files)
      --base <git-ref>       compare with the call sites at this commit: sites added, removed and
                             changed (model, cap, prompt, cache marker), each with its monthly delta
      --budget <usd>         with --base: exit 1 when the monthly cost grows by more than this
      --max-increase <x>     with --base: exit 1 when one site's monthly cost grows more than x-fold
  -c, --config <file>        use this ESLint config
      --audit                ignore any ESLint config (the recommended rules only)
  -o, --output-file <path>   write the report to a file instead of stdout
  -h, --help                 show this help

Exit status: 0 report written (and, with --base, within the limits); 1 over --budget or
--max-increase; 2 bad usage, or the base commit or a config could not be read.`;

const OPTIONS = {
  format: { type: "string", short: "f" },
  volume: { type: "string" },
  base: { type: "string" },
  budget: { type: "string" },
  "max-increase": { type: "string" },
  config: { type: "string", short: "c" },
  audit: { type: "boolean" },
  "output-file": { type: "string", short: "o" },
} as const;

interface ReportOptions {
  readonly format: Format;
  readonly volume: number;
  readonly base: string | undefined;
  readonly budget: number | undefined;
  readonly maxIncrease: number | undefined;
  readonly config: ConfigChoice;
  readonly outputFile: string | undefined;
  readonly paths: readonly string[];
}

function number(raw: string | undefined, option: string, { integer = false, positive = false } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const valid = raw.trim() !== "" && Number.isFinite(value) && value >= 0 && (!integer || Number.isInteger(value)) && (!positive || value > 0);
  if (!valid) throw new UsageError(`${option} expects a ${positive ? "positive" : "non-negative"} ${integer ? "integer" : "number"}, got "${raw}"`);
  return value;
}

function parseReportOptions(argv: readonly string[], cwd: string): ReportOptions {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  const format = values.format ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}" (expected ${FORMATS.join(", ")})`);
  const base = values.base;
  // A ref that starts with "-" would reach git as an option.
  if (base !== undefined && (base.trim() === "" || base.startsWith("-"))) throw new UsageError(`--base expects a git commit, branch or tag, got "${base}"`);
  const budget = number(values.budget, "--budget");
  const maxIncrease = number(values["max-increase"], "--max-increase", { positive: true });
  if (base === undefined && (budget !== undefined || maxIncrease !== undefined)) {
    throw new UsageError(`${budget === undefined ? "--max-increase" : "--budget"} needs --base <git-ref> (the commit to compare with)`);
  }
  if (values.audit === true && values.config !== undefined) throw new UsageError("--config and --audit exclude each other");
  let config: ConfigChoice = { kind: "lookup" };
  if (values.audit === true) config = { kind: "audit" };
  else if (values.config !== undefined) config = { kind: "file", file: path.resolve(cwd, values.config) };
  return {
    format: format as Format,
    volume: number(values.volume, "--volume", { integer: true }) ?? DEFAULT_VOLUME,
    base,
    budget,
    maxIncrease,
    config,
    outputFile: values["output-file"],
    paths: positionals,
  };
}

/** The report of the JavaScript and TypeScript files under `paths`, as the lint command would select them. */
async function reportOf(paths: readonly string[], cwd: string, config: ConfigChoice, volume: number): Promise<Report> {
  const selection = selectFiles(paths, cwd);
  const files = selection.files.filter(({ file, inBuildOutput }) => isInside(file, cwd) && !inBuildOutput).map(({ file }) => file);
  const plan = await planProject(files, cwd, config);
  const common = { cwd, fix: false, inventory: true } as const;
  const configRun = await lintWith({ ...common, kind: "config", namespaces: plan.namespaces, ...(config.kind === "file" ? { configFile: config.file } : {}) }, plan.configFiles);
  const auditRun = await lintWith({ ...common, kind: "audit", tsconfigRootDir: tsconfigSearchRoot(cwd) }, plan.auditFiles);
  const fatal = [...configRun.results, ...auditRun.results].flatMap((result) => result.messages.filter((message) => message.fatal === true).map(() => result.filePath));
  if (fatal.length > 0 && files.length === fatal.length) throw new Error(`no file could be parsed (first: ${path.relative(cwd, fatal[0]!)})`);
  return buildReport([...configRun.results, ...auditRun.results], cwd, volume);
}

/** The same report for the tree of `ref`, unpacked into a temporary directory that is removed afterwards. */
async function reportAt(ref: string, options: ReportOptions, cwd: string): Promise<Report> {
  const root = repositoryRoot(cwd);
  if (root === undefined) throw new UsageError("--base needs a git repository");
  const archive = gitArchive(ref, root);
  if ("error" in archive) throw new UsageError(`cannot read --base ${ref}: ${archive.error}`);
  const temporary = mkdtempSync(path.join(os.tmpdir(), "llm-cost-base-"));
  try {
    extractTar(archive.tar, temporary);
    // The project's config and parser resolve their packages from the working tree's node_modules.
    const modules = path.join(root, "node_modules");
    if (existsSync(modules) && !existsSync(path.join(temporary, "node_modules"))) symlinkSync(modules, path.join(temporary, "node_modules"), "dir");
    const baseCwd = path.join(temporary, path.relative(root, cwd));
    const paths = options.paths.map((entry) => path.relative(cwd, path.resolve(cwd, entry))).filter((entry) => existsSync(path.join(baseCwd, entry)));
    if (options.paths.length > 0 && paths.length === 0) return buildReport([], baseCwd, options.volume);
    if (!existsSync(baseCwd)) return buildReport([], baseCwd, options.volume);
    return await reportOf(paths, baseCwd, options.config, options.volume);
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/** Files git sees renamed since `ref`, spelled as the reports spell files (relative to `cwd`, `/`-separated). */
function renamesSince(ref: string, cwd: string): Map<string, string> {
  const root = repositoryRoot(cwd);
  if (root === undefined) return new Map();
  const relative = (file: string): string => path.relative(cwd, path.join(root, file)).split(path.sep).join("/");
  return new Map([...gitRenames(ref, root)].map(([from, to]) => [relative(from), relative(to)]));
}

export const reportCommand: Command = {
  name: "report",
  summary: "inventory LLM call sites with estimated dollars; --base <ref> gates a pull request",
  help: HELP,
  async run(argv, io) {
    const options = parseReportOptions(argv, io.cwd);
    const root = projectRoot(options.paths, io.cwd);
    const head = await reportOf(root.paths, root.cwd, options.config, options.volume);
    if (options.base === undefined) {
      const text = options.format === "json" ? `${JSON.stringify(head, null, 2)}\n` : options.format === "markdown" ? formatMarkdown(head) : formatTable(head);
      writeCommandOutput(io, options.outputFile, text);
      return EXIT_CLEAN;
    }
    const base = await reportAt(options.base, { ...options, paths: root.paths }, root.cwd);
    const result = compareReports(base, head, { base: options.base, budgetUsd: options.budget, maxIncrease: options.maxIncrease, renames: renamesSince(options.base, root.cwd) });
    const text =
      options.format === "json" ? `${JSON.stringify({ ...result, sites: head.sites }, null, 2)}\n` : options.format === "markdown" ? formatGateMarkdown(result) : formatGateText(result);
    writeCommandOutput(io, options.outputFile, text);
    return result.failures.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  },
};
