import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import parser from "@typescript-eslint/parser";
import type { ESLint } from "eslint";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

import noUnboundedConcurrency from "../../rules/no-unbounded-concurrency.js";
import requireMaxTokens from "../../rules/require-max-tokens.js";
import { getLlmAnalysis, withLlmCallCollection } from "../../src/llm/index.js";
import { createRule } from "../../src/util/create-rule.js";

/** Reports every request the analysis lists; `collected` chooses where the calls come from. */
function requestLister(collected: boolean) {
  return createRule({
    name: collected ? "listed-from-eslint-traversal" : "listed-from-own-walk",
    meta: {
      type: "problem",
      docs: { description: "Report every request and construction the analysis lists" },
      messages: { found: "{{kind}} {{via}} {{endpoint}}" },
      schema: [],
      defaultOptions: [],
    },
    create(context) {
      const listeners = {
        "Program:exit"() {
          const analysis = getLlmAnalysis(context);
          for (const request of analysis.requests) {
            context.report({ node: request.node, messageId: "found", data: { kind: "request", via: request.via, endpoint: request.endpoint.id } });
          }
          for (const built of analysis.constructions) {
            context.report({ node: built.node, messageId: "found", data: { kind: "construction", via: built.via, endpoint: built.endpoint.id } });
          }
        },
      };
      return collected ? withLlmCallCollection(context, listeners) : listeners;
    },
  });
}

/** typescript-eslint's rule type and ESLint's plugin type describe the same object differently. */
function asPlugin(rules: Record<string, unknown>): ESLint.Plugin {
  return { rules } as unknown as ESLint.Plugin;
}

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(?:ts|js|mjs)$/u.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function lint(file: string, rule: ReturnType<typeof requestLister>, text = readFileSync(file, "utf8")) {
  const linter = new Linter({ configType: "flat" });
  return linter.verify(
    text,
    [{ files: ["**/*"], languageOptions: { parser }, plugins: { probe: asPlugin({ list: rule }) }, rules: { "probe/list": "error" } }],
    { filename: file },
  );
}

describe("the analysis' list of requests", () => {
  const files = [...sourceFiles(path.join(fixtures, "cross-file")), ...sourceFiles(path.join(fixtures, "fix-typecheck")), ...sourceFiles(path.join(fixtures, "prompts"))];

  it("is the same whether ESLint's traversal collects the calls or the analysis walks the tree itself", () => {
    expect(files.length).toBeGreaterThan(5);
    let requests = 0;
    for (const file of files) {
      const fromTraversal = lint(file, requestLister(true)).map((message) => `${message.line}:${message.column} ${message.message}`);
      const fromOwnWalk = lint(file, requestLister(false)).map((message) => `${message.line}:${message.column} ${message.message}`);
      expect(fromTraversal, file).toEqual(fromOwnWalk);
      requests += fromTraversal.length;
    }
    expect(requests).toBeGreaterThan(10);
  });
});

describe("facts from other modules after a change on disk", () => {
  const project = mkdtempSync(path.join(tmpdir(), "llm-cost-disk-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  mkdirSync(path.join(project, "lib"));
  const wrapper = path.join(project, "lib", "llm.ts");
  const caller = path.join(project, "digest.ts");
  const callerText = `import { summarize } from "./lib/llm.js";\nexport const digest = (docs: string[]) => Promise.all(docs.map(summarize));\n`;
  const llmWrapper = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function summarize(text: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: text }] });\n}\n`;
  const plainWrapper = `export async function summarize(text: string) {\n  return text.slice(0, 200);\n}\n`;

  function lintCaller(): string[] {
    const linter = new Linter({ configType: "flat", cwd: project });
    return linter
      .verify(
        callerText,
        [{ files: ["**/*.ts"], languageOptions: { parser }, plugins: { "llm-cost": asPlugin({ "no-unbounded-concurrency": noUnboundedConcurrency }) }, rules: { "llm-cost/no-unbounded-concurrency": "error" } }],
        { filename: caller },
      )
      .map((message) => message.ruleId ?? message.message);
  }

  it("are read again when the caller is linted again (an editor re-linting after the change)", () => {
    writeFileSync(caller, callerText);
    writeFileSync(wrapper, llmWrapper);
    expect(lintCaller()).toEqual(["llm-cost/no-unbounded-concurrency"]);
    writeFileSync(wrapper, plainWrapper);
    expect(lintCaller()).toEqual([]);
    writeFileSync(wrapper, llmWrapper);
    expect(lintCaller()).toEqual(["llm-cost/no-unbounded-concurrency"]);
  });
  it("are read again by another importer right after the changed module itself is linted (an editor saving it)", () => {
    const otherCaller = path.join(project, "weekly.ts");
    const lint = (file: string) =>
      new Linter({ configType: "flat", cwd: project })
        .verify(
          callerText,
          [{ files: ["**/*.ts"], languageOptions: { parser }, plugins: { "llm-cost": asPlugin({ "no-unbounded-concurrency": noUnboundedConcurrency }) }, rules: { "llm-cost/no-unbounded-concurrency": "error" } }],
          { filename: file },
        )
        .map((message) => message.ruleId ?? message.message);
    writeFileSync(caller, callerText);
    writeFileSync(otherCaller, callerText);
    writeFileSync(wrapper, llmWrapper);
    expect(lint(caller)).toEqual(["llm-cost/no-unbounded-concurrency"]);
    // Within the same second: the lint of the saved module ends the view that read its old version.
    writeFileSync(wrapper, `${plainWrapper}// saved\n`);
    new Linter({ configType: "flat", cwd: project }).verify(
      plainWrapper,
      [{ files: ["**/*.ts"], languageOptions: { parser }, plugins: { "llm-cost": asPlugin({ "require-max-tokens": requireMaxTokens }) }, rules: { "llm-cost/require-max-tokens": "error" } }],
      { filename: wrapper },
    );
    expect(lint(otherCaller)).toEqual([]);
  });
});
