import type { ESLint, Linter, Rule } from "eslint";

import { rules } from "../rules/index.js";
import { parser } from "./parser.js";
import { packageMeta } from "./util/package-meta.js";

export type RuleName = keyof typeof rules;

/**
 * ESLint's own config type (from the `eslint` the user installed, 9 or 10), so `defineConfig(...)`,
 * `Linter.Config[]` and typescript-eslint's `tseslint.config(...)` all accept the configs as they are.
 */
type FlatConfig = Linter.Config;

/** Files the configs apply to: every JavaScript and TypeScript flavour. */
const sourceFiles = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

/**
 * The plugin, typed the way ESLint's own types describe a plugin (for the `eslint` the user installed), so
 * `plugins: { "llm-cost": llmCost }`, `defineConfig(llmCost.configs.recommended)` and `Linter.Config[]`
 * type-check. (The rules are typescript-eslint rule modules; `rules/index.ts` has their precise types.)
 */
export interface LlmCostPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: { recommended: FlatConfig; all: FlatConfig };
}

const plugin: LlmCostPlugin = {
  meta: { name: packageMeta.name, version: packageMeta.version, namespace: "llm-cost" },
  rules: rules as unknown as Record<RuleName, Rule.RuleModule>,
  configs: {} as LlmCostPlugin["configs"],
};

function severities(include: (name: RuleName) => boolean): Linter.RulesRecord {
  return Object.fromEntries(
    (Object.keys(rules) as RuleName[]).filter(include).map((name) => [`llm-cost/${name}`, "error" as const]),
  );
}

/**
 * One flat config object: registers the plugin and turns the rules on for JavaScript and TypeScript files.
 * Its parser (src/parser.ts) reads JavaScript with ESLint's default parser and TypeScript with
 * typescript-eslint's — the project's own copy when it has one — so the config changes nothing for a user who
 * already parses TypeScript, in either order, and JavaScript never needs the TypeScript compiler. It sets no
 * `sourceType` (CommonJS files stay CommonJS) and no parser options: type information is used when the
 * user's config sets `parserOptions.projectService`; every rule also works without it.
 */
function flatConfig(name: string, include: (rule: RuleName) => boolean): FlatConfig {
  return {
    name: `llm-cost/${name}`,
    files: sourceFiles,
    languageOptions: { parser: parser as Linter.Parser },
    plugins: { "llm-cost": plugin },
    rules: severities(include),
  };
}

plugin.configs.recommended = flatConfig("recommended", (name) => rules[name].meta.docs?.recommended === true);
plugin.configs.all = flatConfig("all", () => true);

export default plugin;
// `require("eslint-plugin-llm-cost")` (Node's require(esm), e.g. in an `eslint.config.cjs`) returns the plugin itself, not the module namespace.
export { plugin as "module.exports" };

