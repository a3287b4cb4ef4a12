import { describe, expect, it } from "vitest";

import { isBoundedByCounter, type ConditionalLoop } from "../../src/analysis/loop-bounds.js";
import { inspectNodes } from "./harness.js";

/** `isBoundedByCounter` for the first loop of `body` (inside an async function with `llm` and `n` declared). */
function bounded(body: string): boolean {
  const [answer] = inspectNodes(
    `declare function llm(x?: unknown): Promise<any>;\ndeclare const n: number;\nasync function f() {\n${body}\n}`,
    ":function > BlockStatement > :matches(ForStatement, WhileStatement, DoWhileStatement)",
    (node, context) => isBoundedByCounter(context.sourceCode as never, node as ConditionalLoop),
  );
  if (answer === undefined) throw new Error("no loop in the body");
  return answer;
}

// isBoundedByCounter lets no-unbounded-llm-loop skip a loop before asking which calls are LLM requests; it
// must only say "bounded" where unboundedLoop would say so whatever the model calls are.
describe("isBoundedByCounter", () => {
  it("finds a counter the loop steps in its test", () => {
    expect(bounded("for (let i = 0; i < n; i++) await llm(i);")).toBe(true);
    expect(bounded("for (let i = 10; i; i -= 1) await llm();")).toBe(true);
    expect(bounded("let page = 0;\nwhile (page < n && (await llm(page)).more) page += 1;")).toBe(true);
    expect(bounded("let left = 3;\ndo { await llm(); } while (--left > 0);")).toBe(true);
  });

  it("finds a counter in a condition on the way to an exit", () => {
    expect(bounded("let turns = 0;\nwhile (true) {\n  if (++turns > 20) throw new Error('too many');\n  await llm();\n}")).toBe(true);
    expect(bounded("let turns = 0;\nfor (;;) {\n  turns++;\n  const r = await llm();\n  if (r.done || turns >= 5) break;\n}")).toBe(true);
  });

  it("leaves every other loop to the flow analysis", () => {
    // The model decides: no counter.
    expect(bounded("let r = await llm();\nwhile (r.stop_reason === 'tool_use') r = await llm(r);")).toBe(false);
    expect(bounded("while (true) {\n  const r = await llm();\n  if (r.done) return r;\n}")).toBe(false);
    // A counter the loop never steps.
    expect(bounded("let i = 0;\nwhile (i < n) await llm();")).toBe(false);
    // Written from something other than a literal step: it may be model output.
    expect(bounded("let i = 0;\nwhile (i < n) { i = (await llm()).next; }")).toBe(false);
    expect(bounded("let i = 0;\nwhile (i < n) { i += (await llm()).count; }")).toBe(false);
    expect(bounded("for (let i = (await llm()).start; i < n; i++) await llm();")).toBe(false);
    // Stepped only in a function the loop defines, which may never run.
    expect(bounded("let i = 0;\nwhile (i < n) { await llm(() => i++); }")).toBe(false);
    // Used as an object, or read through a call: the flow analysis decides.
    expect(bounded("let i = 0;\nwhile (i < n) { i++; Object.assign(i, await llm()); }")).toBe(false);
    expect(bounded("let i = 0;\nwhile (Math.max(i, 1) < n) { i++; await llm(); }")).toBe(false);
    // Declared inside the loop, possibly under a condition on model output.
    expect(bounded("while (true) {\n  const r = await llm();\n  if (r.again) { let k = 0; k++; if (k > 1) break; }\n}")).toBe(false);
  });
});
