import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { CAPPED_CALL, UNCAPPED_CALL, ensureBuilt, linkPlugin, reportedFiles, repositoryRoot, runCli, temporaryProjectsPerTest } from "./helpers.js";

ensureBuilt();

const project = temporaryProjectsPerTest();

/** A fan-out through the team's own gateway: an LLM call only `settings["llm-cost"].llmCalls` makes known. */
const GATEWAY_FAN_OUT = `import { gateway } from "./gateway.js";

export async function summarizeAll(documents) {
  return Promise.all(documents.map((document) => gateway.complete({ prompt: document })));
}
`;

const GATEWAY_SETTINGS = `{ settings: { "llm-cost": { llmCalls: ["gateway.complete"] } } }`;

/** A monorepo whose root flat config names the gateway, ignores generated code and downgrades one rule. */
function monorepo(extra: Record<string, string> = {}): string {
  const directory = project({
    "package.json": JSON.stringify({ name: "root", private: true, type: "module", workspaces: ["packages/*"] }),
    "eslint.config.js": `import llmCost from "eslint-plugin-llm-cost";

export default [
  { ignores: ["**/generated/"] },
  llmCost.configs.recommended,
  ${GATEWAY_SETTINGS},
  { rules: { "llm-cost/require-max-tokens": "warn" } },
];
`,
    "packages/api/package.json": JSON.stringify({ name: "api", type: "module" }),
    "packages/api/src/fan-out.js": GATEWAY_FAN_OUT,
    "packages/api/src/generated/client.js": UNCAPPED_CALL,
    "packages/api/src/ask.js": UNCAPPED_CALL,
    ...extra,
  });
  linkPlugin(directory);
  return directory;
}

interface JsonMessage {
  ruleId: string | null;
  severity: number;
}

function findings(stdout: string, directory: string): string[] {
  return (JSON.parse(stdout) as Array<{ filePath: string; messages: JsonMessage[] }>)
    .flatMap((result) => result.messages.map((message) => `${path.relative(directory, result.filePath)} ${message.ruleId} ${message.severity}`))
    .sort();
}

describe("llm-cost CLI with the project's ESLint flat config", () => {
  it("uses the monorepo root's config from a package directory: its settings, rule severities and ignores", () => {
    const directory = monorepo();
    const packageDirectory = path.join(directory, "packages", "api");
    const run = runCli(["--format", "json"], packageDirectory);
    expect(findings(run.stdout, packageDirectory)).toEqual([
      "src/ask.js llm-cost/require-max-tokens 1",
      "src/fan-out.js llm-cost/no-unbounded-concurrency 2",
    ]);
    expect(run.status).toBe(1);
    // The mode is said on stderr, never inside the JSON.
    expect(run.stderr).toContain(`llm-cost: mode: rules and settings from ${path.join(directory, "eslint.config.js")}`);
  });

  it("says in the stylish summary which config ran", () => {
    const directory = monorepo();
    const run = runCli([], directory);
    expect(run.stdout).toMatch(/^ {2}mode: rules and settings from eslint\.config\.js$/mu);
    expect(run.stdout).not.toContain("generated");
    expect(run.stderr).toBe("");
  });

  it("--audit ignores the config: recommended rules, no settings, nothing ignored but .gitignore", () => {
    const directory = monorepo();
    const run = runCli(["--format", "json", "--audit"], directory);
    expect(findings(run.stdout, directory)).toEqual([
      "packages/api/src/ask.js llm-cost/require-max-tokens 2",
      "packages/api/src/generated/client.js llm-cost/require-max-tokens 2",
    ]);
    expect(run.stderr).toContain("llm-cost: mode: zero-config audit with the recommended rules (--audit)");
    expect(runCli(["--format", "json", "--no-config-lookup"], directory).stdout).toBe(run.stdout);
  });

  it("--config <file> lints with that file", () => {
    const directory = monorepo({
      "ci.eslint.config.js": `import llmCost from "eslint-plugin-llm-cost";\n\nexport default [llmCost.configs.recommended, { rules: { "llm-cost/require-max-tokens": "off" } }];\n`,
    });
    const run = runCli(["--format", "json", "--config", "ci.eslint.config.js"], directory);
    expect(findings(run.stdout, directory)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("rules and settings from ci.eslint.config.js");
  });

  it("--config with a file that does not load exits 2 with one line", () => {
    const directory = monorepo({ "broken.config.js": "export default [{ rules: { \n" });
    const run = runCli(["--config", "broken.config.js"], directory);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^llm-cost: cannot load broken\.config\.js: .+ \(--audit lints without it\)/u);
  });

  it("reports only llm-cost findings and does not even run the config's other rules", () => {
    const directory = monorepo({
      "eslint.config.js": `import llmCost from "eslint-plugin-llm-cost";

const explosive = {
  rules: {
    crash: {
      meta: { type: "problem", schema: [] },
      create() {
        throw new Error("this rule must not run");
      },
    },
  },
};

export default [
  llmCost.configs.recommended,
  { plugins: { explosive }, rules: { "explosive/crash": "error", "no-debugger": "error" } },
];
`,
      "packages/api/src/debug.js": `debugger;\n${CAPPED_CALL}`,
    });
    const run = runCli(["--format", "json", "packages/api/src/debug.js", "packages/api/src/ask.js"], directory);
    expect(run.stderr).not.toContain("must not run");
    expect(findings(run.stdout, directory)).toEqual(["packages/api/src/ask.js llm-cost/require-max-tokens 2"]);
    expect(run.status).toBe(1);
  });

  it("a config that does not use the plugin: recommended rules, and its ignores still apply", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "app", type: "module" }),
      "eslint.config.js": `export default [{ ignores: ["vendor/"] }, { rules: { "no-debugger": "error" } }];\n`,
      "src/ask.js": `debugger;\n${UNCAPPED_CALL}`,
      "vendor/sdk.js": UNCAPPED_CALL,
    });
    const run = runCli(["--format", "json"], directory);
    expect(findings(run.stdout, directory)).toEqual(["src/ask.js llm-cost/require-max-tokens 2"]);
    expect(run.stderr).toContain(
      "mode: zero-config audit with the recommended rules (eslint.config.js does not use eslint-plugin-llm-cost; its ignores apply)",
    );
  });

  it("a file named on the command line that the config ignores is reported as not linted, and alone it fails", () => {
    const directory = monorepo();
    const both = runCli(["packages/api/src/generated/client.js", "packages/api/src/fan-out.js"], directory);
    expect(both.stdout).toContain("not linted: packages/api/src/generated/client.js, ignored by eslint.config.js");
    expect(both.status).toBe(1);

    const alone = runCli(["packages/api/src/generated/client.js"], directory);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toBe(
      "llm-cost: nothing linted: packages/api/src/generated/client.js is ignored by eslint.config.js (--no-warn-ignored accepts ignored files) (see llm-cost --help)\n",
    );

    // What a pre-commit hook wants: an ignored file in the commit is no reason to block it.
    const hook = runCli(["--no-warn-ignored", "packages/api/src/generated/client.js"], directory);
    expect(hook.status).toBe(0);
    expect(hook.stdout).toBe("llm-cost: nothing to lint: the named JavaScript/TypeScript files are ignored (--no-warn-ignored)\n");
  });

  it("files without any config in a monorepo whose packages have their own (ESLint 10 looks up per file)", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "root", private: true, type: "module" }),
      "scripts/ask.js": UNCAPPED_CALL,
      "packages/api/eslint.config.js": `import llmCost from "eslint-plugin-llm-cost";\n\nexport default [llmCost.configs.recommended, ${GATEWAY_SETTINGS}];\n`,
      "packages/api/src/fan-out.js": GATEWAY_FAN_OUT,
    });
    linkPlugin(path.join(directory, "packages", "api"));
    const run = runCli(["--format", "json"], directory);
    expect(findings(run.stdout, directory)).toEqual([
      "packages/api/src/fan-out.js llm-cost/no-unbounded-concurrency 2",
      "scripts/ask.js llm-cost/require-max-tokens 2",
    ]);
    expect(run.stderr).toContain(
      "mode: rules and settings from packages/api/eslint.config.js for 2 files; zero-config audit with the recommended rules for 1 file (1 file with no eslint.config.*)",
    );
  });

  it("finds eslint.config.mjs and eslint.config.cjs as ESLint does", () => {
    for (const [name, source] of [
      ["eslint.config.mjs", `import llmCost from "eslint-plugin-llm-cost";\nexport default [llmCost.configs.recommended, ${GATEWAY_SETTINGS}];\n`],
      ["eslint.config.cjs", `const llmCost = require("eslint-plugin-llm-cost");\nmodule.exports = [llmCost.configs.recommended, ${GATEWAY_SETTINGS}];\n`],
    ] as const) {
      const directory = project({ "package.json": JSON.stringify({ name: "app", type: "module" }), [name]: source, "src/fan-out.js": GATEWAY_FAN_OUT });
      linkPlugin(directory);
      const run = runCli(["--format", "json"], directory);
      expect(findings(run.stdout, directory), name).toEqual(["src/fan-out.js llm-cost/no-unbounded-concurrency 2"]);
      expect(run.stderr).toContain(`rules and settings from ${name}`);
    }
  });

  it("lints the files ESLint would lint with the config (the config file itself included), none it ignores", () => {
    const directory = monorepo();
    writeFileSync(path.join(directory, "packages", "api", "src", "generated", "other.js"), CAPPED_CALL);
    expect(reportedFiles(runCli(["--format", "json"], directory).stdout, directory)).toEqual([
      "eslint.config.js",
      "packages/api/src/ask.js",
      "packages/api/src/fan-out.js",
    ]);
    // ESLint's own CLI on the same project lints the same files and finds the same llm-cost problems.
    const eslint = spawnSync(process.execPath, [path.join(repositoryRoot, "node_modules", "eslint", "bin", "eslint.js"), "--format", "json", "."], {
      cwd: directory,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(reportedFiles(eslint.stdout, directory)).toEqual(reportedFiles(runCli(["--format", "json"], directory).stdout, directory));
    expect(findings(eslint.stdout, directory)).toEqual(findings(runCli(["--format", "json"], directory).stdout, directory));
  });
});
