import { describe, expect, it } from "vitest";

import { looksMinified } from "../../src/analysis/module-loader.js";
import { runtimeSpecifiers } from "../../src/llm/cross-file.js";
import { mentionsRace } from "../../src/llm/race-summaries.js";

// What the import walk learns from a module's text alone: whether it can race its callers' promises, and what it imports.
describe("mentionsRace", () => {
  it.each([
    ["an arrow sleep", "export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));"],
    ["a one-letter sleep", "await new Promise(r => setTimeout(r, 250));"],
    ["a sleep with a block body", "return new Promise((resolve) => {\n  setTimeout(resolve, delay);\n});"],
    ["a sleep that returns the timer", "new Promise((done) => { return setTimeout(done, 10); })"],
    ["a race over a computed list", "await Promise.race(pending.values());"],
  ])("is false for %s: a timer only its timer settles races nothing", (_, text) => {
    expect(mentionsRace(text)).toBe(false);
  });

  it.each([
    ["a timer that rejects", "new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))"],
    ["a timer settled by the input too", "new Promise((resolve, reject) => { setTimeout(reject, ms); promise.then(resolve, reject); })"],
    ["a sleep next to a race by hand", "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nconst t = new Promise((resolve) => { const id = setTimeout(() => resolve(fallback), ms); work.then(resolve); });"],
    ["Promise.race over a written list", "return Promise.race([request, timeout]);"],
    ["Promise.any over a written list", "await Promise.any([a(), b()]);"],
  ])("is true for %s", (_, text) => {
    expect(mentionsRace(text)).toBe(true);
  });
});

// The modules the import walk reads next: what a module imports at run time.
describe("runtimeSpecifiers", () => {
  it("drops modules named only by type-only imports and exports", () => {
    const text = [
      `import type { RequestOptions } from "../internal/request-options";`,
      `import type * as Shared from "./shared";`,
      `export type { Page } from "../core/pagination";`,
      `import type Client from "../client";`,
      `import { APIResource } from "../core/resource";`,
      `import { type Uploadable, toFile } from "../core/uploads";`,
      `export * from "./batches";`,
      `const legacy = require("./legacy");`,
      `const lazy = await import("./lazy");`,
    ].join("\n");
    expect(runtimeSpecifiers(text)).toEqual(["../core/resource", "../core/uploads", "./batches", "./legacy", "./lazy"]);
  });

  it("keeps a module that is also imported for a value", () => {
    const text = `import type { Options } from "./llm";\nimport { summarize } from "./llm";\nexport type { Reply } from "./reply";\nexport { reply } from "./reply";`;
    expect(runtimeSpecifiers(text)).toEqual(["./llm", "./reply"]);
  });
});

// Modules the walk never reads: bundler output.
describe("looksMinified", () => {
  const sourceLine = "export const answer = await client.chat.completions.create({ model, messages });\n";
  it("is true for long-lined bundler output", () => {
    expect(looksMinified(`${"var a=1,b=2;".repeat(2000)}\n${"function c(d){return d}".repeat(500)}`)).toBe(true);
  });
  it("is false for source, even with a prompt of thousands of characters on one line", () => {
    expect(looksMinified(sourceLine.repeat(300))).toBe(false);
    expect(looksMinified(`const PROMPT = "${"Answer briefly. ".repeat(400)}";\n${sourceLine.repeat(300)}`)).toBe(false);
  });
  it("is false for a small file, whatever its lines", () => {
    expect(looksMinified("var a=1,b=2;".repeat(1000))).toBe(false);
  });
});
