// `eslint-plugin-llm-cost/runtime` is the llm-cost-runtime package's own build, copied into the plugin's
// dist/ (ESM → dist/src/runtime, CommonJS → dist/cjs/runtime) by `npm run build` after runtime/ is built.
//
// A copy rather than a dependency on llm-cost-runtime: a dependency would be installed (and hoisted
// into node_modules/llm-cost-runtime) wherever the plugin is, usually as a dev dependency, so code the
// fixes rewrite would resolve the runtime in development and fail after `npm ci --omit=dev`, and the
// rules could no longer tell from node_modules whether the project itself installed it.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = path.join(root, "runtime", "dist");
if (!existsSync(path.join(built, "esm", "index.js")) || !existsSync(path.join(built, "cjs", "index.cjs"))) {
  console.error("copy-runtime: runtime/dist is missing; run `node runtime/scripts/build.mjs` first");
  process.exit(1);
}
for (const [from, to] of [
  ["esm", "dist/src/runtime"],
  ["cjs", "dist/cjs/runtime"],
]) {
  const target = path.join(root, to);
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(built, from), target, { recursive: true });
}
