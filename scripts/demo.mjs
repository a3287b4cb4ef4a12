#!/usr/bin/env node
// `npm run demo`: lint the example programs with the recommended config, rewrite a copy of them with
// every fix and suggestion, run both versions against a local fake OpenAI/Anthropic server, and
// print what each version would have cost. Nothing is left running and the copy is deleted.
//
//   node scripts/demo.mjs [--json <file>] [--keep]
//     --json <file>  also write the numbers as JSON (the end-to-end test reads them)
//     --keep         keep the temporary copy, to read the rewritten programs
import { spawn, spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { ESLint } from "eslint";

import { bars, bold, dim, formatDollars, lineDiff, table } from "./demo/report.mjs";
import { applyFixesAndSuggestions } from "./demo/rewrite.mjs";
import { startFakeProviderServer } from "./demo/server.mjs";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const examplesDirectory = path.join(repositoryRoot, "examples");
const builtPlugin = path.join(repositoryRoot, "dist", "src", "index.js");
const RUN_TIMEOUT_MS = 90_000;
const builtCli = path.join(repositoryRoot, "dist", "src", "cli.js");
const IDLE_TIMEOUT_MS = 10_000;
// Packages the examples import, resolved from this repository's node_modules in the copies.
const LINKED_PACKAGES = ["openai", "@anthropic-ai/sdk"];

const { values: flags } = parseArgs({ options: { json: { type: "string" }, keep: { type: "boolean" } } });

const print = (line = "") => process.stdout.write(`${line}\n`);
const children = new Set();

async function loadPlugin() {
  if (!existsSync(builtPlugin)) {
    throw new Error(`${path.relative(process.cwd(), builtPlugin)} is missing: run \`npm run demo\`, which builds first`);
  }
  const { default: plugin } = await import(pathToFileURL(builtPlugin).href);
  return plugin;
}

function lintConfig(plugin) {
  return [{ ignores: ["data/**", "node_modules/**"] }, plugin.configs.recommended];
}

async function exampleFiles() {
  const entries = await readdir(examplesDirectory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(?:js|mjs)$/u.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** A copy of examples/ whose imports resolve: the SDKs and llm-cost-runtime are symlinked. */
async function copyExamples(destination) {
  const source = await realpath(examplesDirectory);
  await cp(source, destination, { recursive: true, filter: (entry) => !path.relative(source, entry).split(path.sep).includes("node_modules") });
  const modules = path.join(destination, "node_modules");
  for (const name of LINKED_PACKAGES) {
    const link = path.join(modules, name);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.join(repositoryRoot, "node_modules", name), link, "dir");
  }
  // The runtime the fixed programs import, as its workspace package (built by `npm run build`).
  await symlink(path.join(repositoryRoot, "runtime"), path.join(modules, "llm-cost-runtime"), "dir");
}

function runProgram(file, cwd, server) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        OPENAI_BASE_URL: `${server.url}/v1`,
        ANTHROPIC_BASE_URL: server.url,
        OPENAI_API_KEY: "demo-key",
        ANTHROPIC_API_KEY: "demo-key",
      },
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

async function measure(file, cwd, server) {
  server.reset();
  const outcome = await runProgram(file, cwd, server);
  // The program may exit while the server is still billing requests it dropped; wait for the books.
  await Promise.race([server.idle(), new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS).unref())]);
  return { ...outcome, totals: server.totals() };
}

function sumTotals(list) {
  const sum = {};
  for (const totals of list) {
    for (const [key, value] of Object.entries(totals)) sum[key] = key === "peakConcurrency" ? Math.max(sum[key] ?? 0, value) : (sum[key] ?? 0) + value;
  }
  return sum;
}

function plural(count, singular, pluralForm = `${singular}s`) {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function percentLess(before, after) {
  return before > 0 ? Math.round((1 - after / before) * 100) : 0;
}

async function main() {
  const startedAt = performance.now();
  const plugin = await loadPlugin();
  const ruleNames = Object.keys(plugin.configs.recommended.rules ?? {});
  print(bold(`eslint-plugin-llm-cost ${plugin.meta?.version ?? ""} demo`));
  print(dim(`recommended config: ${plural(ruleNames.length, "rule")} (${ruleNames.map((name) => name.replace(/^llm-cost\//u, "")).join(", ")})`));
  print();

  // 1. What the rules find in the examples as written.
  const eslint = new ESLint({ cwd: examplesDirectory, overrideConfigFile: true, overrideConfig: lintConfig(plugin) });
  const results = await eslint.lintFiles(["."]);
  const findings = [];
  print(bold("1. Findings in examples/"));
  for (const result of results) {
    for (const message of result.messages) {
      const where = `examples/${path.relative(examplesDirectory, result.filePath)}:${message.line}:${message.column}`;
      const remedy = message.fix ? "autofix" : message.suggestions?.length ? "suggestion" : "report only";
      findings.push({ file: path.relative(examplesDirectory, result.filePath), line: message.line, column: message.column, ruleId: message.ruleId, remedy, message: message.message });
      print(`   ${where}  ${bold(message.ruleId ?? "parse error")} ${dim(`(${remedy})`)}`);
      print(dim(`      ${message.message}`));
    }
  }
  if (findings.length === 0) print("   none — the rules present in this build find nothing to fix");
  print();

  const temporary = await mkdtemp(path.join(os.tmpdir(), "llm-cost-demo-"));
  const beforeDirectory = path.join(temporary, "before");
  const afterDirectory = path.join(temporary, "after");
  let server;
  try {
    // 2. Rewrite a copy with every fix and suggestion.
    await copyExamples(beforeDirectory);
    await copyExamples(afterDirectory);
    const applied = await applyFixesAndSuggestions(afterDirectory, lintConfig(plugin));
    const fixes = applied.filter((edit) => edit.kind === "fix").length;
    print(bold(`2. Rewrote a copy: ${plural(fixes, "autofix", "autofixes")} and ${plural(applied.length - fixes, "suggestion")} applied`));
    const files = await exampleFiles();
    for (const file of files) {
      const original = await readFile(path.join(beforeDirectory, file), "utf8");
      const rewritten = await readFile(path.join(afterDirectory, file), "utf8");
      if (original === rewritten) continue;
      print(`   ${bold(file)}`);
      for (const line of lineDiff(original, rewritten)) print(`   ${line.length > 150 ? `${line.slice(0, 147)}...` : line}`);
    }
    print();

    // 3. Run both versions against the fake providers.
    server = await startFakeProviderServer();
    print(bold(`3. Running both versions against the fake providers at ${server.url}`));
    const measurements = [];
    for (const file of files) {
      const before = await measure(file, beforeDirectory, server);
      const after = await measure(file, afterDirectory, server);
      for (const [version, run] of [["before", before], ["after", after]]) {
        const status = run.code === 0 ? dim(run.stdout.split("\n").at(-1) ?? "") : `FAILED (${run.signal ?? `exit ${run.code}`}): ${run.stderr.split("\n").slice(-3).join(" ")}`;
        print(`   ${file.padEnd(24)} ${version.padEnd(6)} ${status}`);
      }
      measurements.push({ file, before, after });
    }
    print();

    // 4. The bill.
    const beforeTotal = sumTotals(measurements.map((measurement) => measurement.before.totals));
    const afterTotal = sumTotals(measurements.map((measurement) => measurement.after.totals));
    print(bold("4. The bill (prices: scripts/demo/prices.mjs, assumptions: docs/demo.md)"));
    const rows = measurements.flatMap(({ file, before, after }) => [
      { label: file, version: "before", totals: before.totals },
      { label: "", version: "after", totals: after.totals },
    ]);
    rows.push({ label: "all programs", version: "before", totals: beforeTotal }, { label: "", version: "after", totals: afterTotal });
    for (const line of table(rows)) print(`   ${line}`);
    print();
    const barEntries = measurements.flatMap(({ file, before, after }) => [
      { label: `${file} before`, version: "before", value: before.totals.costUsd },
      {
        label: `${file} after`,
        version: "after",
        value: after.totals.costUsd,
        note: after.code === 0 ? dim(`  ${percentLess(before.totals.costUsd, after.totals.costUsd)}% less`) : "  (the rewritten program failed)",
      },
    ]);
    for (const line of bars(barEntries)) print(`   ${line}`);
    print();
    const failures = measurements.flatMap(({ file, before, after }) => [before, after].filter((run) => run.code !== 0).map(() => file));
    const saving = percentLess(beforeTotal.costUsd, afterTotal.costUsd);
    print(bold(`   Total: ${formatDollars(beforeTotal.costUsd)} → ${formatDollars(afterTotal.costUsd)} per run of the ${plural(files.length, "program")} (${saving}% less).`));
    if (failures.length > 0) print(`   ${plural(failures.length, "run")} failed (${[...new Set(failures)].join(", ")}): the totals are not comparable.`);
    else print(dim(`   At 1,000 runs a day that is ${formatDollars((beforeTotal.costUsd - afterTotal.costUsd) * 1000 * 30).replace(/\.\d+$/u, "")} saved a month.`));
    print();

    // 5. What `llm-cost report` estimated from the code alone, next to the bill measured above.
    print(bold("5. What `llm-cost report` estimates from the code alone (1 call per site; docs/cost.md)"));
    const estimates = {};
    for (const [version, directory] of [["before", beforeDirectory], ["after", afterDirectory]]) {
      const table = spawnSync(process.execPath, [builtCli, "report", "--audit", "--volume", "1"], { cwd: directory, encoding: "utf8" });
      print(`   ${bold(version)}`);
      for (const line of table.stdout.trimEnd().split("\n")) print(`   ${line}`);
      const json = spawnSync(process.execPath, [builtCli, "report", "--audit", "--format", "json", "--volume", "1"], { cwd: directory, encoding: "utf8" });
      estimates[version] = JSON.parse(json.stdout);
    }
    print();
    print("   Estimate per program (its sites' cost per call × the requests it made) against the measured bill:");
    for (const { file, before, after } of measurements) {
      for (const [version, run] of [["before", before], ["after", after]]) {
        const perCall = estimates[version].sites.filter((site) => site.file === file).reduce((sum, site) => sum + (site.costPerCallUsd ?? 0), 0);
        const estimate = perCall * run.totals.requests;
        const off = run.totals.costUsd > 0 ? Math.round(((estimate - run.totals.costUsd) / run.totals.costUsd) * 100) : 0;
        print(`   ${file.padEnd(24)} ${version.padEnd(6)} estimate ${formatDollars(estimate).padStart(10)}  measured ${formatDollars(run.totals.costUsd).padStart(10)}  ${off >= 0 ? "+" : ""}${off}%`);
      }
    }
    print(dim("   The estimate is an upper bound where no cap is set (the model's maximum output) and counts only the prompt text the code shows."));
    print(dim(`   Finished in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`));

    if (flags.json !== undefined) {
      await writeFile(
        flags.json,
        `${JSON.stringify({ rules: ruleNames, findings, applied, port: server.port, temporaryDirectory: temporary, programs: measurements, total: { before: beforeTotal, after: afterTotal } }, null, 2)}\n`,
      );
    }
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const child of children) child.kill("SIGKILL");
    await server?.close();
    if (flags.keep) print(dim(`   kept the copies in ${temporary}`));
    else await rm(temporary, { recursive: true, force: true });
  }
}

process.once("SIGINT", () => {
  for (const child of children) child.kill("SIGKILL");
  process.exitCode = 130;
});

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
