// One measured lint, in a fresh process so that no run warms the plugin's module caches for the next one
// and `maxRSS` is this lint's alone. Usage: node bench/lint/lint-run.mjs <job.json> <result.json>
//
// job: { cwd, configFile, files, concurrency?: "off" | "auto" | number, stats?: boolean }
// result: { wallMs, maxRssMb, retainedHeapMb (with --expose-gc), workers, files, times: { parse, fix, total, rules: { [ruleId]: ms } },
//           findings: { count, hash, byRule }, fatal: [messages] }
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { ESLint } from "eslint";

const [jobFile, resultFile] = process.argv.slice(2);
if (jobFile === undefined || resultFile === undefined) {
  console.error("usage: node bench/lint/lint-run.mjs <job.json> <result.json>");
  process.exit(2);
}
const job = JSON.parse(readFileSync(jobFile, "utf8"));

const eslint = new ESLint({
  cwd: job.cwd,
  overrideConfigFile: job.configFile,
  stats: job.stats ?? true,
  concurrency: job.concurrency ?? "off",
  cache: false,
});

const started = performance.now();
const results = await eslint.lintFiles(job.files);
const wallMs = performance.now() - started;

const times = { parse: 0, fix: 0, total: 0, rules: {} };
const findings = [];
const byRule = {};
const fatal = [];
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    times.parse += pass.parse?.total ?? 0;
    times.fix += pass.fix?.total ?? 0;
    times.total += pass.total ?? 0;
    for (const [ruleId, { total }] of Object.entries(pass.rules ?? {})) times.rules[ruleId] = (times.rules[ruleId] ?? 0) + total;
  }
  const relative = path.relative(job.cwd, result.filePath);
  for (const message of result.messages) {
    if (message.fatal) fatal.push(`${relative}: ${message.message}`);
    findings.push(`${relative}:${message.line}:${message.column}:${message.ruleId}:${message.messageId ?? message.message}`);
    byRule[message.ruleId ?? "(parse)"] = (byRule[message.ruleId ?? "(parse)"] ?? 0) + 1;
  }
}
findings.sort();

// What stays alive once the lint is over (run with --expose-gc): the plugin's caches, not its garbage.
results.length = 0;
globalThis.gc?.();
const retainedHeapMb = globalThis.gc === undefined ? undefined : process.memoryUsage().heapUsed / 1024 / 1024;

writeFileSync(
  resultFile,
  JSON.stringify({
    wallMs,
    // `maxRSS` is in kilobytes; worker threads share the process, so it covers them too.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    retainedHeapMb,
    files: results.length,
    times,
    findings: { count: findings.length, hash: createHash("sha1").update(findings.join("\n")).digest("hex"), byRule },
    fatal,
  }),
);
