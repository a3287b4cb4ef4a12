import { ESLint, type Linter } from "eslint";

import plugin from "../index.js";
import { inventoryConfig, INVENTORY_RULE } from "./inventory.js";
import { progressConfig, PROGRESS_RULE } from "./progress.js";

/**
 * How the CLI sets ESLint up, as plain data. The options are built from it in this module so that,
 * under `--concurrency`, ESLint's worker threads can rebuild the very same options (plugins and
 * functions cannot be sent to a worker): `createEslint` hands them a module that imports this one.
 */
export interface EslintPlan {
  readonly cwd: string;
  /** `config`: the project's ESLint config (found as ESLint finds it, or `configFile`); `audit`: the recommended config only. */
  readonly kind: "config" | "audit";
  /** `--config <file>`, absolute. */
  readonly configFile?: string;
  /** Config mode: the namespaces under which the project registered this plugin (usually just `llm-cost`). */
  readonly namespaces?: readonly string[];
  /** Audit mode: type information for TypeScript files from the tsconfig.json each belongs to. */
  readonly typed?: boolean;
  /** With `typed`: the directory above which no tsconfig.json is looked for (the repository root). */
  readonly tsconfigRootDir?: string;
  /** Files to lint without type information (absolute paths): those no tsconfig includes. */
  readonly untypedFiles?: readonly string[];
  readonly fix: boolean;
  /** The progress channel's name, when a progress line is shown. */
  readonly progressChannel?: string;
  readonly concurrency?: number | "auto";
  /** `llm-cost report`: also run the inventory rule, which lists each request site with its facts. */
  readonly inventory?: boolean;
}

export const DEFAULT_NAMESPACE = "llm-cost";
const JAVASCRIPT_AND_TYPESCRIPT_FILES = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];
const TYPESCRIPT_FILES = ["**/*.{ts,tsx,mts,cts}"];

/** ESLint's version as numbers; options that older ESLint 9 releases reject are only set where known. */
export function eslintVersion(): readonly [number, number] {
  const [major = 0, minor = 0] = ESLint.version.split(".").map(Number);
  return [major, minor];
}

function atLeast(major: number, minor: number): boolean {
  const [installedMajor, installedMinor] = eslintVersion();
  return installedMajor > major || (installedMajor === major && installedMinor >= minor);
}

/** `--concurrency` needs ESLint's multithreaded linting, added in ESLint 9.34. */
export function supportsConcurrency(): boolean {
  return atLeast(9, 34);
}

/** The zero-config audit: the plugin's recommended config on every JavaScript and TypeScript file the CLI selected. */
function auditConfigs(plan: EslintPlan): Linter.Config[] {
  const configs: Linter.Config[] = [
    // The CLI has already chosen the files (a dependency named on the command line is linted): ESLint's
    // default `node_modules` ignore must not drop them again.
    { name: "llm-cost/cli-selected-files", ignores: ["!**/node_modules/"] },
    {
      name: "llm-cost/cli-files",
      files: JAVASCRIPT_AND_TYPESCRIPT_FILES,
      // The audit reports only this plugin's findings: the user's disable comments for rules that
      // are not loaded here must not turn into findings of their own.
      linterOptions: atLeast(9, 19)
        ? { reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" }
        : { reportUnusedDisableDirectives: "off" },
    },
    plugin.configs.recommended as Linter.Config,
  ];
  if (plan.typed === true) {
    configs.push({
      name: "llm-cost/cli-typed",
      files: TYPESCRIPT_FILES,
      // The project service finds each file's own tsconfig.json (per package in a monorepo).
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: plan.tsconfigRootDir ?? plan.cwd } },
    });
  }
  return configs;
}

function overrides(plan: EslintPlan): Linter.Config[] {
  const configs: Linter.Config[] = plan.kind === "audit" ? auditConfigs(plan) : [];
  if (plan.untypedFiles !== undefined && plan.untypedFiles.length > 0) {
    const untyped = new Set(plan.untypedFiles);
    configs.push({
      name: "llm-cost/cli-untyped",
      // A function matcher: file names are not glob-safe.
      files: [((file: string) => untyped.has(file)) as unknown as string],
      languageOptions: { parserOptions: { projectService: false, project: false } },
    });
  }
  if (plan.progressChannel !== undefined) configs.push({ name: "llm-cost/cli-progress", ...progressConfig(plan.progressChannel) });
  if (plan.inventory === true) configs.push({ name: "llm-cost/cli-inventory", files: JAVASCRIPT_AND_TYPESCRIPT_FILES, ...inventoryConfig() });
  return configs;
}

/** Only this plugin's rules run (and the progress counter): the CLI is an llm-cost audit, not a second ESLint. */
function ownRulesOnly(namespaces: readonly string[]): (rule: { ruleId: string }) => boolean {
  const prefixes = namespaces.map((namespace) => `${namespace}/`);
  return ({ ruleId }) => ruleId === PROGRESS_RULE || ruleId === INVENTORY_RULE || prefixes.some((prefix) => ruleId.startsWith(prefix));
}

export function eslintOptions(plan: EslintPlan): ESLint.Options {
  const options: ESLint.Options = {
    cwd: plan.cwd,
    fix: plan.fix,
    warnIgnored: false,
    overrideConfig: overrides(plan),
    ruleFilter: ownRulesOnly(plan.kind === "audit" ? [DEFAULT_NAMESPACE] : (plan.namespaces ?? [DEFAULT_NAMESPACE])),
  };
  if (plan.kind === "audit") options.overrideConfigFile = true;
  else if (plan.configFile !== undefined) options.overrideConfigFile = plan.configFile;
  if (plan.concurrency !== undefined) (options as { concurrency?: number | "auto" }).concurrency = plan.concurrency;
  return options;
}

/**
 * An ESLint for the plan. With `concurrency`, through an options module (a `data:` URL importing this
 * file), which each worker thread imports to build the same plugins and functions.
 */
export async function createEslint(plan: EslintPlan): Promise<ESLint> {
  if (plan.concurrency === undefined) return new ESLint(eslintOptions(plan));
  const source = `import { eslintOptions } from ${JSON.stringify(import.meta.url)};\nexport default eslintOptions(${JSON.stringify(plan)});\n`;
  const fromOptionsModule = (ESLint as unknown as { fromOptionsModule(url: URL): Promise<ESLint> }).fromOptionsModule;
  return fromOptionsModule.call(ESLint, new URL(`data:text/javascript,${encodeURIComponent(source)}`));
}
