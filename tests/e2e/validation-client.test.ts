import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as typescriptParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import rule from "../../rules/no-eager-early-exit.js";
import { typeErrors } from "../analysis/type-check.js";
import { startValidationServer, verdictFor, type RequestCounts } from "./fixtures/validation-client/server.js";
import { ensureBuilt, repositoryRoot, temporaryProject } from "./helpers.js";

// The scenario: 100 candidates, each judged true or false (probability 1/2) after 10–20 ms; the client
// keeps the first 10 accepted. Seed 1 makes the 10th acceptance come at the 19th candidate, so the
// bound below (10 / 0.5 + concurrency) is the expected cost, not a lucky one.
const SEED = 1;
const CANDIDATES = 100;
const WANTED = 10;
const ACCEPT_RATE = 0.5;
const CONCURRENCY = 4;

const fixtureDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "validation-client");
const clientSource = readFileSync(path.join(fixtureDirectory, "client.ts"), "utf8");

/** How many candidates a sequential client must ask before it has `WANTED` accepted ones. */
function candidatesNeeded(): number {
  let accepted = 0;
  for (let index = 0; index < CANDIDATES; index += 1) {
    if (verdictFor(index, SEED).valid) accepted += 1;
    if (accepted === WANTED) return index + 1;
  }
  return CANDIDATES;
}

interface Run {
  readonly accepted: readonly string[];
  /** Server counts when the client printed its result (it has stopped consuming). */
  readonly atStop: RequestCounts;
  /** Server counts once the client process exited and every request it started was settled. */
  readonly atEnd: RequestCounts;
}

const lintConfig: Linter.Config[] = [
  {
    files: ["**/*.ts"],
    languageOptions: { parser: typescriptParser },
    plugins: { "llm-cost": { rules: { "no-eager-early-exit": rule as never } } },
    rules: { "llm-cost/no-eager-early-exit": ["error", { concurrency: CONCURRENCY }] },
  },
];

async function lint(code: string): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: repositoryRoot, overrideConfigFile: true, overrideConfig: lintConfig });
  const [result] = await eslint.lintText(code, { filePath: path.join(fixtureDirectory, "client.ts") });
  return result?.messages ?? [];
}

let project: ReturnType<typeof temporaryProject>;
let fixedSource: string;

/** Compiles the client to plain ESM in the temporary project, where its imports resolve to the real packages. */
function writeScript(name: string, source: string): string {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = path.join(project.directory, name);
  writeFileSync(file, outputText);
  return file;
}

async function runClient(script: string): Promise<Run> {
  const server = await startValidationServer(SEED);
  try {
    const child = spawn(process.execPath, [script], {
      cwd: project.directory,
      env: { ...process.env, LLM_BASE_URL: server.baseURL },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let atStop: RequestCounts | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      atStop ??= stdout.includes("\n") ? server.counts() : undefined;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0 || atStop === undefined) throw new Error(`client failed (${code}): ${stderr}`);
    await server.idle();
    const { accepted } = JSON.parse(stdout) as { accepted: string[] };
    return { accepted, atStop, atEnd: server.counts() };
  } finally {
    await server.close();
  }
}

beforeAll(async () => {
  ensureBuilt();
  project = temporaryProject({ "package.json": JSON.stringify({ type: "module" }) });
  // The fixed client imports `llm-cost-runtime`: resolve it through the package's own exports (runtime/dist).
  mkdirSync(path.join(project.directory, "node_modules"));
  symlinkSync(path.join(repositoryRoot, "runtime"), path.join(project.directory, "node_modules", "llm-cost-runtime"), "dir");
  symlinkSync(path.join(repositoryRoot, "node_modules", "openai"), path.join(project.directory, "node_modules", "openai"), "dir");

  const messages = await lint(clientSource);
  const suggestion = messages.find((message) => message.ruleId === "llm-cost/no-eager-early-exit")?.suggestions?.[0];
  if (!suggestion) throw new Error(`no suggestion for the validation client: ${JSON.stringify(messages)}`);
  fixedSource =
    clientSource.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + clientSource.slice(suggestion.fix.range[1]);
}, 180_000);

afterAll(() => project?.cleanup());

describe("the validation client, before and after no-eager-early-exit's suggestion", () => {
  it("reports the eager map once, and the fixed client is clean and type-checks", async () => {
    const before = await lint(clientSource);
    expect(before.map((message) => message.messageId)).toEqual(["eagerEarlyExit"]);
    expect(fixedSource).toContain(`from "llm-cost-runtime"`);
    expect(fixedSource).toContain(`mapLazy(candidates, (candidate, _index, { signal }) =>`);
    expect(fixedSource).toContain(`}, { signal }), { concurrency: ${CONCURRENCY} }))`);
    expect(await lint(fixedSource)).toEqual([]);
    expect(typeErrors(new Map([["validation-client.ts", fixedSource]]))).toEqual([]);
  }, 120_000);

  it("starts 100 requests before, at most 10/0.5 + concurrency after, and leaves none running", async () => {
    const needed = candidatesNeeded();
    expect(needed).toBeLessThanOrEqual(WANTED / ACCEPT_RATE);

    const before = await runClient(writeScript("before.mjs", clientSource));
    const after = await runClient(writeScript("after.mjs", fixedSource));

    // Same answer: the first 10 accepted candidates, in candidate order.
    expect(after.accepted).toEqual(before.accepted);
    expect(after.accepted).toHaveLength(WANTED);

    // Before: every request is started and billed, though only `needed` answers were ever read.
    expect(before.atEnd).toMatchObject({ started: CANDIDATES, finished: CANDIDATES, aborted: 0, running: 0 });

    // After: requests start only as the loop reaches them (never more than `concurrency` ahead) …
    expect(after.atEnd.started).toBeLessThanOrEqual(needed + CONCURRENCY);
    expect(after.atEnd.started).toBeLessThanOrEqual(WANTED / ACCEPT_RATE + CONCURRENCY);
    expect(after.atStop.running).toBeLessThanOrEqual(CONCURRENCY);
    // … and the ones still in flight when the loop stops are aborted, not run to completion.
    expect(after.atEnd.running).toBe(0);
    expect(after.atEnd.finished + after.atEnd.aborted).toBe(after.atEnd.started);
    expect(after.atEnd.finished).toBeLessThanOrEqual(needed + CONCURRENCY);

    console.info(
      `validation client: before ${before.atEnd.started} started / ${before.atEnd.finished} billed; ` +
        `after ${after.atEnd.started} started / ${after.atEnd.finished} billed / ${after.atEnd.aborted} aborted ` +
        `(10th acceptance at candidate ${needed})`,
    );
  }, 120_000);
});
