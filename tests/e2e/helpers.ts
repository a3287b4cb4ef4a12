import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { afterEach } from "vitest";

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
export const builtCli = path.join(repositoryRoot, "dist", "src", "cli.js");
const builtPlugin = path.join(repositoryRoot, "dist", "src", "index.js");
/** The plugin's copy of the llm-cost-runtime build (`eslint-plugin-llm-cost/runtime`). */
const builtRuntime = path.join(repositoryRoot, "dist", "cjs", "runtime", "index.cjs");
const buildLock = path.join(repositoryRoot, "dist", ".e2e-build.lock");
const STALE_LOCK_MS = 180_000;

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsFresh(): boolean {
  if (!existsSync(builtCli) || !existsSync(builtPlugin) || !existsSync(builtRuntime)) return false;
  const builtAt = Math.min(statSync(builtCli).mtimeMs, statSync(builtPlugin).mtimeMs);
  const pluginFresh =
    builtAt >= Math.max(newestSourceTime(path.join(repositoryRoot, "src")), newestSourceTime(path.join(repositoryRoot, "rules")));
  return pluginFresh && statSync(builtRuntime).mtimeMs >= newestSourceTime(path.join(repositoryRoot, "runtime", "src"));
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/**
 * Builds dist/ once for all end-to-end test files, which vitest runs in parallel: a directory lock
 * keeps two workers from running tsc over the same output at once.
 */
export function ensureBuilt(): void {
  for (;;) {
    if (buildIsFresh()) return;
    mkdirSync(path.dirname(buildLock), { recursive: true });
    try {
      mkdirSync(buildLock);
    } catch {
      if (Date.now() - statSync(buildLock, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) rmSync(buildLock, { recursive: true, force: true });
      sleep(250);
      continue;
    }
    try {
      // The runtime package first (the plugin ships a copy of its build), then the plugin. tsc emits even when
      // another engineer's file has a type error; the tests judge the output.
      const node = (...args: string[]): void => {
        spawnSync(process.execPath, args, { cwd: repositoryRoot, stdio: "ignore" });
      };
      node(path.join(repositoryRoot, "runtime", "scripts", "build.mjs"));
      node(path.join(repositoryRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json");
      node(path.join(repositoryRoot, "scripts", "copy-runtime.mjs"));
    } finally {
      rmSync(buildLock, { recursive: true, force: true });
    }
    if (!existsSync(builtCli) || !existsSync(builtPlugin)) throw new Error("the build produced no dist/src/cli.js or dist/src/index.js");
    return;
  }
}

interface PluginShape {
  readonly rules: Record<string, { meta?: { fixable?: string; hasSuggestions?: boolean; docs?: { url?: string } } }>;
  readonly configs: { readonly recommended: { readonly rules: Record<string, unknown> } };
}

export async function loadBuiltPlugin(): Promise<PluginShape> {
  const module = (await import(pathToFileURL(builtPlugin).href)) as { default: PluginShape };
  return module.default;
}

export function isRecommended(plugin: PluginShape, rule: string): boolean {
  return `llm-cost/${rule}` in plugin.configs.recommended.rules;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [builtCli, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Makes `import llmCost from "eslint-plugin-llm-cost"` resolve in a temporary project, to this
 * repository's build, as an installed package would.
 */
export function linkPlugin(directory: string): void {
  mkdirSync(path.join(directory, "node_modules"), { recursive: true });
  symlinkSync(repositoryRoot, path.join(directory, "node_modules", "eslint-plugin-llm-cost"), "dir");
}

/** Runs git in `directory` with no user or system config, so a developer's settings cannot change the outcome. */
export function git(directory: string, ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync("git", args, {
    cwd: directory,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Relative paths of the files in an ESLint JSON report, sorted. */
export function reportedFiles(stdout: string, directory: string): string[] {
  return (JSON.parse(stdout) as Array<{ filePath: string }>).map((result) => path.relative(directory, result.filePath)).sort();
}

/** A temporary directory holding `files` (relative path → content); removed by the returned cleanup. */
export function temporaryProject(files: Record<string, string>): { readonly directory: string; readonly cleanup: () => void } {
  const directory = mkdtempSync(path.join(os.tmpdir(), "llm-cost-e2e-"));
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(directory, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { directory, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * A `project(files)` function for one test file: each call makes a temporary project, and every one is
 * removed after the test that made it.
 */
export function temporaryProjectsPerTest(): (files: Record<string, string>) => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return (files) => {
    const created = temporaryProject(files);
    cleanups.push(created.cleanup);
    return created.directory;
  };
}

/** An OpenAI chat call without an output cap: `require-max-tokens` flags the `create` call. */
export const UNCAPPED_CALL = `import OpenAI from "openai";

const client = new OpenAI();

export async function ask(question) {
  const completion = await client.chat.completions.create({
    model: "gpt-5-mini",
    messages: [{ role: "user", content: question }],
  });
  return completion.choices[0]?.message.content ?? "";
}
`;

export const CAPPED_CALL = UNCAPPED_CALL.replace(`    model: "gpt-5-mini",\n`, `    model: "gpt-5-mini",\n    max_completion_tokens: 512,\n`);

/** An unbounded fan-out that `no-unbounded-concurrency` fixes automatically. */
export const UNBOUNDED_FAN_OUT = `import OpenAI from "openai";

const client = new OpenAI();

async function summarize(text) {
  const completion = await client.chat.completions.create({
    model: "gpt-5-mini",
    max_completion_tokens: 256,
    messages: [{ role: "user", content: text }],
  });
  return completion.choices[0]?.message.content ?? "";
}

export async function summarizeAll(texts) {
  return Promise.all(texts.map(summarize));
}
`;

/** The 1-based line and column span of the first `needle` in `source`, as ESLint reports positions. */
export function locate(source: string, needle: string): { line: number; column: number; endLine: number; endColumn: number } {
  const offset = source.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in source`);
  const before = source.slice(0, offset).split("\n");
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return { line, column, endLine: line, endColumn: column + needle.length };
}
