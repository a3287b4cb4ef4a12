import * as typescriptParser from "@typescript-eslint/parser";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { Linter } from "eslint";

/**
 * Runs `inspect` on every node matching `selector` while ESLint lints `code`, so analysis modules can be
 * tested with the real parser and scope manager; returns what `inspect` returned, in source order.
 */
export function inspectNodes<Result>(
  code: string,
  selector: string,
  inspect: (node: TSESTree.Node, context: TSESLint.RuleContext<string, []>) => Result,
  filename = "file.ts",
): Result[] {
  const results: Result[] = [];
  const rule: TSESLint.RuleModule<string, []> = {
    meta: { type: "problem", schema: [], messages: {} },
    defaultOptions: [],
    create: (context) => ({ [selector]: (node: TSESTree.Node) => void results.push(inspect(node, context)) }),
  };
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(
    code,
    [
      {
        files: ["**/*.ts", "**/*.js", "**/*.cjs", "**/*.mjs"],
        languageOptions: { parser: typescriptParser },
        plugins: { test: { rules: { inspect: rule as never } } },
        rules: { "test/inspect": "error" },
      },
    ],
    filename,
  );
  const fatal = messages.find((message) => message.fatal === true || message.ruleId !== null);
  if (fatal) throw new Error(fatal.message);
  return results;
}
