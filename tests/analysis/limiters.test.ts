import { describe, expect, it } from "vitest";

import { isBehindLimiter } from "../../src/analysis/limiters.js";
import { inspectNodes } from "./harness.js";

/** Is each `work()` call in `code` behind a limiter (up to the top of the file)? */
function limited(code: string): boolean[] {
  return inspectNodes(`declare function work(x?: unknown): Promise<void>;\n${code}`, "CallExpression[callee.name='work']", (node, context) =>
    isBehindLimiter({ sourceCode: context.sourceCode }, node, undefined),
  );
}

describe("isBehindLimiter", () => {
  it("recognises limiters by their package", () => {
    expect(limited(`import pLimit from "p-limit";\nconst l = pLimit(2);\n[1].map((x) => l(() => work(x)));`)).toEqual([true]);
    expect(limited(`import PQueue from "p-queue";\nconst q = new PQueue();\n[1].map((x) => q.add(() => work(x)));`)).toEqual([true]);
    expect(limited(`import { createLimit } from "eslint-plugin-llm-cost/runtime";\nconst run = createLimit(2);\n[1].map((x) => run(() => work(x)));`)).toEqual([true]);
    expect(limited(`import pMap from "p-map";\npMap([1], (x) => work(x), { concurrency: 2 });`)).toEqual([true]);
  });

  it("recognises Bottleneck-style methods, limiter names and permits", () => {
    expect(limited(`declare const bottleneck: any;\n[1].map((x) => bottleneck.schedule(() => work(x)));`)).toEqual([true]);
    expect(limited(`declare const limit: any;\n[1].map((x) => limit(() => work(x)));`)).toEqual([true]);
    expect(limited(`declare const sem: any;\n[1].map(async (x) => { await sem.acquire(); return work(x); });`)).toEqual([true]);
  });

  it("does not mistake a started promise or an array for a limiter", () => {
    expect(limited(`const queue: Promise<void>[] = [];\n[1].forEach((x) => queue.push(work(x)));`)).toEqual([false]);
    expect(limited(`declare const limit: any;\n[1].map((x) => limit(work(x)));`)).toEqual([false]);
    expect(limited(`[1].map((x) => retry(() => work(x)));\ndeclare function retry(f: () => unknown): unknown;`)).toEqual([false]);
  });
});
