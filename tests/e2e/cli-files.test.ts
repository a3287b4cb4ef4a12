import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { CAPPED_CALL, UNCAPPED_CALL, ensureBuilt, git, reportedFiles, runCli, temporaryProjectsPerTest } from "./helpers.js";

ensureBuilt();

const project = temporaryProjectsPerTest();

/** A PATH with node but no git: how the CLI runs on a machine without git. */
const pathWithoutGit = mkdtempSync(path.join(os.tmpdir(), "llm-cost-no-git-"));
symlinkSync(process.execPath, path.join(pathWithoutGit, "node"));
afterAll(() => rmSync(pathWithoutGit, { recursive: true, force: true }));
const WITHOUT_GIT = { PATH: pathWithoutGit };

describe("llm-cost CLI: which files are linted", () => {
  it("lints a file named explicitly wherever it is: src/build/pipeline.ts is source, not build output", () => {
    const directory = project({ "package.json": "{}", "src/build/pipeline.ts": UNCAPPED_CALL });
    const run = runCli(["src/build/pipeline.ts"], directory);
    expect(run.stdout).toContain("llm-cost: 1 finding in 1 file scanned");
    expect(run.status).toBe(1);
  });

  it("walking a directory skips dependencies and build output next to a package.json, and nothing else", () => {
    const directory = project({
      "package.json": "{}",
      "src/build/pipeline.js": UNCAPPED_CALL,
      "src/out/report.js": CAPPED_CALL,
      "dist/bundle.js": UNCAPPED_CALL,
      "coverage/lcov-report/sorter.js": UNCAPPED_CALL,
      ".next/server/page.js": UNCAPPED_CALL,
      "node_modules/openai/index.js": UNCAPPED_CALL,
      "packages/a/package.json": "{}",
      "packages/a/index.js": CAPPED_CALL,
      "packages/a/build/index.js": UNCAPPED_CALL,
      "packages/a/node_modules/dep/index.js": UNCAPPED_CALL,
    });
    const run = runCli(["--format", "json"], directory);
    expect(reportedFiles(run.stdout, directory)).toEqual(["packages/a/index.js", "src/build/pipeline.js", "src/out/report.js"]);
    expect(run.status).toBe(1);
  });

  it("build output and dependencies named explicitly are linted", () => {
    const directory = project({ "package.json": "{}", "dist/bundle.js": UNCAPPED_CALL, "node_modules/sdk/index.js": UNCAPPED_CALL });
    expect(reportedFiles(runCli(["--format", "json", "dist"], directory).stdout, directory)).toEqual(["dist/bundle.js"]);
    const named = runCli(["--format", "json", "dist/bundle.js", "node_modules/sdk/index.js"], directory);
    expect(reportedFiles(named.stdout, directory)).toEqual(["dist/bundle.js", "node_modules/sdk/index.js"]);
    expect(named.status).toBe(1);
  });

  it("a named file that .gitignore ignores is reported, and a run that lints nothing it was asked to fails", () => {
    const directory = project({ ".gitignore": "generated/\n", "generated/client.js": UNCAPPED_CALL, "src/ask.js": CAPPED_CALL });
    const alone = runCli(["generated/client.js"], directory);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("nothing linted: generated/client.js is ignored by .gitignore");

    const withOther = runCli(["generated/client.js", "src/ask.js"], directory);
    expect(withOther.status).toBe(0);
    expect(withOther.stdout).toContain("not linted: generated/client.js, ignored by .gitignore");

    const quiet = runCli(["--no-warn-ignored", "generated/client.js", "src/ask.js"], directory);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toContain("not linted");
  });

  it("a named directory with nothing to lint, or a project with nothing to lint, exits 2", () => {
    const directory = project({ "docs/guide.md": "# guide\n", "src/ask.js": CAPPED_CALL });
    const docs = runCli(["docs"], directory);
    expect(docs.status).toBe(2);
    expect(docs.stderr).toBe("llm-cost: nothing linted: no JavaScript or TypeScript file to lint in docs (see llm-cost --help)\n");

    const empty = project({ "README.md": "# nothing here\n" });
    const run = runCli([], empty);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no JavaScript or TypeScript file to lint in the current directory");
  });
});

/** .gitignore files at three levels, with negations, anchored patterns and an excluded directory. */
const NESTED_GITIGNORES = {
  ".gitignore": "*.gen.js\n/root-only.js\nlogs/\n",
  "root-only.js": UNCAPPED_CALL,
  "logs/debug.js": UNCAPPED_CALL,
  "src/app.js": CAPPED_CALL,
  "src/root-only.js": CAPPED_CALL,
  "src/a.gen.js": UNCAPPED_CALL,
  "src/keep.gen.js": CAPPED_CALL,
  "src/.gitignore": "!keep.gen.js\n/local.js\ntmp/\n",
  "src/local.js": UNCAPPED_CALL,
  "src/deep/local.js": CAPPED_CALL,
  "src/tmp/scratch.js": UNCAPPED_CALL,
  "packages/a/.gitignore": "generated/\n!generated/important.js\n",
  "packages/a/index.js": CAPPED_CALL,
  "packages/a/generated/client.js": UNCAPPED_CALL,
  "packages/a/generated/important.js": UNCAPPED_CALL,
};

/** What git itself keeps of NESTED_GITIGNORES (a file in an excluded directory cannot be re-included). */
const KEPT_BY_GIT = ["packages/a/index.js", "src/app.js", "src/deep/local.js", "src/keep.gen.js", "src/root-only.js"];

describe("llm-cost CLI: nested .gitignore files, as git reads them", () => {
  it("inside a git repository, asks git", () => {
    const directory = project(NESTED_GITIGNORES);
    expect(git(directory, "init", "-q").status).toBe(0);
    const listed = git(directory, "ls-files", "--others", "--exclude-standard");
    expect(listed.output.split("\n").filter((file) => file.endsWith(".js")).sort()).toEqual(KEPT_BY_GIT);

    const run = runCli(["--format", "json"], directory);
    expect(reportedFiles(run.stdout, directory)).toEqual(KEPT_BY_GIT);
    expect(run.status).toBe(0);
  });

  it("without git installed, reads the .gitignore files with git's rules", () => {
    const directory = project(NESTED_GITIGNORES);
    expect(git(directory, "init", "-q").status).toBe(0);
    const run = runCli(["--format", "json"], directory, WITHOUT_GIT);
    expect(run.stderr).toBe("llm-cost: mode: zero-config audit with the recommended rules (no eslint.config.* found)\n");
    expect(reportedFiles(run.stdout, directory)).toEqual(KEPT_BY_GIT);
    expect(run.status).toBe(0);
  });

  it("outside any repository, reads the .gitignore files too", () => {
    const directory = project(NESTED_GITIGNORES);
    expect(reportedFiles(runCli(["--format", "json"], directory).stdout, directory)).toEqual(KEPT_BY_GIT);
  });

  it("from a subdirectory, the .gitignore files above it apply, with and without git", () => {
    const directory = project(NESTED_GITIGNORES);
    expect(git(directory, "init", "-q").status).toBe(0);
    const source = path.join(directory, "src");
    const expected = ["app.js", "deep/local.js", "keep.gen.js", "root-only.js"];
    expect(reportedFiles(runCli(["--format", "json"], source).stdout, source)).toEqual(expected);
    expect(reportedFiles(runCli(["--format", "json"], source, WITHOUT_GIT).stdout, source)).toEqual(expected);
  });

  it("a named file is checked against every level, with and without git", () => {
    const directory = project(NESTED_GITIGNORES);
    expect(git(directory, "init", "-q").status).toBe(0);
    const named = ["src/local.js", "src/deep/local.js", "packages/a/generated/important.js", "src/keep.gen.js"];
    for (const env of [{}, WITHOUT_GIT]) {
      const run = runCli(["--format", "json", ...named], directory, env);
      expect(reportedFiles(run.stdout, directory)).toEqual(["src/deep/local.js", "src/keep.gen.js"]);
      expect(run.stderr).toContain("not linted: src/local.js, ignored by .gitignore");
      expect(run.stderr).toContain("not linted: packages/a/generated/important.js, ignored by .gitignore");
    }
  });

  it("a tracked file is never ignored, as in git", () => {
    const directory = project({ ".gitignore": "legacy/\n", "legacy/ask.js": UNCAPPED_CALL });
    expect(git(directory, "init", "-q").status).toBe(0);
    expect(git(directory, "add", "-f", "legacy/ask.js").status).toBe(0);
    const run = runCli(["--format", "json"], directory);
    expect(reportedFiles(run.stdout, directory)).toEqual(["legacy/ask.js"]);
    expect(run.status).toBe(1);
  });
});

describe("llm-cost CLI: runs nothing of the project's", () => {
  it("a repository's own fsmonitor hook is not started by the git the CLI asks", () => {
    const directory = project({ "src/ask.js": CAPPED_CALL });
    expect(git(directory, "init", "-q").status).toBe(0);
    const marker = path.join(directory, "fsmonitor-ran");
    expect(git(directory, "config", "core.fsmonitor", `touch ${JSON.stringify(marker)}; false`).status).toBe(0);
    // git itself would run it:
    git(directory, "ls-files", "--others", "--exclude-standard");
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const run = runCli(["--format", "json"], directory);
    expect(reportedFiles(run.stdout, directory)).toEqual(["src/ask.js"]);
    expect(existsSync(marker)).toBe(false);
  });
});
