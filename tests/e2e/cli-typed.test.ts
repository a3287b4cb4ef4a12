import path from "node:path";

import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

import { UNCAPPED_CALL, ensureBuilt, linkPlugin, runCli, temporaryProjectsPerTest } from "./helpers.js";

ensureBuilt();

const project = temporaryProjectsPerTest();

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: "NodeNext", target: "ES2022", skipLibCheck: true, noEmit: true },
  include: ["src"],
});

const UNCAPPED_TS = UNCAPPED_CALL.replace("ask(question)", "ask(question: string)");

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; fatal?: boolean; message: string }>;
}

function outcome(stdout: string, directory: string): string[] {
  return (JSON.parse(stdout) as JsonResult[])
    .flatMap((result) => result.messages.map((message) => `${path.relative(directory, result.filePath)} ${message.ruleId ?? `fatal: ${message.message}`}`))
    .sort();
}

describe("llm-cost --typed", () => {
  it("lints a TypeScript file no tsconfig includes without type information, and says so", () => {
    const directory = project({ "tsconfig.json": TSCONFIG, "src/ask.ts": UNCAPPED_TS, "vitest.config.ts": UNCAPPED_TS });
    const run = runCli(["--typed", "--format", "json"], directory);
    expect(outcome(run.stdout, directory)).toEqual(["src/ask.ts llm-cost/require-max-tokens", "vitest.config.ts llm-cost/require-max-tokens"]);
    expect(run.stderr).toContain("llm-cost: 1 file outside any tsconfig.json linted without type information: vitest.config.ts");
    expect(run.status).toBe(1);
  });

  it("at a monorepo root with no tsconfig.json, each package's tsconfig gives its files types", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }),
      "packages/api/tsconfig.json": TSCONFIG,
      "packages/api/src/ask.ts": UNCAPPED_TS,
      "packages/web/tsconfig.json": TSCONFIG,
      "packages/web/src/ask.ts": UNCAPPED_TS,
      "scripts/seed.ts": UNCAPPED_TS,
    });
    const run = runCli(["--typed", "--format", "json"], directory);
    expect(outcome(run.stdout, directory)).toEqual([
      "packages/api/src/ask.ts llm-cost/require-max-tokens",
      "packages/web/src/ask.ts llm-cost/require-max-tokens",
      "scripts/seed.ts llm-cost/require-max-tokens",
    ]);
    // Only the file outside both packages went without types.
    expect(run.stderr).toContain("llm-cost: 1 file outside any tsconfig.json linted without type information: scripts/seed.ts");
    expect(run.status).toBe(1);
  });

  it("in the stylish summary too, and with no tsconfig anywhere every TypeScript file falls back", () => {
    const directory = project({ "a.ts": UNCAPPED_TS, "b.ts": UNCAPPED_TS, "c.js": UNCAPPED_CALL });
    const run = runCli(["--typed"], directory);
    expect(run.stdout).toContain("  2 files outside any tsconfig.json linted without type information: a.ts, b.ts");
    expect(run.stdout).toContain("llm-cost: 3 findings in 3 files scanned");
    expect(run.status).toBe(1);
  });
});

/**
 * The typed setup the README gives for a project's own eslint.config.js, checked with ESLint itself:
 * `projectService` scoped to TypeScript files, so .js/.cjs/.mjs never need a tsconfig, and TypeScript
 * files that no tsconfig includes (tool configs) in `allowDefaultProject`.
 */
const README_TYPED_CONFIG = `import llmCost from "eslint-plugin-llm-cost";

export default [
  llmCost.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
];
`;

describe("the README's typed-linting advice", () => {
  it("lints .js, .cjs, .mjs, TypeScript in the tsconfig and a root vitest.config.ts without a parse error", async () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      "tsconfig.json": TSCONFIG,
      "eslint.config.js": README_TYPED_CONFIG,
      "src/ask.ts": UNCAPPED_TS,
      "src/legacy.js": UNCAPPED_CALL,
      "scripts/seed.mjs": UNCAPPED_CALL,
      "scripts/report.cjs": `const OpenAI = require("openai");\n\nconst client = new OpenAI();\n\nmodule.exports = async function ask(question) {\n  return client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: question }] });\n};\n`,
      "vitest.config.ts": UNCAPPED_TS,
    });
    linkPlugin(directory);
    const eslint = new ESLint({ cwd: directory });
    const results = await eslint.lintFiles(["."]);
    const messages = results
      .flatMap((result) => result.messages.map((message) => `${path.relative(directory, result.filePath)} ${message.ruleId ?? `fatal: ${message.message}`}`))
      .sort();
    expect(messages).toEqual([
      "scripts/report.cjs llm-cost/require-max-tokens",
      "scripts/seed.mjs llm-cost/require-max-tokens",
      "src/ask.ts llm-cost/require-max-tokens",
      "src/legacy.js llm-cost/require-max-tokens",
      "vitest.config.ts llm-cost/require-max-tokens",
    ]);

    // The CLI uses the same config as it is: no file falls back, nothing fails to parse.
    const run = runCli(["--format", "json"], directory);
    expect(run.stderr).not.toContain("without type information");
    expect(outcome(run.stdout, directory)).toEqual(messages);
  });
});
