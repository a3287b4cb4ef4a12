// The claims of SECURITY.md, checked: option schemas reject unknown keys; the plugin's code has no dynamic
// evaluation, starts no processes and opens no network connections; the package runs no install scripts;
// its regular expressions pass scripts/check-regexes.mjs.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { TSESTree } from "@typescript-eslint/typescript-estree";
import { parse, simpleTraverse } from "@typescript-eslint/typescript-estree";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";

import plugin from "../src/index.js";

/** The parts of a JSON schema that can hold an object schema. */
interface SchemaNode {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly additionalProperties?: unknown;
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Every object schema inside a rule's schema (options object, nested objects, array items, combinators). */
function objectSchemas(schema: SchemaNode | readonly SchemaNode[] | undefined): SchemaNode[] {
  if (schema === undefined) return [];
  if (Array.isArray(schema)) return schema.flatMap((entry: SchemaNode) => objectSchemas(entry));
  const single = schema as SchemaNode;
  const nested = [
    ...Object.values(single.properties ?? {}),
    ...(single.items === undefined ? [] : Array.isArray(single.items) ? single.items : [single.items]),
    ...(single.anyOf ?? []),
    ...(single.oneOf ?? []),
    ...(single.allOf ?? []),
  ].flatMap((entry) => objectSchemas(entry));
  return single.type === "object" || single.properties !== undefined ? [single, ...nested] : nested;
}

const ruleEntries = Object.entries(plugin.rules) as unknown as [string, { meta: { schema?: SchemaNode | SchemaNode[] } }][];

describe("option schemas reject unknown keys", () => {
  it.each(ruleEntries)("%s: every object schema has additionalProperties: false", (_name, rule) => {
    const schemas = objectSchemas(rule.meta.schema);
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) expect(schema.additionalProperties).toBe(false);
  });

  it.each(ruleEntries)("%s: ESLint refuses a misspelt option with a configuration error", (name) => {
    const linter = new Linter({ configType: "flat" });
    expect(() =>
      linter.verify("export {};\n", [
        { plugins: { "llm-cost": plugin as never }, rules: { [`llm-cost/${name}`]: ["error", { notAnOption: true }] } },
      ]),
    ).toThrow(/notAnOption|additional properties/iu);
  });
});

function sourceFiles(directory: string): string[] {
  return readdirSync(path.join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });
}

/** Modules through which code could reach the network, start processes or evaluate strings. */
const forbiddenModules = /^(?:node:)?(?:http|https|http2|net|tls|dgram|dns|child_process|cluster|vm|worker_threads|inspector)$/u;

/**
 * The one module allowed to start a process: the CLI asks `git` which files it ignores (fixed read-only
 * commands, no shell, the repository's fsmonitor hook turned off). The plugin and the runtime start none.
 */
const gitModule = path.join("src", "cli", "gitignore.ts");

function isOwnModuleSpecifier(source: TSESTree.Expression): boolean {
  return source.type === "Literal" && typeof source.value === "string" && /^\.\.?\//u.test(source.value);
}

describe("no network access, no process spawning, no eval", () => {
  const files = [...sourceFiles("src"), ...sourceFiles("rules"), ...sourceFiles("runtime/src")];

  it.each(files)("%s", (file) => {
    const ast = parse(readFileSync(path.join(root, file), "utf8"), { range: true, loc: true });
    const problems: string[] = [];
    simpleTraverse(ast, {
      enter(node: TSESTree.Node) {
        const at = `${file}:${node.loc.start.line}`;
        if (
          (node.type === "ImportDeclaration" || node.type === "ExportAllDeclaration" || node.type === "ExportNamedDeclaration") &&
          node.source !== null &&
          forbiddenModules.test(node.source.value) &&
          !(file === gitModule && /^(?:node:)?child_process$/u.test(node.source.value))
        ) {
          problems.push(`${at} imports ${node.source.value}`);
        }
        // A literal relative specifier is a module of this package loaded later (the CLI loads the plugin
        // inside its error handling); anything else could load code chosen at run time.
        if (node.type === "ImportExpression" && !isOwnModuleSpecifier(node.source)) problems.push(`${at} dynamic import()`);
        if ((node.type === "CallExpression" || node.type === "NewExpression") && node.callee.type === "Identifier") {
          const callee = node.callee.name;
          if (callee === "eval" || callee === "Function") problems.push(`${at} calls ${callee}`);
          if (callee === "require" && node.arguments[0]?.type === "Literal" && forbiddenModules.test(String(node.arguments[0].value))) {
            problems.push(`${at} requires ${String(node.arguments[0].value)}`);
          }
          if (["fetch", "XMLHttpRequest", "WebSocket", "EventSource"].includes(callee)) problems.push(`${at} calls ${callee}`);
        }
      },
    });
    expect(problems).toEqual([]);
  });
});

describe("the CLI's one process", () => {
  it("is git, started with fixed arguments, without a shell and with the fsmonitor hook off", () => {
    const source = readFileSync(path.join(root, gitModule), "utf8");
    expect(source).toMatch(/import \{ spawnSync \} from "node:child_process";/u);
    expect(source.match(/\bspawnSync\(/gu)).toHaveLength(1);
    expect(source).toContain('spawnSync("git", [...NO_PROGRAMS, ...args], {');
    expect(source).toContain('const NO_PROGRAMS = ["-c", "core.fsmonitor=false"');
    expect(source).not.toMatch(/\b(?:exec|execSync|execFile|execFileSync|spawn|fork)\(|shell:/u);
  });
});

describe("package", () => {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> };

  it("runs no install scripts, and no prepare (npm 11 warns every installer about it)", () => {
    const lifecycle = ["preinstall", "install", "postinstall", "prepublish", "prepare", "preprepare", "postprepare"];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => lifecycle.includes(name))).toEqual([]);
  });

  it("regular expressions have no catastrophic backtracking (scripts/check-regexes.mjs)", () => {
    const output = execFileSync(process.execPath, [path.join(root, "scripts", "check-regexes.mjs")], { encoding: "utf8" });
    expect(output).toMatch(/0 exponential or unreviewed/u);
  });
});
