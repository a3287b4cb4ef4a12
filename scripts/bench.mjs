// `npm run bench`: what the llm-cost rules add to a lint of real code, measured with ESLint's own per-file
// accounting (`stats: true`), plus multithreaded linting and peak memory. Prints markdown tables.
//
// The corpus is the JavaScript/TypeScript shipped inside the LLM SDKs installed as devDependencies (see
// tests/corpus/corpus.mjs). Every measured lint runs in a fresh child process (bench/lint/lint-run.mjs), as a
// CLI run would: the plugin's per-process module caches start empty and `maxRSS` belongs to that lint alone.
//
// Options: --runs N (default 3)  --untyped N  --typed N  --application N  --scale N  --memory N  --oxlint N  (file counts)
//          --only untyped,typed,application,scale,memory,oxlint  --quick (small counts, one run: a smoke test)
//
// The application row lints source files of the labelled real-world repositories (tests/realworld: the checkouts
// `npm run test:realworld` uses, when they are on disk), each with its whole repository around it: code users
// write, whose imports lead to their own LLM modules, rather than the SDKs' internals.
//          --profile (CPU profile of one untyped plugin lint; prints the plugin's heaviest functions)
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { writeBenchConfigs, writeOxlintConfig, writeTypedTsconfig } from "../bench/lint/configs.mjs";
import { distinctByContent, evenSample, listCorpusFiles, materializeCorpus, repoRoot, totalMegabytes } from "../tests/corpus/corpus.mjs";
import { defaultCacheDirectory } from "../tests/realworld/checkout.mjs";

const run = promisify(execFile);
const requireFromRepo = createRequire(import.meta.url);

/** Directories that hold no source a user lints: dependencies, build output, version control. */
const nonSourceDirectories = new Set(["node_modules", "dist", "build", "out", "coverage", ".next", ".nuxt", ".svelte-kit", ".turbo", ".git", ".vercel", "vendor"]);
const sourceFilePattern = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$/u;

/** The source files of the checkouts under `root`, sorted (one directory per repository; files at the root are not). */
function applicationSources(root) {
  if (!existsSync(root)) return [];
  const found = [];
  const visit = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const entryPath = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!nonSourceDirectories.has(entry.name) && !entry.name.startsWith(".")) visit(entryPath);
      } else if (entry.isFile() && sourceFilePattern.test(entry.name) && !/\.d\.[cm]?ts$|\.min\.js$/u.test(entry.name)) {
        const size = statSync(entryPath).size;
        if (size > 0 && size <= 200 * 1024 && !looksMinified(readFileSync(entryPath, "utf8"))) found.push(entryPath);
      }
    }
  };
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith(".")) visit(path.join(root, entry.name));
  }
  return found.sort();
}

function parseArguments(argv) {
  const options = { runs: 3, untyped: 1500, typed: 300, application: 1500, scale: 2500, memory: 10_000, oxlint: 3000, only: undefined, profile: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => {
      index += 1;
      return argv[index];
    };
    if (argument === "--quick") Object.assign(options, { runs: 1, untyped: 150, typed: 40, application: 150, scale: 200, memory: 400, oxlint: 300 });
    else if (argument === "--profile") options.profile = true;
    else if (argument === "--only") options.only = new Set(value().split(","));
    else if (["--runs", "--untyped", "--typed", "--application", "--scale", "--memory", "--oxlint"].includes(argument)) options[argument.slice(2)] = Number(value());
    else throw new Error(`unknown option ${argument}`);
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const wanted = (section) => options.only === undefined || options.only.has(section);
const pluginEntry = path.join(repoRoot, "dist", "src", "index.js");
const { default: plugin } = await import(pluginEntry);
const { looksMinified } = await import(path.join(repoRoot, "dist", "src", "analysis", "module-loader.js"));
const llmRuleIds = Object.keys(plugin.rules).map((name) => `llm-cost/${name}`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms) => (ms / 1000).toFixed(2);
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;

// ---- corpus -------------------------------------------------------------------------------------------

const benchStarted = performance.now();
const allFiles = listCorpusFiles();
const distinct = distinctByContent(allFiles);
const sources = distinct.filter((file) => !file.declaration);
const corpus = materializeCorpus(allFiles, { prefix: "llm-cost-bench-" });
const jobs = mkdtempSync(path.join(tmpdir(), "llm-cost-bench-jobs-"));
const configs = writeBenchConfigs(corpus.directory, pluginEntry);
let jobCounter = 0;

/** One lint in a child process; resolves to its result JSON. */
async function lint({ config, files, concurrency = "off", profileDirectory, exposeGc = false, cwd = corpus.directory }) {
  jobCounter += 1;
  const jobFile = path.join(jobs, `job-${jobCounter}.json`);
  const resultFile = path.join(jobs, `result-${jobCounter}.json`);
  const absolute = files.map((file) => (typeof file === "string" ? file : corpus.absolute(file)));
  writeFileSync(jobFile, JSON.stringify({ cwd, configFile: config, files: absolute, concurrency }));
  const nodeArguments = [
    ...(profileDirectory === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`]),
    ...(exposeGc ? ["--expose-gc"] : []),
  ];
  await run(process.execPath, [...nodeArguments, path.join(repoRoot, "bench", "lint", "lint-run.mjs"), jobFile, resultFile], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(readFileSync(resultFile, "utf8"));
}

function log(message) {
  process.stderr.write(`[bench ${seconds(performance.now() - benchStarted)}s] ${message}\n`);
}

const report = [];
const print = (line = "") => report.push(line);

print("# llm-cost lint benchmark");
print();
print(
  `Corpus: ${allFiles.length} JS/TS files shipped in ${new Set(allFiles.map((file) => file.relativePath.split("/").slice(1, 3).join("/"))).size} package directories ` +
    `(${distinct.length} distinct by content, ${sources.length} of them non-declaration sources, ${totalMegabytes(sources).toFixed(1)} MB). ` +
    `Node ${process.version}, ESLint ${(await import("eslint")).ESLint.version}, ${availableParallelism()} CPUs. Rules measured: ${llmRuleIds.join(", ")}.`,
);
print();

// ---- share of lint time -------------------------------------------------------------------------------

/** Median over runs of every time ESLint's stats report, and the share table. */
function shareTable(title, results, files, { typed = false } = {}) {
  const totals = results.map((result) => result.times.total);
  const parse = median(results.map((result) => result.times.parse));
  const fix = median(results.map((result) => result.times.fix));
  const total = median(totals);
  const ruleMedian = (ruleId) => median(results.map((result) => result.times.rules[ruleId] ?? 0));
  const coreRuleIds = Object.keys(results[0].times.rules).filter((ruleId) => !ruleId.startsWith("llm-cost/"));
  const core = median(results.map((result) => coreRuleIds.reduce((sum, ruleId) => sum + (result.times.rules[ruleId] ?? 0), 0)));
  const llmTotals = results.map((result) => llmRuleIds.reduce((sum, ruleId) => sum + (result.times.rules[ruleId] ?? 0), 0));
  const llm = median(llmTotals);
  const llmShare = median(results.map((result, index) => llmTotals[index] / result.times.total));
  print(`## ${title}`);
  print();
  print(`${files} files, median of ${results.length} run(s), each in a fresh process. Share = time ÷ total per-file lint time (parse + all rules + fixes).`);
  print();
  print("| phase | time (s) | share |");
  print("|---|---:|---:|");
  print(`| parse${typed ? " (with type information)" : ""} | ${seconds(parse)} | ${percent(parse, total)} |`);
  print(`| ${coreRuleIds.length} core rules | ${seconds(core)} | ${percent(core, total)} |`);
  if (fix > 0) print(`| fixes | ${seconds(fix)} | ${percent(fix, total)} |`);
  for (const ruleId of llmRuleIds) print(`| ${ruleId} | ${seconds(ruleMedian(ruleId))} | ${percent(ruleMedian(ruleId), total)} |`);
  print(`| **all llm-cost rules** | **${seconds(llm)}** | **${(100 * llmShare).toFixed(1)}%** |`);
  print(`| total | ${seconds(total)} | 100% |`);
  print();
  return llmShare;
}

const targets = [];

if (wanted("untyped")) {
  const files = evenSample(sources, options.untyped);
  log(`untyped: ${files.length} files × ${options.runs} run(s)`);
  const results = [];
  const baselines = [];
  // Interleaved, so that a burst of other load on the machine hits both configurations alike.
  for (let index = 0; index < options.runs; index += 1) {
    results.push(await lint({ config: configs.plugin, files }));
    baselines.push(await lint({ config: configs.baseline, files }));
  }
  const share = shareTable("Untyped", results, files.length);
  const wall = median(results.map((result) => result.wallMs));
  const baselineWall = median(baselines.map((result) => result.wallMs));
  print(
    `Wall clock for the same files (median): ${seconds(baselineWall)} s without the plugin, ${seconds(wall)} s with it ` +
      `(+${percent(wall - baselineWall, baselineWall)}). The shared per-file analysis is charged to whichever llm-cost rule asks for it first ` +
      "(rules run in the order of the config, alphabetical here).",
  );
  print();
  targets.push({ name: "untyped", share, target: 0.05 });
}

/** The typed sub-corpus, once chosen (the typed profile reuses it with the tsconfig written for it). */
let typedFiles;

if (wanted("typed")) {
  // Real TypeScript sources whose imports resolve inside the corpus: the SDKs' own `src/` trees.
  const typedPool = sources.filter(
    (file) =>
      /^corpus\/(?:openai|@anthropic-ai\/sdk|groq-sdk)\/src\/.*\.ts$/u.test(file.relativePath) && !file.relativePath.endsWith(".d.ts"),
  );
  const files = evenSample(typedPool, options.typed);
  typedFiles = files;
  writeTypedTsconfig(corpus.directory, files.map((file) => file.relativePath));
  log(`typed: ${files.length} files × ${options.runs} run(s)`);
  const results = [];
  for (let index = 0; index < options.runs; index += 1) results.push(await lint({ config: configs.typedPlugin, files }));
  const share = shareTable("Typed (project service)", results, files.length, { typed: true });
  targets.push({ name: "typed", share, target: 0.1 });
}

// ---- application code ---------------------------------------------------------------------------------

if (wanted("application")) {
  const root = defaultCacheDirectory();
  const files = evenSample(applicationSources(root), options.application);
  if (files.length === 0) {
    print("## Application code");
    print();
    print(`Skipped: no checkout of the labelled real-world repositories under ${root} (see tests/realworld/README.md).`);
    print();
  } else {
    const directory = mkdtempSync(path.join(tmpdir(), "llm-cost-bench-application-"));
    // Configs outside the checkouts (nothing is written into them), with the parser imported by path; the lint runs
    // with the checkouts' root as its working directory, so that every file matches the configs' `files`.
    const applicationConfigs = writeBenchConfigs(directory, pluginEntry, { parserPath: requireFromRepo.resolve("@typescript-eslint/parser") });
    log(`application: ${files.length} files × ${options.runs} run(s)`);
    const results = [];
    for (let index = 0; index < options.runs; index += 1) {
      results.push(await lint({ config: applicationConfigs.plugin, files, cwd: root }));
    }
    const fatal = results[0].fatal.length;
    shareTable("Application code (labelled real-world repositories)", results, files.length);
    print(
      `Source files of ${new Set(files.map((file) => path.relative(root, file).split(path.sep)[0])).size} repositories, sampled evenly ` +
        `(no \`node_modules\`, build output, declaration or minified files), each linted with its repository on disk; ${fatal} did not parse. ` +
        "Measured, not a target: the issue's targets are the SDK corpus rows above.",
    );
    print();
    rmSync(directory, { recursive: true, force: true });
  }
}

// ---- multithreaded linting ----------------------------------------------------------------------------

if (wanted("scale")) {
  const files = evenSample(sources, options.scale);
  const autoWorkers = availableParallelism() >> 1 > 1 ? "auto" : undefined;
  log(`scale: ${files.length} files, single thread vs 2 workers${autoWorkers ? " vs auto" : ""}`);
  const single = await lint({ config: configs.plugin, files });
  const two = await lint({ config: configs.plugin, files, concurrency: 2 });
  const auto = autoWorkers === undefined ? undefined : await lint({ config: configs.plugin, files, concurrency: "auto" });
  print("## Multithreaded linting (`--concurrency`)");
  print();
  print(`${files.length} files, baseline + all llm-cost rules.`);
  print();
  print("| mode | wall (s) | speed-up | findings | identical to single thread |");
  print("|---|---:|---:|---:|---|");
  const row = (mode, result) =>
    print(
      `| ${mode} | ${seconds(result.wallMs)} | ${(single.wallMs / result.wallMs).toFixed(2)}× | ${result.findings.count} | ${result.findings.hash === single.findings.hash ? "yes" : "**NO**"} |`,
    );
  row("`off` (single thread)", single);
  row("`2` workers", two);
  if (auto !== undefined) row("`auto`", auto);
  print();
  if (auto === undefined) {
    print(
      `\`--concurrency auto\` starts at most availableParallelism() / 2 = ${availableParallelism() >> 1} worker on this ${availableParallelism()}-CPU machine, ` +
        "which ESLint turns into no workers: here `auto` is the single-thread run.",
    );
    print();
  }
  const llmFindings = (result) => Object.entries(result.findings.byRule).filter(([ruleId]) => ruleId.startsWith("llm-cost/"));
  print(`llm-cost findings (single thread): ${JSON.stringify(Object.fromEntries(llmFindings(single)))}.`);
  print();
  targets.push({ name: "concurrency findings", ok: two.findings.hash === single.findings.hash && (auto === undefined || auto.findings.hash === single.findings.hash) });
}

// ---- oxlint -------------------------------------------------------------------------------------------

if (wanted("oxlint")) {
  // The same files, only the llm-cost rules, each linter as a user starts it (a fresh process, its default
  // threads): ESLint untyped with the plugin's config, oxlint with the plugin in `jsPlugins`. Wall time is taken
  // from outside the process, start-up and plugin loading included. oxlint's `--debug=timings` says how much of
  // its run was the plugin's JavaScript (rule callbacks plus the JS side's own per-file work).
  const files = evenSample(sources, options.oxlint);
  const oxlintConfig = writeOxlintConfig(jobs, pluginEntry, llmRuleIds);
  const oxlintBin = path.join(repoRoot, "node_modules", "oxlint", "bin", "oxlint");
  const { stdout: versionOut } = await run(process.execPath, [oxlintBin, "--version"]);
  const fileList = files.map((file) => file.relativePath);
  const runOxlint = async () => {
    const started = performance.now();
    let stdout = "";
    try {
      ({ stdout } = await run(process.execPath, [oxlintBin, "-A", "all", "-c", oxlintConfig, "--no-ignore", "--debug=timings", ...fileList], {
        cwd: corpus.directory,
        maxBuffer: 256 * 1024 * 1024,
      }));
    } catch (error) {
      // Exit 1 on findings.
      if (typeof error.stdout !== "string") throw error;
      ({ stdout } = error);
    }
    const wallMs = performance.now() - started;
    const number = (pattern) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
    return {
      wallMs,
      pluginMs: number(/JS plugin runtime:\s*\n\s*Total:\s*([\d.]+)ms/u),
      callbacksMs: number(/Rule callbacks:\s*([\d.]+)ms/u),
      findings: number(/Found \d+ warnings? and (\d+) errors?/u),
      threads: number(/using (\d+) threads?/u),
    };
  };
  log(`oxlint: ${files.length} files × ${options.runs} run(s), interleaved with ESLint`);
  const eslintRuns = [];
  const oxlintRuns = [];
  for (let index = 0; index < options.runs; index += 1) {
    const started = performance.now();
    const result = await lint({ config: configs.llmOnly, files });
    eslintRuns.push({
      wallMs: performance.now() - started,
      lintMs: result.wallMs,
      findings: llmRuleIds.reduce((sum, id) => sum + (result.findings.byRule[id] ?? 0), 0),
      llmMs: llmRuleIds.reduce((sum, id) => sum + (result.times.rules[id] ?? 0), 0),
      parseMs: result.times.parse,
    });
    oxlintRuns.push(await runOxlint());
  }
  const eslintWall = median(eslintRuns.map((result) => result.wallMs));
  const oxlintWall = median(oxlintRuns.map((result) => result.wallMs));
  const pluginMs = median(oxlintRuns.map((result) => result.pluginMs));
  const callbacksMs = median(oxlintRuns.map((result) => result.callbacksMs));
  print(`## oxlint (${versionOut.trim().replace(/^Version: /u, "")}) vs ESLint, only the llm-cost rules`);
  print();
  print(
    `${files.length} files, median of ${options.runs} interleaved runs, each in a fresh process; wall time from the outside (start-up, plugin loading and ` +
      `parsing included). ESLint untyped with \`llmCost.configs.all\` (espree for JavaScript, typescript-eslint for TypeScript), single-threaded; ` +
      `oxlint with the plugin in \`jsPlugins\` and \`-A all\`, ${oxlintRuns[0].threads} threads.`,
  );
  print();
  print("| linter | wall (s) | speed-up | llm-cost findings |");
  print("|---|---:|---:|---:|");
  print(`| ESLint (untyped) | ${seconds(eslintWall)} | 1.00× | ${eslintRuns[0].findings} |`);
  print(`| oxlint | ${seconds(oxlintWall)} | ${(eslintWall / oxlintWall).toFixed(2)}× | ${oxlintRuns[0].findings} |`);
  print();
  print(
    `Inside ESLint's run (median): parse ${seconds(median(eslintRuns.map((result) => result.parseMs)))} s, llm-cost rules ${seconds(median(eslintRuns.map((result) => result.llmMs)))} s. ` +
      `Inside oxlint's: the JS plugin side ${seconds(pluginMs)} s (${percent(pluginMs, oxlintWall)} of its wall time), of which the rules' callbacks ${seconds(callbacksMs)} s ` +
      `and the per-file hand-over of the tree ${seconds(pluginMs - callbacksMs)} s; the rest (${seconds(oxlintWall - pluginMs)} s) is start-up, loading the plugin, ` +
      "reading and parsing in Rust.",
  );
  print();
  targets.push({ name: "oxlint speed-up", ok: eslintWall / oxlintWall >= 2, detail: `${(eslintWall / oxlintWall).toFixed(2)}× (target ≥ 2×)` });
}

// ---- memory -------------------------------------------------------------------------------------------

if (wanted("memory")) {
  const files = evenSample(distinct, options.memory);
  log(`memory: ${files.length} files, with and without the plugin, one after the other`);
  // One after the other: side by side, the two processes' garbage collectors ran at the mercy of each other.
  const without = await lint({ config: configs.baseline, files, exposeGc: true });
  const withPlugin = await lint({ config: configs.plugin, files, exposeGc: true });
  const megabytes = (value) => (value === undefined ? "?" : value.toFixed(0));
  print("## Memory");
  print();
  print(
    `${files.length} distinct files (declarations included, ${totalMegabytes(files).toFixed(1)} MB), one process each. ` +
      "Peak RSS is `process.resourceUsage().maxRSS`, which depends on when V8 chooses to collect garbage; " +
      "retained heap is what is still alive after the lint and a full garbage collection: the plugin's caches.",
  );
  print();
  print("| config | peak RSS (MB) | retained heap (MB) | fatal parse errors |");
  print("|---|---:|---:|---:|");
  print(`| baseline | ${megabytes(without.maxRssMb)} | ${megabytes(without.retainedHeapMb)} | ${without.fatal.length} |`);
  print(`| baseline + llm-cost | ${megabytes(withPlugin.maxRssMb)} | ${megabytes(withPlugin.retainedHeapMb)} | ${withPlugin.fatal.length} |`);
  print(
    `| difference | ${megabytes(withPlugin.maxRssMb - without.maxRssMb)} | ${megabytes((withPlugin.retainedHeapMb ?? Number.NaN) - (without.retainedHeapMb ?? Number.NaN))} | |`,
  );
  print();
}

// ---- profile ------------------------------------------------------------------------------------------

if (options.profile) {
  const { summarizeProfile } = await import("../bench/lint/profile.mjs");
  const profiles = [
    { title: "untyped", config: configs.plugin, files: evenSample(sources, Math.min(options.untyped, 500)) },
    ...(typedFiles === undefined ? [] : [{ title: "typed", config: configs.typedPlugin, files: typedFiles }]),
  ];
  for (const [index, { title, config, files }] of profiles.entries()) {
    const profileDirectory = path.join(jobs, `profile-${index}`);
    log(`profile (${title}): ${files.length} files`);
    await lint({ config, files, profileDirectory });
    const [profileFile] = readdirSync(profileDirectory);
    print(`## CPU profile of one ${title} lint (${files.length} files): inclusive time of the plugin's functions`);
    print();
    print(summarizeProfile(path.join(profileDirectory, profileFile), /\/dist\/(?:src|rules)\//u, 25));
    print();
  }
}

rmSync(jobs, { recursive: true, force: true });
corpus.cleanup();

for (const { name, share, target, ok, detail } of targets) {
  if (share !== undefined) print(`- ${name}: all llm-cost rules ${(100 * share).toFixed(1)}% of lint time (target ≤ ${100 * target}%): ${share <= target ? "within" : "**over**"}`);
  else if (detail !== undefined) print(`- ${name}: ${detail}: ${ok ? "met" : "**not met**"}`);
  else print(`- ${name}: ${ok ? "identical" : "**different**"}`);
}
print();
print(`Bench took ${seconds(performance.now() - benchStarted)} s.`);
console.log(report.join("\n"));
