import { ESLint } from "eslint";

import { packageMeta } from "../util/package-meta.js";
import { firstLine, plural, UsageError } from "./command.js";
import { DEFAULT_NAMESPACE } from "./eslint-options.js";
import { displayPath } from "./output.js";

/**
 * Which ESLint config lints which file. ESLint's own lookup decides (from the current directory with
 * ESLint 9, from each file's directory with ESLint 10, so each package of a monorepo may have its
 * own), or `--config`. A config that registers this plugin is used as it is: its rules and options,
 * its `settings["llm-cost"]`, its parser, its ignores. Files with no config, or whose config does not
 * use this plugin at all, get the zero-config audit (the recommended rules), minus what their config ignores.
 */

export type ConfigChoice = { readonly kind: "lookup" } | { readonly kind: "file"; readonly file: string } | { readonly kind: "audit" };

export interface IgnoredFile {
  readonly file: string;
  readonly reason: string;
}

export interface ProjectPlan {
  /** Files linted with the project's config(s). */
  readonly configFiles: readonly string[];
  /** The config files those use, absolute. */
  readonly usedConfigs: readonly string[];
  /** Namespaces the project registered the plugin under. */
  readonly namespaces: readonly string[];
  /** Rule ids of this plugin turned on for at least one file, in config mode. */
  readonly rulesOn: ReadonlySet<string>;
  /** Files linted with the zero-config audit. */
  readonly auditFiles: readonly string[];
  /** Why audited: `--audit`, no config found, or configs that do not use the plugin. */
  readonly auditBecause: { readonly forced: boolean; readonly withoutConfig: number; readonly configsWithoutPlugin: readonly string[] };
  /** Files a config ignores (or matches with no config object). */
  readonly ignored: readonly IgnoredFile[];
}

interface CalculatedConfig {
  readonly plugins?: Record<string, { meta?: { name?: string } } | undefined>;
  readonly rules?: Record<string, unknown>;
}

function severityOf(entry: unknown): number {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (level === "error" || level === 2) return 2;
  if (level === "warn" || level === 1) return 1;
  return 0;
}

function ownNamespaces(config: CalculatedConfig): string[] {
  return Object.entries(config.plugins ?? {})
    .filter(([, registered]) => registered?.meta?.name === packageMeta.name)
    .map(([namespace]) => namespace);
}

function loadError(configFile: string | undefined, cwd: string, error: unknown): UsageError {
  const where = configFile === undefined ? "the ESLint config" : displayPath(configFile, cwd);
  return new UsageError(`cannot load ${where}: ${firstLine(error)} (--audit lints without it)`);
}

/**
 * Sorts `files` (absolute, already selected) by the config that lints them. `discovery` is an ESLint
 * on the project's own config; `namedFiles` are the files named on the command line, whose being ignored is reported.
 */
export async function planProject(files: readonly string[], cwd: string, choice: ConfigChoice): Promise<ProjectPlan> {
  if (choice.kind === "audit") {
    return {
      configFiles: [],
      usedConfigs: [],
      namespaces: [],
      rulesOn: new Set(),
      auditFiles: files,
      auditBecause: { forced: true, withoutConfig: 0, configsWithoutPlugin: [] },
      ignored: [],
    };
  }

  const discovery = new ESLint(choice.kind === "file" ? { cwd, overrideConfigFile: choice.file } : { cwd });
  const byConfig = new Map<string | undefined, string[]>();
  for (const file of files) {
    const configFile = choice.kind === "file" ? choice.file : await discovery.findConfigFile(file);
    const group = byConfig.get(configFile) ?? [];
    group.push(file);
    byConfig.set(configFile, group);
  }

  const configFiles: string[] = [];
  const usedConfigs: string[] = [];
  const auditFiles: string[] = [];
  const configsWithoutPlugin: string[] = [];
  const ignored: IgnoredFile[] = [];
  const namespaces = new Set<string>();
  const rulesOn = new Set<string>();
  let withoutConfig = 0;

  for (const [configFile, group] of byConfig) {
    if (configFile === undefined) {
      auditFiles.push(...group);
      withoutConfig += group.length;
      continue;
    }
    const kept: string[] = [];
    let usesPlugin = false;
    for (const file of group) {
      let config: CalculatedConfig | undefined;
      try {
        config = (await discovery.calculateConfigForFile(file)) as CalculatedConfig | undefined;
      } catch (error) {
        throw loadError(configFile, cwd, error);
      }
      if (config === undefined) {
        ignored.push({ file, reason: `ignored by ${displayPath(configFile, cwd)}` });
        continue;
      }
      kept.push(file);
      for (const namespace of ownNamespaces(config)) {
        usesPlugin = true;
        namespaces.add(namespace);
        for (const [ruleId, entry] of Object.entries(config.rules ?? {})) {
          if (ruleId.startsWith(`${namespace}/`) && severityOf(entry) > 0) rulesOn.add(`${DEFAULT_NAMESPACE}/${ruleId.slice(namespace.length + 1)}`);
        }
      }
    }
    if (usesPlugin) {
      configFiles.push(...kept);
      usedConfigs.push(configFile);
    } else {
      auditFiles.push(...kept);
      configsWithoutPlugin.push(configFile);
    }
  }

  return {
    configFiles,
    usedConfigs,
    namespaces: [...namespaces],
    rulesOn,
    auditFiles,
    auditBecause: { forced: false, withoutConfig, configsWithoutPlugin },
    ignored,
  };
}

function listConfigs(configs: readonly string[], cwd: string): string {
  const names = configs.map((config) => displayPath(config, cwd));
  return names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

/** One line saying which configuration linted what: never part of JSON or SARIF output. */
export function describeMode(plan: ProjectPlan, cwd: string): string {
  const parts: string[] = [];
  if (plan.configFiles.length > 0) {
    const scope = plan.auditFiles.length > 0 ? ` for ${plural(plan.configFiles.length, "file")}` : "";
    parts.push(`rules and settings from ${listConfigs(plan.usedConfigs, cwd)}${scope}`);
  }
  if (plan.auditFiles.length > 0) {
    const { forced, withoutConfig, configsWithoutPlugin } = plan.auditBecause;
    const reasons: string[] = [];
    if (forced) reasons.push("--audit");
    if (withoutConfig > 0) reasons.push(plan.configFiles.length > 0 ? `${plural(withoutConfig, "file")} with no eslint.config.*` : "no eslint.config.* found");
    if (configsWithoutPlugin.length > 0) {
      reasons.push(`${listConfigs(configsWithoutPlugin, cwd)} ${configsWithoutPlugin.length === 1 ? "does" : "do"} not use eslint-plugin-llm-cost; its ignores apply`);
    }
    const scope = plan.configFiles.length > 0 ? ` for ${plural(plan.auditFiles.length, "file")}` : "";
    parts.push(`zero-config audit with the recommended rules${scope} (${reasons.join("; ")})`);
  }
  return parts.join("; ");
}
