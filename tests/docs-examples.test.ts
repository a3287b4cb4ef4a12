import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as typescriptParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";

import plugin from "../src/index.js";
import { ensureBuilt } from "./e2e/helpers.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

interface Example {
  readonly kind: "incorrect" | "correct";
  readonly code: string;
  readonly line: number;
}

/** Fenced code blocks under the `❌ Incorrect` and `✅ Correct` headings of a rule's doc page. */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  let kind: Example["kind"] | undefined;
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.startsWith("#")) {
      kind = line.includes("❌") ? "incorrect" : line.includes("✅") ? "correct" : undefined;
      continue;
    }
    const fence = /^```(ts|js|typescript|javascript)\s*$/u.exec(line);
    if (fence === null || kind === undefined) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end] !== "```") end += 1;
    examples.push({ kind, code: lines.slice(start, end).join("\n"), line: start + 1 });
    index = end;
  }
  return examples;
}

const ruleNames = Object.keys(plugin.rules);

describe.each(ruleNames)("docs/rules/%s.md examples", (ruleName) => {
  const markdown = readFileSync(path.join(root, "docs", "rules", `${ruleName}.md`), "utf8");
  const examples = examplesOf(markdown);

  it("has both incorrect and correct examples", () => {
    expect(examples.some((example) => example.kind === "incorrect")).toBe(true);
    expect(examples.some((example) => example.kind === "correct")).toBe(true);
  });

  it.each(examples.map((example) => [`${example.kind} example at line ${example.line}`, example] as const))(
    "%s",
    (_title, example) => {
      const linter = new Linter({ configType: "flat" });
      const messages = linter.verify(
        example.code,
        [
          {
            files: ["**/*.ts"],
            languageOptions: { parser: typescriptParser, sourceType: "module" },
            plugins: { "llm-cost": plugin as never },
            rules: { [`llm-cost/${ruleName}`]: "error" },
          },
        ],
        path.join(root, "docs", "example.ts"),
      );
      const fatal = messages.filter((message) => message.fatal === true);
      expect(fatal).toEqual([]);
      const reports = messages.filter((message) => message.ruleId === `llm-cost/${ruleName}`);
      if (example.kind === "incorrect") expect(reports.length).toBeGreaterThan(0);
      else expect(reports).toEqual([]);
    },
  );
});

// The snippets import the package by name, which resolves to this repository's build.
ensureBuilt();

/** The `eslint.config.js` blocks of a rule page's Options section. */
function optionSnippetsOf(markdown: string): string[] {
  const options = markdown.slice(markdown.indexOf("\n## Options"), markdown.indexOf("\n## ", markdown.indexOf("\n## Options") + 1) >>> 0);
  return [...options.matchAll(/^```js\n(\/\/ eslint\.config\.js\n[\s\S]*?)^```$/gmu)].map((match) => match[1] ?? "");
}

describe.each(ruleNames)("docs/rules/%s.md options", (ruleName) => {
  const markdown = readFileSync(path.join(root, "docs", "rules", `${ruleName}.md`), "utf8");
  const snippets = optionSnippetsOf(markdown);

  it.runIf(markdown.includes("\n## Options"))("shows options as an eslint.config.js that ESLint accepts, for this rule", async () => {
    expect(snippets.length).toBeGreaterThan(0);
    // Inside the package, so `import llmCost from "eslint-plugin-llm-cost"` resolves to this build.
    const directory = path.join(root, "tmp", "docs-options");
    mkdirSync(directory, { recursive: true });
    for (const [index, snippet] of snippets.entries()) {
      expect(snippet).toContain(`"llm-cost/${ruleName}": [`);
      const file = path.join(directory, `${ruleName}-${index}.mjs`);
      writeFileSync(file, snippet);
      try {
        const config = ((await import(pathToFileURL(file).href)) as { default: Linter.Config[] }).default;
        // An option the schema rejects throws here, naming the rule.
        expect(new Linter({ configType: "flat" }).verify("export {};\n", config, path.join(root, "example.js"))).toEqual([]);
      } finally {
        rmSync(file, { force: true });
      }
    }
  });
});

