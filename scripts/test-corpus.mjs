// `npm run test:corpus`: every rule with every option variant over the real code shipped in the installed
// LLM SDKs (≥ 10,000 distinct files): no crash; every autofix and every suggestion re-parses; a second fix
// pass changes nothing; on a typed fixture project, `tsc --noEmit` finds no more errors after `--fix` (and,
// reported separately, after the suggestions). Exits non-zero on any failure.
//
// Options: --limit N (lint only the first N files of an even sample: a smoke test)
//          --settings-every N (run the `settings["llm-cost"]` variant on every N-th file; default 4)
//          --workers N (default: available CPUs)  --skip-typecheck
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

import { checkFixesTypecheck } from "../tests/corpus/fix-typecheck.mjs";
import { distinctByContent, evenSample, listCorpusFiles, materializeCorpus, repoRoot, totalMegabytes } from "../tests/corpus/corpus.mjs";
import { variantPasses } from "../tests/corpus/variants.mjs";

const minimumCorpusFiles = 10_000;
const batchSize = 50;

function parseArguments(argv) {
  const options = { limit: undefined, settingsEvery: 4, workers: availableParallelism(), typecheck: true };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === "--limit") options.limit = Number(argv[(index += 1)]);
    else if (argument === "--settings-every") options.settingsEvery = Number(argv[(index += 1)]);
    else if (argument === "--workers") options.workers = Number(argv[(index += 1)]);
    else if (argument === "--skip-typecheck") options.typecheck = false;
    else throw new Error(`unknown option ${argument}`);
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const pluginEntry = path.join(repoRoot, "dist", "src", "index.js");
const { default: plugin } = await import(pluginEntry);

const allFiles = listCorpusFiles();
const distinct = distinctByContent(allFiles);
const files = options.limit === undefined ? distinct : evenSample(distinct, options.limit);
const corpus = materializeCorpus(allFiles, { prefix: "llm-cost-test-corpus-" });
const passes = variantPasses(plugin.rules);
console.log(
  `Corpus: ${files.length} distinct files (${totalMegabytes(files).toFixed(1)} MB) of ${allFiles.length} shipped; ` +
    `${passes.length} variant passes + settings on every ${options.settingsEvery}th file; ${options.workers} workers.`,
);
for (const pass of passes) console.log(`  pass: ${pass.label}`);

const totals = { linted: 0, unparsableOriginal: 0, verifies: 0, findings: {}, fixedFiles: 0, suggestions: 0, failures: [] };
function add(report) {
  totals.linted += report.linted;
  totals.unparsableOriginal += report.unparsableOriginal;
  totals.verifies += report.verifies;
  totals.fixedFiles += report.fixedFiles;
  totals.suggestions += report.suggestions;
  totals.failures.push(...report.failures);
  for (const [ruleId, count] of Object.entries(report.findings)) totals.findings[ruleId] = (totals.findings[ruleId] ?? 0) + count;
}

// Contiguous batches handed to whichever worker is free: neighbours share imports, so each worker's module
// cache stays warm, and no worker idles while another holds the slow files.
const queue = [];
for (let start = 0; start < files.length; start += batchSize) {
  queue.push(files.slice(start, start + batchSize).map((file, offset) => ({ filename: corpus.absolute(file), index: start + offset })));
}
let done = 0;
await Promise.all(
  Array.from(
    { length: Math.max(1, options.workers) },
    () =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL("../tests/corpus/lint-worker.mjs", import.meta.url), {
          workerData: { cwd: corpus.directory, pluginEntry, settingsEvery: options.settingsEvery },
        });
        const next = () => {
          const batch = queue.shift();
          if (batch === undefined) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage({ batch });
        };
        worker.on("message", (message) => {
          if (message.reports !== undefined) {
            message.reports.forEach(add);
            done += message.reports.length;
            if (Math.floor(done / 2000) !== Math.floor((done - message.reports.length) / 2000)) console.log(`  ${done} files, ${elapsed()}`);
          }
          next();
        });
        worker.on("error", reject);
      }),
  ),
);
corpus.cleanup();

let typecheck = { lines: [], failures: [] };
if (options.typecheck) typecheck = await checkFixesTypecheck({ repoRoot, plugin });

const byKind = (kind) => totals.failures.filter((failure) => failure.kind === kind);
console.log();
console.log("## Corpus");
console.log();
console.log("| check | count |");
console.log("|---|---:|");
console.log(`| files linted (parsed) | ${totals.linted} |`);
console.log(`| files the parser rejects (skipped) | ${totals.unparsableOriginal} |`);
console.log(`| lint runs (file × variant) | ${totals.verifies} |`);
for (const [ruleId, count] of Object.entries(totals.findings).sort()) console.log(`| findings: ${ruleId} | ${count} |`);
console.log(`| fix passes applied (file × variant) | ${totals.fixedFiles} |`);
console.log(`| distinct suggestions applied | ${totals.suggestions} |`);
console.log(`| **crashes** | ${byKind("crash").length} |`);
console.log(`| **unparsable fix outputs** | ${byKind("unparsable fix").length} |`);
console.log(`| **unstable fixes** (second pass changed) | ${byKind("unstable fix").length} |`);
console.log(`| **unparsable suggestion outputs** | ${byKind("unparsable suggestion").length} |`);
if (options.typecheck) {
  console.log();
  console.log("## Typed fixture (tests/fixtures/fix-typecheck), `tsc --noEmit` errors");
  console.log();
  console.log("| applied | before | after | second --fix changes nothing |");
  console.log("|---|---:|---:|---|");
  for (const line of typecheck.lines) console.log(line);
}
console.log();

const failures = [
  ...totals.failures.map((failure) => `${failure.kind}: ${path.relative(corpus.directory, failure.file)}\n  pass: ${failure.pass}\n  ${failure.detail}`),
  ...typecheck.failures,
];
if (options.limit === undefined && totals.linted < minimumCorpusFiles) {
  failures.push(`only ${totals.linted} files linted; the corpus check needs at least ${minimumCorpusFiles} (are the SDK devDependencies installed?)`);
}
for (const failure of failures.slice(0, 50)) console.log(`FAIL ${failure}\n`);
if (failures.length > 50) console.log(`… and ${failures.length - 50} more failures`);
console.log(`${failures.length === 0 ? "OK" : `${failures.length} FAILURES`} in ${elapsed()}`);
process.exitCode = failures.length === 0 ? 0 : 1;
