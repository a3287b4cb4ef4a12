// Helpers for the scripts that install the packed plugin into temporary consumer projects
// (scripts/fresh-consumers.mjs, scripts/footprint.mjs): child processes with timings, a small task pool,
// `npm pack` as publish packs, `npm install` that reuses the npm cache, and size/package counts.
import { spawn } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** npm settings for every consumer install: no audit/fund/update chatter, the cache first (CI filled it with `npm ci`). */
export const npmEnvironment = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_prefer_offline: "true",
  npm_config_loglevel: "error",
  // A consumer never inherits this repository's CI flags or colours.
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

/** Runs a command; resolves with its status, output and duration (never rejects). */
export function run(command, args, { cwd, env = npmEnvironment, timeoutMs = 600_000, input } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => (stderr += String(error)));
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(input ?? "");
  });
}

/** Runs `tasks` (functions returning promises) with at most `size` at a time; results in input order. */
export async function pool(tasks, size) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
  return results;
}

/** `npm pack` exactly as `npm publish` packs (the `prepack` build runs); returns the tarball's path. */
export async function packTarball(destination) {
  mkdirSync(destination, { recursive: true });
  const packed = await run("npm", ["pack", "--json", "--pack-destination", destination], { cwd: repositoryRoot });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr.slice(-2000)}`);
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
  return { tarball: path.join(destination, filename), ms: packed.ms };
}

/** Writes `files` (relative path → content) under `directory`. */
export function writeFiles(directory, files) {
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(directory, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/** `npm install` in a project whose package.json is written; returns the run (status, output, ms). */
export function npmInstall(directory, extraArgs = []) {
  return run("npm", ["install", ...extraArgs], { cwd: directory });
}

/** Bytes of every file under `directory` (symlinks not followed), as on disk before block rounding. */
export function directoryBytes(directory) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) total += directoryBytes(full);
    else if (entry.isFile()) total += lstatSync(full).size;
  }
  return total;
}

/** The installed packages a project's package-lock.json lists (links to workspaces excluded). */
export function installedPackages(directory) {
  const lock = JSON.parse(readFileSync(path.join(directory, "package-lock.json"), "utf8"));
  return Object.entries(lock.packages ?? {})
    .filter(([key, entry]) => key.includes("node_modules/") && entry.link !== true)
    .map(([key, entry]) => ({ key, name: key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length), version: entry.version }));
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
export const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
