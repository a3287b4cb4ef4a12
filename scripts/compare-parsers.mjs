// Lints every JavaScript file (.js, .mjs, .cjs, .jsx) under the given directories twice with every rule — once
// parsed by typescript-eslint's parser (what the configs used for JavaScript before), once by the configs'
// parser (ESLint's espree for JavaScript) — and reports every file where the findings, fixes or suggestions
// differ. Files only one parser can read are counted apart. Run `npm run build` first.
//
// Usage: node scripts/compare-parsers.mjs <directory>... [--llm-only] [--limit N]
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as typescriptParser from "@typescript-eslint/parser";
import { Linter } from "eslint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { default: plugin } = await import(pathToFileURL(path.join(root, "dist", "src", "index.js")).href);
const { parser } = await import(pathToFileURL(path.join(root, "dist", "src", "parser.js")).href);

const args = process.argv.slice(2);
// --llm-only: only files that mention an LLM SDK (where the rules have something to find)
const llmOnly = args.includes("--llm-only");
if (llmOnly) args.splice(args.indexOf("--llm-only"), 1);
const mentionsLlm = /openai|anthropic|generateText|streamText|chat\.completions|messages\.create|generateContent|langchain|ollama|bedrock|mistral|cohere|groq/u;
const limitIndex = args.indexOf("--limit");
const limit = limitIndex === -1 ? Number.POSITIVE_INFINITY : Number(args.splice(limitIndex, 2)[1]);
const skipped = new Set(["node_modules", "dist", "build", "out", ".next", "coverage", "vendor", ".git"]);

function javaScriptFiles(directory, found = []) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && !skipped.has(entry.name)) javaScriptFiles(full, found);
    else if (entry.isFile() && /\.(?:[cm]?js|jsx)$/u.test(entry.name) && !entry.name.endsWith(".min.js")) found.push(full);
  }
  return found;
}

const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`llm-cost/${name}`, "error"]));
const configWith = (languageParser) => [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  { files: ["**/*.{js,mjs,cjs,jsx}"], languageOptions: { parser: languageParser }, plugins: { "llm-cost": plugin }, rules },
];
const typescriptConfig = configWith(typescriptParser);
const espreeConfig = configWith(parser);

const describe = (messages) =>
  messages.map((message) =>
    JSON.stringify([
      message.ruleId,
      message.line,
      message.column,
      message.endLine,
      message.endColumn,
      message.messageId,
      message.fix?.range,
      message.fix?.text,
      (message.suggestions ?? []).map((suggestion) => [suggestion.messageId, suggestion.fix.range, suggestion.fix.text]),
    ]),
  );

const totals = { files: 0, compared: 0, findings: 0, different: 0, onlyTypeScriptParses: 0, onlyEspreeParses: 0, neither: 0 };
const differences = [];
const started = performance.now();
for (const directory of args) {
  for (const file of javaScriptFiles(path.resolve(directory))) {
    if (totals.files >= limit) break;
    totals.files += 1;
    const text = readFileSync(file, "utf8");
    if (text.length > 512 * 1024 || (llmOnly && !mentionsLlm.test(text))) continue;
    const linter = new Linter({ configType: "flat", cwd: path.dirname(file) });
    const withTypeScript = linter.verify(text, typescriptConfig, file);
    const withEspree = linter.verify(text, espreeConfig, file);
    const typeScriptFatal = withTypeScript.some((message) => message.fatal);
    const espreeFatal = withEspree.some((message) => message.fatal);
    if (typeScriptFatal || espreeFatal) {
      if (typeScriptFatal && espreeFatal) totals.neither += 1;
      else if (espreeFatal) {
        totals.onlyTypeScriptParses += 1;
        differences.push({ file, kind: "espree cannot parse", detail: withEspree.find((message) => message.fatal)?.message });
      } else totals.onlyEspreeParses += 1;
      continue;
    }
    totals.compared += 1;
    totals.findings += withTypeScript.length;
    const left = describe(withTypeScript).sort().join("\n");
    const right = describe(withEspree).sort().join("\n");
    if (left !== right) {
      totals.different += 1;
      differences.push({ file, kind: "different findings", detail: `typescript-eslint:\n${left}\nespree:\n${right}` });
    }
  }
}
for (const difference of differences.slice(0, 40)) console.log(`- ${difference.kind}: ${difference.file}\n  ${String(difference.detail).split("\n").join("\n  ")}`);
console.log(JSON.stringify({ ...totals, seconds: Math.round((performance.now() - started) / 1000) }));
process.exitCode = totals.different > 0 ? 1 : 0;
