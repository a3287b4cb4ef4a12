import { afterAll, describe, expect, it } from "vitest";

import { importAvailability } from "../../src/analysis/import-resolution.js";
import { createRuntimeProjects } from "./runtime-projects.js";

const projects = createRuntimeProjects();
afterAll(() => projects.cleanup());

describe("importAvailability: can the linted file load the import in production?", () => {
  it("a package listed in the nearest package.json's dependencies, or installed in a node_modules Node searches", () => {
    expect(importAvailability(projects.file("listed"), "llm-cost-runtime")).toEqual({ kind: "available" });
    expect(importAvailability(projects.file("installed"), "llm-cost-runtime")).toEqual({ kind: "available" });
    // A workspace package: the root lists it, the package manager hoists it there.
    expect(importAvailability(projects.file("monorepo"), "llm-cost-runtime")).toEqual({ kind: "available" });
    // A subpath of a listed package.
    expect(importAvailability(projects.file("listed"), "llm-cost-runtime/package.json")).toEqual({ kind: "available" });
  });

  it("a package the project lacks, or has only for development", () => {
    expect(importAvailability(projects.file("absent"), "llm-cost-runtime")).toEqual({ kind: "missing-dependency", packageName: "llm-cost-runtime" });
    expect(importAvailability(projects.file("no-manifest"), "@acme/llm-runtime/sub")).toEqual({
      kind: "missing-dependency",
      packageName: "@acme/llm-runtime",
    });
    // `npm ci --omit=dev` leaves both out.
    expect(importAvailability(projects.file("dev-only"), "llm-cost-runtime")).toEqual({ kind: "dev-dependency", packageName: "llm-cost-runtime" });
    expect(importAvailability(projects.file("installed-dev"), "llm-cost-runtime")).toEqual({ kind: "dev-dependency", packageName: "llm-cost-runtime" });
  });

  it("a vendored copy: relative paths, absolute paths, tsconfig path aliases and package.json subpath imports", () => {
    const file = projects.file("vendored");
    expect(importAvailability(file, "./vendor/llm-cost-runtime/index.js")).toEqual({ kind: "available" });
    expect(importAvailability(file, "./vendor/llm-cost-runtime")).toEqual({ kind: "available" });
    expect(importAvailability(file, "../src/vendor/llm-cost-runtime/index.ts")).toEqual({ kind: "available" });
    expect(importAvailability(file, projects.file("vendored", "src/vendor/llm-cost-runtime/index.ts"))).toEqual({ kind: "available" });
    expect(importAvailability(file, "@acme/llm-runtime")).toEqual({ kind: "available" });
    expect(importAvailability(file, "./vendor/missing.js")).toEqual({ kind: "missing-path" });
    expect(importAvailability(projects.file("vendored", "src/deeper/file.ts"), "./vendor/llm-cost-runtime/index.js")).toEqual({ kind: "missing-path" });

    expect(importAvailability(projects.file("subpath"), "#runtime")).toEqual({ kind: "available" });
    expect(importAvailability(projects.file("subpath"), "#lib/runtime")).toEqual({ kind: "available" });
    expect(importAvailability(projects.file("subpath"), "#other")).toEqual({ kind: "missing-path" });
  });
});
