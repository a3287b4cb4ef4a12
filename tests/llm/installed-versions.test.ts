import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { installedMajorVersion } from "../../src/llm/installed-versions.js";

describe("the AI SDK major version a file is written against", () => {
  const root = mkdtempSync(path.join(tmpdir(), "llm-cost-versions-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function project(name: string, manifest: object, installed?: string): string {
    const directory = path.join(root, name);
    mkdirSync(path.join(directory, "src"), { recursive: true });
    writeFileSync(path.join(directory, "package.json"), JSON.stringify(manifest));
    if (installed !== undefined) {
      mkdirSync(path.join(directory, "node_modules", "ai"), { recursive: true });
      writeFileSync(path.join(directory, "node_modules", "ai", "package.json"), JSON.stringify({ name: "ai", version: installed }));
    }
    return path.join(directory, "src", "app.ts");
  }

  it("is the installed version when there is one", () => {
    expect(installedMajorVersion("ai", project("installed", { dependencies: { ai: "^4.1.0" } }, "5.0.3"))).toBe(5);
  });

  it("is the declared range's major before `npm install`, from the nearest package.json that names it", () => {
    expect(installedMajorVersion("ai", project("declared", { dependencies: { ai: "^4.1.0" } }))).toBe(4);
    expect(installedMajorVersion("ai", project("dev", { devDependencies: { ai: "~3.4" } }))).toBe(3);
  });

  it("follows pnpm catalogs to pnpm-workspace.yaml: the default catalog and named ones", () => {
    const workspace = path.join(root, "pnpm");
    mkdirSync(workspace, { recursive: true });
    writeFileSync(
      path.join(workspace, "pnpm-workspace.yaml"),
      [
        "packages:",
        "  - apps/*",
        "catalog:",
        "  react: ^19.0.0",
        "  ai: ^4.3.16 # the AI SDK",
        "catalogs:",
        "  legacy:",
        "    ai: '3.4.0'",
        "  next:",
        '    "ai": ^6.0.0',
        "",
      ].join("\n"),
    );
    const app = (name: string, range: string): string => {
      const directory = path.join(workspace, "apps", name);
      mkdirSync(path.join(directory, "src"), { recursive: true });
      writeFileSync(path.join(directory, "package.json"), JSON.stringify({ dependencies: { ai: range } }));
      return path.join(directory, "src", "app.ts");
    };
    expect(installedMajorVersion("ai", app("web", "catalog:"))).toBe(4);
    expect(installedMajorVersion("ai", app("default", "catalog:default"))).toBe(4);
    expect(installedMajorVersion("ai", app("old", "catalog:legacy"))).toBe(3);
    expect(installedMajorVersion("ai", app("new", "catalog:next"))).toBe(6);
    expect(installedMajorVersion("ai", app("missing", "catalog:nope"))).toBeUndefined();
  });

  it("is unknown when the range names no version", () => {
    expect(installedMajorVersion("ai", project("tagged", { dependencies: { ai: "latest" } }))).toBeUndefined();
    expect(installedMajorVersion("ai", project("absent", { dependencies: { openai: "^5.0.0" } }))).toBeUndefined();
  });
});
