// `npm run check:oxlint`: the same findings under oxlint's JS plugins as under ESLint (untyped).
//
// Three sets of code are linted by both linters, each with only the llm-cost rules on:
//   1. every untyped valid/invalid case of the rule tests (recorded by tests/rule-tester.ts with
//      LLM_COST_RECORD_CASES: code, file name, options, settings, and a copy of the temporary project a case
//      lives in), each in a directory of its own with its own `.oxlintrc.json`;
//   2. the example programs (examples/);
//   3. the corpus test's files (the JS/TS shipped in the installed LLM SDKs, tests/corpus/corpus.mjs).
// ESLint runs in this process with the plugin's own config (its parser: espree for JavaScript, typescript-eslint's
// for TypeScript); oxlint runs its CLI (`-f json`, `-A all` so none of its own rules run). The check fails on any
// difference in (rule, file, line, column, message), on any crash, and on any difference in fixed code: oxlint's
// `--fix` against ESLint's fixes (one pass, as oxlint applies them), and oxlint's `--fix-suggestions` against
// ESLint's fixes plus each finding's first suggestion.
//
// Options: --cases-only | --skip-corpus | --corpus-limit N (an even sample of N corpus files) | --keep
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { ESLint, Linter } from "eslint";

import { distinctByContent, evenSample, listCorpusFiles, materializeCorpus, repoRoot } from "../tests/corpus/corpus.mjs";

const run = promisify(execFile);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[check:oxlint ${elapsed()}] ${message}`);

const options = { cases: true, examples: true, corpus: true, corpusLimit: undefined, keep: false };
for (let index = 2; index < process.argv.length; index += 1) {
  const argument = process.argv[index];
  if (argument === "--cases-only") Object.assign(options, { examples: false, corpus: false });
  else if (argument === "--skip-corpus") options.corpus = false;
  else if (argument === "--corpus-limit") options.corpusLimit = Number(process.argv[(index += 1)]);
  else if (argument === "--keep") options.keep = true;
  else throw new Error(`unknown option ${argument}`);
}

const pluginEntry = path.join(repoRoot, "dist", "src", "index.js");
const { default: plugin } = await import(pluginEntry);
const ruleNames = Object.keys(plugin.rules);
const oxlintBin = path.join(repoRoot, "node_modules", "oxlint", "bin", "oxlint");
const oxlintVersion = execFileSync(process.execPath, [oxlintBin, "--version"], { encoding: "utf8" }).trim();
const sourceGlob = "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}";

/** The `.oxlintrc.json` for a set of rules: the plugin by path (a user names the package), options and settings. */
function oxlintConfig(rules, settings = {}) {
  return { jsPlugins: [{ name: "llm-cost", specifier: pluginEntry }], rules, settings };
}

/** ESLint's flat config for the same rules: the plugin's own config object, with the rules' options and settings. */
function eslintConfig(rules, settings = {}) {
  // Unused disable directives off: `eslint --fix` would delete them (not an llm-cost fix; oxlint leaves them).
  return [{ linterOptions: { reportUnusedDisableDirectives: "off" } }, { ...plugin.configs.all, files: [sourceGlob], rules, settings }];
}

const allRules = Object.fromEntries(ruleNames.map((name) => [`llm-cost/${name}`, "error"]));

// ---- running oxlint --------------------------------------------------------------------------------------

/**
 * oxlint over `targets` (paths, relative to `cwd`) with `extra` arguments; its JSON report. oxlint exits 1 on
 * findings, so the exit code says nothing here: a report that does not parse does.
 */
async function oxlint(cwd, targets, extra = []) {
  const argumentsList = [oxlintBin, "-A", "all", "-f", "json", "--no-ignore", ...extra, ...targets];
  let stdout;
  try {
    ({ stdout } = await run(process.execPath, argumentsList, { cwd, maxBuffer: 512 * 1024 * 1024 }));
  } catch (error) {
    if (typeof error.stdout !== "string" || error.stdout === "") throw error;
    ({ stdout } = error);
  }
  return JSON.parse(stdout);
}

/** `rule|line|column|message` per file (absolute path), and the crashes, from oxlint's JSON report. */
function oxlintFindings(report, cwd) {
  const byFile = new Map();
  const crashes = [];
  for (const diagnostic of report.diagnostics) {
    const file = path.resolve(cwd, diagnostic.filename);
    const match = /^llm-cost\((.+)\)$/u.exec(diagnostic.code ?? "");
    if (match === null) {
      // A JS plugin that throws, or a file oxlint cannot parse.
      crashes.push(`${path.relative(repoRoot, file)}: ${diagnostic.code ?? ""} ${diagnostic.message.split("\n").slice(0, 4).join(" | ")}`);
      continue;
    }
    const span = diagnostic.labels[0]?.span;
    const key = `llm-cost/${match[1]}|${span?.line ?? 0}|${span?.column ?? 0}|${diagnostic.message}`;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push(key);
  }
  return { byFile, crashes };
}

function eslintKeys(messages) {
  return messages.filter((message) => message.ruleId?.startsWith("llm-cost/")).map((message) => `${message.ruleId}|${message.line}|${message.column}|${message.message}`);
}

/** ESLint's single fix pass, as its SourceCodeFixer applies it: sorted by range, overlapping and touching fixes skipped. */
function applyFixes(code, fixes) {
  const sorted = fixes.filter(Boolean).sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = "";
  let last = Number.NEGATIVE_INFINITY;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    if (last >= start || start > end) continue;
    output += code.slice(Math.max(0, last), Math.max(0, start)) + fix.text;
    last = end;
  }
  return output + code.slice(Math.max(0, last));
}

const failures = [];
const sortedDiff = (eslintList, oxlintList) => {
  const a = [...eslintList].sort();
  const b = [...oxlintList].sort();
  const onlyEslint = a.filter((key) => !b.includes(key));
  const onlyOxlint = b.filter((key) => !a.includes(key));
  return { same: onlyEslint.length === 0 && onlyOxlint.length === 0 && a.length === b.length, onlyEslint, onlyOxlint };
};
function compareFindings(label, eslintList, oxlintList) {
  const diff = sortedDiff(eslintList, oxlintList);
  if (!diff.same) failures.push(`${label}: findings differ\n    ESLint only: ${JSON.stringify(diff.onlyEslint)}\n    oxlint only: ${JSON.stringify(diff.onlyOxlint)}`);
  return diff.same;
}
function compareText(label, what, eslintText, oxlintText) {
  if (eslintText === oxlintText) return true;
  failures.push(`${label}: ${what} differs\n--- ESLint\n${eslintText}\n--- oxlint\n${oxlintText}`);
  return false;
}

const summary = [];
// Inside the repository (in its git-ignored tmp/), so cases sit below its package.json as RuleTester's do.
mkdirSync(path.join(repoRoot, "tmp"), { recursive: true });
const work = mkdtempSync(path.join(repoRoot, "tmp", "oxlint-parity-"));
const outsideWork = mkdtempSync(path.join(tmpdir(), "llm-cost-oxlint-parity-"));

// ---- 1. the rule tests' cases ----------------------------------------------------------------------------

/** Runs the rule test files with the recording testers; returns the cases. */
function recordCases() {
  const directory = path.join(outsideWork, "recorded");
  const testFiles = [
    ...readdirSync(path.join(repoRoot, "tests", "rules"))
      .filter((file) => file.endsWith(".test.ts"))
      .map((file) => `tests/rules/${file}`),
    "tests/llm/cross-file-rules.test.ts",
  ];
  execFileSync(process.execPath, [path.join(repoRoot, "node_modules", "vitest", "vitest.mjs"), "run", ...testFiles, "-t", "records its cases"], {
    cwd: repoRoot,
    env: { ...process.env, LLM_COST_RECORD_CASES: directory },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return readdirSync(directory)
    .filter((file) => file.startsWith("cases-"))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(path.join(directory, file), "utf8")));
}

async function checkCases() {
  const recorded = recordCases();
  const cases = recorded.filter((testCase) => ruleNames.includes(testCase.rule));
  log(`rule tests: ${recorded.length} untyped cases recorded, ${cases.length} of them for the plugin's rules (the rest use test-only rules)`);
  const roots = { inside: path.join(work, "cases"), outside: path.join(outsideWork, "cases") };
  const laidOut = cases.map((testCase, index) => {
    // A case in a temporary project keeps that project around it (outside the repository, as the test had it);
    // a case in a fixture directory gets a copy of the fixture; the others sit where RuleTester puts them (the
    // repository, for its package.json), each in a directory of its own.
    const directory = path.join(testCase.project === undefined ? roots.inside : roots.outside, `c${index}`);
    let relative = testCase.filename ?? "file.ts";
    if (testCase.project !== undefined) cpSync(testCase.project, directory, { recursive: true });
    else if (path.isAbsolute(relative)) {
      relative = path.relative(repoRoot, relative);
      const fixture = relative.split(path.sep).slice(0, 3).join(path.sep);
      cpSync(path.join(repoRoot, fixture), path.join(directory, fixture), { recursive: true });
    }
    const file = path.join(directory, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, testCase.code);
    const rules = { [`llm-cost/${testCase.rule}`]: ["error", ...testCase.options] };
    writeFileSync(path.join(directory, ".oxlintrc.json"), JSON.stringify(oxlintConfig(rules, testCase.settings)));
    return { testCase, directory, file, rules };
  });

  // ESLint: each case with its rule, options and settings, on the same file path.
  const linter = new Linter({ configType: "flat", cwd: "/" });
  for (const entry of laidOut) {
    const config = eslintConfig(entry.rules, entry.testCase.settings);
    const messages = linter.verify(entry.testCase.code, config, { filename: entry.file });
    const fatal = messages.filter((message) => message.fatal);
    entry.eslint = {
      keys: eslintKeys(messages),
      fatal: fatal.map((message) => message.message),
      fixed: applyFixes(entry.testCase.code, messages.map((message) => message.fix)),
      suggested: applyFixes(entry.testCase.code, messages.map((message) => message.fix ?? message.suggestions?.[0]?.fix)),
    };
  }

  // oxlint: one run per root over every case directory (each with its nested config), then the same with
  // --fix and with --fix-suggestions on copies.
  let crashes = 0;
  const oxlintRuns = { fixed: "--fix", suggested: "--fix-suggestions" };
  const results = new Map();
  for (const root of Object.values(roots)) {
    if (!existsSync(root)) continue;
    // Files by name: oxlint skips what git ignores when it walks a directory, and the repository ignores tmp/.
    const targets = laidOut.filter((entry) => entry.file.startsWith(`${root}${path.sep}`)).map((entry) => path.relative(root, entry.file));
    const report = await oxlint(root, targets);
    const { byFile, crashes: rootCrashes } = oxlintFindings(report, root);
    crashes += rootCrashes.length;
    for (const crash of rootCrashes) failures.push(`crash: ${crash}`);
    for (const [file, keys] of byFile) results.set(file, { keys });
    for (const [name, flag] of Object.entries(oxlintRuns)) {
      const copy = `${root}-${name}`;
      cpSync(root, copy, { recursive: true });
      await oxlint(copy, targets, [flag]);
    }
  }
  let same = 0;
  let fixesCompared = 0;
  for (const { testCase, directory, file, eslint } of laidOut) {
    const label = `${testCase.test} ${testCase.kind}[${testCase.id}] (${path.relative(directory, file)})`;
    if (eslint.fatal.length > 0) failures.push(`${label}: ESLint cannot parse it: ${eslint.fatal.join("; ")}`);
    const root = file.startsWith(roots.inside) ? roots.inside : roots.outside;
    const ok = compareFindings(label, eslint.keys, results.get(file)?.keys ?? []);
    const outputs = Object.fromEntries(
      Object.keys(oxlintRuns).map((name) => [name, readFileSync(`${root}-${name}${file.slice(root.length)}`, "utf8")]),
    );
    const fixesOk = compareText(label, "fixed code (--fix)", eslint.fixed, outputs.fixed) && compareText(label, "code with suggestions (--fix-suggestions)", eslint.suggested, outputs.suggested);
    if (eslint.fixed !== testCase.code || eslint.suggested !== testCase.code) fixesCompared += 1;
    if (ok && fixesOk) same += 1;
  }
  const findings = laidOut.reduce((sum, entry) => sum + entry.eslint.keys.length, 0);
  summary.push(
    `rule-test cases: ${same}/${laidOut.length} identical (${findings} findings under ESLint; ${fixesCompared} cases with fixed or suggested code compared), ${crashes} crashes`,
  );
}

// ---- 2 and 3. whole files: the examples and the corpus ---------------------------------------------------

/**
 * Lints `files` (absolute paths under `cwd`) with both linters and compares; then, for the files ESLint fixes,
 * compares the fixed code: ESLint's `fix: true` output (fixes applied until none is left, as `eslint --fix` does)
 * against oxlint's `--fix` on a copy.
 */
async function checkFiles(label, cwd, files) {
  const config = path.join(outsideWork, `${label}.oxlintrc.json`);
  writeFileSync(config, JSON.stringify(oxlintConfig(allRules)));
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: eslintConfig(allRules), cache: false, warnIgnored: false });
  log(`${label}: ESLint over ${files.length} files`);
  const eslintStarted = performance.now();
  const eslintResults = await eslint.lintFiles(files);
  const eslintMs = performance.now() - eslintStarted;
  log(`${label}: oxlint over ${files.length} files`);
  const oxlintStarted = performance.now();
  const byFile = new Map();
  let crashes = [];
  // In chunks: a command line has a length limit.
  for (let start = 0; start < files.length; start += 1000) {
    const chunk = files.slice(start, start + 1000).map((file) => path.relative(cwd, file));
    const result = oxlintFindings(await oxlint(cwd, chunk, ["-c", config]), cwd);
    for (const [file, keys] of result.byFile) byFile.set(file, keys);
    crashes = crashes.concat(result.crashes);
  }
  const oxlintMs = performance.now() - oxlintStarted;
  for (const crash of crashes) failures.push(`crash: ${crash}`);
  let eslintFindings = 0;
  let same = 0;
  let fatal = 0;
  const fixable = [];
  for (const result of eslintResults) {
    const keys = eslintKeys(result.messages);
    eslintFindings += keys.length;
    if (result.messages.some((message) => message.fatal)) fatal += 1;
    if (compareFindings(`${label} ${path.relative(cwd, result.filePath)}`, keys, byFile.get(result.filePath) ?? [])) same += 1;
    if (result.messages.some((message) => message.fix !== undefined)) fixable.push(result.filePath);
  }
  // Fixed code, for the files that have fixes.
  let fixedSame = 0;
  if (fixable.length > 0) {
    const fixer = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: eslintConfig(allRules), cache: false, fix: true });
    const fixedByEslint = await fixer.lintFiles(fixable);
    // In place (`cwd` is a scratch copy, and ESLint's fixed code is already in memory): a fix may depend on the
    // files around the linted one (whether the runtime import resolves), so a copy of the file alone would not do.
    const originals = new Map(fixable.map((file) => [file, readFileSync(file, "utf8")]));
    await oxlint(cwd, fixable.map((file) => path.relative(cwd, file)), ["-c", config, "--fix"]);
    for (const result of fixedByEslint) {
      const oxlintFixed = readFileSync(result.filePath, "utf8");
      if (compareText(`${label} ${path.relative(cwd, result.filePath)}`, "fixed code", result.output ?? originals.get(result.filePath), oxlintFixed)) fixedSame += 1;
    }
  }
  summary.push(
    `${label}: ${same}/${eslintResults.length} files identical (${eslintFindings} findings under ESLint, ${[...byFile.values()].reduce((sum, keys) => sum + keys.length, 0)} under oxlint), ` +
      `fixed code identical in ${fixedSame}/${fixable.length} files, ${crashes.length} crashes, ${fatal} files ESLint cannot parse; ` +
      `ESLint ${(eslintMs / 1000).toFixed(1)} s, oxlint ${(oxlintMs / 1000).toFixed(1)} s`,
  );
}

try {
  log(`oxlint ${oxlintVersion}, ESLint ${ESLint.version}, rules: ${ruleNames.join(", ")}`);
  if (options.cases) await checkCases();
  if (options.examples) {
    const examples = path.join(work, "examples");
    cpSync(path.join(repoRoot, "examples"), examples, { recursive: true });
    const files = readdirSync(examples)
      .filter((file) => /\.[cm]?[jt]sx?$/u.test(file))
      .map((file) => path.join(examples, file));
    await checkFiles("examples", examples, files);
  }
  if (options.corpus) {
    const allFiles = listCorpusFiles();
    const distinct = distinctByContent(allFiles);
    const files = options.corpusLimit === undefined ? distinct : evenSample(distinct, options.corpusLimit);
    const corpus = materializeCorpus(allFiles, { prefix: "llm-cost-oxlint-corpus-" });
    try {
      await checkFiles("corpus", corpus.directory, files.map(corpus.absolute));
    } finally {
      if (!options.keep) corpus.cleanup();
    }
  }
} finally {
  if (!options.keep) {
    rmSync(work, { recursive: true, force: true });
    rmSync(outsideWork, { recursive: true, force: true });
  } else log(`kept ${work} and ${outsideWork}`);
}

for (const failure of failures.slice(0, 60)) console.log(`\n✗ ${failure}`);
if (failures.length > 60) console.log(`\n… and ${failures.length - 60} more differences`);
console.log(`\n## oxlint parity (oxlint ${oxlintVersion.replace(/^Version: /u, "")}, ESLint ${ESLint.version}), ${elapsed()}\n`);
for (const line of summary) console.log(`- ${line}`);
console.log(`\n${failures.length === 0 ? "parity: identical findings, fixes and suggestions; no crash" : `parity: ${failures.length} differences`}`);
process.exit(failures.length === 0 ? 0 : 1);
