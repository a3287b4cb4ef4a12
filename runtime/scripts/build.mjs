// Builds llm-cost-runtime: ESM (dist/esm/*.js, *.d.ts) from tsconfig.json and CommonJS
// (dist/cjs/*.cjs, *.d.cts) from tsconfig.cjs.json. The package is "type": "module", so CommonJS
// files need the .cjs extension, and their relative requires and type imports must name it too.
//
//   node runtime/scripts/build.mjs              builds into runtime/dist
//   node runtime/scripts/build.mjs --out <dir>  builds into <dir>/esm and <dir>/cjs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outFlag = process.argv.indexOf("--out");
const out = outFlag === -1 ? join(packageRoot, "dist") : resolve(process.argv[outFlag + 1] ?? "");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function compile(config, outDir) {
  const compiled = spawnSync(process.execPath, [tsc, "-p", join(packageRoot, config), "--outDir", outDir], { stdio: "inherit" });
  if (compiled.status !== 0) process.exit(compiled.status ?? 1);
}

// Private staging directories, so concurrent builds (a test and a manual build) cannot collide.
const staging = mkdtempSync(join(tmpdir(), "llm-cost-runtime-build-"));
try {
  compile("tsconfig.json", join(staging, "esm"));
  compile("tsconfig.cjs.json", join(staging, "cjs"));
  const esm = join(out, "esm");
  const cjs = join(out, "cjs");
  rmSync(esm, { recursive: true, force: true });
  rmSync(cjs, { recursive: true, force: true });
  mkdirSync(esm, { recursive: true });
  mkdirSync(cjs, { recursive: true });
  for (const name of readdirSync(join(staging, "esm"))) writeFileSync(join(esm, name), readFileSync(join(staging, "esm", name)));
  // `require("./task.js")` → `require("./task.cjs")`; `from "./task.js"` → `from "./task.cjs"`.
  const relativeJs = /((?:require\(|from |import\()\s*["'])(\.\.?\/[^"']+)\.js(["'])/g;
  for (const name of readdirSync(join(staging, "cjs"))) {
    const source = readFileSync(join(staging, "cjs", name), "utf8").replace(relativeJs, "$1$2.cjs$3");
    const renamed = name.endsWith(".d.ts") ? name.replace(/\.d\.ts$/, ".d.cts") : name.replace(/\.js$/, ".cjs");
    writeFileSync(join(cjs, renamed), source);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
