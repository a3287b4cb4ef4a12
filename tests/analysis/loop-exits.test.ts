import type { TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";

import { findLoopExits, isLoopStatement } from "../../src/analysis/loop-exits.js";
import { inspectNodes } from "./harness.js";

/** The exits of the first (outermost) loop in `body`, as `kind@line`. */
function exitsOf(body: string): string[] {
  const [exits] = inspectNodes(`async function f(ps: any[], xs: any[]) {\n${body}\n}`, ":function > BlockStatement > :matches(ForOfStatement, ForStatement, WhileStatement, DoWhileStatement, LabeledStatement)", (node) => {
    const loop = node.type === "LabeledStatement" ? node.body : node;
    return isLoopStatement(loop as TSESTree.Node) ? findLoopExits(loop as never).map((exit) => `${exit.kind}@${exit.node.loc.start.line - 1}`) : [];
  });
  return exits ?? [];
}

describe("findLoopExits", () => {
  it("finds break, return and throw", () => {
    expect(exitsOf("for (const p of ps) {\n  if (await p) break;\n}")).toEqual(["break@2"]);
    expect(exitsOf("for (const p of ps) {\n  if (await p) return p;\n}")).toEqual(["return@2"]);
    expect(exitsOf("for (const p of ps) {\n  if (!(await p)) throw new Error();\n}")).toEqual(["throw@2"]);
  });

  it("does not count continue, or breaks that stay inside a nested loop or switch", () => {
    expect(exitsOf("for (const p of ps) {\n  if (!(await p)) continue;\n}")).toEqual([]);
    expect(exitsOf("for (const p of ps) {\n  for (const x of xs) { if (x) break; }\n}")).toEqual([]);
    expect(exitsOf("for (const p of ps) {\n  switch (await p) { case 1: break; default: }\n}")).toEqual([]);
    expect(exitsOf("for (const p of ps) {\n  inner: { if (await p) break inner; }\n}")).toEqual([]);
  });

  it("counts labelled breaks and continues aimed outside, and returns inside a switch", () => {
    expect(exitsOf("outer: for (const p of ps) {\n  for (const x of xs) { if (x) break outer; }\n}")).toEqual(["break@2"]);
    expect(exitsOf("outer: while (ps.length) {\n  for (const p of ps) {\n    if (await p) continue outer;\n  }\n}")).toEqual([]);
    expect(exitsOf("for (const p of ps) {\n  switch (await p) { case 1: return 1; }\n}")).toEqual(["return@2"]);
  });

  it("does not count a throw caught inside the loop, nor exits of nested functions", () => {
    expect(exitsOf("for (const p of ps) {\n  try { throw new Error(); } catch {}\n}")).toEqual([]);
    expect(exitsOf("for (const p of ps) {\n  try { await p; } finally { throw new Error(); }\n}")).toEqual(["throw@2"]);
    expect(exitsOf("for (const p of ps) {\n  xs.forEach(() => { return; });\n}")).toEqual([]);
  });

  it("handles every loop statement", () => {
    expect(exitsOf("for (let i = 0; i < ps.length; i++) {\n  if (await ps[i]) break;\n}")).toEqual(["break@2"]);
    expect(exitsOf("while (ps.length) {\n  if (await ps.shift()) return;\n}")).toEqual(["return@2"]);
    expect(exitsOf("do {\n  if (await ps[0]) break;\n} while (ps.length);")).toEqual(["break@2"]);
  });
});
