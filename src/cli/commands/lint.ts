import { existsSync } from "node:fs";
import path from "node:path";

import { ESLint } from "eslint";

import plugin from "../../index.js";
import { unsupportedTypeScriptMessage } from "../../typescript-support.js";
import { packageMeta } from "../../util/package-meta.js";
import { EXIT_CANNOT_RUN, EXIT_CLEAN, EXIT_FINDINGS, plural, UsageError, type CliIo, type Command } from "../command.js";
import { createEslint, DEFAULT_NAMESPACE, supportsConcurrency, type EslintPlan } from "../eslint-options.js";
import { BUILD_OUTPUT_DIRECTORIES, projectRoot, selectFiles } from "../files.js";
import { isInside, repositoryRoot } from "../gitignore.js";
import { parseOptions } from "../options.js";
import { displayPath, formatFindings, formatSummary, keepOwnFindings, tally, writeCommandOutput } from "../output.js";
import { startProgress, type ProgressLine } from "../progress.js";
import { describeMode, planProject, type ConfigChoice, type IgnoredFile, type ProjectPlan } from "../project.js";
import { formatSarif } from "../sarif.js";

const FORMATS = ["stylish", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: llm-cost [options] [paths...]
       llm-cost <command> [options]

Finds the code shapes that make LLM bills explode (eager requests abandoned early, unbounded
fan-outs, calls without an output cap, long uncached prompts) in JavaScript and TypeScript files.
Paths default to the current directory.

Configuration: when the project has an ESLint flat config (eslint.config.{js,mjs,cjs,ts,mts,cts},
found as ESLint finds it, per package in a monorepo with ESLint 10) that uses eslint-plugin-llm-cost,
its rules, options, settings["llm-cost"], parser and ignores apply. Only llm-cost rules run and only
their findings are reported. Files with no config, or whose config does not use the plugin, get the
zero-config audit: the recommended rules (the config's ignores still apply). The summary (or, for
json and sarif, one line on stderr) says which ran.

Files: directories are listed as git lists them (tracked files, and untracked files no .gitignore
excludes; without git the .gitignore files are read), never inside node_modules; the zero-config
audit also skips ${BUILD_OUTPUT_DIRECTORIES.join(", ")} next to a package.json. A file named on the command
line is linted unless .gitignore or the config ignores it, and then it is reported as not linted.

Options:
  -f, --format <name>        stylish (default), json or sarif
      --fix                  apply the automatic fixes to the files
      --suggestions          show each suggested fix (the ones --fix leaves for a human) as a diff
                             under its finding; apply one with your editor's quick fix
  -c, --config <file>        lint with this ESLint config file
      --audit                zero-config audit: ignore any ESLint config (also --no-config-lookup)
      --typed                zero-config audit: type information for TypeScript files from the
                             tsconfig.json that includes each; files no tsconfig includes are linted
                             without it, and the summary says which
      --max-warnings <n>     fail only when there are more than n warnings (errors always fail)
      --concurrency <n>      lint on n threads, or "auto" (ESLint 9.34 or later)
      --no-warn-ignored      skip named files that are ignored without a word, and pass when nothing
                             else was named (for pre-commit hooks that pass every staged file)
  -o, --output-file <path>   write the report to a file instead of stdout
  -h, --help                 show this help
  -v, --version              show the version

A progress line (files done/total, seconds) is shown on stderr when it is a terminal.

Exit status:
  0  no findings
  1  findings: any error, or more warnings than --max-warnings
  2  could not lint: bad usage or configuration, nothing to lint among the named paths, or a
     file that could not be parsed (listed apart from findings: the audit is incomplete)`;

const OPTIONS = {
  format: { type: "string", short: "f" },
  fix: { type: "boolean" },
  suggestions: { type: "boolean" },
  config: { type: "string", short: "c" },
  audit: { type: "boolean" },
  "no-config-lookup": { type: "boolean" },
  typed: { type: "boolean" },
  "max-warnings": { type: "string" },
  concurrency: { type: "string" },
  "no-warn-ignored": { type: "boolean" },
  "output-file": { type: "string", short: "o" },
} as const;

interface LintOptions {
  readonly format: Format;
  readonly fix: boolean;
  readonly suggestions: boolean;
  readonly config: ConfigChoice;
  readonly typed: boolean;
  /** `undefined` means every warning counts as a finding. */
  readonly maxWarnings: number | undefined;
  readonly concurrency: number | "auto" | undefined;
  readonly warnIgnored: boolean;
  readonly outputFile: string | undefined;
  readonly paths: readonly string[];
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function parseConcurrency(raw: string | undefined): number | "auto" | undefined {
  if (raw === undefined || raw === "off") return undefined;
  if (raw !== "auto" && !/^[1-9]\d*$/u.test(raw)) throw new UsageError(`--concurrency expects a positive integer, "auto" or "off", got "${raw}"`);
  if (!supportsConcurrency()) {
    throw new UsageError(`--concurrency needs ESLint 9.34 or later (multithreaded linting); this project has ESLint ${ESLint.version}`);
  }
  return raw === "auto" ? "auto" : Number(raw);
}

function parseLintOptions(argv: readonly string[], cwd: string): LintOptions {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  const format = values.format ?? "stylish";
  if (!isFormat(format)) throw new UsageError(`unknown --format "${format}" (expected ${FORMATS.join(", ")})`);

  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    const raw = values["max-warnings"];
    if (!/^\d+$/u.test(raw)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${raw}"`);
    maxWarnings = Number(raw);
  }

  const audit = values.audit === true || values["no-config-lookup"] === true;
  if (audit && values.config !== undefined) throw new UsageError("--config and --audit exclude each other");
  let config: ConfigChoice = { kind: "lookup" };
  if (audit) config = { kind: "audit" };
  else if (values.config !== undefined) config = { kind: "file", file: path.resolve(cwd, values.config) };

  return {
    format,
    fix: values.fix === true,
    suggestions: values.suggestions === true,
    config,
    typed: values.typed === true,
    maxWarnings,
    concurrency: parseConcurrency(values.concurrency),
    warnIgnored: values["no-warn-ignored"] !== true,
    outputFile: values["output-file"],
    paths: positionals,
  };
}

const sarifTool = { name: packageMeta.name, version: packageMeta.version, informationUri: packageMeta.repository };

/** Rule metadata for SARIF, from the plugin itself (whichever ESLint instance linted the file). */
function rulesMeta(results: readonly ESLint.LintResult[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const rules = plugin.rules as Record<string, { meta?: unknown } | undefined>;
  for (const message of results.flatMap((result) => result.messages)) {
    if (message.ruleId === null || message.ruleId in meta) continue;
    const name = message.ruleId.slice(message.ruleId.indexOf("/") + 1);
    meta[message.ruleId] = rules[name]?.meta;
  }
  return meta;
}

const TYPESCRIPT_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts"]);

const NOT_IN_ANY_TSCONFIG = /was not found by the project service|include this file, so type information is not available/u;

function needsTypeFallback(result: ESLint.LintResult): boolean {
  return result.messages.some((message) => message.fatal === true && NOT_IN_ANY_TSCONFIG.test(message.message));
}

function listFiles(files: readonly string[], cwd: string): string {
  const shown = files.slice(0, 3).map((file) => displayPath(file, cwd));
  return files.length > 3 ? `${shown.join(", ")} and ${files.length - 3} more` : shown.join(", ");
}

interface LintRun {
  readonly results: ESLint.LintResult[];
  /** Files linted without type information because no tsconfig includes them. */
  readonly untyped: readonly string[];
}

/** Lints `files` with one plan; files no tsconfig includes are linted again without type information. */
export async function lintWith(plan: EslintPlan, files: readonly string[]): Promise<LintRun> {
  if (files.length === 0) return { results: [], untyped: [] };
  const eslint = await createEslint(plan);
  const results = await eslint.lintFiles([...files]);
  const untyped = results.filter(needsTypeFallback).map((result) => result.filePath);
  if (untyped.length === 0) return { results, untyped };
  const retry = await createEslint({ ...plan, concurrency: undefined, untypedFiles: untyped });
  const retried = new Map((await retry.lintFiles(untyped)).map((result) => [result.filePath, result]));
  return { results: results.map((result) => retried.get(result.filePath) ?? result), untyped };
}

/**
 * Where the project service stops looking for a file's tsconfig.json: the repository root, or the
 * directory of the nearest tsconfig.json above the current directory (a run from `src/`), else the current directory.
 */
export function tsconfigSearchRoot(cwd: string): string {
  const repository = repositoryRoot(cwd);
  if (repository !== undefined) return repository;
  for (let directory = cwd; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, "tsconfig.json"))) return directory;
    if (path.dirname(directory) === directory) return cwd;
  }
}

function ruleCount(plan: ProjectPlan): number {
  const on = new Set(plan.rulesOn);
  if (plan.auditFiles.length > 0) {
    for (const ruleId of Object.keys(plugin.configs.recommended.rules ?? {})) on.add(ruleId);
  }
  return on.size;
}

function describeIgnored(ignored: readonly IgnoredFile[], cwd: string): string[] {
  return ignored.map(({ file, reason }) => `not linted: ${displayPath(file, cwd)}, ${reason}`);
}

async function lint(options: LintOptions, cwd: string, io: CliIo): Promise<number> {
  const selection = selectFiles(options.paths, cwd);
  const ignored: IgnoredFile[] = selection.gitignoredNamed.map((file) => ({ file, reason: "ignored by .gitignore" }));
  const inside = selection.files.filter(({ file, named }) => {
    if (isInside(file, cwd)) return true;
    if (named) ignored.push({ file, reason: "outside the current directory; run llm-cost from a directory that contains it" });
    return false;
  });

  const plan = await planProject(
    inside.map(({ file }) => file),
    cwd,
    options.config,
  );
  const named = new Set(inside.filter(({ named: isNamed }) => isNamed).map(({ file }) => file));
  ignored.push(...plan.ignored.filter(({ file }) => named.has(file)));
  const buildOutput = new Set(inside.filter(({ inBuildOutput }) => inBuildOutput).map(({ file }) => file));
  const auditFiles = plan.auditFiles.filter((file) => !buildOutput.has(file));
  const configFiles = plan.configFiles;
  const total = auditFiles.length + configFiles.length;

  const reportedIgnored = options.warnIgnored ? ignored : [];
  if (total === 0) {
    const onlyOtherFiles = options.paths.length > 0 && selection.notSource.length === options.paths.length;
    const onlyIgnoredFiles = !options.warnIgnored && options.paths.length > 0 && selection.directories.length === 0;
    if (onlyOtherFiles || onlyIgnoredFiles) {
      // A hook passes whatever was staged: files that are not JavaScript/TypeScript (or, with --no-warn-ignored, ignored ones) are not a failure.
      const why = ignored.length > 0 ? "the named JavaScript/TypeScript files are ignored (--no-warn-ignored)" : "no JavaScript or TypeScript files among the given paths";
      if (options.format === "stylish") writeCommandOutput(io, options.outputFile, `llm-cost: nothing to lint: ${why}\n`);
      else writeCommandOutput(io, options.outputFile, emptyReport(options, cwd));
      return EXIT_CLEAN;
    }
    const reasons = [
      ...ignored.map(({ file, reason }) => `${displayPath(file, cwd)} is ${reason}`),
      ...selection.emptyDirectories.map((directory) => `no JavaScript or TypeScript file to lint in ${directory === "." ? "the current directory" : directory}`),
    ];
    const accept = ignored.length > 0 ? " (--no-warn-ignored accepts ignored files)" : "";
    throw new UsageError(`nothing linted: ${reasons.join("; ") || "no JavaScript or TypeScript files among the given paths"}${accept}`);
  }

  // TypeScript 7 has no compiler API: say what to do in one line rather than fail on every TypeScript file.
  const lintsTypeScript = [...configFiles, ...auditFiles].some((file) => TYPESCRIPT_EXTENSIONS.has(path.extname(file).toLowerCase()));
  const typeScriptProblem = lintsTypeScript ? unsupportedTypeScriptMessage(cwd) : undefined;
  if (typeScriptProblem !== undefined) throw new Error(typeScriptProblem);

  const channel = `llm-cost-progress-${process.pid}-${Date.now()}`;
  const progress: ProgressLine | undefined = io.stderr.isTTY === true ? startProgress(io.stderr, channel, total) : undefined;
  const progressChannel = progress === undefined ? undefined : channel;
  let configRun: LintRun;
  let auditRun: LintRun;
  try {
    const common = { cwd, fix: options.fix, concurrency: options.concurrency, progressChannel };
    configRun = await lintWith(
      { ...common, kind: "config", namespaces: plan.namespaces, ...(options.config.kind === "file" ? { configFile: options.config.file } : {}) },
      configFiles,
    );
    auditRun = await lintWith({ ...common, kind: "audit", typed: options.typed, tsconfigRootDir: tsconfigSearchRoot(cwd) }, auditFiles);
  } finally {
    progress?.stop();
  }

  const results = [
    ...keepOwnFindings(configRun.results, plan.namespaces),
    ...keepOwnFindings(auditRun.results, [DEFAULT_NAMESPACE]),
  ].sort((left, right) => left.filePath.localeCompare(right.filePath));
  if (options.fix) await ESLint.outputFixes(results);
  const fixedFiles = results.filter((result) => result.output !== undefined).length;
  const totals = tally(results);

  const notes = [`mode: ${describeMode({ ...plan, auditFiles }, cwd)}`];
  if (options.typed && plan.configFiles.length > 0) notes.push("--typed applies to the zero-config audit; the ESLint config decides type information for its files");
  const untyped = [...configRun.untyped, ...auditRun.untyped];
  if (untyped.length > 0) notes.push(`${plural(untyped.length, "file")} outside any tsconfig.json linted without type information: ${listFiles(untyped, cwd)}`);
  notes.push(...describeIgnored(reportedIgnored, cwd));

  let report: string;
  if (options.format === "sarif") report = formatSarif(results, rulesMeta(results), cwd, sarifTool);
  else if (options.format === "json") report = `${JSON.stringify(results)}\n`;
  else {
    const colour = io.stdout.isTTY === true && options.outputFile === undefined && io.env.NO_COLOR === undefined;
    report =
      formatFindings(results, { cwd: io.cwd, colour, showSuggestions: options.suggestions }) +
      formatSummary({ totals, results, rulesOn: ruleCount(plan), fixedFiles, showSuggestions: options.suggestions, notes, cwd: io.cwd });
  }
  // Machine-readable output stays pure: the notes go to stderr.
  if (options.format !== "stylish") for (const note of notes) io.stderr.write(`llm-cost: ${note}\n`);
  writeCommandOutput(io, options.outputFile, report);

  if (totals.unparsable > 0) return EXIT_CANNOT_RUN;
  const tooManyWarnings = totals.warnings > (options.maxWarnings ?? 0);
  return totals.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_CLEAN;
}

function emptyReport(options: LintOptions, cwd: string): string {
  if (options.format === "json") return "[]\n";
  if (options.format === "sarif") return formatSarif([], {}, cwd, sarifTool);
  return "";
}

export const lintCommand: Command = {
  name: "lint",
  summary: "lint files for LLM cost traps (the default command)",
  help: HELP,
  async run(argv, io) {
    const options = parseLintOptions(argv, io.cwd);
    const root = projectRoot(options.paths, io.cwd);
    return lint({ ...options, paths: root.paths }, root.cwd, io);
  },
};
