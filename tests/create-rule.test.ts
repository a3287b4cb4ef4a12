import type { TSESLint } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";

import { createRule } from "../src/util/create-rule.js";

type Options = [{ limit?: number; nested?: { keep?: boolean; names?: string[] } }];

function probeRule() {
  const seen: Options[0][] = [];
  const rule = createRule<Options, "found">({
    name: "probe",
    meta: {
      type: "problem",
      docs: { description: "probe" },
      messages: { found: "found" },
      schema: [{ type: "object" }],
      defaultOptions: [{ limit: 4, nested: { keep: true, names: ["a"] } }],
    },
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
  const lint = (options: unknown[]) => rule.create({ options } as unknown as Readonly<TSESLint.RuleContext<"found", Options>>);
  return { seen, lint };
}

// The options are merged with the defaults once per configuration, not once per linted file.
describe("createRule's merged options", () => {
  it("merges the user's options into the defaults, deeply", () => {
    const { seen, lint } = probeRule();
    lint([]);
    lint([{ nested: { keep: false } }]);
    expect(seen).toEqual([
      { limit: 4, nested: { keep: true, names: ["a"] } },
      { limit: 4, nested: { keep: false, names: ["a"] } },
    ]);
  });

  it("reuses one merged copy while files come with equal options, and merges again when they change", () => {
    const { seen, lint } = probeRule();
    lint([{ limit: 8 }]);
    lint([{ limit: 8 }]);
    lint([{ limit: 2 }]);
    lint([{ limit: 2, nested: { names: ["b", "c"] } }]);
    lint([{ limit: 2, nested: { names: ["b", "c"] } }]);
    lint([{ limit: 2, nested: { names: ["b"] } }]);
    expect(seen[0]).toBe(seen[1]);
    expect(seen.map((options) => [options.limit, options.nested?.names])).toEqual([
      [8, ["a"]],
      [8, ["a"]],
      [2, ["a"]],
      [2, ["b", "c"]],
      [2, ["b", "c"]],
      [2, ["b"]],
    ]);
    expect(seen[3]).toBe(seen[4]);
  });

  it("is not fooled by a configuration that mutates its options array after a lint", () => {
    const { seen, lint } = probeRule();
    const options: unknown[] = [{ limit: 3 }];
    lint(options);
    (options[0] as { limit: number }).limit = 5;
    lint(options);
    expect(seen.map((merged) => merged.limit)).toEqual([3, 5]);
  });
});
