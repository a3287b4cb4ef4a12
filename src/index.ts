import type { TSESLint } from "@typescript-eslint/utils";
import * as typescriptParser from "@typescript-eslint/parser";

import { rules } from "../rules/index.js";
import { packageMeta } from "./util/package-meta.js";

export type RuleName = keyof typeof rules;

type FlatConfig = TSESLint.FlatConfig.Config;

/** Files the configs apply to: every JavaScript and TypeScript flavour. */
const sourceFiles = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];

const plugin = {
  meta: { name: packageMeta.name, version: packageMeta.version, namespace: "llm-cost" },
  rules,
  configs: {} as { recommended: FlatConfig; all: FlatConfig },
};

function severities(include: (name: RuleName) => boolean): FlatConfig["rules"] {
  return Object.fromEntries(
    (Object.keys(rules) as RuleName[]).filter(include).map((name) => [`llm-cost/${name}`, "error" as const]),
  );
}

/**
 * One flat config object: registers the plugin, parses JS and TS with typescript-eslint's parser (which
 * also reads plain JavaScript), and turns the rules on. Type information is used when the user's config
 * sets `parserOptions.projectService`; every rule also works without it.
 */
function flatConfig(name: string, include: (rule: RuleName) => boolean): FlatConfig {
  return {
    name: `llm-cost/${name}`,
    files: sourceFiles,
    languageOptions: { parser: typescriptParser, sourceType: "module" },
    plugins: { "llm-cost": plugin as unknown as NonNullable<FlatConfig["plugins"]>[string] },
    rules: severities(include),
  };
}

plugin.configs.recommended = flatConfig("recommended", (name) => rules[name].meta.docs?.recommended === true);
plugin.configs.all = flatConfig("all", () => true);

export default plugin;
// `require("eslint-plugin-llm-cost")` (Node's require(esm), e.g. in an `eslint.config.cjs`) returns the plugin itself, not the module namespace.
export { plugin as "module.exports" };

