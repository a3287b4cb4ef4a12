// `npm run test:realworld`: scores every rule of the built plugin against the hand-labelled real-world set
// (tests/realworld/labels.json). Each labelled repository is checked out at its pinned commit into a cache
// directory (never into this repository), the labelled files are linted with the whole checkout on disk
// (cross-file recognition reads the repository's other modules), and each finding is matched to the labels by
// rule, file and line. Prints tp/fp/fn/tn, precision and recall per rule and per tier, for the dev half, the
// holdout half and both. The repositories are not available in CI: when none is on disk the script says so and
// exits 0. See tests/realworld/README.md.
//
// Options: --clone          fetch missing repositories from GitHub (git, network) instead of skipping them
//          --typed          lint with type information (projectService; needs the checkout's dependencies installed)
//          --repo o/n       only this repository (repeatable)      --rule name   only this rule (repeatable)
//          --list           print the misses, false alarms and unlabelled findings of the dev repositories
//          --list-holdout   the same for the holdout repositories (for the final report, not for tuning rules)
//          --json file      write every label's outcome and every finding to a file
//          --compare file   compare with the --json file of an earlier run (another plugin commit, same or older
//                           labels): per rule and tier before → after, and the labels whose outcome changed
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as parser from "@typescript-eslint/parser";
import { ESLint } from "eslint";

import { defaultCacheDirectory, defaultMirrorDirectory, ensureCheckout } from "../tests/realworld/checkout.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const labelsFile = path.join(repoRoot, "tests", "realworld", "labels.json");
const tiers = ["one-file", "other-files", "framework"];
const splits = ["dev", "holdout"];

function parseArguments(argv) {
  const options = { clone: false, typed: false, repos: [], rules: [], list: false, listHoldout: false, json: undefined, compare: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => {
      const next = argv[(index += 1)];
      if (next === undefined) usage(`${argument} needs a value`);
      return next;
    };
    if (argument === "--clone") options.clone = true;
    else if (argument === "--typed") options.typed = true;
    else if (argument === "--repo") options.repos.push(value());
    else if (argument === "--rule") options.rules.push(value());
    else if (argument === "--list") options.list = true;
    else if (argument === "--list-holdout") options.listHoldout = true;
    else if (argument === "--json") options.json = path.resolve(value());
    else if (argument === "--compare") options.compare = path.resolve(value());
    else usage(`unknown option ${argument}`);
  }
  return options;
}

function usage(reason) {
  console.error(`realworld: ${reason}`);
  process.exit(2);
}

const options = parseArguments(process.argv.slice(2));
// ESLint warns about every checkout that still ships a legacy .eslintignore; it plays no part here (their own
// configuration is never loaded), so that one warning is dropped.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes(".eslintignore")) return;
  emitWarning(warning, ...rest);
};
const set = JSON.parse(readFileSync(labelsFile, "utf8"));
const pluginEntry = path.join(repoRoot, "dist", "src", "index.js");
if (!existsSync(pluginEntry)) usage("the plugin is not built: run `npm run build` (or `npm run test:realworld`)");
const { default: plugin } = await import(pluginEntry);
const implemented = new Set(Object.keys(plugin.rules));
const ruleNames = [...new Set([...set.rules, ...implemented])].filter((rule) => options.rules.length === 0 || options.rules.includes(rule));
const splitOf = new Map(set.repos.map((repo) => [repo.repo, repo.split]));

const selectedRepos = set.repos.filter((repo) => options.repos.length === 0 || options.repos.includes(repo.repo));
const cacheDirectory = defaultCacheDirectory();
const mirrorDirectory = defaultMirrorDirectory();

const lintConfig = {
  files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"],
  languageOptions: {
    parser,
    sourceType: "module",
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
  plugins: { "llm-cost": plugin },
  rules: Object.fromEntries([...implemented].map((rule) => [`llm-cost/${rule}`, "error"])),
};

/** Lints one repository's labelled files; returns { findings, problems } (problems: parse failures and crashes). */
async function lintRepository(at, directory, files) {
  const parserOptions = { ecmaFeatures: { jsx: true } };
  if (options.typed) Object.assign(parserOptions, { projectService: true, tsconfigRootDir: directory });
  const eslintWith = (languageParserOptions) =>
    new ESLint({
      cwd: directory,
      overrideConfigFile: true,
      overrideConfig: [
        { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" } },
        { ...lintConfig, languageOptions: { ...lintConfig.languageOptions, parserOptions: languageParserOptions } },
      ],
      ignore: false,
      cache: false,
    });
  const eslint = eslintWith(parserOptions);
  // With --typed, a file outside every tsconfig of the checkout (a Supabase edge function, a script) cannot be
  // parsed by the project service; it is linted untyped instead of being dropped from the score.
  let untypedEslint;
  const findings = [];
  const problems = [];
  for (const file of files) {
    const absolute = path.join(directory, file);
    if (!existsSync(absolute)) {
      problems.push({ repo: at, file, kind: "missing", detail: "the labelled file is not in the checkout" });
      continue;
    }
    let results;
    try {
      results = await eslint.lintFiles([absolute]);
      const outsideProject = results.some((result) => result.messages.some((message) => message.fatal && /not found by the project service/.test(message.message)));
      if (options.typed && outsideProject) {
        untypedEslint ??= eslintWith({ ecmaFeatures: { jsx: true } });
        results = await untypedEslint.lintFiles([absolute]);
        untypedFallbacks.push(`${at} ${file}`);
      }
    } catch (error) {
      problems.push({ repo: at, file, kind: "crash", detail: String(error?.stack ?? error).split("\n").slice(0, 4).join(" | ") });
      continue;
    }
    for (const result of results) {
      for (const message of result.messages) {
        if (message.fatal) {
          problems.push({ repo: at, file, kind: "parse", detail: `${message.line}:${message.column} ${message.message}` });
          continue;
        }
        if (!message.ruleId?.startsWith("llm-cost/")) continue;
        findings.push({ repo: at.split("@")[0], file, rule: message.ruleId.slice("llm-cost/".length), line: message.line, endLine: message.endLine ?? message.line, message: message.message });
      }
    }
  }
  return { findings, problems };
}

function labelPlaces(label) {
  return [{ path: label.path, startLine: label.startLine, endLine: label.endLine }, ...(label.alsoAt ?? [])];
}

function inPlace(finding, place) {
  return finding.file === place.path && finding.line >= place.startLine && finding.line <= place.endLine;
}

// ---- check out and lint ----
const started = performance.now();
const statuses = [];
const allFindings = [];
const allProblems = [];
const untypedFallbacks = [];
const lintedRepos = new Set();
for (const repo of selectedRepos) {
  // Labels pin the repository's commit, or another commit of it (the code before a maintainer's fix).
  const commits = [...new Set(set.labels.filter((label) => label.repo === repo.repo).map((label) => label.commit))];
  for (const commit of commits) {
    const labels = set.labels.filter((label) => label.repo === repo.repo && label.commit === commit);
    const { directory, status, detail } = await ensureCheckout(repo.repo, commit, { cacheDirectory, mirrorDirectory, clone: options.clone, pinned: repo.commit });
    const at = commit === repo.commit ? repo.repo : `${repo.repo}@${commit.slice(0, 12)}`;
    statuses.push({ repo: at, status, detail });
    if (status === "absent" || status === "stale") continue;
    const files = [...new Set(labels.flatMap((label) => labelPlaces(label).map((place) => place.path)))].sort();
    const { findings, problems } = await lintRepository(at, directory, files);
    for (const finding of findings) finding.commit = commit;
    allFindings.push(...findings);
    allProblems.push(...problems);
    lintedRepos.add(`${repo.repo} ${commit}`);
  }
}

const unavailable = statuses.filter((entry) => entry.status === "absent" || entry.status === "stale");
if (lintedRepos.size === 0) {
  console.log(
    `realworld: none of the ${statuses.length} labelled repositories is on disk under ${cacheDirectory} (mirrors: ${mirrorDirectory}); ` +
      "nothing to score. This set cannot run in CI — see tests/realworld/README.md (`--clone` fetches them from GitHub). Skipped.",
  );
  process.exit(0);
}

// ---- match findings to labels ----
const outcomes = [];
for (const label of set.labels) {
  if (!lintedRepos.has(`${label.repo} ${label.commit}`) || !ruleNames.includes(label.rule)) continue;
  const places = labelPlaces(label);
  const matched = allFindings.filter((finding) => finding.repo === label.repo && finding.commit === label.commit && finding.rule === label.rule && places.some((place) => inPlace(finding, place)));
  let outcome;
  if (!implemented.has(label.rule)) outcome = "not-implemented";
  else if (label.label === "problem") outcome = matched.length > 0 ? "tp" : "fn";
  else outcome = matched.length > 0 ? "fp" : "tn";
  outcomes.push({ ...label, split: splitOf.get(label.repo), outcome, findings: matched });
}
const unlabelled = allFindings.filter(
  (finding) =>
    ruleNames.includes(finding.rule) &&
    !set.labels.some((label) => label.repo === finding.repo && label.commit === finding.commit && label.rule === finding.rule && labelPlaces(label).some((place) => inPlace(finding, place))),
);

// ---- report ----
function tally(list) {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0, ni: 0 };
  for (const entry of list) {
    if (entry.outcome === "not-implemented") counts.ni += 1;
    else counts[entry.outcome] += 1;
  }
  return counts;
}

function ratio(numerator, denominator) {
  return denominator === 0 ? "—" : (numerator / denominator).toFixed(2);
}

function row(name, tier, counts) {
  if (counts.ni > 0 && counts.tp + counts.fp + counts.fn + counts.tn === 0) {
    return `| ${name} | ${tier} | not implemented (${counts.ni} labels) | | | | | |`;
  }
  return `| ${name} | ${tier} | ${counts.tp} | ${counts.fp} | ${counts.fn} | ${counts.tn} | ${ratio(counts.tp, counts.tp + counts.fp)} | ${ratio(counts.tp, counts.tp + counts.fn)} |`;
}

function table(title, list) {
  const lines = [`### ${title}`, "", "| rule | tier | tp | fp | fn | tn | precision | recall |", "|---|---|---|---|---|---|---|---|"];
  for (const rule of ruleNames) {
    const ofRule = list.filter((entry) => entry.rule === rule);
    if (ofRule.length === 0) continue;
    for (const tier of tiers) {
      const ofTier = ofRule.filter((entry) => entry.tier === tier);
      if (ofTier.length > 0) lines.push(row(rule, tier, tally(ofTier)));
    }
    lines.push(row(`**${rule}**`, "**all**", tally(ofRule)));
  }
  const scored = list.filter((entry) => entry.outcome !== "not-implemented");
  lines.push(row("**all rules**", "one-file", tally(scored.filter((entry) => entry.tier === "one-file"))));
  lines.push(row("**all rules**", "one-file + other-files", tally(scored.filter((entry) => entry.tier !== "framework"))));
  lines.push(row("**all rules**", "**all**", tally(scored)));
  return lines.join("\n");
}

const elapsed = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `Real-world set: ${set.repos.length} repositories (${set.repos.filter((repo) => repo.split === "dev").length} dev, ` +
    `${set.repos.filter((repo) => repo.split === "holdout").length} holdout), ${set.labels.length} labels. ` +
    `Linted ${lintedRepos.size} checkouts${options.typed ? " with type information" : " untyped"} in ${elapsed} s; ` +
    `plugin rules: ${[...implemented].sort().join(", ")}.`,
);
if (unavailable.length > 0) console.log(`Not on disk (skipped): ${unavailable.map((entry) => entry.repo).join(", ")}`);
for (const entry of statuses.filter((item) => item.status === "extracted" || item.status === "cloned")) {
  console.log(`Checked out ${entry.repo} (${entry.status}${entry.detail ? `: ${entry.detail}` : ""})`);
}
console.log("");
for (const split of splits) {
  console.log(table(`${split} (${new Set(outcomes.filter((entry) => entry.split === split).map((entry) => entry.repo)).size} repositories)`, outcomes.filter((entry) => entry.split === split)));
  console.log("");
}
console.log(table("all", outcomes));
console.log("");
const unlabelledCounts = ruleNames.map((rule) => `${rule} ${unlabelled.filter((finding) => finding.rule === rule).length}`).join(", ");
console.log(`Findings outside every label of their rule (in labelled files; not scored): ${unlabelledCounts}.`);
if (untypedFallbacks.length > 0) console.log(`Linted untyped (outside every tsconfig of their checkout): ${untypedFallbacks.length} files.`);
if (allProblems.length > 0) {
  console.log(`Files that could not be linted: ${allProblems.length}`);
  for (const problem of allProblems) console.log(`  ${problem.kind}: ${problem.repo} ${problem.file}: ${problem.detail}`);
}

function listDetails(split) {
  const inSplit = (entry) => entry.split === split;
  console.log(`\n## ${split}: misses (fn)`);
  for (const entry of outcomes.filter((item) => inSplit(item) && item.outcome === "fn")) {
    console.log(`- ${entry.rule} [${entry.tier}] ${entry.repo} ${entry.path}:${entry.startLine}-${entry.endLine} — ${entry.note}`);
  }
  console.log(`\n## ${split}: false alarms (fp)`);
  for (const entry of outcomes.filter((item) => inSplit(item) && item.outcome === "fp")) {
    console.log(`- ${entry.rule} [${entry.tier}] ${entry.repo} ${entry.path}:${entry.startLine}-${entry.endLine} — ${entry.note}`);
    for (const finding of entry.findings) console.log(`    reported at ${finding.line}: ${finding.message}`);
  }
  console.log(`\n## ${split}: findings outside the labels (review them: new labels or false alarms)`);
  for (const finding of unlabelled.filter((item) => splitOf.get(item.repo) === split)) {
    console.log(`- ${finding.rule} ${finding.repo} ${finding.file}:${finding.line} — ${finding.message}`);
  }
}
if (options.list) listDetails("dev");
if (options.listHoldout) listDetails("holdout");

// ---- before/after against an earlier run's --json ----
// Labels are matched by repository, commit, place and rule, so a run on an older plugin commit with today's
// labels.json (copy it into that worktree) gives a like-for-like comparison; labels the earlier run did not
// score are counted as new and left out of the "before" column.
function labelKey(entry) {
  return `${entry.repo}@${entry.commit} ${entry.path}:${entry.startLine}-${entry.endLine} ${entry.rule}`;
}
if (options.compare) {
  const before = JSON.parse(readFileSync(options.compare, "utf8"));
  const beforeOutcome = new Map(before.outcomes.map((entry) => [labelKey(entry), entry.outcome]));
  const both = outcomes.filter((entry) => beforeOutcome.has(labelKey(entry)));
  const asBefore = both.map((entry) => ({ ...entry, outcome: beforeOutcome.get(labelKey(entry)) }));
  const cell = (counts) =>
    `${counts.tp}/${counts.fp}/${counts.fn} P ${ratio(counts.tp, counts.tp + counts.fp)} R ${ratio(counts.tp, counts.tp + counts.fn)}`;
  const lines = ["| rule | tier | before tp/fp/fn | after tp/fp/fn |", "|---|---|---|---|"];
  const compareRow = (name, tier, select) => {
    const now = tally(both.filter(select));
    if (now.tp + now.fp + now.fn + now.tn === 0) return;
    lines.push(`| ${name} | ${tier} | ${cell(tally(asBefore.filter(select)))} | ${cell(now)} |`);
  };
  for (const rule of ruleNames) {
    for (const tier of tiers) compareRow(rule, tier, (entry) => entry.rule === rule && entry.tier === tier);
    compareRow(`**${rule}**`, "**all**", (entry) => entry.rule === rule);
  }
  compareRow("**all rules**", "one-file", (entry) => entry.tier === "one-file");
  compareRow("**all rules**", "one-file + other-files", (entry) => entry.tier !== "framework");
  compareRow("**all rules**", "**all**", () => true);
  console.log(`\n## Before → after (${both.length} labels scored in both runs; ${outcomes.length - both.length} new)\n`);
  console.log(lines.join("\n"));
  const changed = both.filter((entry) => beforeOutcome.get(labelKey(entry)) !== entry.outcome);
  console.log(`\n## Labels whose outcome changed (${changed.length})`);
  for (const entry of changed) {
    console.log(`- ${beforeOutcome.get(labelKey(entry))} → ${entry.outcome} ${entry.rule} [${entry.tier}, ${entry.split}] ${entry.repo} ${entry.path}:${entry.startLine}-${entry.endLine}`);
  }
}

if (options.json) {
  writeFileSync(
    options.json,
    JSON.stringify({ typed: options.typed, implemented: [...implemented].sort(), outcomes, unlabelled, problems: allProblems, skipped: unavailable }, null, 1) + "\n",
  );
  console.log(`\nWrote ${options.json}`);
}
