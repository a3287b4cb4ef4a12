import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { resolveImport } from "../../src/analysis/module-loader.js";
import { pnpmPackages } from "../../src/analysis/project-resolution.js";

const root = mkdtempSync(path.join(tmpdir(), "llm-cost-resolution-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a project of `files` (relative path → text) under its own directory; returns that directory. */
function project(name: string, files: Record<string, string>): string {
  const directory = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(directory, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return directory;
}

const json = (value: object): string => JSON.stringify(value, undefined, 2);
const source = "export const x = 1;\n";

describe("tsconfig/jsconfig path aliases", () => {
  it("follows a relative `extends` chain: paths relative to the config that declares them, baseUrl to its own", () => {
    const directory = project("extends", {
      "tsconfig.base.json": `// shared\n{ "compilerOptions": { "paths": { "@shared/*": ["./shared/*"], }, }, }`,
      "configs/base-url.json": json({ extends: "../tsconfig.base.json", compilerOptions: { baseUrl: "../src" } }),
      "apps/web/tsconfig.json": json({ extends: "../../tsconfig.base" }),
      "apps/api/tsconfig.json": json({ extends: ["../../configs/base-url.json"], compilerOptions: { strict: true } }),
      "shared/prompts.ts": source,
      "src/shared/prompts.ts": source,
      "apps/web/src/page.ts": source,
      "apps/api/src/route.ts": source,
    });
    // No baseUrl: `./shared/*` is relative to tsconfig.base.json, not to the extending config.
    expect(resolveImport(path.join(directory, "apps/web/src/page.ts"), "@shared/prompts")).toBe(path.join(directory, "shared/prompts.ts"));
    // A baseUrl declared in the chain: targets are relative to it (resolved from configs/).
    expect(resolveImport(path.join(directory, "apps/api/src/route.ts"), "@shared/prompts")).toBe(path.join(directory, "src/shared/prompts.ts"));
  });

  it("a package's base config from node_modules, and a cycle of extends ends", () => {
    const directory = project("extends-package", {
      "node_modules/@acme/tsconfig/base.json": json({ compilerOptions: { paths: { "~/*": ["./src/*"] } } }),
      "tsconfig.json": json({ extends: "@acme/tsconfig/base.json", compilerOptions: { baseUrl: "." } }),
      "src/llm.ts": source,
      "loop/a.json": json({ extends: "./b.json" }),
      "loop/b.json": json({ extends: "./a.json", compilerOptions: { paths: { "#/*": ["./*"] } } }),
      "loop/tsconfig.json": json({ extends: "./a.json" }),
      "loop/llm.ts": source,
    });
    expect(resolveImport(path.join(directory, "src/app.ts"), "~/llm")).toBe(path.join(directory, "src/llm.ts"));
    expect(resolveImport(path.join(directory, "loop/app.ts"), "#/llm")).toBe(path.join(directory, "loop/llm.ts"));
  });

  it("jsconfig.json where there is no tsconfig.json; the nearest config wins", () => {
    const directory = project("jsconfig", {
      "jsconfig.json": json({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["lib/*"] } } }),
      "lib/llm.js": source,
      "app/page.js": source,
      "typed/tsconfig.json": json({ compilerOptions: {} }),
    });
    expect(resolveImport(path.join(directory, "app/page.js"), "@/llm")).toBe(path.join(directory, "lib/llm.js"));
    expect(resolveImport(path.join(directory, "typed/page.ts"), "@/llm")).toBeUndefined();
  });
});

describe("workspace packages", () => {
  const npm = project("npm", {
    "package.json": json({ name: "root", private: true, workspaces: ["packages/*", "apps/**", "!packages/legacy"] }),
    // Built output points at dist; the source it came from is what wrappers live in.
    "packages/ai/package.json": json({
      name: "@acme/ai",
      exports: {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.js", require: "./dist/index.cjs" },
        "./prompts": { import: "./dist/prompts/index.js" },
        "./tools/*": "./dist/tools/*.js",
      },
    }),
    "packages/ai/tsconfig.json": json({ compilerOptions: { rootDir: "src", outDir: "dist" } }),
    "packages/ai/src/index.ts": source,
    "packages/ai/src/prompts/index.ts": source,
    "packages/ai/src/tools/search.ts": source,
    "packages/ai/src/internal.ts": source,
    // `main` only, into a nested output folder without a tsconfig.
    "packages/llm/package.json": json({ name: "@acme/llm", main: "./build/cjs/index.js", types: "./build/types/index.d.ts" }),
    "packages/llm/src/index.ts": source,
    "packages/llm/src/client.ts": source,
    // A JavaScript package: its main is its source.
    "packages/plain/package.json": json({ name: "plain-utils", main: "lib/index.js" }),
    "packages/plain/lib/index.js": source,
    // Only declarations: nothing to read.
    "packages/types/package.json": json({ name: "@acme/types", types: "./index.d.ts" }),
    "packages/types/index.d.ts": "export declare const x: number;\n",
    "packages/legacy/package.json": json({ name: "@acme/legacy", main: "index.js" }),
    "packages/legacy/index.js": source,
    "apps/web/nested/package.json": json({ name: "web", exports: { ".": { source: "./src/main.ts", default: "./dist/main.js" } } }),
    "apps/web/nested/src/main.ts": source,
    "apps/web/nested/src/page.ts": source,
    // Installed packages are never the project's code.
    "node_modules/openai/package.json": json({ name: "openai", main: "index.js" }),
    "node_modules/openai/index.js": source,
  });
  const from = path.join(npm, "apps/web/nested/src/page.ts");

  it("maps a package's exports, types, module and main back to its TypeScript sources", () => {
    expect(resolveImport(from, "@acme/ai")).toBe(path.join(npm, "packages/ai/src/index.ts"));
    expect(resolveImport(from, "@acme/ai/prompts")).toBe(path.join(npm, "packages/ai/src/prompts/index.ts"));
    expect(resolveImport(from, "@acme/ai/tools/search")).toBe(path.join(npm, "packages/ai/src/tools/search.ts"));
    expect(resolveImport(from, "@acme/llm")).toBe(path.join(npm, "packages/llm/src/index.ts"));
    expect(resolveImport(from, "plain-utils")).toBe(path.join(npm, "packages/plain/lib/index.js"));
    expect(resolveImport(path.join(npm, "packages/ai/src/index.ts"), "web")).toBe(path.join(npm, "apps/web/nested/src/main.ts"));
  });

  it("subpaths without exports resolve inside the package; exports leave the rest out", () => {
    expect(resolveImport(from, "@acme/llm/src/client")).toBe(path.join(npm, "packages/llm/src/client.ts"));
    expect(resolveImport(from, "@acme/ai/internal")).toBeUndefined();
  });

  it("declarations only, excluded packages, installed packages and unknown names stay unresolved", () => {
    expect(resolveImport(from, "@acme/types")).toBeUndefined();
    expect(resolveImport(from, "@acme/legacy")).toBeUndefined();
    expect(resolveImport(from, "openai")).toBeUndefined();
    expect(resolveImport(from, "@acme/unknown")).toBeUndefined();
    // From installed code, nothing is followed.
    expect(resolveImport(path.join(npm, "node_modules/openai/index.js"), "@acme/ai")).toBeUndefined();
  });

  it("a pnpm workspace (`pnpm-workspace.yaml` packages list) and yarn's `{ packages }` form", () => {
    const pnpm = project("pnpm", {
      "package.json": json({ name: "root", private: true }),
      "pnpm-workspace.yaml": `packages:\n  - "packages/*"\n  # tools\n  - 'tools/cli'\ncatalog:\n  ai: ^5.0.0\n`,
      "packages/prompts/package.json": json({ name: "@repo/prompts", exports: { ".": "./src/index.ts" } }),
      "packages/prompts/src/index.ts": source,
      "tools/cli/package.json": json({ name: "cli", main: "dist/cli.js" }),
      "tools/cli/src/cli.ts": source,
      "apps/web/app.ts": source,
    });
    expect(resolveImport(path.join(pnpm, "apps/web/app.ts"), "@repo/prompts")).toBe(path.join(pnpm, "packages/prompts/src/index.ts"));
    expect(resolveImport(path.join(pnpm, "apps/web/app.ts"), "cli")).toBe(path.join(pnpm, "tools/cli/src/cli.ts"));

    const yarn = project("yarn", {
      "package.json": json({ name: "root", workspaces: { packages: ["libs/*"], nohoist: [] } }),
      "libs/core/package.json": json({ name: "core", module: "./esm/index.mjs" }),
      "libs/core/src/index.mts": source,
    });
    expect(resolveImport(path.join(yarn, "app.ts"), "core")).toBe(path.join(yarn, "libs/core/src/index.mts"));
  });

  it("reads only the packages list of pnpm-workspace.yaml", () => {
    expect(pnpmPackages("packages:\n  - apps/*\n  - 'packages/*' # shared\n  - \"!**/test/**\"\nonlyBuiltDependencies:\n  - esbuild\n")).toEqual([
      "apps/*",
      "packages/*",
      "!**/test/**",
    ]);
    expect(pnpmPackages("packages: [apps/*, 'libs/*']\n")).toEqual(["apps/*", "libs/*"]);
    expect(pnpmPackages("catalog:\n  ai: 5\n")).toEqual([]);
  });
});
