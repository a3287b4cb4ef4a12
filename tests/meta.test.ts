import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Linter } from "eslint";
import { describe, expect, it } from "vitest";

import { rules } from "../rules/index.js";
import plugin from "../src/index.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const baseNames = (directory: string, suffix: string): string[] =>
  readdirSync(path.join(root, directory))
    .filter((file) => file.endsWith(suffix))
    .map((file) => file.slice(0, -suffix.length))
    .sort();

const ruleNames = Object.keys(plugin.rules).sort();
type RuleName = keyof typeof rules;

function lintWithRuleOptions(ruleName: string, options: unknown[]): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat" });
  return linter.verify("export {};\n", [
    {
      plugins: { "llm-cost": plugin as never },
      rules: { [`llm-cost/${ruleName}`]: ["error", ...options] as Linter.RuleEntry },
    },
  ]);
}

describe("plugin shape", () => {
  it("has a rule file, a test file and a doc page for every rule in the plugin, and nothing else", () => {
    expect(baseNames("rules", ".ts").filter((name) => name !== "index")).toEqual(ruleNames);
    expect(baseNames("tests/rules", ".test.ts")).toEqual(ruleNames);
    expect(baseNames("docs/rules", ".md")).toEqual(ruleNames);
  });

  it("exposes meta with the package name and version", () => {
    expect(plugin.meta.name).toBe("eslint-plugin-llm-cost");
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/u);
  });

  it.each(ruleNames)("%s: map key equals the rule's name and its docs URL points at its page", (name) => {
    const rule = rules[name as RuleName];
    expect(plugin.rules[name as RuleName]).toBe(rule);
    expect(rule.name).toBe(name);
    expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`, "u"));
    // A version tag exists only after a release (none yet): the URL (and SARIF's helpUri) point at main.
    expect(rule.meta.docs?.url).toBe(`https://github.com/eslint-plugin-llm-cost/eslint-plugin-llm-cost/blob/main/docs/rules/${name}.md`);
    expect(rule.meta.docs?.description).toMatch(/^(Enforce|Require|Disallow) /u);
  });

  it("configs hold severities keyed by llm-cost/<rule>, and register the plugin under llm-cost", () => {
    for (const config of [plugin.configs.recommended, plugin.configs.all]) {
      expect(config.plugins?.["llm-cost"]).toBe(plugin);
      for (const [key, value] of Object.entries(config.rules ?? {})) {
        expect(key).toMatch(/^llm-cost\//u);
        expect(ruleNames).toContain(key.slice("llm-cost/".length));
        expect(["error", "warn", "off"]).toContain(value);
      }
    }
    expect(Object.keys(plugin.configs.all.rules ?? {}).sort()).toEqual(ruleNames.map((name) => `llm-cost/${name}`));
    const recommended = ruleNames.filter((name) => rules[name as RuleName].meta.docs?.recommended === true);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(
      recommended.map((name) => `llm-cost/${name}`),
    );
  });
});

describe("parsers", () => {
  const sample = `import OpenAI from "openai";
const client = new OpenAI();
export async function run(prompts) {
  await Promise.all(prompts.map((p) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: p }] })));
  for (const answer of prompts.map((p) => client.responses.create({ model: "gpt-4o", input: p }))) {
    if (await answer) break;
  }
}`;

  it("every rule runs on plain JavaScript parsed by ESLint's default parser", () => {
    const linter = new Linter({ configType: "flat" });
    const messages = linter.verify(sample, [
      {
        plugins: { "llm-cost": plugin as never },
        rules: Object.fromEntries(ruleNames.map((name) => [`llm-cost/${name}`, "error"])),
      },
    ]);
    expect(messages.filter((message) => message.fatal === true)).toEqual([]);
    const reported = new Set(messages.map((message) => message.ruleId));
    expect(reported).toContain("llm-cost/require-max-tokens");
    expect(reported).toContain("llm-cost/no-unbounded-concurrency");
    expect(reported).toContain("llm-cost/no-eager-early-exit");
  });
});

describe("rule options", () => {
  it.each(ruleNames)("%s: default options validate against the schema", (name) => {
    const rule = rules[name as RuleName];
    const defaults = (rule.meta.defaultOptions ?? []) as unknown[];
    expect(lintWithRuleOptions(name, defaults)).toEqual([]);
  });

  it.each(ruleNames)("%s: unknown option keys fail with a readable schema error", (name) => {
    expect(() => lintWithRuleOptions(name, [{ notAnOption: true }])).toThrow(
      /Key "llm-cost\/[\w-]+":[\s\S]*should NOT have additional properties[\s\S]*Unexpected property "notAnOption"/u,
    );
  });
});
