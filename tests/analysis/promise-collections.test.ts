import type { TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";

import { findEagerCollection } from "../../src/analysis/promise-collections.js";
import { inspectNodes } from "./harness.js";

/** The kind of eager collection each `consume(…)` argument is, or `undefined`. */
function kinds(code: string): (string | undefined)[] {
  return inspectNodes(
    `declare function consume(x: unknown): void;\ndeclare function work(x?: unknown): Promise<void>;\ndeclare const xs: string[];\n${code}`,
    "CallExpression[callee.name='consume']",
    (node, context) => findEagerCollection(context.sourceCode, (node as TSESTree.CallExpression).arguments[0] as never)?.kind,
  );
}

describe("findEagerCollection", () => {
  it("recognises the builders in place", () => {
    expect(
      kinds(`consume(xs.map(work));
consume(xs.flatMap((x) => [work(x)]));
consume(Array.from(xs, (x) => work(x)));
consume(Object.entries({}).map(work));
consume([work(), work()]);
consume(xs?.map(work));
consume(xs);`),
    ).toEqual(["map", "flat-map", "array-from", "map", "array-literal", "map", undefined]);
  });

  it("follows variables assigned once", () => {
    expect(kinds(`const ps = xs.map(work);\nconsume(ps);`)).toEqual(["map"]);
    expect(kinds(`let ps = xs.map(work);\nps = [];\nconsume(ps);`)).toEqual([undefined]);
  });

  it("finds arrays filled by push in one loop, used after it", () => {
    expect(kinds(`const ps = [];\nfor (const x of xs) ps.push(work(x));\nconsume(ps);`)).toEqual(["push-loop"]);
    expect(kinds(`const ps: Promise<void>[] = [];\nxs.forEach((x) => ps.push(work(x)));\nconsume(ps);`)).toEqual(["push-loop"]);
  });

  it("leaves pools the loop manages itself", () => {
    expect(
      kinds(`const ps: Promise<void>[] = [];
for (const x of xs) {
  ps.push(work(x));
  if (ps.length > 4) consume(ps);
}`),
    ).toEqual([undefined]);
    expect(kinds(`const ps: Promise<void>[] = [];\nfor (const x of xs) ps.push(work(x));\nfor (const y of xs) ps.push(work(y));\nconsume(ps);`)).toEqual([undefined]);
  });
});
