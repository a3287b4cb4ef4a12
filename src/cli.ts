#!/usr/bin/env node
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { ESLint, type Linter } from "eslint";

import plugin from "./index.js";
import { formatSarif } from "./sarif.js";
import { packageMeta } from "./util/package-meta.js";

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

const FORMATS = ["stylish", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const LINTABLE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"]);
const TYPESCRIPT_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
const JAVASCRIPT_AND_TYPESCRIPT_FILES = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

// Build output and dependencies are never the user's source, whatever their .gitignore says.
const ALWAYS_SKIPPED_DIRECTORIES = ["node_modules", "dist", "build", "coverage", ".next", "out"];

const HELP = `Usage: llm-cost [options] [paths...]

Finds the code shapes that make LLM bills explode (eager requests abandoned early, unbounded
fan-outs, calls without an output cap, long uncached prompts) in JavaScript and TypeScript files,
with the plugin's recommended config. No ESLint config needed; .gitignore is respected and
${ALWAYS_SKIPPED_DIRECTORIES.join(", ")} are skipped. Paths default to the current directory.

Options:
  -f, --format <name>      stylish (default), json or sarif
      --fix                apply the automatic fixes to the files
      --typed              use type information from the nearest tsconfig.json
      --max-warnings <n>   fail only when there are more than n warnings (errors always fail)
  -o, --output-file <path> write the report to a file instead of stdout
  -h, --help               show this help
  -v, --version            show the version

Exit status: 0 no findings, 1 findings, 2 bad usage or configuration.`;

class UsageError extends Error {}

interface CliOptions {
  readonly format: Format;
  readonly fix: boolean;
  readonly typed: boolean;
  /** `undefined` means every warning counts as a finding. */
  readonly maxWarnings: number | undefined;
  readonly outputFile: string | undefined;
  readonly paths: readonly string[];
}

type Parsed = { readonly kind: "run"; readonly options: CliOptions } | { readonly kind: "help" } | { readonly kind: "version" };

function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        fix: { type: "boolean" },
        typed: { type: "boolean" },
        "max-warnings": { type: "string" },
        "output-file": { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError(firstLine(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: "help" };
  if (values.version === true) return { kind: "version" };

  const format = values.format ?? "stylish";
  if (!isFormat(format)) throw new UsageError(`unknown --format "${format}" (expected ${FORMATS.join(", ")})`);

  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    const raw = values["max-warnings"];
    if (!/^\d+$/u.test(raw)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${raw}"`);
    maxWarnings = Number(raw);
  }

  return {
    kind: "run",
    options: {
      format,
      fix: values.fix === true,
      typed: values.typed === true,
      maxWarnings,
      outputFile: values["output-file"],
      paths: positionals,
    },
  };
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error";
}

/**
 * Files named explicitly (as a pre-commit hook does with staged files) may be anything; only JS/TS
 * files go to ESLint, which would otherwise warn about each file no config matches.
 */
function selectLintTargets(paths: readonly string[], cwd: string): string[] {
  if (paths.length === 0) return ["."];
  const targets: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    if (statSync(absolute).isDirectory() || LINTABLE_EXTENSIONS.has(path.extname(absolute).toLowerCase())) {
      targets.push(given);
    }
  }
  return targets;
}

/**
 * Turns one .gitignore line into a flat-config ignore pattern relative to the .gitignore's own
 * directory (the same conversion as `includeIgnoreFile` in @eslint/compat): a pattern with no
 * inner slash matches at any depth, a leading slash anchors it, `{` and `(` are literal in git.
 */
function gitignoreLineToPattern(line: string): string | undefined {
  const trimmed = line.replace(/(?<!\\)\s+$/u, "");
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  const negated = trimmed.startsWith("!");
  const body = negated ? trimmed.slice(1) : trimmed;
  const prefix = negated ? "!" : "";
  if (["**", "/**", "**/"].includes(body)) return `${prefix}${body}`;

  const firstSlash = body.indexOf("/");
  const matchAtAnyDepth = firstSlash < 0 || firstSlash === body.length - 1 ? "**/" : "";
  const unanchored = firstSlash === 0 ? body.slice(1) : body;
  const literalBraces = unanchored.replace(/(?<!\\)([{(])/gu, "\\$1");
  const insideSuffix = body.endsWith("/**") ? "/*" : "";
  return `${prefix}${matchAtAnyDepth}${literalBraces}${insideSuffix}`;
}

/** The .gitignore files that apply to `cwd`: its own and its ancestors' up to the git root. */
function gitignoreConfigs(cwd: string): Linter.Config[] {
  const configs: Linter.Config[] = [];
  let directory = cwd;
  for (;;) {
    const gitignorePath = path.join(directory, ".gitignore");
    if (existsSync(gitignorePath)) {
      const ignores = readFileSync(gitignorePath, "utf8")
        .split(/\r?\n/u)
        .map(gitignoreLineToPattern)
        .filter((pattern): pattern is string => pattern !== undefined);
      if (ignores.length > 0) {
        configs.unshift({ name: `llm-cost/gitignore:${gitignorePath}`, basePath: directory, ignores });
      }
    }
    const parent = path.dirname(directory);
    if (existsSync(path.join(directory, ".git")) || parent === directory) break;
    directory = parent;
  }
  return configs;
}

function findNearestTsconfig(start: string): string | undefined {
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

interface PluginShape {
  readonly rules?: Record<string, unknown>;
  readonly configs?: { readonly recommended?: Linter.Config };
}

function buildConfig(options: CliOptions, cwd: string): Linter.Config[] {
  const recommended = (plugin as PluginShape).configs?.recommended;
  if (recommended === undefined) throw new UsageError("the plugin has no recommended config");

  const configs: Linter.Config[] = [
    {
      name: "llm-cost/skipped-directories",
      ignores: ALWAYS_SKIPPED_DIRECTORIES.map((directory) => `**/${directory}/`),
    },
    ...gitignoreConfigs(cwd),
    {
      name: "llm-cost/cli-files",
      files: JAVASCRIPT_AND_TYPESCRIPT_FILES,
      // The audit reports only this plugin's findings: the user's disable comments for rules that
      // are not loaded here must not turn into findings of their own.
      linterOptions: { reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" },
    },
    recommended,
  ];

  if (options.typed) {
    const tsconfig = findNearestTsconfig(cwd);
    if (tsconfig === undefined) throw new UsageError(`--typed needs a tsconfig.json, none found from ${cwd} upwards`);
    configs.push({
      name: "llm-cost/typed",
      files: TYPESCRIPT_FILES,
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: path.dirname(tsconfig) } },
    });
  }
  return configs;
}

const OWN_RULE_PREFIX = "llm-cost/";

function isOwnFinding(message: Linter.LintMessage): boolean {
  return message.fatal === true || (message.ruleId?.startsWith(OWN_RULE_PREFIX) ?? false);
}

/**
 * Inline `/* eslint ... *\/` comments can turn on rules the audit does not own; counts are rebuilt
 * from the kept messages so exit status, formatters and summary agree.
 */
function keepOwnFindings(results: ESLint.LintResult[]): ESLint.LintResult[] {
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

interface Totals {
  readonly errors: number;
  readonly warnings: number;
  readonly unparsable: number;
  readonly fixable: number;
  readonly withSuggestions: number;
  readonly perRule: ReadonlyMap<string, number>;
}

function tally(results: readonly ESLint.LintResult[]): Totals {
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function summarise(totals: Totals, filesScanned: number, fixedFiles: number): string {
  const findings = totals.errors + totals.warnings;
  const activeRules = Object.keys((plugin as PluginShape).configs?.recommended?.rules ?? {}).length;
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

const sarifTool = { name: packageMeta.name, version: packageMeta.version, informationUri: packageMeta.repository };

async function formatResults(
  eslint: ESLint,
  results: ESLint.LintResult[],
  options: CliOptions,
  cwd: string,
  totals: Totals,
  fixedFiles: number,
): Promise<string> {
  if (options.format === "sarif") {
    return formatSarif(results, eslint.getRulesMetaForResults(results), cwd, sarifTool);
  }
  const formatter = await eslint.loadFormatter(options.format);
  const report = await formatter.format(results, { color: process.stdout.isTTY && options.outputFile === undefined });
  if (options.format === "json") return `${report}\n`;
  return `${report}${report === "" ? "" : "\n"}${summarise(totals, results.length, fixedFiles)}`;
}

/**
 * ESLint ignores every file outside its cwd, so `llm-cost ../other-project` audits that directory as
 * the project root (its .gitignore included) rather than reporting that everything is ignored.
 */
function projectRoot(options: CliOptions, cwd: string): [CliOptions, string] {
  const [only] = options.paths;
  if (options.paths.length !== 1 || only === undefined) return [options, cwd];
  const absolute = path.resolve(cwd, only);
  const relative = path.relative(cwd, absolute);
  const outside = relative.startsWith("..") || path.isAbsolute(relative);
  if (!outside || !existsSync(absolute) || !statSync(absolute).isDirectory()) return [options, cwd];
  return [{ ...options, paths: ["."] }, absolute];
}

async function run(options: CliOptions, cwd: string): Promise<number> {
  const targets = selectLintTargets(options.paths, cwd);
  if (targets.length === 0) {
    if (options.format === "stylish") process.stdout.write("llm-cost: no JavaScript or TypeScript files among the given paths\n");
    else if (options.format === "json") process.stdout.write("[]\n");
    else process.stdout.write(formatSarif([], {}, cwd, sarifTool));
    return EXIT_CLEAN;
  }

  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: buildConfig(options, cwd),
    fix: options.fix,
    warnIgnored: false,
  });
  const results = keepOwnFindings(await eslint.lintFiles(targets));
  if (options.fix) await ESLint.outputFixes(results);
  const fixedFiles = results.filter((result) => result.output !== undefined).length;

  const totals = tally(results);
  const report = await formatResults(eslint, results, options, cwd, totals, fixedFiles);
  if (options.outputFile === undefined) process.stdout.write(report);
  // Relative to where the command was run, even when the audited project is elsewhere.
  else writeFileSync(path.resolve(options.outputFile), report);

  const tooManyWarnings = totals.warnings > (options.maxWarnings ?? 0);
  return totals.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_CLEAN;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "help") {
      process.stdout.write(`${HELP}\n`);
      return EXIT_CLEAN;
    }
    if (parsed.kind === "version") {
      process.stdout.write(`${packageMeta.version}\n`);
      return EXIT_CLEAN;
    }
    return await run(...projectRoot(parsed.options, process.cwd()));
  } catch (error) {
    const reason = error instanceof UsageError ? `${error.message} (see llm-cost --help)` : firstLine(error);
    process.stderr.write(`llm-cost: ${reason}\n`);
    return EXIT_USAGE;
  }
}

process.exitCode = await main(process.argv.slice(2));
