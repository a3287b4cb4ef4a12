// The hooks of .pre-commit-hooks.yaml under the real pre-commit framework, when it is installed (it is a
// Python tool: CI machines with only Node skip this; the manifest's shape is checked in pre-commit.test.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { CAPPED_CALL, UNCAPPED_CALL, ensureBuilt, repositoryRoot, temporaryProjectsPerTest } from "./helpers.js";

const preCommitAvailable = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
const project = temporaryProjectsPerTest();

function inRepository(directory: string, command: string, ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd: directory,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", PRE_COMMIT_HOME: path.join(directory, ".pre-commit-home") },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!preCommitAvailable)("pre-commit (the framework) with the shipped hooks", () => {
  it("installs no environment, runs the project's llm-cost on the staged files, and blocks a finding", () => {
    ensureBuilt();
    // The shipped hooks, as `repo: local` entries of the project's config (a remote repo needs a pushed rev).
    const manifest = readFileSync(path.join(repositoryRoot, ".pre-commit-hooks.yaml"), "utf8");
    const hook = manifest.slice(manifest.indexOf("- id: llm-cost\n"), manifest.indexOf("- id: llm-cost-fix\n"));
    const hooks = hook
      .trimEnd()
      .split("\n")
      .map((line) => `      ${line}`)
      .join("\n");
    const directory = project({
      "package.json": JSON.stringify({ name: "app", private: true, type: "module" }),
      ".gitignore": "node_modules/\n.pre-commit-home/\n",
      ".pre-commit-config.yaml": `repos:\n  - repo: local\n    hooks:\n${hooks}\n`,
    });
    // The project "installed" the plugin: its package and bin, as npm links them.
    mkdirSync(path.join(directory, "node_modules", ".bin"), { recursive: true });
    symlinkSync(repositoryRoot, path.join(directory, "node_modules", "eslint-plugin-llm-cost"));
    writeFileSync(path.join(directory, "node_modules", ".bin", "llm-cost"), `#!/bin/sh\nexec node "${path.join(repositoryRoot, "dist", "src", "cli.js")}" "$@"\n`, { mode: 0o755 });
    expect(inRepository(directory, "git", "init", "-q", "-b", "main").status).toBe(0);
    inRepository(directory, "git", "config", "user.name", "Test");
    inRepository(directory, "git", "config", "user.email", "test@example.com");
    expect(inRepository(directory, "pre-commit", "install").status).toBe(0);

    writeFileSync(path.join(directory, "ask.js"), UNCAPPED_CALL);
    inRepository(directory, "git", "add", "-A");
    const rejected = inRepository(directory, "git", "commit", "-m", "ask");
    expect(rejected.output).toContain("llm-cost/require-max-tokens");
    expect(rejected.status).not.toBe(0);
    // `language: system`: no Node environment was created for the hook.
    expect(inRepository(directory, "sh", "-c", "ls -d .pre-commit-home/repo*/node_env-* 2>/dev/null | wc -l").output.trim()).toBe("0");

    writeFileSync(path.join(directory, "ask.js"), CAPPED_CALL);
    inRepository(directory, "git", "add", "ask.js");
    const accepted = inRepository(directory, "git", "commit", "-m", "ask");
    expect(accepted.output).toMatch(/llm-cost\.+Passed/u);
    expect(accepted.status).toBe(0);
  });
});
