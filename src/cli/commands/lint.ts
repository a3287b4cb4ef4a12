import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

import { ESLint, type Linter } from "eslint";

import plugin from "../../index.js";
import { packageMeta } from "../../util/package-meta.js";
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError, type CliIo, type Command } from "../command.js";
import { ALWAYS_SKIPPED_DIRECTORIES, gitignoreConfigs, projectRoot, selectLintTargets } from "../files.js";
import { parseOptions } from "../options.js";
import { keepOwnFindings, summarise, tally, type Totals } from "../output.js";
import { formatSarif } from "../sarif.js";

const FORMATS = ["stylish", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const TYPESCRIPT_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
const JAVASCRIPT_AND_TYPESCRIPT_FILES = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

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

const OPTIONS = {
  format: { type: "string", short: "f" },
  fix: { type: "boolean" },
  typed: { type: "boolean" },
  "max-warnings": { type: "string" },
  "output-file": { type: "string", short: "o" },
} as const;

interface LintOptions {
  readonly format: Format;
  readonly fix: boolean;
  readonly typed: boolean;
  /** `undefined` means every warning counts as a finding. */
  readonly maxWarnings: number | undefined;
  readonly outputFile: string | undefined;
  readonly paths: readonly string[];
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function parseLintOptions(argv: readonly string[]): LintOptions {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  const format = values.format ?? "stylish";
  if (!isFormat(format)) throw new UsageError(`unknown --format "${format}" (expected ${FORMATS.join(", ")})`);

  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    const raw = values["max-warnings"];
    if (!/^\d+$/u.test(raw)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${raw}"`);
    maxWarnings = Number(raw);
  }
  return {
    format,
    fix: values.fix === true,
    typed: values.typed === true,
    maxWarnings,
    outputFile: values["output-file"],
    paths: positionals,
  };
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

function buildConfig(options: LintOptions, cwd: string): Linter.Config[] {
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

const sarifTool = { name: packageMeta.name, version: packageMeta.version, informationUri: packageMeta.repository };

async function formatResults(
  eslint: ESLint,
  results: ESLint.LintResult[],
  options: LintOptions,
  cwd: string,
  totals: Totals,
  fixedFiles: number,
  colour: boolean,
): Promise<string> {
  if (options.format === "sarif") {
    return formatSarif(results, eslint.getRulesMetaForResults(results), cwd, sarifTool);
  }
  const formatter = await eslint.loadFormatter(options.format);
  const report = await formatter.format(results, { color: colour });
  if (options.format === "json") return `${report}\n`;
  const activeRules = Object.keys((plugin as PluginShape).configs?.recommended?.rules ?? {}).length;
  return `${report}${report === "" ? "" : "\n"}${summarise(totals, results.length, fixedFiles, activeRules)}`;
}

async function lint(options: LintOptions, cwd: string, io: CliIo): Promise<number> {
  const targets = selectLintTargets(options.paths, cwd);
  if (targets.length === 0) {
    if (options.format === "stylish") io.stdout.write("llm-cost: no JavaScript or TypeScript files among the given paths\n");
    else if (options.format === "json") io.stdout.write("[]\n");
    else io.stdout.write(formatSarif([], {}, cwd, sarifTool));
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
  const colour = io.stdout.isTTY && options.outputFile === undefined;
  const report = await formatResults(eslint, results, options, cwd, totals, fixedFiles, colour);
  if (options.outputFile === undefined) io.stdout.write(report);
  // Relative to where the command was run, even when the audited project is elsewhere.
  else writeFileSync(path.resolve(io.cwd, options.outputFile), report);

  const tooManyWarnings = totals.warnings > (options.maxWarnings ?? 0);
  return totals.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_CLEAN;
}

export const lintCommand: Command = {
  name: "lint",
  summary: "lint files for LLM cost traps (the default command)",
  help: HELP,
  async run(argv, io) {
    const options = parseLintOptions(argv);
    const root = projectRoot(options.paths, io.cwd);
    return lint({ ...options, paths: root.paths }, root.cwd, io);
  },
};
