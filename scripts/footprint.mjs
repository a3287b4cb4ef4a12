// What `npm i -D eslint-plugin-llm-cost` adds to a project that already has ESLint and TypeScript, next to what
// typescript-eslint's own plugin, the `typescript-eslint` package and eslint-plugin-unicorn add, measured in
// the same run, from the same npm cache, over the same eslint and typescript versions: installed packages
// (package-lock.json entries) and megabytes in node_modules (1 MB = 10^6 bytes): the files' sizes, and the disk
// space `du` reports (whole blocks, which is what small files really take).
//
// Usage: node scripts/footprint.mjs [path/to/eslint-plugin-llm-cost-x.y.z.tgz] [--json]
//   (without a tarball, `npm pack` builds one as `npm publish` would)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { directoryBytes, installedPackages, megabytes, npmInstall, packTarball, pool, run, seconds, writeFiles } from "./consumers/tools.mjs";

/** The packages compared with the plugin. */
export const comparedPackages = ["@typescript-eslint/eslint-plugin", "typescript-eslint", "eslint-plugin-unicorn"];

/**
 * Installs a base project (eslint@^10, typescript@^6) and, in parallel, the same base plus each compared
 * package; returns one row per package with what it adds over the base.
 */
export async function measureFootprint({ tarball, work }) {
  const started = performance.now();
  const project = async (name, devDependencies) => {
    const directory = path.join(work, name);
    writeFiles(directory, { "package.json": { name: `footprint-${name}`, private: true, devDependencies } });
    const installed = await npmInstall(directory);
    if (installed.status !== 0) throw new Error(`footprint: npm install failed in ${name}:\n${installed.stderr.slice(-1500)}`);
    const du = await run("du", ["-sk", "node_modules"], { cwd: directory });
    const diskBytes = Number.parseInt(du.stdout, 10) * 1024;
    return { directory, packages: installedPackages(directory), bytes: directoryBytes(path.join(directory, "node_modules")), diskBytes, ms: installed.ms };
  };
  // The base first: its exact eslint and typescript versions are the ones every other project gets.
  const base = await project("base", { eslint: "^10.0.0", typescript: "^6.0.0" });
  const version = (name) => base.packages.find((entry) => entry.key === `node_modules/${name}`)?.version;
  const baseDependencies = { eslint: version("eslint"), typescript: version("typescript") };
  const candidates = [
    { label: "eslint-plugin-llm-cost", spec: { "eslint-plugin-llm-cost": `file:${tarball}` } },
    ...comparedPackages.map((name) => ({ label: name, spec: { [name]: "*" } })),
  ];
  const measured = await pool(
    candidates.map((candidate, index) => () => project(`candidate-${index}`, { ...baseDependencies, ...candidate.spec })),
    4,
  );
  const baseKeys = new Set(base.packages.map((entry) => `${entry.key}@${entry.version}`));
  const rows = candidates.map((candidate, index) => {
    const result = measured[index];
    const added = result.packages.filter((entry) => !baseKeys.has(`${entry.key}@${entry.version}`));
    const own = result.packages.find((entry) => entry.key === `node_modules/${candidate.label}`);
    return {
      package: candidate.label,
      version: own?.version,
      addedPackages: added.length,
      addedBytes: result.bytes - base.bytes,
      addedDiskBytes: result.diskBytes - base.diskBytes,
      added: added.map((entry) => `${entry.name}@${entry.version}`).sort(),
      installMs: result.ms,
    };
  });
  return {
    base: { eslint: baseDependencies.eslint, typescript: baseDependencies.typescript, packages: base.packages.length, bytes: base.bytes, diskBytes: base.diskBytes },
    rows,
    ms: performance.now() - started,
  };
}

export function footprintTable({ base, rows }) {
  const lines = [
    `over eslint ${base.eslint} + typescript ${base.typescript} (${base.packages} packages, ${megabytes(base.bytes)} of files, ${megabytes(base.diskBytes)} on disk), Node ${process.version}:`,
    "",
    "| package | version | + packages | + MB (files) | + MB (du) |",
    "| --- | --- | ---: | ---: | ---: |",
    ...rows.map(
      (row) =>
        `| ${row.package} | ${row.version ?? "?"} | +${row.addedPackages} | +${(row.addedBytes / 1e6).toFixed(1)} | +${(row.addedDiskBytes / 1e6).toFixed(1)} |`,
    ),
  ];
  return lines.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const work = mkdtempSync(path.join(os.tmpdir(), "llm-cost-footprint-"));
  try {
    const given = args.find((argument) => argument.endsWith(".tgz"));
    const tarball = given === undefined ? (await packTarball(path.join(work, "pack"))).tarball : path.resolve(given);
    const result = await measureFootprint({ tarball, work });
    if (json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(footprintTable(result));
      const plugin = result.rows[0];
      console.log(`\nadded by eslint-plugin-llm-cost: ${plugin.added.join(", ")}`);
      console.log(`measured in ${seconds(result.ms)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
