// Removes `export { plugin as "module.exports" }` from the plugin's emitted declarations. The export itself
// stays in the JavaScript (Node's require(esm) returns it); a string export name in a `.d.ts` is a syntax
// error for TypeScript before 5.6, even with `skipLibCheck`, and the package supports TypeScript >= 5.0.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const declarations = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "src", "index.d.ts");
const text = readFileSync(declarations, "utf8");
const stripped = text.replace(/^export \{ plugin as "module\.exports" \};\n/mu, "");
if (stripped === text) {
  console.error(`strip-declaration-exports: no "module.exports" export found in ${declarations}`);
  process.exit(1);
}
writeFileSync(declarations, stripped);
