// Builds the CommonJS copy of the runtime helper: dist/cjs/runtime/*.cjs and *.d.cts, compiled
// from src/runtime with tsconfig.runtime-cjs.json. The package is "type": "module", so CommonJS
// files need the .cjs extension, and their relative requires and type imports must name it too.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// A private staging directory, so concurrent builds (a test and a manual build) cannot collide.
const staging = mkdtempSync(join(tmpdir(), "llm-cost-runtime-cjs-"));
// `--out <dir>` builds elsewhere (scripts/check-runtime-consumers.mjs uses a temporary package).
const outFlag = process.argv.indexOf("--out");
const target = outFlag === -1 ? join(root, "dist/cjs/runtime") : resolve(process.argv[outFlag + 1] ?? "");

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.runtime-cjs.json"), "--noEmit", "false", "--outDir", staging], {
  stdio: "inherit",
});
if (compiled.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.exit(compiled.status ?? 1);
}

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
// `require("./task.js")` → `require("./task.cjs")`; `from "./task.js"` → `from "./task.cjs"`.
const relativeJs = /((?:require\(|from |import\()\s*["'])(\.\.?\/[^"']+)\.js(["'])/g;
for (const name of readdirSync(staging)) {
  const source = readFileSync(join(staging, name), "utf8").replace(relativeJs, "$1$2.cjs$3");
  const renamed = name.endsWith(".d.ts") ? name.replace(/\.d\.ts$/, ".d.cts") : name.replace(/\.js$/, ".cjs");
  writeFileSync(join(target, renamed), source);
}
rmSync(staging, { recursive: true, force: true });
console.log(`runtime (CommonJS) → ${target}`);
