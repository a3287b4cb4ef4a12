import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CAPPED_CALL, UNCAPPED_CALL, builtCli, ensureBuilt, linkPlugin, repositoryRoot, temporaryProject } from "./helpers.js";

ensureBuilt();

// A plain hook, as a team without a hook manager would write it: lint the staged files, block on findings.
const HOOK = `#!/bin/sh
git diff --cached --name-only -z --diff-filter=ACMR | xargs -0 -r node "${builtCli}" --no-warn-ignored
`;

let repository: { directory: string; cleanup: () => void };

function git(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync("git", args, {
    cwd: repository.directory,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function commitCount(): number {
  const log = git("rev-list", "--count", "HEAD");
  return log.status === 0 ? Number(log.output.trim()) : 0;
}

beforeAll(() => {
  repository = temporaryProject({ "package.json": JSON.stringify({ name: "app", private: true, type: "module" }), "README.md": "# app\n" });
  expect(git("init", "-q", "-b", "main").status).toBe(0);
  git("config", "user.name", "Test");
  git("config", "user.email", "test@example.com");
  git("config", "commit.gpgsign", "false");
  const hook = path.join(repository.directory, ".git", "hooks", "pre-commit");
  writeFileSync(hook, HOOK);
  chmodSync(hook, 0o755);
  git("add", ".");
  expect(git("commit", "-q", "-m", "initial").status).toBe(0);
});

afterAll(() => repository.cleanup());

describe("git pre-commit hook running llm-cost on staged files", () => {
  it("rejects a commit that adds an uncapped LLM call, naming the rule and the file", () => {
    writeFileSync(path.join(repository.directory, "ask.js"), UNCAPPED_CALL);
    git("add", "ask.js");
    const commit = git("commit", "-m", "add ask");
    expect(commit.status).not.toBe(0);
    expect(commit.output).toContain("llm-cost/require-max-tokens");
    expect(commit.output).toContain("ask.js");
    expect(commit.output).toContain("llm-cost: 1 finding in 1 file scanned");
    expect(commitCount()).toBe(1);
  });

  it("accepts the same commit once the call is capped", () => {
    writeFileSync(path.join(repository.directory, "ask.js"), CAPPED_CALL);
    git("add", "ask.js");
    const commit = git("commit", "-m", "add ask");
    expect(commit.output).toContain("no findings in 1 file scanned");
    expect(commit.status).toBe(0);
    expect(commitCount()).toBe(2);
  });

  it("does not block commits that touch no JavaScript or TypeScript", () => {
    writeFileSync(path.join(repository.directory, "README.md"), "# app\n\nNow with docs.\n");
    git("add", "README.md");
    const commit = git("commit", "-m", "docs");
    expect(commit.status).toBe(0);
    expect(commitCount()).toBe(3);
  });

  it("only judges staged files: an unstaged violation elsewhere does not block", () => {
    writeFileSync(path.join(repository.directory, "draft.js"), UNCAPPED_CALL);
    writeFileSync(path.join(repository.directory, "ok.js"), CAPPED_CALL);
    git("add", "ok.js");
    const commit = git("commit", "-m", "ok");
    expect(commit.status).toBe(0);
    expect(commitCount()).toBe(4);
  });

  it("lets through a commit of only files the ESLint config ignores, using the config as the editor does", () => {
    linkPlugin(repository.directory);
    writeFileSync(path.join(repository.directory, ".gitignore"), "node_modules/\ndraft.js\n");
    writeFileSync(
      path.join(repository.directory, "eslint.config.js"),
      `import llmCost from "eslint-plugin-llm-cost";\n\nexport default [{ ignores: ["generated/"] }, llmCost.configs.recommended];\n`,
    );
    git("add", ".gitignore", "eslint.config.js");
    expect(git("commit", "-m", "eslint config").status).toBe(0);

    mkdirSync(path.join(repository.directory, "generated"));
    writeFileSync(path.join(repository.directory, "generated", "client.js"), UNCAPPED_CALL);
    git("add", "generated/client.js");
    const commit = git("commit", "-m", "regenerate the client");
    expect(commit.output).toContain("llm-cost: nothing to lint: the named JavaScript/TypeScript files are ignored (--no-warn-ignored)");
    expect(commit.status).toBe(0);
    expect(commitCount()).toBe(6);
  });

  it("rejects a commit with a file that cannot be parsed, saying so apart from findings", () => {
    writeFileSync(path.join(repository.directory, "broken.ts"), "export const = 42;\n");
    git("add", "broken.ts");
    const commit = git("commit", "-m", "broken");
    expect(commit.status).not.toBe(0);
    expect(commit.output).toContain("llm-cost: 1 file could not be parsed, so it was not audited:");
    expect(commit.output).toContain("broken.ts:1:13  Parsing error:");
    expect(commitCount()).toBe(6);
    git("rm", "-q", "--cached", "broken.ts");
  });
});

describe(".pre-commit-hooks.yaml", () => {
  it("declares hooks that run the project's own llm-cost, so pre-commit installs nothing (not this repository's devDependencies)", () => {
    const manifest = readFileSync(path.join(repositoryRoot, ".pre-commit-hooks.yaml"), "utf8");
    expect(manifest).toMatch(/^- id: llm-cost$/mu);
    expect(manifest).toMatch(/^ {2}entry: npx --no-install llm-cost --no-warn-ignored$/mu);
    expect(manifest).toMatch(/^ {2}types_or: \[javascript, jsx, ts, tsx\]$/mu);
    // `language: node` makes pre-commit `npm install` this repository (its ~450 devDependencies) to build the hook.
    expect(manifest).not.toMatch(/^ {2}language: node$/mu);
    expect([...manifest.matchAll(/^ {2}language: (\S+)$/gmu)].map((match) => match[1])).toEqual(["system", "system"]);
  });
});
