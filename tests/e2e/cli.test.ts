import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  CAPPED_CALL,
  UNBOUNDED_FAN_OUT,
  UNCAPPED_CALL,
  builtCli,
  ensureBuilt,
  isRecommended,
  loadBuiltPlugin,
  locate,
  repositoryRoot,
  runCli,
  temporaryProjectsPerTest,
} from "./helpers.js";

ensureBuilt();
const plugin = await loadBuiltPlugin();
const packageVersion = (JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as { version: string }).version;

const project = temporaryProjectsPerTest();

interface JsonResult {
  filePath: string;
  messages: Array<{
    ruleId: string | null;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
    severity: number;
    suggestions?: Array<{ desc: string }>;
  }>;
}

function jsonResults(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

describe("llm-cost CLI: usage", () => {
  it("prints help and the package version, exit 0", () => {
    const directory = project({});
    const help = runCli(["--help"], directory);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: llm-cost [options] [paths...]");
    expect(help.stdout).toContain("--max-warnings");

    const version = runCli(["--version"], directory);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion);
  });

  it.each([
    [["--bogus"], /^llm-cost: unknown option --bogus \(see llm-cost --help\)$/u],
    [["--fromat", "json"], /^llm-cost: unknown option --fromat; did you mean --format\? \(see llm-cost --help\)$/u],
    [["-x"], /^llm-cost: unknown option -x \(see llm-cost --help\)$/u],
    [["--format"], /^llm-cost: --format needs a value \(see llm-cost --help\)$/u],
    [["--fix=yes"], /^llm-cost: --fix takes no value \(see llm-cost --help\)$/u],
    [["--format", "xml"], /unknown --format "xml"/u],
    [["--max-warnings", "lots"], /--max-warnings expects a non-negative integer/u],
    [["missing.ts"], /no such file or directory: missing\.ts/u],
    [["--concurrency", "many"], /--concurrency expects a positive integer, "auto" or "off", got "many"/u],
    [["--config", "eslint.config.js", "--audit"], /--config and --audit exclude each other/u],
  ])("exits 2 with a one-line reason for %j", (args, reason) => {
    const directory = project({ "index.js": CAPPED_CALL });
    const run = runCli(args, directory);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(reason);
  });
});

describe("llm-cost CLI: auditing a project with no ESLint config", () => {
  it("exits 0 with a summary when nothing is found", () => {
    const directory = project({ "src/ask.js": CAPPED_CALL, "src/util.ts": "export const answer: number = 42;\n" });
    const run = runCli([], directory);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/llm-cost: no findings in 2 files scanned \(\d+ rules? active\)/u);
  });

  it("exits 1, reports rule and location, and summarises findings per rule", () => {
    const directory = project({ "src/ask.js": UNCAPPED_CALL, "src/ok.js": CAPPED_CALL });
    const run = runCli([], directory);
    expect(run.status).toBe(1);
    const location = locate(UNCAPPED_CALL, "create");
    expect(run.stdout).toMatch(/^src\/ask\.js$/mu);
    expect(run.stdout).toMatch(new RegExp(`${location.line}:\\d+\\s+error\\s+.*llm-cost/require-max-tokens`, "u"));
    expect(run.stdout).toContain("llm-cost: 1 finding in 2 files scanned");
    expect(run.stdout).toMatch(/^ {2}llm-cost\/require-max-tokens\s+1$/mu);
    expect(run.stdout).toContain("1 with suggested fixes that need a human look (--fix leaves them): see them with --suggestions");
    expect(run.stdout).toContain("  mode: zero-config audit with the recommended rules (no eslint.config.* found)");
  });

  it("lints TypeScript files too and reads JSON output", () => {
    const directory = project({ "src/ask.ts": UNCAPPED_CALL.replace("ask(question)", "ask(question: string)") });
    const run = runCli(["--format", "json"], directory);
    expect(run.status).toBe(1);
    const [result] = jsonResults(run.stdout);
    expect(result?.filePath).toBe(path.join(directory, "src", "ask.ts"));
    expect(result?.messages.map((message) => message.ruleId)).toEqual(["llm-cost/require-max-tokens"]);
  });

  it("respects .gitignore and never scans dependencies or build output", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "app" }),
      ".gitignore": "# generated code\ngenerated/\n/scratch.js\n*.tmp.js\n",
      "src/ok.js": CAPPED_CALL,
      "generated/client.js": UNCAPPED_CALL,
      "scratch.js": UNCAPPED_CALL,
      "src/notes.tmp.js": UNCAPPED_CALL,
      "node_modules/some-sdk/index.js": UNCAPPED_CALL,
      "dist/bundle.js": UNCAPPED_CALL,
      "build/out.js": UNCAPPED_CALL,
      "coverage/lcov.js": UNCAPPED_CALL,
      ".next/server.js": UNCAPPED_CALL,
      "out/page.js": UNCAPPED_CALL,
    });
    const run = runCli(["--format", "json"], directory);
    expect(run.status).toBe(0);
    expect(jsonResults(run.stdout).map((result) => path.relative(directory, result.filePath))).toEqual([path.join("src", "ok.js")]);
  });

  it("applies the .gitignore of the git root when run from a subdirectory", () => {
    const directory = project({ ".gitignore": "packages/app/generated/\n", "packages/app/generated/client.js": UNCAPPED_CALL, "packages/app/index.js": CAPPED_CALL });
    mkdirSync(path.join(directory, ".git"));
    const run = runCli(["--format", "json"], path.join(directory, "packages", "app"));
    expect(run.status).toBe(0);
    expect(jsonResults(run.stdout).map((result) => path.basename(result.filePath))).toEqual(["index.js"]);
  });

  it("takes explicit paths as a pre-commit hook passes them, ignoring files that are not JS/TS", () => {
    const directory = project({ "README.md": "# readme\n", "styles.css": "a{}\n", "src/ask.js": UNCAPPED_CALL, "src/other.js": UNCAPPED_CALL });
    const onlyDocs = runCli(["README.md", "styles.css"], directory);
    expect(onlyDocs.status).toBe(0);
    expect(onlyDocs.stdout).toContain("no JavaScript or TypeScript files");

    const oneFile = runCli(["--format", "json", "README.md", "src/ask.js"], directory);
    expect(oneFile.status).toBe(1);
    expect(jsonResults(oneFile.stdout).map((result) => path.basename(result.filePath))).toEqual(["ask.js"]);
  });

  it("reports only its own rules, whatever the file's inline ESLint comments say", () => {
    const source = `/* eslint no-console: "error", eqeqeq: "error" */\n// eslint-disable-next-line react-hooks/exhaustive-deps\nconsole.log(1 == 2);\n${CAPPED_CALL}`;
    const directory = project({ "index.js": source });
    const run = runCli(["--format", "json"], directory);
    expect(run.stderr).toBe("llm-cost: mode: zero-config audit with the recommended rules (no eslint.config.* found)\n");
    expect(run.status).toBe(0);
    expect(jsonResults(run.stdout)[0]?.messages).toEqual([]);
  });

  it("honours eslint-disable comments for its own rules", () => {
    const source = UNCAPPED_CALL.replace(
      "  const completion =",
      "  // eslint-disable-next-line llm-cost/require-max-tokens -- capped by the gateway\n  const completion =",
    );
    const directory = project({ "index.js": source });
    const run = runCli([], directory);
    expect(run.status).toBe(0);
  });

  it("audits a directory outside the current one as its own project root", () => {
    const elsewhere = project({ ".gitignore": "generated/\n", "generated/client.js": UNCAPPED_CALL, "src/ask.js": UNCAPPED_CALL });
    const here = project({});
    const run = runCli(["--format", "json", "--output-file", "report.json", elsewhere], here);
    expect(run.status).toBe(1);
    const results = jsonResults(readFileSync(path.join(here, "report.json"), "utf8"));
    expect(results.map((result) => path.relative(elsewhere, result.filePath))).toEqual([path.join("src", "ask.js")]);
  });

  it("writes the report to --output-file", () => {
    const directory = project({ "index.js": UNCAPPED_CALL });
    const run = runCli(["--format", "json", "--output-file", "report.json"], directory);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(jsonResults(readFileSync(path.join(directory, "report.json"), "utf8"))[0]?.messages).toHaveLength(1);
  });

  it("--max-warnings never lets errors through", () => {
    const directory = project({ "index.js": UNCAPPED_CALL });
    expect(runCli(["--max-warnings", "100"], directory).status).toBe(isRecommended(plugin, "require-max-tokens") ? 1 : 0);
  });

  it("--typed lints with type information from the nearest tsconfig.json", () => {
    const directory = project({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", target: "ES2022", skipLibCheck: true, noEmit: true }, include: ["src"] }),
      "src/ask.ts": UNCAPPED_CALL.replace("ask(question)", "ask(question: string)"),
      "src/ok.ts": CAPPED_CALL.replace("ask(question)", "ask(question: string)"),
    });
    const run = runCli(["--typed", "--format", "json"], path.join(directory, "src"));
    expect(run.stderr).toBe("llm-cost: mode: zero-config audit with the recommended rules (no eslint.config.* found)\n");
    const results = jsonResults(run.stdout);
    expect(results.flatMap((result) => result.messages).filter((message) => message.ruleId === null)).toEqual([]);
    expect(results.flatMap((result) => result.messages.map((message) => `${path.basename(result.filePath)} ${message.ruleId}`))).toEqual([
      "ask.ts llm-cost/require-max-tokens",
    ]);
    expect(run.status).toBe(1);
  });

  it.runIf(isRecommended(plugin, "no-unbounded-concurrency"))("--fix rewrites fixable findings and a second --fix changes nothing", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "app", type: "module", dependencies: { "llm-cost-runtime": "^0.1.0" } }),
      "fan-out.js": UNBOUNDED_FAN_OUT,
    });
    const first = runCli(["--fix"], directory);
    expect(first.stdout).toContain("fixed 1 file");
    const fixed = readFileSync(path.join(directory, "fan-out.js"), "utf8");
    expect(fixed).toContain(`import { mapLimit } from "llm-cost-runtime";`);
    expect(fixed).toContain("mapLimit(");
    expect(fixed).not.toContain("Promise.all(");
    expect(first.status).toBe(0);

    const second = runCli(["--fix"], directory);
    expect(second.status).toBe(0);
    expect(readFileSync(path.join(directory, "fan-out.js"), "utf8")).toBe(fixed);
  });

  it.runIf(isRecommended(plugin, "no-unbounded-concurrency"))("--fix writes no runtime import the project cannot resolve", () => {
    // No llm-cost-runtime in the project: the mapLimit rewrite is only a suggestion, so --fix leaves the file alone.
    const directory = project({ "package.json": JSON.stringify({ name: "app", type: "module" }), "fan-out.js": UNBOUNDED_FAN_OUT });
    const run = runCli(["--fix", "--format", "json"], directory);
    expect(readFileSync(path.join(directory, "fan-out.js"), "utf8")).toBe(UNBOUNDED_FAN_OUT);
    const [finding] = jsonResults(run.stdout).flatMap((result) => result.messages).filter((message) => message.ruleId === "llm-cost/no-unbounded-concurrency");
    expect(finding?.suggestions?.map((suggestion) => suggestion.desc)).toEqual([
      "Run at most 4 at a time with `mapLimit` from `llm-cost-runtime`. First add `llm-cost-runtime` to `dependencies` (`npm i llm-cost-runtime`): it is not installed for this file.",
    ]);
    expect(run.status).toBe(1);
  });
});

describe("llm-cost CLI: files that cannot be parsed are not findings", () => {
  const BROKEN = "export const = 42;\n";

  it("lists a parse failure apart, keeps '1 finding' meaning cost findings, and exits 2", () => {
    const directory = project({ "src/broken.ts": BROKEN, "src/ask.js": UNCAPPED_CALL });
    const run = runCli([], directory);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("llm-cost: 1 finding in 1 file scanned");
    expect(run.stdout).toMatch(/^ {2}llm-cost\/require-max-tokens\s+1$/mu);
    expect(run.stdout).toContain("llm-cost: 1 file could not be parsed, so it was not audited:\n  src/broken.ts:1:13  Parsing error: ");
    // The parse failure is not in the findings listing.
    expect(run.stdout).not.toMatch(/^src\/broken\.ts$/mu);
  });

  it("a parse failure alone: no findings, still exit 2; JSON keeps ESLint's fatal message", () => {
    const directory = project({ "src/broken.ts": BROKEN });
    const run = runCli([], directory);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("llm-cost: no findings in 0 files scanned");
    expect(run.stdout).toContain("llm-cost: 1 file could not be parsed");

    const json = runCli(["--format", "json"], directory);
    expect(json.status).toBe(2);
    expect(jsonResults(json.stdout)[0]?.messages).toMatchObject([{ ruleId: null, severity: 2, line: 1, column: 13 }]);
  });

  it("--help documents the exit statuses", () => {
    const help = runCli(["--help"], project({})).stdout;
    expect(help).toContain("1  findings: any error, or more warnings than --max-warnings");
    expect(help).toMatch(/2 {2}could not lint: bad usage or configuration, nothing to lint among the named paths, or a\s+file that could not be parsed/u);
  });
});

/** A project that depends on the runtime helper, so a fix that imports it is automatic. */
const WITH_RUNTIME = JSON.stringify({ name: "app", type: "module", dependencies: { "llm-cost-runtime": "^0.1.0" } });

describe("llm-cost CLI: what to do next", () => {
  it("says once which findings --fix applies and how to see and apply the suggestions", () => {
    const directory = project({ "package.json": WITH_RUNTIME, "fan-out.js": UNBOUNDED_FAN_OUT, "ask.js": UNCAPPED_CALL });
    const run = runCli([], directory);
    expect(run.stdout.match(/fixable/gu)).toHaveLength(isRecommended(plugin, "no-unbounded-concurrency") ? 1 : 0);
    expect(run.stdout).not.toContain("potentially fixable");
    expect(run.stdout).toContain("see them with --suggestions; apply one with your editor's quick fix");
  });

  it("--suggestions shows each suggested fix as a diff under its finding", () => {
    const directory = project({ "ask.js": UNCAPPED_CALL });
    const run = runCli(["--suggestions"], directory);
    expect(run.stdout).toContain(
      [
        "        suggestion: Add `max_completion_tokens: 1024`. Size it to the longest answer this call needs: a longer answer is cut off (structured output then fails to parse), and output that grows with the input (a whole document, a rewrite, code) needs more.",
        '                messages: [{ role: "user", content: question }],',
        "          +     max_completion_tokens: 1024,",
      ].join("\n"),
    );
    expect(run.stdout).toContain("apply one with your editor's quick fix (see docs/editors.md)");
    expect(run.status).toBe(1);
  });
});

const scriptCommand = "/usr/bin/script";

describe("llm-cost CLI: progress on a terminal", () => {
  it.runIf(existsSync(scriptCommand))("shows files done/total and seconds on a TTY, erased before the report, never in the report", () => {
    const directory = project({ "a.js": UNCAPPED_CALL, "b.js": CAPPED_CALL });
    // `script` runs the CLI on a pseudo-terminal, as a developer's shell does.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(builtCli)} --format json --output-file report.json`;
    const result = spawnSync(scriptCommand, ["-qec", command, "/dev/null"], { cwd: directory, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
    expect(result.stdout).toMatch(/llm-cost: [0-2]\/2 files, \d+ s/u);
    expect(result.stdout).toContain("\r\u001B[2K");
    expect(jsonResults(readFileSync(path.join(directory, "report.json"), "utf8")).map((entry) => path.basename(entry.filePath))).toEqual(["a.js", "b.js"]);
  });

  it("shows no progress when stderr is not a terminal", () => {
    const directory = project({ "a.js": UNCAPPED_CALL });
    const run = runCli(["--format", "json"], directory);
    expect(run.stderr).not.toMatch(/files, \d+ s/u);
    expect(run.stderr).not.toContain("\r");
  });
});

describe("llm-cost CLI: --concurrency", () => {
  it("lints on worker threads with the same findings", () => {
    const directory = project({ "a.js": UNCAPPED_CALL, "b.js": UNCAPPED_CALL, "c.js": CAPPED_CALL, "d.ts": UNCAPPED_CALL });
    const single = runCli(["--format", "json"], directory);
    const threaded = runCli(["--format", "json", "--concurrency", "2"], directory);
    expect(threaded.status).toBe(1);
    const summary = (stdout: string): string[] => jsonResults(stdout).flatMap((result) => result.messages.map((message) => `${path.basename(result.filePath)} ${message.ruleId}`));
    expect(summary(threaded.stdout)).toEqual(summary(single.stdout));
    expect(summary(threaded.stdout)).toHaveLength(3);
  });
});

describe("llm-cost CLI: a project on TypeScript 7", () => {
  // What `npm i -D typescript` installs today: a TypeScript with no compiler API for typescript-eslint to use.
  const TYPESCRIPT_7 = {
    "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "7.0.2", main: "index.js" }),
    "node_modules/typescript/index.js": 'throw new Error("TypeScript 7 has no compiler API");\n',
  };

  it("exits 2 with one line that says what to do, never a stack trace", () => {
    const directory = project({ ...TYPESCRIPT_7, "src/ask.ts": UNCAPPED_CALL, "src/other.js": CAPPED_CALL });
    const run = runCli([], directory);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^llm-cost: TypeScript 7\.0\.2 has no compiler API, .*"typescript": "npm:@typescript\/typescript6@\^6\.0\.2".*docs\/typescript-7\.md$/mu);
  });

  it("lints JavaScript as usual: JavaScript needs no TypeScript", () => {
    const directory = project({ ...TYPESCRIPT_7, "src/ask.js": UNCAPPED_CALL });
    const run = runCli(["--format", "json"], directory);
    expect(jsonResults(run.stdout).flatMap((result) => result.messages.map((message) => message.ruleId))).toEqual(["llm-cost/require-max-tokens"]);
    expect(run.status).toBe(1);
  });
});
