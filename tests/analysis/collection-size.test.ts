import type { TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";

import { isChunk, loopIterationBound, staticLengthBound } from "../../src/analysis/collection-size.js";
import { inspectNodes } from "./harness.js";

/** Evaluates `probe(expression)` for the argument of every `probe(…)` call in `code`. */
function probe<T>(code: string, measure: (context: { sourceCode: never }, node: never) => T): T[] {
  return inspectNodes(code, "CallExpression[callee.name='probe']", (node, context) =>
    measure({ sourceCode: context.sourceCode as never }, (node as TSESTree.CallExpression).arguments[0] as never),
  );
}

describe("staticLengthBound", () => {
  it("knows literals, tuples, constants and what preserves their length", () => {
    const code = `declare function probe(x: unknown): void;
const TONES = ["a", "b", "c"] as const;
const PROMPTS = { a: 1, b: 2 };
declare const pair: [string, string];
declare const list: string[];
probe([1, 2]);
probe(TONES);
probe(TONES.map((t) => t));
probe(Object.entries(PROMPTS));
probe(Array.from({ length: 3 }));
probe(pair);
probe(list.slice(0, 5));
probe(list);
probe([...list]);`;
    expect(probe(code, staticLengthBound)).toEqual([2, 3, 3, 2, 3, 2, 5, undefined, undefined]);
  });

  it("forgets an array that is grown later", () => {
    const code = `declare function probe(x: unknown): void;
const xs = [1, 2];
xs.push(3);
probe(xs);`;
    expect(probe(code, staticLengthBound)).toEqual([undefined]);
  });
});

describe("isChunk", () => {
  it("recognises slices, splices and batch variables", () => {
    const code = `declare function probe(x: unknown): void;
declare const xs: string[];
declare function chunk<T>(xs: T[], n: number): T[][];
for (let i = 0; i < xs.length; i += 5) probe(xs.slice(i, i + 5));
const size = 10;
for (let start = 0; start < xs.length; start += size) { const part = xs.slice(start, start + size); probe(part); }
probe(xs.splice(0, 4));
for (const group of chunk(xs, 3)) probe(group);
function run(batch: string[]) { probe(batch); }
probe(xs);
probe(xs.slice(1));`;
    expect(probe(code, isChunk)).toEqual([true, true, true, true, true, false, false]);
  });
});

describe("loopIterationBound", () => {
  it("reads counting loops and for…of over a known length", () => {
    const bounds = inspectNodes(
      `declare const xs: string[];
for (let i = 0; i < 3; i++) {}
for (let i = 1; i <= 3; i++) {}
for (const x of [1, 2]) {}
for (let i = 0; i < xs.length; i++) {}`,
      ":matches(ForStatement, ForOfStatement)",
      (node, context) => loopIterationBound({ sourceCode: context.sourceCode }, node),
    );
    expect(bounds).toEqual([3, 3, 2, undefined]);
  });
});
