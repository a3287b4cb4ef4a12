// Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and lists the heaviest functions by inclusive time, so a
// rule over its budget can be traced to the function that costs. Usable alone:
//   node bench/lint/profile.mjs <file.cpuprofile> [path-regex] [count]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * @param {string} profileFile
 * @param {RegExp} include which functions to list, matched against their script URL
 * @param {number} count
 * @returns {string} a markdown table
 */
export function summarizeProfile(profileFile, include, count) {
  const profile = JSON.parse(readFileSync(profileFile, "utf8"));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfTime = new Map();
  profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

  const label = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/(dist|node_modules)\//u, "$1/");
    return { key: `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`, url };
  };
  const inclusive = new Map();
  let sampled = 0;
  for (const [id, time] of selfTime) {
    sampled += time;
    const counted = new Set();
    for (let current = id; current !== undefined; current = parentOf.get(current)) {
      const { key, url } = label(nodes.get(current));
      if (counted.has(key) || !include.test(url)) continue;
      counted.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
    }
  }
  const rows = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    "| inclusive (ms) | of profile | function |",
    "|---:|---:|---|",
    ...rows.map(([key, time]) => `| ${(time / 1000).toFixed(0)} | ${((100 * time) / sampled).toFixed(1)}% | \`${key}\` |`),
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [profileFile, pattern = "/dist/(src|rules)/", count = "30"] = process.argv.slice(2);
  if (profileFile === undefined) {
    console.error("usage: node bench/lint/profile.mjs <file.cpuprofile> [path-regex] [count]");
    process.exit(2);
  }
  console.log(summarizeProfile(profileFile, new RegExp(pattern, "u"), Number(count)));
}
