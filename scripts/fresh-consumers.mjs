// Fresh consumers: the plugin as a new user gets it. `npm pack` builds the tarball exactly as `npm publish`
// does (prepack), then temporary projects install it from the npm cache and run `eslint` on a small app:
//
//   js-only            ESLint 10, no TypeScript at all, ESM + CommonJS + JSX, .gitignore through includeIgnoreFile
//   typescript-6       ESLint 10, TypeScript 6, untyped and with projectService on the TypeScript files (README)
//   typescript-7-alias ESLint 10, TypeScript 7's tsc beside TypeScript 6 as `typescript` (docs/typescript-7.md)
//   typescript-7       ESLint 10, TypeScript 7 without the alias: JavaScript linted, one line per TypeScript file
//   tseslint-latest    ESLint 10, typescript-eslint recommended and recommendedTypeChecked + projectService,
//                      with the plugin's config before and after theirs
//   tseslint-8.55      ESLint 9, an older typescript-eslint than the plugin's (npm nests the plugin's copy): same
//   eslint-9           ESLint 9, TypeScript 5.9, the plugin alone
//   monorepo           npm workspaces, two packages, a nested .gitignore, settings["llm-cost"].llmCalls
//   old-typescript     TypeScript 5.0 and 5.4 read the packed declarations
//
// and checks findings, exit codes, the config types (`defineConfig`, `Linter.Config[]`), that npm ci works
// from the committed lockfile, that no consumer's production tree below the plugin has a floating spec, and
// the footprint against typescript-eslint's plugin (scripts/footprint.mjs). Prints a matrix with timings.
//
// Needs the npm registry (or a warm npm cache).
// Usage: node scripts/fresh-consumers.mjs [--only name,name] [--keep] [--tarball path/to/packed.tgz]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { findFloatingSpecs } from "./check-production-specs.mjs";
import { npmEnvironment, npmInstall, packTarball, pool, repositoryRoot, run, seconds, writeFiles } from "./consumers/tools.mjs";
import { footprintTable, measureFootprint } from "./footprint.mjs";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const onlyIndex = args.indexOf("--only");
const only = onlyIndex === -1 ? undefined : new Set((args[onlyIndex + 1] ?? "").split(","));
// --tarball <file>: check an already packed tarball (an older version, to see these checks fail) instead of packing.
const tarballIndex = args.indexOf("--tarball");
const givenTarball = tarballIndex === -1 ? undefined : path.resolve(args[tarballIndex + 1] ?? "");
const work = mkdtempSync(path.join(os.tmpdir(), "llm-cost-fresh-"));
const started = performance.now();

// ---------------------------------------------------------------------------------------------- the app

const RMT = "llm-cost/require-max-tokens";
const NUC = "llm-cost/no-unbounded-concurrency";

const ASK_JS = `import OpenAI from "openai";

const client = new OpenAI();

export async function ask(question) {
  const completion = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: question }] });
  return completion.choices[0]?.message.content ?? "";
}
`;

const LEGACY_CJS = `const OpenAI = require("openai");

const client = new OpenAI();

module.exports = async function summarize(text) {
  return client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: text }] });
};
`;

// JSX, a component used only in JSX (no-unused-vars must see it), and an unbounded fan-out.
const SUMMARIES_JSX = `import OpenAI from "openai";
import { Card } from "./card.jsx";

const client = new OpenAI();

export async function Summaries({ documents }) {
  const summaries = await Promise.all(
    documents.map((text) =>
      client.chat.completions.create({ model: "gpt-5-mini", max_completion_tokens: 200, messages: [{ role: "user", content: text }] }),
    ),
  );
  return <ul>{summaries.map((summary, index) => <Card key={index} text={summary.choices[0].message.content} />)}</ul>;
}
`;

const CARD_JSX = `export function Card({ text }) {
  return <li>{text}</li>;
}
`;

const ASK_TS = `import OpenAI from "openai";

const client = new OpenAI();

export async function ask(question: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: question }] });
  return completion.choices[0]?.message.content ?? "";
}
`;

const SUMMARIES_TS = `import OpenAI from "openai";

const client = new OpenAI();

export async function summarizeAll(documents: string[]): Promise<string[]> {
  const completions = await Promise.all(
    documents.map((text) =>
      client.chat.completions.create({ model: "gpt-5-mini", max_completion_tokens: 200, messages: [{ role: "user", content: text }] }),
    ),
  );
  return completions.map((completion) => completion.choices[0]?.message.content ?? "");
}
`;

const REPORT_MJS = `import OpenAI from "openai";

const client = new OpenAI();

export async function report(findings) {
  return client.responses.create({ model: "gpt-5-mini", input: findings.join("\\n") });
}
`;

// Records every load of typescript (any copy) in the eslint process.
const TRACE_TYPESCRIPT = `const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]typescript[\\\\/]lib[\\\\/]/u.test(file));
  writeFileSync(process.env.TRACE_FILE, JSON.stringify(loaded));
});
`;

const TSCONFIG = {
  compilerOptions: {
    target: "es2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: false,
    types: [],
  },
  // config-types.ts is at the root: a TypeScript file no tsconfig includes fails to parse with projectService.
  include: ["src", "config-types.ts"],
};

// The config the README gives for type information: the project service on TypeScript files only.
const TYPED_CONFIG = `import { defineConfig, globalIgnores } from "eslint/config";
import llmCost from "eslint-plugin-llm-cost";

export default defineConfig(
  globalIgnores(["dist/"]),
  llmCost.configs.recommended,
  {
    files: ["**/*.{ts,mts,cts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
);
`;

const UNTYPED_CONFIG = `import llmCost from "eslint-plugin-llm-cost";

export default [llmCost.configs.recommended];
`;

// The shapes users type their configs in (issue 12, item 6), type-checked with the project's TypeScript.
const CONFIG_TYPES_TS = `import type { Linter } from "eslint";
import { defineConfig } from "eslint/config";
import llmCost from "eslint-plugin-llm-cost";

export const viaDefineConfig = defineConfig(llmCost.configs.recommended, {
  plugins: { "llm-cost": llmCost },
  rules: { "llm-cost/require-max-tokens": ["error", { defaultMaxTokens: 512 }] },
  settings: { "llm-cost": { llmCalls: ["callModel"] } },
});
export const asArray: Linter.Config[] = [llmCost.configs.recommended, llmCost.configs.all];
`;

const CONFIG_TYPES_TSCONFIG = {
  compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: [] },
  files: ["config-types.ts"],
};

const TYPESCRIPT_APP = {
  "src/ask.ts": ASK_TS,
  "src/summaries.ts": SUMMARIES_TS,
  "src/report.mjs": REPORT_MJS,
  "tsconfig.json": TSCONFIG,
  "eslint.config.js": TYPED_CONFIG,
  "eslint.untyped.config.js": UNTYPED_CONFIG,
  "config-types.ts": CONFIG_TYPES_TS,
  "tsconfig.config-types.json": CONFIG_TYPES_TSCONFIG,
};
const TYPESCRIPT_APP_FINDINGS = { "src/ask.ts": [RMT], "src/report.mjs": [RMT], "src/summaries.ts": [NUC] };

// --------------------------------------------------------------------------------------------- checking

/** One consumer's results: each check is a line; a failed one fails the stage. */
class Report {
  constructor(name) {
    this.name = name;
    this.lines = [];
    this.failures = 0;
  }
  pass(label) {
    this.lines.push(`  ok    ${label}`);
  }
  fail(label, detail) {
    this.failures += 1;
    this.lines.push(`  FAIL  ${label}${detail ? `\n${String(detail).replace(/^/gmu, "        ")}` : ""}`);
  }
  info(label) {
    this.lines.push(`  info  ${label}`);
  }
  check(label, ok, detail) {
    if (ok) this.pass(label);
    else this.fail(label, detail);
    return ok;
  }
  equal(label, actual, expected) {
    const same = JSON.stringify(actual) === JSON.stringify(expected);
    return this.check(label, same, same ? undefined : `expected ${JSON.stringify(expected)}\n     got ${JSON.stringify(actual)}`);
  }
}

const eslintBin = (directory) => path.join(directory, "node_modules", "eslint", "bin", "eslint.js");

/** `eslint --format json` in `directory`: exit status, findings per file (rule ids, or the fatal message), every message. */
async function eslint(directory, eslintArgs, { cwd = directory, nodeArgs = [], env } = {}) {
  const result = await run(process.execPath, [...nodeArgs, eslintBin(directory), "--format", "json", ...eslintArgs], {
    cwd,
    env: { ...npmEnvironment, ...env },
  });
  let results = [];
  try {
    results = JSON.parse(result.stdout);
  } catch {
    // reported through `findings` being empty and stderr
  }
  const findings = {};
  const messages = [];
  for (const fileResult of results) {
    const file = path.relative(directory, fileResult.filePath).split(path.sep).join("/");
    const ids = fileResult.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
    if (ids.length > 0) findings[file] = ids.sort();
    for (const message of fileResult.messages) messages.push(`${file}:${message.line}:${message.column} ${message.ruleId ?? "fatal"} ${message.message}`);
  }
  return { status: result.status, findings: sortKeys(findings), messages: messages.sort(), stderr: result.stderr, ms: result.ms };
}

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

const onlyPlugin = (findings) =>
  sortKeys(Object.fromEntries(Object.entries(findings).map(([file, ids]) => [file, ids.filter((id) => id.startsWith("llm-cost/"))]).filter(([, ids]) => ids.length > 0)));

function installedVersion(directory, name) {
  try {
    return JSON.parse(readFileSync(path.join(directory, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

/** No floating spec in the production tree below the installed plugin (the consumer's own lockfile). */
function checkProductionSpecs(report, directory) {
  const lock = JSON.parse(readFileSync(path.join(directory, "package-lock.json"), "utf8"));
  const { findings, packagesWalked } = findFloatingSpecs(lock, "node_modules/eslint-plugin-llm-cost");
  report.check(
    `no latest/*/git/URL spec below the plugin in the consumer's lockfile (${packagesWalked} packages)`,
    findings.length === 0,
    findings.map((finding) => `${finding.package}: "${finding.name}": "${finding.spec}" (${finding.reason})`).join("\n"),
  );
}

/** The compiler of an installed TypeScript package (`tsc`, or `tsc6` for @typescript/typescript6 under the name typescript). */
function compilerOf(directory, name = "typescript") {
  const packageDirectory = path.join(directory, "node_modules", name);
  const { bin } = JSON.parse(readFileSync(path.join(packageDirectory, "package.json"), "utf8"));
  return path.join(packageDirectory, typeof bin === "string" ? bin : Object.values(bin)[0]);
}

async function typeCheck(report, directory, label, tscArgs, tscPath = compilerOf(directory)) {
  const result = await run(process.execPath, [tscPath, ...tscArgs], { cwd: directory });
  return report.check(label, result.status === 0, `${result.stdout}${result.stderr}`.split("\n").slice(0, 12).join("\n"));
}

/** The CLI's config mode (issue 12, item 7) is what these checks expect; an older CLI is reported, not judged. */
async function cliHasConfigMode(directory) {
  const help = await run(process.execPath, [path.join(directory, "node_modules", "eslint-plugin-llm-cost", "dist", "src", "cli.js"), "--help"], { cwd: directory });
  return /--audit\b/u.test(help.stdout + help.stderr);
}

// ---------------------------------------------------------------------------------------------- consumers

function consumers(tarball) {
  const plugin = { "eslint-plugin-llm-cost": `file:${tarball}` };
  const typeScriptChecks = async (report, directory) => {
    const untyped = await eslint(directory, ["--config", "eslint.untyped.config.js", "."]);
    report.equal("eslint . (untyped): findings", untyped.findings, TYPESCRIPT_APP_FINDINGS);
    report.equal("eslint . (untyped): exit 1", untyped.status, 1);
    const typed = await eslint(directory, ["."]);
    report.equal("eslint . (README's typed config: projectService on TypeScript files): findings", typed.findings, TYPESCRIPT_APP_FINDINGS);
    report.equal("eslint . (typed): exit 1", typed.status, 1);
    await typeCheck(report, directory, "config types: defineConfig(llmCost.configs.recommended), Linter.Config[], plugins", [
      "-p",
      "tsconfig.config-types.json",
    ]);
  };

  return [
    {
      name: "js-only",
      description: "ESLint 10, no TypeScript",
      devDependencies: { eslint: "^10.0.0", "@eslint/js": "^10.0.0", ...plugin },
      files: {
        ".gitignore": "node_modules/\ndist/\n",
        "eslint.config.js": `import js from "@eslint/js";
import { defineConfig, includeIgnoreFile } from "eslint/config";
import llmCost from "eslint-plugin-llm-cost";
import path from "node:path";

export default defineConfig(
  includeIgnoreFile(path.join(import.meta.dirname, ".gitignore")),
  js.configs.recommended,
  llmCost.configs.recommended,
);
`,

        "src/ask.js": ASK_JS,
        "src/legacy.cjs": LEGACY_CJS,
        "src/summaries.jsx": SUMMARIES_JSX,
        "src/card.jsx": CARD_JSX,
        "dist/ask.js": ASK_JS,
      },
      async checks(report, directory) {
        const typeScriptVersion = installedVersion(directory, "typescript");
        if (typeScriptVersion !== undefined) report.info(`npm installed typescript ${typeScriptVersion} (a peer of @typescript-eslint/parser); linting JavaScript must not load it`);
        const traceFile = path.join(directory, "typescript-trace.json");
        // The tracer lives outside the project, so `eslint .` does not lint it.
        const tracer = path.join(work, "trace-typescript.cjs");
        writeFileSync(tracer, TRACE_TYPESCRIPT);
        const result = await eslint(directory, ["."], { nodeArgs: ["--require", tracer], env: { TRACE_FILE: traceFile } });
        report.equal("eslint .: typescript was never loaded", JSON.parse(readFileSync(traceFile, "utf8")), []);
        report.equal(
          "eslint .: findings (CommonJS stays CommonJS with @eslint/js, JSX read, dist/ ignored via .gitignore)",
          result.findings,
          { "src/ask.js": [RMT], "src/legacy.cjs": [RMT], "src/summaries.jsx": [NUC] },
        );
        report.equal("eslint .: exit 1", result.status, 1);
        checkProductionSpecs(report, directory);
      },
    },
    {
      name: "typescript-6",
      description: "ESLint 10, TypeScript 6",
      devDependencies: { eslint: "^10.0.0", typescript: "^6.0.0", openai: "^6.0.0", ...plugin },
      files: TYPESCRIPT_APP,
      checks: typeScriptChecks,
    },
    {
      name: "typescript-7-alias",
      description: "ESLint 10, TypeScript 7 + 6 side by side",
      devDependencies: {
        eslint: "^10.0.0",
        typescript: "npm:@typescript/typescript6@^6.0.2",
        "@typescript/native": "npm:typescript@^7.0.2",
        openai: "^6.0.0",
        ...plugin,
      },
      files: TYPESCRIPT_APP,
      async checks(report, directory) {
        await typeScriptChecks(report, directory);
        const tsc = await run("npx", ["--no-install", "tsc", "--version"], { cwd: directory });
        report.check(`npx tsc is TypeScript 7 (${tsc.stdout.trim()})`, /^Version 7\./u.test(tsc.stdout.trim()));
        const tsc6 = await run("npx", ["--no-install", "tsc6", "--version"], { cwd: directory });
        report.check(`npx tsc6 is TypeScript 6 (${tsc6.stdout.trim()})`, /^Version 6\./u.test(tsc6.stdout.trim()));
        const build = await run("npx", ["--no-install", "tsc", "-p", "tsconfig.json"], { cwd: directory });
        report.check("TypeScript 7's tsc type-checks the project", build.status === 0, `${build.stdout}${build.stderr}`.slice(0, 1500));
      },
    },
    {
      name: "typescript-7",
      description: "ESLint 10, TypeScript 7, no alias",
      devDependencies: { eslint: "^10.0.0", typescript: "^7.0.2", ...plugin },
      files: { "src/ask.js": ASK_JS, "src/ask.ts": ASK_TS, "eslint.config.js": UNTYPED_CONFIG },
      // npm refuses the plugin next to TypeScript 7 (its typescript peer range says so, as typescript-eslint's
      // does); with --legacy-peer-deps (or pnpm, yarn) it installs, and linting must still say what to do.
      async install(report, directory) {
        const refused = await npmInstall(directory);
        report.check(
          'npm install refuses: ERESOLVE on the plugin\'s peer typescript@">=5.0.0 <6.1.0"',
          refused.status !== 0 && refused.stderr.includes("ERESOLVE") && /typescript@"?>=5\.0\.0 <6\.1\.0/u.test(refused.stderr),
          refused.stderr.slice(0, 1500),
        );
        const installed = await npmInstall(directory, ["--legacy-peer-deps"]);
        return { ...installed, ms: refused.ms + installed.ms };
      },
      async checks(report, directory) {
        const typeScriptVersion = installedVersion(directory, "typescript");
        const result = await eslint(directory, ["src"]);
        const oneLine = (result.findings["src/ask.ts"] ?? [])[0] ?? "";
        report.equal("eslint src: the JavaScript file is linted", result.findings["src/ask.js"], [RMT]);
        report.check(
          "eslint src: the TypeScript file gets one line saying what to do",
          oneLine.startsWith(`fatal: Parsing error: TypeScript ${typeScriptVersion} has no compiler API`) &&
            oneLine.includes("npm:@typescript/typescript6") &&
            !oneLine.includes("\n"),
          oneLine,
        );
        report.check("eslint src: no stack trace", !/\n\s+at /u.test(result.stderr), result.stderr.slice(0, 800));
        report.equal("eslint src: exit 1", result.status, 1);
        if (await cliHasConfigMode(directory)) {
          const cli = await run("npx", ["--no-install", "llm-cost", "src"], { cwd: directory });
          report.equal("llm-cost src: exit 2", cli.status, 2);
          report.check("llm-cost src: one line, no stack trace", !/\n\s+at /u.test(cli.stderr) && cli.stderr.includes("no compiler API"), cli.stderr.slice(0, 800));
        } else {
          report.info("llm-cost on this commit has no config mode yet (issue 12, items 7-13): its TypeScript 7 exit is not checked here");
        }
      },
    },
    ...["tseslint-latest", "tseslint-8.55"].map((name) => {
      const older = name === "tseslint-8.55";
      return {
        name,
        description: older ? "ESLint 9, typescript-eslint 8.55 (older than the plugin's)" : "ESLint 10, typescript-eslint latest",
        devDependencies: older
          ? {
              eslint: "^9.0.0",
              "@eslint/js": "^9.0.0",
              typescript: "~5.9.0",
              "typescript-eslint": "8.55.0",
              // Pinned, as teams that pin do: the plugin's ^8.56.0 cannot share it, so npm nests the plugin's copy.
              "@typescript-eslint/parser": "8.55.0",
              openai: "^6.0.0",
              ...plugin,
            }
          : { eslint: "^10.0.0", "@eslint/js": "^10.0.0", typescript: "^6.0.0", "typescript-eslint": "^8.56.0", openai: "^6.0.0", ...plugin },
        files: {
          "src/ask.ts": `${ASK_TS}
export function parse(text: string): unknown {
  const parsed: any = JSON.parse(text);
  return parsed;
}
export function fireAndForget(question: string): void {
  ask(question);
}
`,
          "src/report.js": REPORT_MJS,
          "src/legacy.cjs": LEGACY_CJS,
          "tsconfig.json": TSCONFIG,
          "trace-parsers.cjs": `// Records which copies of typescript-eslint's parser were loaded.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const loaded = Object.keys(require.cache).filter((file) => /@typescript-eslint[\\\\/]parser[\\\\/]dist[\\\\/]index\\.js$/u.test(file));
  writeFileSync(process.env.TRACE_FILE, JSON.stringify(loaded));
});
`,
          ...Object.fromEntries(
            ["untyped", "typed"].flatMap((mode) => {
              const user =
                mode === "untyped"
                  ? "[js.configs.recommended, ...tseslint.configs.recommended]"
                  : "[js.configs.recommended, ...tseslint.configs.recommendedTypeChecked, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } }]";
              const head = `import js from "@eslint/js";
import llmCost from "eslint-plugin-llm-cost";
import tseslint from "typescript-eslint";

const user = ${user};
`;
              return [
                [`${mode}.user.config.js`, `${head}export default user;\n`],
                [`${mode}.first.config.js`, `${head}export default [llmCost.configs.recommended, ...user];\n`],
                [`${mode}.last.config.js`, `${head}export default [...user, llmCost.configs.recommended];\n`],
              ];
            }),
          ),
        },
        async checks(report, directory) {
          report.info(
            `typescript-eslint ${installedVersion(directory, "typescript-eslint")}, its parser ${installedVersion(directory, "@typescript-eslint/parser")}; the plugin's own copy: ${
              installedVersion(path.join(directory, "node_modules", "eslint-plugin-llm-cost"), "@typescript-eslint/parser") ?? "deduplicated"
            }`,
          );
          if (older) {
            report.check(
              "npm nested the plugin's own @typescript-eslint/parser (the case where the user's copy must win)",
              existsSync(path.join(directory, "node_modules", "eslint-plugin-llm-cost", "node_modules", "@typescript-eslint", "parser")),
            );
          }
          const expected = { "src/ask.ts": [RMT], "src/legacy.cjs": [RMT], "src/report.js": [RMT] };
          for (const mode of ["untyped", "typed"]) {
            const traceFile = path.join(directory, `${mode}-trace.json`);
            const [user, first, last] = await Promise.all(
              ["user", "first", "last"].map((order) =>
                eslint(directory, ["--config", `${mode}.${order}.config.js`, "src"], order === "last" ? { nodeArgs: ["--require", path.join(directory, "trace-parsers.cjs")], env: { TRACE_FILE: traceFile } } : {}),
              ),
            );
            report.check(`${mode}: no parsing errors`, ![user, first, last].some((result) => result.messages.some((message) => message.includes(" fatal "))), last.messages.filter((message) => message.includes(" fatal ")).join("\n"));
            report.equal(`${mode}: the plugin's config first or last gives the same messages`, last.messages, first.messages);
            report.equal(
              `${mode}: the user's own findings are unchanged (${user.messages.length} messages)`,
              last.messages.filter((message) => !message.includes(" llm-cost/")),
              user.messages,
            );
            report.equal(`${mode}: the plugin's findings`, onlyPlugin(last.findings), expected);
            const loaded = JSON.parse(readFileSync(traceFile, "utf8")).map((file) => path.relative(directory, file).split(path.sep).join("/"));
            report.equal(`${mode}: placed last, only the user's @typescript-eslint/parser is loaded`, loaded, ["node_modules/@typescript-eslint/parser/dist/index.js"]);
          }
          checkProductionSpecs(report, directory);
        },
      };
    }),
    {
      name: "eslint-9",
      description: "ESLint 9, TypeScript 5.9",
      devDependencies: { eslint: "^9.0.0", typescript: "~5.9.0", openai: "^6.0.0", ...plugin },
      files: TYPESCRIPT_APP,
      checks: typeScriptChecks,
    },
    {
      name: "monorepo",
      description: "npm workspaces, nested .gitignore, llmCalls",
      devDependencies: { eslint: "^10.0.0", typescript: "^6.0.0", ...plugin },
      workspaces: ["packages/*"],
      files: {
        ".gitignore": "node_modules/\n",
        "eslint.config.js": `import { defineConfig, includeIgnoreFile } from "eslint/config";
import llmCost from "eslint-plugin-llm-cost";
import { fileURLToPath } from "node:url";

const here = (relative) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig(
  // Each .gitignore applies below its own directory, as in git.
  includeIgnoreFile([here(".gitignore"), here("packages/web/.gitignore")], { gitignoreResolution: true }),
  llmCost.configs.recommended,
  { settings: { "llm-cost": { llmCalls: ["callModel"] } } },
);
`,
        "packages/api/package.json": { name: "api", version: "1.0.0", private: true, type: "module" },
        "packages/api/src/model.js": `export async function callModel(prompt) {
  const response = await fetch("https://llm-gateway.internal/v1/generate", { method: "POST", body: JSON.stringify({ prompt }) });
  return response.json();
}
`,
        "packages/api/src/handler.js": `import { callModel } from "./model.js";

export async function handle(requests) {
  return Promise.all(requests.map((request) => callModel(request.prompt)));
}
`,
        "packages/web/package.json": { name: "web", version: "1.0.0", private: true, type: "module" },
        "packages/web/.gitignore": "generated/\n",
        "packages/web/src/page.ts": ASK_TS,
        "packages/web/generated/client.ts": ASK_TS,
      },
      async checks(report, directory) {
        const expected = { "packages/api/src/handler.js": [NUC], "packages/web/src/page.ts": [RMT] };
        const root = await eslint(directory, ["."]);
        report.equal("eslint . at the root: llmCalls counted, packages/web/generated/ ignored", root.findings, expected);
        report.equal("eslint . at the root: exit 1", root.status, 1);
        const inPackage = await eslint(directory, ["src"], { cwd: path.join(directory, "packages", "web") });
        report.equal("eslint src in packages/web (the root config is found)", inPackage.findings, { "packages/web/src/page.ts": [RMT] });
        if (await cliHasConfigMode(directory)) {
          const cli = await run("npx", ["--no-install", "llm-cost", "--format", "json", "."], { cwd: directory });
          let findings = {};
          try {
            findings = sortKeys(
              Object.fromEntries(
                JSON.parse(cli.stdout)
                  .filter((result) => result.messages.length > 0)
                  .map((result) => [path.relative(directory, result.filePath).split(path.sep).join("/"), result.messages.map((message) => message.ruleId).sort()]),
              ),
            );
          } catch {
            report.fail("llm-cost --format json .: JSON output", cli.stdout.slice(0, 500) + cli.stderr.slice(0, 500));
          }
          report.equal("llm-cost . at the root agrees with eslint (config, llmCalls, nested .gitignore)", findings, expected);
          report.equal("llm-cost . at the root: exit 1", cli.status, 1);
        } else {
          report.info("llm-cost on this commit has no config mode yet (issue 12, items 7-13): not compared with eslint here");
        }
        checkProductionSpecs(report, directory);
      },
    },
    {
      name: "old-typescript",
      description: "TypeScript 5.0 and 5.4 read the declarations",
      devDependencies: { eslint: "^10.0.0", typescript50: "npm:typescript@~5.0.0", typescript54: "npm:typescript@~5.4.0", ...plugin },
      files: {
        "index.ts": `import type { Linter } from "eslint";
import llmCost from "eslint-plugin-llm-cost";
import { mapLimit } from "eslint-plugin-llm-cost/runtime";

export const configs: Linter.Config[] = [llmCost.configs.recommended];
export const ruleNames: string[] = Object.keys(llmCost.rules);
export const doubled: Promise<number[]> = mapLimit([1, 2, 3], async (value, _index, { signal }) => (signal.aborted ? 0 : value * 2), { concurrency: 2 });
`,
        "tsconfig.json": { compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["index.ts"] },
      },
      async checks(report, directory) {
        for (const alias of ["typescript50", "typescript54"]) {
          await typeCheck(report, directory, `TypeScript ${installedVersion(directory, alias)} reads the packed declarations`, ["-p", "tsconfig.json"], compilerOf(directory, alias));
        }
      },
    },
  ];
}

// --------------------------------------------------------------------------------------------- the stage

async function runConsumer(consumer) {
  const report = new Report(consumer.name);
  const directory = path.join(work, consumer.name);
  writeFiles(directory, {
    ...consumer.files,
    "package.json": {
      name: `fresh-${consumer.name}`,
      private: true,
      type: "module",
      ...(consumer.workspaces ? { workspaces: consumer.workspaces } : {}),
      devDependencies: consumer.devDependencies,
    },
  });
  const install = consumer.install === undefined ? await npmInstall(directory) : await consumer.install(report, directory);
  const versions = { eslint: installedVersion(directory, "eslint"), typescript: installedVersion(directory, "typescript") };
  const checksStarted = performance.now();
  if (report.check("npm install", install.status === 0, install.stderr.slice(-1500))) {
    const peerWarnings = (install.stderr.match(/ERESOLVE overriding peer dependency/gu) ?? []).length;
    if (peerWarnings > 0) report.info(`npm install printed ${peerWarnings} "ERESOLVE overriding peer dependency" warnings`);
    try {
      await consumer.checks(report, directory);
    } catch (error) {
      report.fail("checks crashed", error?.stack ?? String(error));
    }
  }
  return { consumer, report, versions, installMs: install.ms, checksMs: performance.now() - checksStarted };
}

/** `npm ci` accepts the committed lockfile (validated against package.json and the registry; nothing is written). */
async function checkCommittedLock() {
  const report = new Report("npm ci (committed lockfile)");
  const directory = path.join(work, "npm-ci");
  cpSync(path.join(repositoryRoot, "package.json"), path.join(directory, "package.json"));
  cpSync(path.join(repositoryRoot, "package-lock.json"), path.join(directory, "package-lock.json"));
  const lock = JSON.parse(readFileSync(path.join(repositoryRoot, "package-lock.json"), "utf8"));
  // Workspace members are links in the lockfile; npm ci needs their manifests.
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (entry.link === true && typeof entry.resolved === "string") {
      cpSync(path.join(repositoryRoot, entry.resolved, "package.json"), path.join(directory, entry.resolved, "package.json"));
      report.info(`workspace ${key.replace(/^node_modules\//u, "")} → ${entry.resolved}`);
    }
  }
  const ci = await run("npm", ["ci", "--dry-run", "--ignore-scripts"], { cwd: directory });
  report.check("npm ci --dry-run from the committed package-lock.json", ci.status === 0, ci.stderr.split("\n").slice(0, 8).join("\n"));
  const { findings, packagesWalked } = findFloatingSpecs(lock);
  report.check(`no latest/*/git/URL spec in the repository's production tree (${packagesWalked} packages)`, findings.length === 0, JSON.stringify(findings));
  return { report, ms: ci.ms };
}

async function main() {
  console.log(`fresh consumers in ${work}`);
  const packed = givenTarball === undefined ? await packTarball(path.join(work, "pack")) : { tarball: givenTarball, ms: 0 };
  console.log(givenTarball === undefined ? `packed ${path.basename(packed.tarball)} with the publish build (prepack) in ${seconds(packed.ms)}` : `checking the given ${packed.tarball}`);
  const selected = consumers(packed.tarball).filter((consumer) => only === undefined || only.has(consumer.name));

  const lockCheck = only === undefined || only.has("npm-ci") ? await checkCommittedLock() : undefined;
  let footprint;
  if (only === undefined || only.has("footprint")) {
    const footprintStarted = performance.now();
    footprint = await measureFootprint({ tarball: packed.tarball, work: path.join(work, "footprint") });
    footprint.ms = performance.now() - footprintStarted;
  }
  const results = await pool(selected.map((consumer) => () => runConsumer(consumer)), 3);

  let failures = 0;
  if (lockCheck) {
    console.log(`\n== ${lockCheck.report.name} (${seconds(lockCheck.ms)})\n${lockCheck.report.lines.join("\n")}`);
    failures += lockCheck.report.failures;
  }
  if (footprint) {
    const report = new Report("footprint");
    const [plugin, typescriptEslintPlugin] = footprint.rows;
    report.check(
      `the plugin adds at most what @typescript-eslint/eslint-plugin adds: +${plugin.addedPackages} vs +${typescriptEslintPlugin.addedPackages} packages, ` +
        `+${(plugin.addedBytes / 1e6).toFixed(1)} vs +${(typescriptEslintPlugin.addedBytes / 1e6).toFixed(1)} MB of files, ` +
        `+${(plugin.addedDiskBytes / 1e6).toFixed(1)} vs +${(typescriptEslintPlugin.addedDiskBytes / 1e6).toFixed(1)} MB on disk`,
      plugin.addedPackages <= typescriptEslintPlugin.addedPackages &&
        plugin.addedBytes <= typescriptEslintPlugin.addedBytes &&
        plugin.addedDiskBytes <= typescriptEslintPlugin.addedDiskBytes,
    );
    console.log(`\n== footprint of npm i -D <package> (${seconds(footprint.ms)})\n${footprintTable(footprint)}\n\n${report.lines.join("\n")}`);
    console.log(`  info  added by the plugin: ${plugin.added.join(", ")}`);
    failures += report.failures;
  }
  for (const { consumer, report, installMs, checksMs } of results) {
    console.log(`\n== ${consumer.name}: ${consumer.description} (install ${seconds(installMs)}, checks ${seconds(checksMs)})\n${report.lines.join("\n")}`);
    failures += report.failures;
  }

  console.log("\n| consumer | eslint | typescript | install | checks | result |\n| --- | --- | --- | ---: | ---: | --- |");
  for (const { consumer, report, versions, installMs, checksMs } of results) {
    console.log(
      `| ${consumer.name} | ${versions.eslint ?? "-"} | ${versions.typescript ?? "-"} | ${seconds(installMs)} | ${seconds(checksMs)} | ${report.failures === 0 ? "ok" : `${report.failures} failed`} |`,
    );
  }
  console.log(`\nfresh consumers: ${failures === 0 ? "all checks passed" : `${failures} check(s) failed`} in ${seconds(performance.now() - started)}`);
  return failures;
}

let failures = 1;
try {
  failures = await main();
} catch (error) {
  console.error(error?.stack ?? String(error));
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;
