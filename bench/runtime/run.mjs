// `npm run bench:runtime`: the runtime helper against p-limit, p-map (pMap, pMapIterable) and async.
// Needs the built llm-cost-runtime package (runtime/dist) — run `npm run build` first. Prints markdown.
//   1. throughput: one child process, interleaved rounds, concurrency 8 and 64 (throughput.mjs)
//   2. memory: 1,000,000 items at concurrency 8, a fresh process per row (memory.mjs)
//   3. the validation-client scenario (validation.mjs) at concurrency 4 and 15
// Environment knobs for quick runs: BENCH_TASKS, BENCH_ROUNDS, BENCH_MEMORY_ITEMS, BENCH_VALIDATION_TRIALS.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
if (!existsSync(here("../../runtime/dist/esm/index.js"))) {
  console.error("runtime/dist/esm/index.js is missing: run `npm run build` first.");
  process.exit(1);
}
const runJson = (args) =>
  JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }).trim().split("\n").at(-1));
const fmt = (value, digits = 2) => value.toFixed(digits);
const lines = [];
const print = (line = "") => {
  lines.push(line);
  console.log(line);
};
const targets = [];
const target = (label, ok, detail) => targets.push(`- ${ok ? "met" : "MISSED"}: ${label} (${detail})`);

print(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), ${new Date().toISOString()}`);
print();

// 1. Throughput
const throughput = runJson([here("throughput.mjs")]);
print(`### Throughput: ${throughput.tasks.toLocaleString("en-US")} trivially resolving tasks, million tasks/s`);
print();
print(`Median of ${throughput.rounds} interleaved rounds after 2 warm-up rounds, all in one process (min–max in brackets). Higher is better.`);
print();
print("| implementation | concurrency 8 | concurrency 64 |");
print("|---|---:|---:|");
const names = Object.keys(throughput.summary["8"]);
const cell = (c, name) => {
  const s = throughput.summary[c][name];
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
};
for (const name of names) print(`| ${name} | ${cell("8", name)} | ${cell("64", name)} |`);
print();
for (const c of ["8", "64"]) {
  const s = throughput.summary[c];
  const anchors = ["p-limit + Promise.all", "p-map pMap", "async mapLimit"];
  const best = anchors.reduce((a, b) => (s[a].median >= s[b].median ? a : b));
  const ratio = (ours, anchor) => `${fmt(s[ours].median)} vs ${anchor} ${fmt(s[anchor].median)} M/s, ×${fmt(s[ours].median / s[anchor].median)}`;
  target(`mapLimit ≥ best of p-limit, pMap, async.mapLimit at concurrency ${c}`, s["ours mapLimit"].median >= s[best].median, ratio("ours mapLimit", best));
  target(`mapLimit, mapper reads signal ≥ best of p-limit, pMap, async.mapLimit at concurrency ${c}`,
    s["ours mapLimit (mapper reads signal)"].median >= s[best].median, ratio("ours mapLimit (mapper reads signal)", best));
  target(`mapLazy ≥ pMapIterable at concurrency ${c}`, s["ours mapLazy (ordered)"].median >= s["p-map pMapIterable"].median,
    ratio("ours mapLazy (ordered)", "p-map pMapIterable"));
  target(`mapLazy, mapper reads signal ≥ pMapIterable at concurrency ${c}`,
    s["ours mapLazy (ordered, mapper reads signal)"].median >= s["p-map pMapIterable"].median,
    ratio("ours mapLazy (ordered, mapper reads signal)", "p-map pMapIterable"));
  target(`createLimit ≥ p-limit at concurrency ${c}`, s["ours createLimit + Promise.all"].median >= s["p-limit + Promise.all"].median,
    ratio("ours createLimit + Promise.all", "p-limit + Promise.all"));
}

// 2. Memory
const { rows } = runJson([here("memory.mjs")]);
const memory = rows.map((row) => runJson([here("memory.mjs"), row]));
print(`### Memory: ${memory[0].items.toLocaleString("en-US")} items from a generator, concurrency 8, fresh process per row`);
print();
print("| row | peak RSS (MB) | time (s) |");
print("|---|---:|---:|");
for (const row of memory) print(`| ${row.name} | ${fmt(row.peakRssMb, 0)} | ${fmt(row.seconds)} |`);
print();
const rss = (name) => memory.find((row) => row.name === name).peakRssMb;
target("1,000,000 items, mapLimit ≤ pMap (results kept)", rss("ours mapLimit, results kept") <= rss("p-map pMap, results kept"),
  `${fmt(rss("ours mapLimit, results kept"), 0)} vs ${fmt(rss("p-map pMap, results kept"), 0)} MB`);
target("1,000,000 items streamed by mapLazy ≤ 70 MB RSS", rss("ours mapLazy, streaming") <= 70, `${fmt(rss("ours mapLazy, streaming"), 0)} MB`);
target("1,000,000 items streamed by mapLazy({ ordered: false }) ≤ 70 MB RSS", rss("ours mapLazy (ordered: false), streaming") <= 70,
  `${fmt(rss("ours mapLazy (ordered: false), streaming"), 0)} MB`);

// 3. Validation client, at the concurrency the validation-client test uses (4) and a wider one (15)
for (const concurrency of [4, 15]) {
  const validation = runJson(["--no-warnings", here("validation.mjs"), String(concurrency)]);
  print(`### Validation client: ${validation.requests} requests of 10–20 ms, each valid with probability 0.5, stop after 10 valid, concurrency ${concurrency}`);
  print();
  print(`Concurrency ${validation.concurrency} where the approach has one; mean of ${validation.trials} seeded trials (same workload for every approach). "Un-aborted" is measured one macrotask after the stop; "billed after the stop" counts requests that ran to completion although nobody wanted them any more.`);
  print();
  print("| approach | started by the stop | started in total | aborted | running un-aborted after the stop | billed after the stop | unhandled rejections | MaxListenersExceeded warnings | ms to the 10th valid |");
  print("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, r] of Object.entries(validation.results)) {
    print(`| ${name} | ${fmt(r.startedByStop, 1)} | ${fmt(r.started, 1)} | ${fmt(r.aborted, 1)} | ${fmt(r.runningUnabortedAfterStop, 1)} | ${fmt(r.finishedAfterStop, 1)} | ${fmt(r.unhandledRejections, 1)} | ${fmt(r.listenerWarnings, 1)} | ${fmt(r.msToStop, 0)} |`);
  }
  print();
  const ours = validation.results["ours mapLazy"];
  target(`validation client at concurrency ${concurrency}: 0 un-aborted and 0 billed after the stop, 0 unhandled rejections`,
    ours.runningUnabortedAfterStop === 0 && ours.finishedAfterStop === 0 && ours.unhandledRejections === 0 && ours.listenerWarnings === 0,
    `${ours.runningUnabortedAfterStop} un-aborted, ${ours.finishedAfterStop} billed after the stop, ${ours.unhandledRejections} unhandled`);
}

print("### Targets");
print();
for (const line of targets) print(line);
