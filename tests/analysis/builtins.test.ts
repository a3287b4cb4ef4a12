import type { TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";

import { isBuiltinGlobalMember, isBuiltinMethodCall } from "../../src/analysis/builtins.js";
import { inspectNodes } from "./harness.js";

/** `isBuiltinGlobalMember` of the callee of every call in `code`, in source order. */
function callees(code: string): boolean[] {
  return inspectNodes(code, "CallExpression", (node, context) =>
    isBuiltinGlobalMember(context.sourceCode as never, (node as TSESTree.CallExpression).callee as never),
  );
}

describe("isBuiltinGlobalMember", () => {
  it("knows the runtime's globals and their members, however deep", () => {
    expect(callees(`JSON.parse("{}"); Object.prototype.toString.call(1); Array.isArray([]); setTimeout(() => 0);`)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("is not fooled by a project's own value of the same name, nor by other roots", () => {
    const code = `import { JSON } from "./json";
const console = { log: (x: string) => x };
JSON.parse("{}");
console.log("x");
llm.complete("x");
globalThis.llm.complete("x");`;
    expect(callees(code)).toEqual([false, false, false, false]);
  });
});

/** `isBuiltinMethodCall` of the callee of every call in `code`, in source order. */
function methodCallees(code: string): boolean[] {
  return inspectNodes(code, "CallExpression", (node) => isBuiltinMethodCall((node as TSESTree.CallExpression).callee as never));
}

// With type information the checker is not asked about these member calls (see src/analysis/builtins.ts).
describe("isBuiltinMethodCall", () => {
  it("knows member calls named like the runtime's collection, string and promise methods", () => {
    expect(methodCallees(`items.push(x); text.split(","); promise.then(f); this.cache.has(key); (rows as Row[]).map(f);`)).toEqual([true, true, true, true, true]);
  });

  it("leaves plain calls, computed members and other method names to the lookups", () => {
    expect(methodCallees(`summarize(text); agent.run(task); client.chat.completions.create(body); items["push"](x); llm.invoke(messages);`)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
