// The configs change nothing in the user's setup (CommonJS stays CommonJS, a user's typescript-eslint parses as
// before in either order), JavaScript never needs the TypeScript compiler, and TypeScript 7 gets a one-line answer.
// scripts/fresh-consumers.sh repeats these on projects that install the packed tarball.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import js from "@eslint/js";
import { ESLint, Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

import llmCost from "../src/index.js";
import { unsupportedTypeScriptMessage } from "../src/typescript-support.js";
import { UNCAPPED_CALL, ensureBuilt, repositoryRoot, temporaryProjectsPerTest } from "./e2e/helpers.js";

const project = temporaryProjectsPerTest();

const COMMONJS_CALL = `const OpenAI = require("openai");
const client = new OpenAI();
module.exports = async function ask(question) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });
};
`;

const JSX_CALL = `import OpenAI from "openai";
import { Answer } from "./answer.js";
const client = new OpenAI();
export async function Reply({ question }) {
  const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });
  return <Answer text={reply.choices[0].message.content} />;
}
`;

const TYPESCRIPT_CALL = `import OpenAI from "openai";
const client = new OpenAI();
export async function ask(question: string): Promise<unknown> {
  const unused: any = 1;
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });
}
`;

function messagesOf(config: Linter.Config[], code: string, filename: string): string[] {
  return new Linter({ configType: "flat" })
    .verify(code, config, filename)
    .map((message) => `${message.line}:${message.column} ${message.ruleId ?? "(fatal)"} ${message.message}`);
}

describe("configs.recommended leaves the user's setup alone", () => {
  it("keeps CommonJS files CommonJS: no no-undef for require/module with @eslint/js recommended", () => {
    const found = messagesOf([js.configs.recommended, llmCost.configs.recommended], COMMONJS_CALL, "ask.cjs");
    expect(found.filter((message) => message.includes("no-undef"))).toEqual([]);
    expect(found).toEqual([expect.stringMatching(/^4:34 llm-cost\/require-max-tokens /u)]);
  });

  it("reads JSX in .jsx and .js files", () => {
    for (const filename of ["reply.jsx", "reply.js"]) {
      expect(messagesOf([llmCost.configs.recommended], JSX_CALL, filename)).toEqual([
        expect.stringMatching(/^5:47 llm-cost\/require-max-tokens /u),
      ]);
    }
  });

  it.each([
    ["ask.ts", TYPESCRIPT_CALL],
    ["ask.js", UNCAPPED_CALL],
    ["ask.cjs", COMMONJS_CALL],
    // typescript-eslint's parser reads JSX in .js files; so does the plugin's, with the same references.
    ["reply.js", JSX_CALL],
  ])("%s: typescript-eslint's configs before or after it give the user's own findings, plus the plugin's", (filename, code) => {
    const user = [js.configs.recommended, ...tseslint.configs.recommended] as Linter.Config[];
    const alone = messagesOf(user, code, filename);
    const pluginFirst = messagesOf([llmCost.configs.recommended, ...user], code, filename);
    const pluginLast = messagesOf([...user, llmCost.configs.recommended], code, filename);
    expect(pluginLast).toEqual(pluginFirst);
    expect(pluginLast.filter((message) => !message.includes(" llm-cost/"))).toEqual(alone);
    expect(pluginLast.filter((message) => message.includes(" llm-cost/require-max-tokens "))).toHaveLength(1);
  });
});

describe("TypeScript is loaded only for TypeScript files", () => {
  it("importing the plugin and linting JavaScript (ESM, CommonJS, JSX) never loads typescript", () => {
    ensureBuilt();
    const files = project({ "ask.js": UNCAPPED_CALL, "ask.cjs": COMMONJS_CALL, "reply.jsx": JSX_CALL });
    // Any attempt to load `typescript` throws, as TypeScript 7 (no compiler API) would.
    const script = `
      const Module = require("node:module");
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === "typescript" || request.startsWith("typescript/")) throw new Error("typescript was loaded");
        return load.call(this, request, ...rest);
      };
      (async () => {
        const { ESLint } = require(${JSON.stringify(createRequire(import.meta.url).resolve("eslint"))});
        const { default: llmCost } = await import(${JSON.stringify(path.join(repositoryRoot, "dist", "src", "index.js"))});
        const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: [llmCost.configs.recommended] });
        const results = await eslint.lintFiles(["ask.js", "ask.cjs", "reply.jsx"]);
        console.log(JSON.stringify(results.flatMap((result) => result.messages.map((message) => path.basename(result.filePath) + " " + (message.ruleId ?? message.message)))));
      })().catch((error) => { console.error(error.message); process.exit(1); });
    `;
    const run = spawnSync(process.execPath, ["-e", `const path = require("node:path");${script}`], { cwd: files, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([
      "ask.js llm-cost/require-max-tokens",
      "ask.cjs llm-cost/require-max-tokens",
      "reply.jsx llm-cost/require-max-tokens",
    ]);
    expect(run.status).toBe(0);
  });
});

describe("TypeScript 7", () => {
  /** A project whose `typescript` is the given version, with typescript-eslint's parser installed next to it. */
  function projectWithTypeScript(manifest: { name: string; version: string }): string {
    const directory = project({ "src/ask.js": UNCAPPED_CALL, "src/ask.ts": TYPESCRIPT_CALL });
    mkdirSync(path.join(directory, "node_modules", "typescript"), { recursive: true });
    writeFileSync(path.join(directory, "node_modules", "typescript", "package.json"), JSON.stringify(manifest));
    // The real package (never loaded: the version check comes first), so the project resolves its own parser.
    cpSync(path.join(repositoryRoot, "node_modules", "@typescript-eslint", "parser"), path.join(directory, "node_modules", "@typescript-eslint", "parser"), {
      recursive: true,
    });
    return directory;
  }

  it("is detected from package.json alone, with one line saying what to do; TypeScript 6 under the alias is fine", () => {
    const typeScript7 = projectWithTypeScript({ name: "typescript", version: "7.0.2" });
    const message = unsupportedTypeScriptMessage(typeScript7);
    expect(message).toMatch(/^TypeScript 7\.0\.2 has no compiler API, /u);
    expect(message).toContain('"typescript": "npm:@typescript/typescript6@^6.0.2"');
    expect(message).toContain('"@typescript/native": "npm:typescript@^7.0.2"');
    expect(message).not.toContain("\n");
    expect(unsupportedTypeScriptMessage(projectWithTypeScript({ name: "@typescript/typescript6", version: "6.0.2" }))).toBeUndefined();
    expect(unsupportedTypeScriptMessage(project({ "package.json": "{}" }))).toBeUndefined();
  });

  it("lints JavaScript as usual and reports that line as the parsing error of each TypeScript file", async () => {
    const directory = projectWithTypeScript({ name: "typescript", version: "7.0.2" });
    const eslint = new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig: [llmCost.configs.recommended] });
    const results = await eslint.lintFiles(["src"]);
    const byFile = Object.fromEntries(results.map((result) => [path.basename(result.filePath), result.messages.map((message) => message.ruleId ?? message.message)]));
    expect(byFile).toEqual({
      "ask.js": ["llm-cost/require-max-tokens"],
      "ask.ts": [`Parsing error: ${unsupportedTypeScriptMessage(directory)}`],
    });
  });
});
